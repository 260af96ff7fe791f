// HPCLS-RACE: no
// HPCLS-TWIN: collapse_race.c
// HPCLS-LOOP: 18 parallel
// HPCLS-LOOP: 21 parallel collapse(2)
// HPCLS-LOOP: 22 parallel
// HPCLS-LOOP: 25 parallel
// HPCLS-LOOP: 26 serial
// HPCLS-LOOP: 29 parallel collapse(2)
// HPCLS-LOOP: 30 parallel
// HPCLS-NOTE: the row prefix sums are parallel over rows only; collapse(2) is kept for the nests that are independent at both levels.
#include <stdio.h>
#define R 64
#define C 512
static double p[R][C], q[R][C], w[C];

int main(void)
{
    for (int j = 0; j < C; j++)
        w[j] = 1.0 / (j + 1);
#pragma omp parallel for collapse(2)
    for (int i = 0; i < R; i++)
        for (int j = 0; j < C; j++)
            p[i][j] = (double)(i + 1);
#pragma omp parallel for
    for (int i = 0; i < R; i++)
        for (int j = 1; j < C; j++)
            p[i][j] = p[i][j] + p[i][j - 1];
#pragma omp parallel for collapse(2)
    for (int i = 0; i < R; i++)
        for (int j = 0; j < C; j++)
            q[i][j] = p[i][j] * w[j];
    printf("q[R-1][C-1] = %f\n", q[R - 1][C - 1]);
    return 0;
}
