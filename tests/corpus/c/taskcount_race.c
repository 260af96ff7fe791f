// HPCLS-RACE: yes
// HPCLS-TWIN: taskcount_ok.c
// HPCLS-PAIR: 27 27
// HPCLS-LOOP: 16 parallel
// HPCLS-LOOP: 20 parallel reduction(+:count)
// HPCLS-LOOP: 24 parallel reduction(+:local)
// HPCLS-NOTE: every task adds its block count to the shared count without synchronisation.
#include <stdio.h>
#define NB 64
#define BS 1000
static int data[NB * BS];

int main(void)
{
    int count = 0;
    for (int i = 0; i < NB * BS; i++)
        data[i] = i * 31 % 1000;
#pragma omp parallel
#pragma omp single
    for (int b = 0; b < NB; b++) {
#pragma omp task firstprivate(b) shared(count)
        {
            int local = 0;
            for (int i = b * BS; i < (b + 1) * BS; i++)
                if (data[i] % 3 == 0)
                    local++;
            count += local;
        }
    }
    printf("count = %d\n", count);
    return 0;
}
