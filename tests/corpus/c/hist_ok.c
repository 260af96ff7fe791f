// HPCLS-RACE: no
// HPCLS-TWIN: hist_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 18 parallel reduction(+:hist)
// HPCLS-LOOP: 25 parallel reduction(+:total)
// HPCLS-NOTE: an array reduction gives each thread a private histogram, summed at the end.
#include <stdio.h>
#define N 1000000
#define NB 16
static double x[N];

int main(void)
{
    int hist[NB] = {0};
    for (int i = 0; i < N; i++)
        x[i] = (double)((i * 2654435761u) % 1000u) / 1000.0;
#pragma omp parallel for reduction(+:hist[:NB])
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
