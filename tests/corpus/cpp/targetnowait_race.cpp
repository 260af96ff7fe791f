// HPCLS-RACE: yes
// HPCLS-TWIN: targetnowait_ok.cpp
// HPCLS-PAIR: 20 21
// HPCLS-LOOP: 19 parallel
// HPCLS-NOTE: the target task is deferred by nowait; the host reads p[0] while the device loop (or the copy back) may still be writing it.
#include <cstdio>
#include <vector>

int main()
{
    const int n = 1 << 20;
    std::vector<double> v(n, 1.0);
    double *p = v.data();
    double first = 0.0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp target teams distribute parallel for map(tofrom: p[0:n]) nowait
        for (int i = 0; i < n; i++)
            p[i] = p[i] * 2.0 + 1.0;
        first = p[0];
#pragma omp taskwait
    }
    std::printf("first = %f last = %f\n", first, p[n - 1]);
    return 0;
}
