// HPCLS-RACE: yes
// HPCLS-TWIN: shift_ok.c
// HPCLS-PAIR: 17 17
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 16 serial
// HPCLS-NOTE: a[i+1] = a[i] under parallel for: iteration i writes a[i+1], which iteration i+1 (possibly another thread) reads.
#include <stdio.h>
#define N 4096
static double a[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = 1.0;
#pragma omp parallel for
    for (int i = 0; i < N - 1; i++)
        a[i + 1] = a[i] + 1.0;
    printf("last = %f (serial answer %d)\n", a[N - 1], N);
    return 0;
}
