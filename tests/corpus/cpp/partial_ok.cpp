// HPCLS-RACE: no
// HPCLS-TWIN: partial_race.cpp
// HPCLS-LOOP: 21 parallel reduction(+:s)
// HPCLS-LOOP: 26 parallel reduction(+:total)
// HPCLS-NOTE: each thread writes only partial[omp_get_thread_num()], its own slot; the sum is taken after the region.
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
        partial[t] = s;
    }
    double total = 0.0;
    for (int k = 0; k < nt; k++)
        total += partial[k];
    std::printf("total = %f (expect %d)\n", total, n);
    return 0;
}
