// HPCLS-RACE: yes
// HPCLS-TWIN: maxval_ok.c
// HPCLS-PAIR: 18 19
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 17 parallel reduction(max:mx)
// HPCLS-NOTE: the running maximum is read and conditionally written by all threads without reduction or critical.
#include <stdio.h>
#define N 500000
static double a[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = (double)((i * 7919L) % 100003);
    double mx = a[0];
#pragma omp parallel for
    for (int i = 1; i < N; i++)
        if (a[i] > mx)
            mx = a[i];
    printf("max = %f\n", mx);
    return 0;
}
