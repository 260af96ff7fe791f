// HPCLS-RACE: no
// HPCLS-TWIN: maxval_race.c
// HPCLS-LOOP: 12 parallel
// HPCLS-LOOP: 16 parallel reduction(max:mx)
// HPCLS-NOTE: reduction(max:mx) keeps a private maximum per thread and combines them at the end.
#include <stdio.h>
#define N 500000
static double a[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = (double)((i * 7919L) % 100003);
    double mx = a[0];
#pragma omp parallel for reduction(max:mx)
    for (int i = 1; i < N; i++)
        if (a[i] > mx)
            mx = a[i];
    printf("max = %f\n", mx);
    return 0;
}
