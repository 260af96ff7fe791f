// HPCLS-RACE: no
// HPCLS-TWIN: sections_race.cpp
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 23 parallel reduction(+:sa)
// HPCLS-LOOP: 28 parallel reduction(+:sb)
// HPCLS-NOTE: each section writes its own result variable; they are combined after the implicit barrier of the sections construct.
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
    double sa = 0.0, sb = 0.0;
#pragma omp parallel sections
    {
#pragma omp section
        {
            for (int i = 0; i < n; i++)
                sa += a[i];
        }
#pragma omp section
        {
            for (int i = 0; i < n; i++)
                sb += b[i] * b[i];
        }
    }
    std::printf("total = %f\n", sa + sb);
    return 0;
}
