// HPCLS-RACE: no
// HPCLS-TWIN: recur2_race.c
// HPCLS-LOOP: 12 parallel
// HPCLS-LOOP: 19 serial
// HPCLS-NOTE: the recurrence update sits in an ordered region, so iterations apply it in sequence; the independent part runs in parallel.
#include <stdio.h>
#define N 2000
static double a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        a[i] = 0.0;
        b[i] = 1.0 / (i + 1);
    }
    a[0] = 1.0;
    a[1] = 2.0;
#pragma omp parallel for ordered
    for (int i = 2; i < N; i++) {
        double t = b[i] * b[i] + b[i];
#pragma omp ordered
        a[i] = 0.5 * a[i - 2] + t;
    }
    printf("a[N-1] = %.12f\n", a[N - 1]);
    return 0;
}
