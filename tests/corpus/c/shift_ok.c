// HPCLS-RACE: no
// HPCLS-TWIN: shift_race.c
// HPCLS-LOOP: 12 parallel
// HPCLS-LOOP: 16 parallel
// HPCLS-NOTE: the shifted values go to a second array, so each iteration reads only the old array.
#include <stdio.h>
#define N 4096
static double a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = (double)i;
    b[0] = 0.0;
#pragma omp parallel for
    for (int i = 0; i < N - 1; i++)
        b[i + 1] = a[i] + 1.0;
    printf("last = %f (serial answer %d)\n", b[N - 1], N - 1);
    return 0;
}
