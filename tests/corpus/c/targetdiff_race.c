// HPCLS-RACE: yes
// HPCLS-TWIN: targetdiff_ok.c
// HPCLS-PAIR: 17 17
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 16 serial
// HPCLS-NOTE: in-place backward difference offloaded with target teams distribute parallel for: iteration i reads a[i-1], which iteration i-1 overwrites.
#include <stdio.h>
#define N 20000
static double a[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = 0.5 * i * i;
#pragma omp target teams distribute parallel for map(tofrom: a[0:N])
    for (int i = 1; i < N; i++)
        a[i] = a[i] - a[i - 1];
    printf("a[N-1] = %f\n", a[N - 1]);
    return 0;
}
