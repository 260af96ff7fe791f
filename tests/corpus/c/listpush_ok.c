// HPCLS-RACE: no
// HPCLS-TWIN: listpush_race.c
// HPCLS-LOOP: 21 serial
// HPCLS-NOTE: the two-statement push is inside a critical construct, so it is atomic with respect to other pushes.
// HPCLS-NOTE: the loop is serial as written: each push links to the node pushed by the previous iteration.
#include <stdio.h>
#include <stdlib.h>
#define N 20000

struct cell {
    int id;
    double energy;
    struct cell *next;
};

int main(void)
{
    struct cell *head = NULL;
    struct cell *pool = malloc(N * sizeof *pool);
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        pool[i].id = i;
        pool[i].energy = 0.5 * (i % 100);
        if (pool[i].energy > 40.0) {
#pragma omp critical(list_push)
            {
                pool[i].next = head;
                head = &pool[i];
            }
        }
    }
    int n = 0;
    double e = 0.0;
    for (struct cell *c = head; c; c = c->next) {
        n++;
        e += c->energy;
    }
    printf("%d hot cells, energy %f\n", n, e);
    free(pool);
    return 0;
}
