// HPCLS-RACE: yes
// HPCLS-TWIN: smooth1d_ok.c
// HPCLS-PAIR: 20 20
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 17 serial
// HPCLS-LOOP: 19 serial
// HPCLS-LOOP: 23 parallel reduction(+:s)
// HPCLS-NOTE: in-place 3-point smoothing: iteration i reads a[i-1] (written by iteration i-1) and a[i+1] (written by iteration i+1).
#include <stdio.h>
#define N 10000
static double a[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = (i % 10 == 0) ? 10.0 : 0.0;
    for (int sweep = 0; sweep < 20; sweep++) {
#pragma omp parallel for
        for (int i = 1; i < N - 1; i++)
            a[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0;
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += a[i] * i;
    printf("moment = %f\n", s);
    return 0;
}
