// HPCLS-RACE: yes
// HPCLS-TWIN: staticlocal_ok.c
// HPCLS-PAIR: 16 17
// HPCLS-LOOP: 22 parallel
// HPCLS-LOOP: 25 serial
// HPCLS-LOOP: 28 parallel reduction(+:s)
// HPCLS-NOTE: acc is a static local of a function called from the parallel loop: one object shared by every thread.
// HPCLS-NOTE: the loop in main is serial as written: each call overwrites and rereads the one static object.
#include <stdio.h>
#define N 50000
static double in[N], out[N];

static double smooth_at(int i)
{
    static double acc;
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
