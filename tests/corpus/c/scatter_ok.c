// HPCLS-RACE: no
// HPCLS-TWIN: scatter_race.c
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 20 parallel
// HPCLS-LOOP: 23 parallel reduction(+:s)
// HPCLS-NOTE: idx is filled in this file as the reversal i -> N-1-i, a permutation, so every b element has exactly one writer; the scatter loop is parallel for that reason.
#include <stdio.h>
#define N 10000
static int idx[N];
static double a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        idx[i] = N - 1 - i;
        a[i] = (double)i;
        b[i] = 0.0;
    }
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        b[idx[i]] = a[i];
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += b[i] * i;
    printf("weighted sum = %f\n", s);
    return 0;
}
