// HPCLS-RACE: yes
// HPCLS-TWIN: singlenowait_ok.c
// HPCLS-PAIR: 24 27
// HPCLS-LOOP: 16 parallel
// HPCLS-LOOP: 18 parallel reduction(max:vmax)
// HPCLS-LOOP: 26 parallel
// HPCLS-LOOP: 30 parallel reduction(+:s)
// HPCLS-NOTE: single with nowait lets the other threads run ahead into the loop and read dt before the single thread has computed it.
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
#pragma omp single nowait
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
