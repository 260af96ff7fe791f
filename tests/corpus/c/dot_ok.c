// HPCLS-RACE: no
// HPCLS-TWIN: dot_race.c
// HPCLS-LOOP: 12 parallel
// HPCLS-LOOP: 18 parallel reduction(+:sum)
// HPCLS-NOTE: reduction(+:sum) combines per-thread partial sums.
#include <stdio.h>
#define N 1000000
static double x[N], y[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        x[i] = 1.0;
        y[i] = 2.0;
    }
    double sum = 0.0;
#pragma omp parallel for reduction(+:sum)
    for (int i = 0; i < N; i++)
        sum += x[i] * y[i];
    printf("dot = %f (expect %d)\n", sum, 2 * N);
    return 0;
}
