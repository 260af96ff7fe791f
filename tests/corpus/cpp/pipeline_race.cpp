// HPCLS-RACE: yes
// HPCLS-TWIN: pipeline_ok.cpp
// HPCLS-PAIR: 22 25
// HPCLS-PAIR: 25 28
// HPCLS-LOOP: 21 parallel
// HPCLS-LOOP: 24 parallel
// HPCLS-LOOP: 27 parallel reduction(+:total)
// HPCLS-NOTE: three sibling tasks form a produce / transform / reduce pipeline but carry no depend clauses, so they may run concurrently.
#include <cstdio>
#include <vector>

int main()
{
    const int n = 200000;
    std::vector<double> buf(n), out(n);
    double total = 0.0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task shared(buf)
        for (int i = 0; i < n; i++)
            buf[i] = 0.5 * i;
#pragma omp task shared(buf, out)
        for (int i = 0; i < n; i++)
            out[i] = 2.0 * buf[i] + 1.0;
#pragma omp task shared(out, total)
        for (int i = 0; i < n; i++)
            total += out[i];
    }
    std::printf("total = %f\n", total);
    return 0;
}
