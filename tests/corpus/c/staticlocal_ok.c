// HPCLS-RACE: no
// HPCLS-TWIN: staticlocal_race.c
// HPCLS-LOOP: 20 parallel
// HPCLS-LOOP: 23 parallel
// HPCLS-LOOP: 26 parallel reduction(+:s)
// HPCLS-NOTE: the accumulator is an automatic local, one per call, so the calls are independent.
#include <stdio.h>
#define N 50000
static double in[N], out[N];

static double smooth_at(int i)
{
    double acc;
    acc = in[i - 1] + in[i] + in[i + 1];
    return acc / 3.0;
}

int main(void)
{
    for (int i = 0; i < N; i++)
        in[i] = (double)(i % 3);
#pragma omp parallel for
    for (int i = 1; i < N - 1; i++)
        out[i] = smooth_at(i);
    double s = 0.0;
    for (int i = 1; i < N - 1; i++)
        s += out[i];
    printf("sum = %f\n", s);
    return 0;
}
