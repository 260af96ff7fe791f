// HPCLS-RACE: no
// HPCLS-TWIN: targetdiff_race.c
// HPCLS-LOOP: 12 parallel
// HPCLS-LOOP: 16 parallel
// HPCLS-NOTE: the differences go to a separate array mapped from the device, so a is only read.
#include <stdio.h>
#define N 20000
static double a[N], d[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = 0.5 * i * i;
    d[0] = a[0];
#pragma omp target teams distribute parallel for map(to: a[0:N]) map(tofrom: d[0:N])
    for (int i = 1; i < N; i++)
        d[i] = a[i] - a[i - 1];
    printf("d[N-1] = %f\n", d[N - 1]);
    return 0;
}
