// HPCLS-RACE: no
// HPCLS-TWIN: matvec_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 17 parallel
// HPCLS-LOOP: 20 parallel private(j)
// HPCLS-LOOP: 22 parallel reduction(+:s)
// HPCLS-NOTE: private(j) gives each thread its own inner loop index.
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
#pragma omp parallel for private(j)
    for (i = 0; i < N; i++) {
        double s = 0.0;
        for (j = 0; j < N; j++)
            s += A[i * N + j] * x[j];
        y[i] = s;
    }
    printf("y[0] = %f y[N-1] = %f\n", y[0], y[N - 1]);
    return 0;
}
