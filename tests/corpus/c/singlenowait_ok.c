// HPCLS-RACE: no
// HPCLS-TWIN: singlenowait_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 17 parallel reduction(max:vmax)
// HPCLS-LOOP: 25 parallel
// HPCLS-LOOP: 29 parallel reduction(+:s)
// HPCLS-NOTE: without nowait the single construct ends with a barrier, so dt is written before any thread enters the loop.
#include <stdio.h>
#define N 100000
static double u[N], v[N];

int main(void)
{
    double dt = 0.0, vmax = 0.0;
    for (int i = 0; i < N; i++)
        v[i] = 1.0 + (i % 10);
    for (int i = 0; i < N; i++)
        if (v[i] > vmax)
            vmax = v[i];
#pragma omp parallel
    {
#pragma omp single
        dt = 0.5 / vmax;
#pragma omp for
        for (int i = 0; i < N; i++)
            u[i] = u[i] + dt * v[i];
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += u[i];
    printf("sum = %f\n", s);
    return 0;
}
