// HPCLS-RACE: yes
// HPCLS-TWIN: dot_ok.c
// HPCLS-PAIR: 20 20
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 19 parallel reduction(+:sum)
// HPCLS-NOTE: sum is shared and updated by every iteration without a reduction clause.
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
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        sum += x[i] * y[i];
    printf("dot = %f (expect %d)\n", sum, 2 * N);
    return 0;
}
