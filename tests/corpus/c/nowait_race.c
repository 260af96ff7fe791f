// HPCLS-RACE: yes
// HPCLS-TWIN: nowait_ok.c
// HPCLS-PAIR: 21 24
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 20 parallel
// HPCLS-LOOP: 23 parallel
// HPCLS-LOOP: 27 parallel reduction(+:s)
// HPCLS-NOTE: nowait drops the barrier after the first loop; the second loop reads a[i-1] and a[i], which another thread may not have written yet.
#include <stdio.h>
#define N 100000
static double a[N], b[N], c[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        b[i] = (double)(i % 7);
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 0; i < N; i++)
            a[i] = b[i] * 2.0;
#pragma omp for schedule(dynamic, 64)
        for (int i = 1; i < N; i++)
            c[i] = a[i] + a[i - 1];
    }
    double s = 0.0;
    for (int i = 1; i < N; i++)
        s += c[i];
    printf("sum = %f\n", s);
    return 0;
}
