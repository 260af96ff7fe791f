// HPCLS-RACE: no
// HPCLS-LOOP: 30 unknown
// HPCLS-LOOP: 36 parallel
// HPCLS-LOOP: 42 unknown
// HPCLS-LOOP: 49 parallel
// HPCLS-LOOP: 51 unknown
// HPCLS-LOOP: 53 unknown
// HPCLS-LOOP: 55 parallel
// HPCLS-LOOP: 57 parallel
// HPCLS-LOOP: 59 unknown
// HPCLS-NOTE: directive-free; flux and log_value live in another translation unit and idx is filled there, so loops calling them or writing g[idx[i]] cannot be decided.
// HPCLS-NOTE: axpy and copy_shift take two pointers that may alias (y == x + 1 would create a dependence); axpy_r is the restrict twin and is parallel.
// HPCLS-NOTE: the gather h[i] = u[idx[i]] only reads through the index array and is parallel; sq is a pure function in this file.
#include <stdio.h>
#define N 1000
extern void load_index(int *idx, int n);
extern double flux(double u);
extern void log_value(int i, double v);

static int idx[N];
static double u[N], f[N], g[N], h[N];

static double sq(double v)
{
    return v * v;
}

void axpy(int n, double a, const double *x, double *y)
{
    for (int i = 0; i < n; i++)
        y[i] = y[i] + a * x[i];
}

void axpy_r(int n, double a, const double *restrict x, double *restrict y)
{
    for (int i = 0; i < n; i++)
        y[i] = y[i] + a * x[i];
}

void copy_shift(int n, double *dst, const double *src)
{
    for (int i = 0; i < n; i++)
        dst[i] = src[i + 1];
}

int main(void)
{
    load_index(idx, N);
    for (int i = 0; i < N; i++)
        u[i] = 0.01 * i;
    for (int i = 0; i < N; i++)
        f[i] = flux(u[i]);
    for (int i = 0; i < N; i++)
        g[idx[i]] = u[i];
    for (int i = 0; i < N; i++)
        h[i] = u[idx[i]];
    for (int i = 0; i < N; i++)
        f[i] += sq(h[i]);
    for (int i = 0; i < N; i++)
        log_value(i, h[i]);
    axpy(N, 2.0, u, h);
    axpy_r(N, 2.0, u, g);
    copy_shift(N - 1, f, g);
    printf("%f %f %f\n", h[0], g[N - 1], f[0]);
    return 0;
}
