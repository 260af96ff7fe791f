// HPCLS-RACE: yes
// HPCLS-TWIN: scatter_ok.c
// HPCLS-PAIR: 22 22
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 21 serial
// HPCLS-LOOP: 24 parallel reduction(+:s)
// HPCLS-NOTE: idx[i] = i/2 visibly maps two iterations to each target, so the indirect writes b[idx[i]] collide (output dependence; the last writer is not fixed).
#include <stdio.h>
#define N 10000
static int idx[N];
static double a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        idx[i] = i / 2;
        a[i] = (double)i;
        b[i] = 0.0;
    }
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        b[idx[i]] = a[i];
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += b[i];
    printf("sum = %f\n", s);
    return 0;
}
