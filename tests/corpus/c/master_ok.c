// HPCLS-RACE: no
// HPCLS-TWIN: master_race.c
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 16 parallel reduction(+:norm)
// HPCLS-LOOP: 24 parallel
// HPCLS-NOTE: an explicit barrier after the master construct orders the write of scale before every read.
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
#pragma omp barrier
#pragma omp for
        for (int i = 0; i < N; i++)
            x[i] = v[i] * scale;
    }
    printf("x[0]*N = %f\n", x[0] * N);
    return 0;
}
