// HPCLS-RACE: yes
// HPCLS-TWIN: advect_ok.c
// HPCLS-PAIR: 20 20
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 17 serial
// HPCLS-LOOP: 19 serial
// HPCLS-NOTE: upwind update in place: iteration i reads a[i+1] while iteration i+1 (another thread) overwrites it (anti dependence).
#include <stdio.h>
#define N 8192
static double a[N];

int main(void)
{
    const double c = 0.4;
    for (int i = 0; i < N; i++)
        a[i] = (i > N / 2) ? 1.0 : 0.0;
    for (int step = 0; step < 10; step++) {
#pragma omp parallel for
        for (int i = 0; i < N - 1; i++)
            a[i] = a[i] - c * (a[i] - a[i + 1]);
    }
    printf("a[N/2-5] = %.10f\n", a[N / 2 - 5]);
    return 0;
}
