// HPCLS-RACE: no
// HPCLS-LOOP: 25 parallel collapse(2)
// HPCLS-LOOP: 26 parallel
// HPCLS-LOOP: 30 parallel collapse(2)
// HPCLS-LOOP: 31 parallel
// HPCLS-LOOP: 33 parallel reduction(+:s)
// HPCLS-LOOP: 37 parallel
// HPCLS-LOOP: 39 parallel
// HPCLS-LOOP: 42 serial
// HPCLS-LOOP: 44 parallel reduction(+:s)
// HPCLS-LOOP: 48 serial
// HPCLS-LOOP: 49 parallel
// HPCLS-LOOP: 51 parallel
// HPCLS-LOOP: 54 parallel
// HPCLS-LOOP: 55 parallel
// HPCLS-LOOP: 61 parallel reduction(+:tr)
// HPCLS-NOTE: directive-free; the triangular nests are not rectangular, so they get no collapse; forward substitution and the elimination step loop are serial.
// HPCLS-NOTE: the in-place transpose swaps (i,j) with (j,i) only for j < i, so each pair belongs to exactly one outer iteration.
#include <stdio.h>
#define N 96
static double A[N][N], B[N][N], C[N][N], L[N][N], b[N], y[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            A[i][j] = (i == j) ? N : 1.0 / (i + j + 1);
            B[i][j] = (double)((i + 2 * j) % 5);
        }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0.0;
            for (int k = 0; k < N; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
    for (int i = 0; i < N; i++) {
        b[i] = 1.0;
        for (int j = 0; j <= i; j++)
            L[i][j] = (i == j) ? 2.0 : 0.1;
    }
    for (int i = 0; i < N; i++) {
        double s = 0.0;
        for (int j = 0; j < i; j++)
            s += L[i][j] * y[j];
        y[i] = (b[i] - s) / L[i][i];
    }
    for (int k = 0; k < N - 1; k++)
        for (int i = k + 1; i < N; i++) {
            double f = A[i][k] / A[k][k];
            for (int j = k; j < N; j++)
                A[i][j] -= f * A[k][j];
        }
    for (int i = 1; i < N; i++)
        for (int j = 0; j < i; j++) {
            double t = B[i][j];
            B[i][j] = B[j][i];
            B[j][i] = t;
        }
    double tr = 0.0;
    for (int i = 0; i < N; i++)
        tr += C[i][i] + A[i][i] + B[i][N - 1 - i];
    printf("trace-ish = %f, y[N-1] = %f\n", tr, y[N - 1]);
    return 0;
}
