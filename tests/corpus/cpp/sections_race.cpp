// HPCLS-RACE: yes
// HPCLS-TWIN: sections_ok.cpp
// HPCLS-PAIR: 27 34
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 25 parallel reduction(+:s)
// HPCLS-LOOP: 32 parallel reduction(+:s)
// HPCLS-NOTE: both sections add their partial sum to the same shared total, unsynchronised.
#include <cstdio>
#include <vector>

int main()
{
    const int n = 100000;
    std::vector<double> a(n), b(n);
    for (int i = 0; i < n; i++) {
        a[i] = (i % 9) * 0.5;
        b[i] = (i % 4) * 0.25;
    }
    double total = 0.0;
#pragma omp parallel sections
    {
#pragma omp section
        {
            double s = 0.0;
            for (int i = 0; i < n; i++)
                s += a[i];
            total += s;
        }
#pragma omp section
        {
            double s = 0.0;
            for (int i = 0; i < n; i++)
                s += b[i] * b[i];
            total += s;
        }
    }
    std::printf("total = %f\n", total);
    return 0;
}
