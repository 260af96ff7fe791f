// HPCLS-RACE: no
// HPCLS-TWIN: scaletmp_race.c
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 17 parallel private(t)
// HPCLS-LOOP: 22 parallel reduction(+:s)
// HPCLS-NOTE: private(t) gives every thread its own temporary.
#include <stdio.h>
#define N 100000
static double x[N], y[N];

int main(void)
{
    double t;
    for (int i = 0; i < N; i++)
        x[i] = (i % 100) * 0.01;
#pragma omp parallel for private(t)
    for (int i = 0; i < N; i++) {
        t = x[i] * x[i];
        y[i] = t + 2.0 * t * x[i];
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += y[i];
    printf("sum = %f\n", s);
    return 0;
}
