// HPCLS-RACE: yes
// HPCLS-TWIN: devscratch_ok.c
// HPCLS-PAIR: 18 19
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 17 parallel private(scratch)
// HPCLS-NOTE: scratch is mapped to the device and then written by every device thread as a temporary; all threads use the same device copy of scratch[0].
#include <stdio.h>
#define N 50000
static double x[N], y[N];

int main(void)
{
    double scratch[1] = {0.0};
    for (int i = 0; i < N; i++)
        x[i] = 0.001 * i;
#pragma omp target teams distribute parallel for map(to: x[0:N], scratch[0:1]) map(from: y[0:N])
    for (int i = 0; i < N; i++) {
        scratch[0] = x[i] * x[i];
        y[i] = scratch[0] + 1.0;
    }
    printf("y[N-1] = %f\n", y[N - 1]);
    return 0;
}
