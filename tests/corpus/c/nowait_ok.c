// HPCLS-RACE: no
// HPCLS-TWIN: nowait_race.c
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 22 parallel
// HPCLS-LOOP: 26 parallel reduction(+:s)
// HPCLS-NOTE: the implicit barrier of the first worksharing loop is kept; the nowait on the second loop is harmless because the region ends with a barrier.
#include <stdio.h>
#define N 100000
static double a[N], b[N], c[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        b[i] = (double)(i % 7);
#pragma omp parallel
    {
#pragma omp for
        for (int i = 0; i < N; i++)
            a[i] = b[i] * 2.0;
#pragma omp for schedule(dynamic, 64) nowait
        for (int i = 1; i < N; i++)
            c[i] = a[i] + a[i - 1];
    }
    double s = 0.0;
    for (int i = 1; i < N; i++)
        s += c[i];
    printf("sum = %f\n", s);
    return 0;
}
