// HPCLS-RACE: no
// HPCLS-TWIN: spmvt_race.cpp
// HPCLS-LOOP: 21 serial
// HPCLS-LOOP: 22 serial
// HPCLS-LOOP: 30 parallel reduction(+:y)
// HPCLS-LOOP: 31 parallel
// HPCLS-LOOP: 34 parallel reduction(+:s)
// HPCLS-NOTE: reduction(+:y) gives every thread a private copy of the whole result vector, summed at the end.
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
#pragma omp parallel for reduction(+:y)
    for (int i = 0; i < N; i++)
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
            y[col[k]] += val[k] * x[i];
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += y[i] * (i % 10);
    std::printf("checksum = %f\n", s);
    return 0;
}
