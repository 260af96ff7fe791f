// HPCLS-RACE: no
// HPCLS-TWIN: smooth1d_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 19 serial
// HPCLS-LOOP: 23 parallel
// HPCLS-LOOP: 26 parallel
// HPCLS-LOOP: 31 parallel reduction(+:s)
// HPCLS-NOTE: smoothing reads a and writes b, then copies back in a second worksharing loop; the implicit barrier separates them.
#include <stdio.h>
#define N 10000
static double a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = (i % 10 == 0) ? 10.0 : 0.0;
    b[0] = a[0];
    b[N - 1] = a[N - 1];
    for (int sweep = 0; sweep < 20; sweep++) {
#pragma omp parallel
        {
#pragma omp for
            for (int i = 1; i < N - 1; i++)
                b[i] = (a[i - 1] + a[i] + a[i + 1]) / 3.0;
#pragma omp for
            for (int i = 1; i < N - 1; i++)
                a[i] = b[i];
        }
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += a[i] * i;
    printf("moment = %f\n", s);
    return 0;
}
