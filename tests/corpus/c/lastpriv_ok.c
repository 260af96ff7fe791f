// HPCLS-RACE: no
// HPCLS-TWIN: lastpriv_race.c
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 19 parallel lastprivate(last)
// HPCLS-NOTE: lastprivate(last) makes the temporary private and copies out the value of the sequentially last iteration.
#include <stdio.h>
#define N 100000
static double x[N], y[N];

int main(void)
{
    const double dt = 0.01;
    double last = 0.0;
    for (int i = 0; i < N; i++) {
        x[i] = (double)(i % 50);
        y[i] = 0.0;
    }
#pragma omp parallel for lastprivate(last)
    for (int i = 0; i < N; i++) {
        last = x[i] * dt;
        y[i] = y[i] + last;
    }
    printf("last increment = %f\n", last);
    return 0;
}
