// HPCLS-RACE: no
// HPCLS-LOOP: 27 unknown
// HPCLS-LOOP: 33 parallel
// HPCLS-LOOP: 39 unknown
// HPCLS-LOOP: 45 parallel
// HPCLS-LOOP: 51 parallel
// HPCLS-LOOP: 57 serial
// HPCLS-LOOP: 64 unknown
// HPCLS-LOOP: 66 unknown
// HPCLS-LOOP: 68 unknown
// HPCLS-LOOP: 70 parallel
// HPCLS-LOOP: 73 unknown
// HPCLS-NOTE: directive-free; functions taking two or more pointers without restrict may be called with overlapping arrays, so their loops are unknown; the _r versions declare restrict and are parallel.
// HPCLS-NOTE: perm, weight, record and offset come from another translation unit: scatter through perm, calls to weight/record and writes through buf1 + offset() cannot be decided; a gather through perm only reads.
#include <stdio.h>
#define N 4096
extern void fetch_indices(int *perm, int n);
extern double weight(int i);
extern void record(double *slot);
extern int offset(void);

static double buf1[2 * N], buf2[N];
static int perm[N];

void stencil3(int n, const double *in, double *out)
{
    for (int i = 1; i < n - 1; i++)
        out[i] = in[i - 1] - 2.0 * in[i] + in[i + 1];
}

void stencil3_r(int n, const double *restrict in, double *restrict out)
{
    for (int i = 1; i < n - 1; i++)
        out[i] = in[i - 1] - 2.0 * in[i] + in[i + 1];
}

void scale_add(int n, double *a, const double *b, const double *c)
{
    for (int i = 0; i < n; i++)
        a[i] = b[i] + 2.0 * c[i];
}

void scale_add_r(int n, double *restrict a, const double *restrict b, const double *restrict c)
{
    for (int i = 0; i < n; i++)
        a[i] = b[i] + 2.0 * c[i];
}

void square_self(int n, double *a)
{
    for (int i = 0; i < n; i++)
        a[i] = a[i] * a[i] + 1.0;
}

void shift_self(int n, double *a)
{
    for (int i = 0; i < n - 1; i++)
        a[i] = a[i + 1];
}

int main(void)
{
    fetch_indices(perm, N);
    for (int i = 0; i < N; i++)
        buf1[i] = weight(i);
    for (int i = 0; i < N; i++)
        buf2[perm[i]] = buf1[i];
    for (int i = 0; i < N; i++)
        record(&buf2[i]);
    for (int i = 0; i < N; i++)
        buf1[N + i] = buf2[perm[i]] * 2.0;
    double *p = buf1 + offset();
    for (int i = 0; i < N; i++)
        p[i] = buf1[i] + 1.0;
    stencil3(N, buf1, buf2);
    stencil3_r(N, buf2, buf1 + N);
    scale_add(N, buf1, buf2, buf1 + N);
    scale_add_r(N, buf2, buf1, buf1 + N);
    square_self(N, buf2);
    shift_self(N, buf2);
    printf("%f %f\n", buf1[0], buf2[N / 2]);
    return 0;
}
