// HPCLS-RACE: yes
// HPCLS-TWIN: partial_ok.cpp
// HPCLS-PAIR: 24 24
// HPCLS-LOOP: 22 parallel reduction(+:s)
// HPCLS-LOOP: 27 parallel reduction(+:total)
// HPCLS-NOTE: slots are indexed by thread number / 2, so threads 0 and 1 (and 2 and 3, ...) update the same slot.
#include <cstdio>
#include <vector>
#include <omp.h>

int main()
{
    const int n = 1000000;
    std::vector<double> x(n, 1.0);
    const int nt = omp_get_max_threads();
    std::vector<double> partial(nt, 0.0);
#pragma omp parallel
    {
        const int t = omp_get_thread_num();
        double s = 0.0;
#pragma omp for
        for (int i = 0; i < n; i++)
            s += x[i];
        partial[t / 2] += s;
    }
    double total = 0.0;
    for (int k = 0; k < nt; k++)
        total += partial[k];
    std::printf("total = %f (expect %d)\n", total, n);
    return 0;
}
