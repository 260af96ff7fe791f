// HPCLS-RACE: yes
// HPCLS-TWIN: heat2d_ok.c
// HPCLS-PAIR: 23 23
// HPCLS-LOOP: 16 parallel collapse(2)
// HPCLS-LOOP: 17 parallel
// HPCLS-LOOP: 19 serial
// HPCLS-LOOP: 21 serial
// HPCLS-LOOP: 22 serial
// HPCLS-NOTE: Gauss-Seidel style in-place 5-point update with the row loop parallel: row i reads row i-1 and row i+1, which other threads are writing.
#include <stdio.h>
#define N 128
static double u[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            u[i][j] = (i == 0) ? 100.0 : 0.0;
    for (int it = 0; it < 100; it++) {
#pragma omp parallel for
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                u[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1]);
    }
    printf("u[N/4][N/2] = %f\n", u[N / 4][N / 2]);
    return 0;
}
