// HPCLS-RACE: yes
// HPCLS-TWIN: master_ok.c
// HPCLS-PAIR: 22 25
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 17 parallel reduction(+:norm)
// HPCLS-LOOP: 24 parallel
// HPCLS-NOTE: master has no implied barrier and the worksharing loop has none at entry, so other threads can read scale before the master thread writes it.
#include <stdio.h>
#define N 200000
static double v[N], x[N];

int main(void)
{
    double norm = 0.0, scale = 0.0;
    for (int i = 0; i < N; i++)
        v[i] = (i % 2) ? 1.0 : -1.0;
    for (int i = 0; i < N; i++)
        norm += v[i] * v[i];
#pragma omp parallel
    {
#pragma omp master
        scale = 1.0 / norm;
#pragma omp for
        for (int i = 0; i < N; i++)
            x[i] = v[i] * scale;
    }
    printf("x[0]*N = %f\n", x[0] * N);
    return 0;
}
