// HPCLS-RACE: yes
// HPCLS-TWIN: recur2_ok.c
// HPCLS-PAIR: 21 21
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 20 serial
// HPCLS-NOTE: distance-2 recurrence a[i] = f(a[i-2]) under parallel for; iterations i and i-2 may run on different threads.
#include <stdio.h>
#define N 2000
static double a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        a[i] = 0.0;
        b[i] = 1.0 / (i + 1);
    }
    a[0] = 1.0;
    a[1] = 2.0;
#pragma omp parallel for
    for (int i = 2; i < N; i++)
        a[i] = 0.5 * a[i - 2] + b[i];
    printf("a[N-1] = %.12f\n", a[N - 1]);
    return 0;
}
