// HPCLS-RACE: yes
// HPCLS-TWIN: scaletmp_ok.c
// HPCLS-PAIR: 19 20
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 18 parallel private(t)
// HPCLS-LOOP: 23 parallel reduction(+:s)
// HPCLS-NOTE: the temporary t is declared outside the parallel loop and is shared: one thread can overwrite it between another's write and read.
#include <stdio.h>
#define N 100000
static double x[N], y[N];

int main(void)
{
    double t;
    for (int i = 0; i < N; i++)
        x[i] = (i % 100) * 0.01;
#pragma omp parallel for
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
