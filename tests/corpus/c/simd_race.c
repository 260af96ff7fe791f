// HPCLS-RACE: yes
// HPCLS-TWIN: simd_ok.c
// HPCLS-PAIR: 19 19
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 18 serial
// HPCLS-NOTE: simd without safelen lets any number of iterations run as concurrent lanes; the distance-4 dependence a[i-4] is then between lanes.
#include <stdio.h>
#define N 4096
static float a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        a[i] = (float)(i % 5);
        b[i] = 0.5f;
    }
#pragma omp simd
    for (int i = 4; i < N; i++)
        a[i] = a[i - 4] * 0.5f + b[i];
    printf("a[N-1] = %f\n", a[N - 1]);
    return 0;
}
