// HPCLS-RACE: yes
// HPCLS-TWIN: collapse_ok.c
// HPCLS-PAIR: 28 28
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 22 parallel collapse(2)
// HPCLS-LOOP: 23 parallel
// HPCLS-LOOP: 26 parallel
// HPCLS-LOOP: 27 serial
// HPCLS-LOOP: 30 parallel collapse(2)
// HPCLS-LOOP: 31 parallel
// HPCLS-NOTE: collapse(2) distributes the j iterations of one row over threads, but the row prefix sum carries a dependence along j.
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
#pragma omp parallel for collapse(2)
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
