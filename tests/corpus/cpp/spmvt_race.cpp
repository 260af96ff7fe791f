// HPCLS-RACE: yes
// HPCLS-TWIN: spmvt_ok.cpp
// HPCLS-PAIR: 33 33
// HPCLS-LOOP: 22 serial
// HPCLS-LOOP: 23 serial
// HPCLS-LOOP: 31 parallel reduction(+:y)
// HPCLS-LOOP: 32 parallel
// HPCLS-LOOP: 35 parallel reduction(+:s)
// HPCLS-NOTE: the tridiagonal CSR matrix is built in this file; the transposed product scatters into y[col[k]] and neighbouring rows share columns (row i touches i-1, i, i+1), so rows on different threads update the same y element.
// HPCLS-NOTE: within one row the three columns are distinct, so the inner loop alone is independent.
#include <cstdio>
#include <vector>
#define N 100000

static double y[N];

int main()
{
    std::vector<int> rowptr(N + 1), col;
    std::vector<double> val, x(N, 1.0);
    rowptr[0] = 0;
    for (int i = 0; i < N; i++) {
        for (int c = i - 1; c <= i + 1; c++)
            if (c >= 0 && c < N) {
                col.push_back(c);
                val.push_back(c == i ? 2.0 : -1.0 + 0.001 * i);
            }
        rowptr[i + 1] = (int)col.size();
    }
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
            y[col[k]] += val[k] * x[i];
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += y[i] * (i % 10);
    std::printf("checksum = %f\n", s);
    return 0;
}
