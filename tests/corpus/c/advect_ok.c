// HPCLS-RACE: no
// HPCLS-TWIN: advect_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 17 serial
// HPCLS-LOOP: 21 parallel
// HPCLS-LOOP: 24 parallel
// HPCLS-NOTE: the old values are copied first, and the update reads only the copy.
#include <stdio.h>
#define N 8192
static double a[N], old[N];

int main(void)
{
    const double c = 0.4;
    for (int i = 0; i < N; i++)
        a[i] = (i > N / 2) ? 1.0 : 0.0;
    for (int step = 0; step < 10; step++) {
#pragma omp parallel
        {
#pragma omp for
            for (int i = 0; i < N; i++)
                old[i] = a[i];
#pragma omp for
            for (int i = 0; i < N - 1; i++)
                a[i] = old[i] - c * (old[i] - old[i + 1]);
        }
    }
    printf("a[N/2-5] = %.10f\n", a[N / 2 - 5]);
    return 0;
}
