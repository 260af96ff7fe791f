// HPCLS-RACE: yes
// HPCLS-TWIN: coarsen_ok.c
// HPCLS-PAIR: 18 18
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 17 serial
// HPCLS-LOOP: 20 parallel reduction(+:s)
// HPCLS-NOTE: decimation by writing coarse[i/4] for every fine i: four iterations, possibly on different threads, write the same element (output dependence).
#include <stdio.h>
#define N 4096
static double fine[N], coarse[N / 4];

int main(void)
{
    for (int i = 0; i < N; i++)
        fine[i] = (double)(i * i % 97);
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        coarse[i / 4] = fine[i];
    double s = 0.0;
    for (int c = 0; c < N / 4; c++)
        s += coarse[c];
    printf("sum = %f\n", s);
    return 0;
}
