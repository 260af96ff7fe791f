// HPCLS-RACE: yes
// HPCLS-TWIN: matvec_ok.c
// HPCLS-PAIR: 23 23
// HPCLS-LOOP: 16 parallel
// HPCLS-LOOP: 18 parallel
// HPCLS-LOOP: 21 parallel private(j)
// HPCLS-LOOP: 23 parallel reduction(+:s)
// HPCLS-NOTE: C inner index j is declared at function scope, so it is shared by the threads running the parallel row loop.
#include <stdio.h>
#define N 512
static double A[N * N], x[N], y[N];

int main(void)
{
    int i, j;
    for (i = 0; i < N * N; i++)
        A[i] = (double)(i % 13) - 6.0;
    for (i = 0; i < N; i++)
        x[i] = 1.0 / (i + 1);
#pragma omp parallel for
    for (i = 0; i < N; i++) {
        double s = 0.0;
        for (j = 0; j < N; j++)
            s += A[i * N + j] * x[j];
        y[i] = s;
    }
    printf("y[0] = %f y[N-1] = %f\n", y[0], y[N - 1]);
    return 0;
}
