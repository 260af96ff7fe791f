// HPCLS-RACE: yes
// HPCLS-TWIN: lastpriv_ok.c
// HPCLS-PAIR: 21 22
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 20 parallel lastprivate(last)
// HPCLS-NOTE: the increment last is shared: threads overwrite it while others read it, and the value printed after the loop is whichever write came last.
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
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        last = x[i] * dt;
        y[i] = y[i] + last;
    }
    printf("last increment = %f\n", last);
    return 0;
}
