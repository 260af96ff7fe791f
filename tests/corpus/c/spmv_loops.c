// HPCLS-RACE: no
// HPCLS-LOOP: 24 parallel
// HPCLS-LOOP: 30 parallel
// HPCLS-LOOP: 32 parallel reduction(+:s)
// HPCLS-LOOP: 36 parallel
// HPCLS-LOOP: 38 parallel reduction(+:s)
// HPCLS-LOOP: 42 unknown
// HPCLS-LOOP: 44 parallel reduction(+:s)
// HPCLS-LOOP: 49 serial
// HPCLS-LOOP: 52 parallel reduction(+:nrm)
// HPCLS-NOTE: directive-free; the CSR arrays come from another translation unit, so column indices are unknown.
// HPCLS-NOTE: row-wise products and the Jacobi sweep write only y[i] or xn[i] and read through col: parallel; the Gauss-Seidel sweep writes x[i] and reads x[col[k]], so whether rows depend on each other depends on unknown col.
#include <stdio.h>
#define NR 1000
#define MAXNZ 8000
extern int read_csr(int *rowptr, int *col, double *val, int nr);

static int rowptr[NR + 1], col[MAXNZ], cnt[NR];
static double val[MAXNZ], x[NR], xn[NR], y[NR], diag[NR], rhs[NR];

int main(void)
{
    read_csr(rowptr, col, val, NR);
    for (int i = 0; i < NR; i++) {
        cnt[i] = rowptr[i + 1] - rowptr[i];
        x[i] = 1.0;
        rhs[i] = 1.0;
        diag[i] = 4.0;
    }
    for (int i = 0; i < NR; i++) {
        double s = 0.0;
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
            s += val[k] * x[col[k]];
        y[i] = s;
    }
    for (int i = 0; i < NR; i++) {
        double s = 0.0;
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
            s += val[k] * x[col[k]];
        xn[i] = x[i] + (rhs[i] - s) / diag[i];
    }
    for (int i = 0; i < NR; i++) {
        double s = 0.0;
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
            s += val[k] * x[col[k]];
        x[i] = x[i] + (rhs[i] - s) / diag[i];
    }
    rowptr[0] = 0;
    for (int i = 0; i < NR; i++)
        rowptr[i + 1] = rowptr[i] + cnt[i];
    double nrm = 0.0;
    for (int i = 0; i < NR; i++)
        nrm += (xn[i] - x[i]) * (xn[i] - x[i]) + y[i];
    printf("%f %d\n", nrm, rowptr[NR]);
    return 0;
}
