// HPCLS-RACE: no
// HPCLS-TWIN: devscratch_race.c
// HPCLS-LOOP: 12 parallel
// HPCLS-LOOP: 15 parallel
// HPCLS-NOTE: the temporary is a variable declared in the loop body, private to each iteration on the device.
#include <stdio.h>
#define N 50000
static double x[N], y[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        x[i] = 0.001 * i;
#pragma omp target teams distribute parallel for map(to: x[0:N]) map(from: y[0:N])
    for (int i = 0; i < N; i++) {
        double t = x[i] * x[i];
        y[i] = t + 1.0;
    }
    printf("y[N-1] = %f\n", y[N - 1]);
    return 0;
}
