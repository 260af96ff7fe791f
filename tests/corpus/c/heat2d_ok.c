// HPCLS-RACE: no
// HPCLS-TWIN: heat2d_race.c
// HPCLS-LOOP: 17 parallel collapse(2)
// HPCLS-LOOP: 18 parallel
// HPCLS-LOOP: 20 serial
// HPCLS-LOOP: 22 parallel collapse(2)
// HPCLS-LOOP: 23 parallel
// HPCLS-LOOP: 26 parallel collapse(2)
// HPCLS-LOOP: 27 parallel
// HPCLS-NOTE: Jacobi update into a second grid, then copy back; both nests are independent at both levels.
#include <stdio.h>
#define N 128
static double u[N][N], un[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            u[i][j] = un[i][j] = (i == 0) ? 100.0 : 0.0;
    for (int it = 0; it < 100; it++) {
#pragma omp parallel for collapse(2)
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                un[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1]);
#pragma omp parallel for collapse(2)
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                u[i][j] = un[i][j];
    }
    printf("u[N/4][N/2] = %f\n", u[N / 4][N / 2]);
    return 0;
}
