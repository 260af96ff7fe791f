// HPCLS-RACE: yes
// HPCLS-TWIN: hist_ok.c
// HPCLS-PAIR: 23 23
// HPCLS-LOOP: 16 parallel
// HPCLS-LOOP: 19 parallel reduction(+:hist)
// HPCLS-LOOP: 26 parallel reduction(+:total)
// HPCLS-NOTE: several iterations fall into the same bin, and hist[b]++ is an unsynchronised read-modify-write.
#include <stdio.h>
#define N 1000000
#define NB 16
static double x[N];

int main(void)
{
    int hist[NB] = {0};
    for (int i = 0; i < N; i++)
        x[i] = (double)((i * 2654435761u) % 1000u) / 1000.0;
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        int b = (int)(x[i] * NB);
        if (b >= NB)
            b = NB - 1;
        hist[b]++;
    }
    long total = 0;
    for (int b = 0; b < NB; b++)
        total += hist[b];
    printf("total = %ld (expect %d)\n", total, N);
    return 0;
}
