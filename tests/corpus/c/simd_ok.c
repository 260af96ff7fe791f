// HPCLS-RACE: no
// HPCLS-TWIN: simd_race.c
// HPCLS-LOOP: 12 parallel
// HPCLS-LOOP: 17 serial
// HPCLS-NOTE: safelen(2) bounds the distance between concurrent lanes below the dependence distance 4, so the recurrence is respected.
#include <stdio.h>
#define N 4096
static float a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        a[i] = (float)(i % 5);
        b[i] = 0.5f;
    }
#pragma omp simd safelen(2)
    for (int i = 4; i < N; i++)
        a[i] = a[i - 4] * 0.5f + b[i];
    printf("a[N-1] = %f\n", a[N - 1]);
    return 0;
}
