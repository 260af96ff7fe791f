// HPCLS-RACE: no
// HPCLS-TWIN: pipeline_race.cpp
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 22 parallel
// HPCLS-LOOP: 25 parallel reduction(+:total)
// HPCLS-NOTE: depend(out)/depend(in) on buf and out order the three tasks; the region's closing barrier waits for all of them.
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
#pragma omp task shared(buf) depend(out: buf)
        for (int i = 0; i < n; i++)
            buf[i] = 0.5 * i;
#pragma omp task shared(buf, out) depend(in: buf) depend(out: out)
        for (int i = 0; i < n; i++)
            out[i] = 2.0 * buf[i] + 1.0;
#pragma omp task shared(out, total) depend(in: out)
        for (int i = 0; i < n; i++)
            total += out[i];
    }
    std::printf("total = %f\n", total);
    return 0;
}
