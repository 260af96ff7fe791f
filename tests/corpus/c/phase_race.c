// HPCLS-RACE: yes
// HPCLS-TWIN: phase_ok.c
// HPCLS-PAIR: 27 30
// HPCLS-LOOP: 18 parallel
// HPCLS-LOOP: 25 parallel reduction(+:s)
// HPCLS-LOOP: 29 parallel reduction(+:total)
// HPCLS-NOTE: the single construct reads every thread's partial sum, but there is no barrier between the writes and that read.
#include <stdio.h>
#include <omp.h>
#define N 1000000
#define MAXT 64
static double x[N];
static double part[MAXT];

int main(void)
{
    double total = 0.0;
    for (int i = 0; i < N; i++)
        x[i] = 1.0;
#pragma omp parallel num_threads(4)
    {
        int t = omp_get_thread_num();
        int nt = omp_get_num_threads();
        double s = 0.0;
        for (int i = t; i < N; i += nt)
            s += x[i];
        part[t] = s;
#pragma omp single
        for (int k = 0; k < nt; k++)
            total += part[k];
    }
    printf("total = %f (expect %d)\n", total, N);
    return 0;
}
