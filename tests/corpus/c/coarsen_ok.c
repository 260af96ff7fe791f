// HPCLS-RACE: no
// HPCLS-TWIN: coarsen_race.c
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 16 parallel
// HPCLS-LOOP: 19 parallel reduction(+:s)
// HPCLS-NOTE: the loop runs over coarse cells and picks the last fine sample of each, so each element has one writer.
#include <stdio.h>
#define N 4096
static double fine[N], coarse[N / 4];

int main(void)
{
    for (int i = 0; i < N; i++)
        fine[i] = (double)(i * i % 97);
#pragma omp parallel for
    for (int c = 0; c < N / 4; c++)
        coarse[c] = fine[4 * c + 3];
    double s = 0.0;
    for (int c = 0; c < N / 4; c++)
        s += coarse[c];
    printf("sum = %f\n", s);
    return 0;
}
