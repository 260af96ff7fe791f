// HPCLS-RACE: no
// HPCLS-TWIN: targetnowait_race.cpp
// HPCLS-LOOP: 18 parallel
// HPCLS-NOTE: taskwait completes the deferred target task (including its copy back) before the host reads p[0].
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
#pragma omp taskwait
        first = p[0];
    }
    std::printf("first = %f last = %f\n", first, p[n - 1]);
    return 0;
}
