// HPCLS-RACE: yes
// HPCLS-TWIN: montecarlo_ok.cpp
// HPCLS-PAIR: 18 18
// HPCLS-LOOP: 17 serial
// HPCLS-NOTE: the LCG state seed is shared by the team, so all threads read and overwrite it concurrently.
// HPCLS-NOTE: the sample loop is serial as written (seed carries from one iteration to the next); the fixed version accepts per-thread streams instead.
#include <cstdio>

int main()
{
    const long n = 4000000;
    unsigned seed = 2024u;
    long hits = 0;
#pragma omp parallel shared(seed) reduction(+:hits)
    {
#pragma omp for
        for (long i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            double x = (seed >> 8) / 16777216.0;
            seed = seed * 1103515245u + 12345u;
            double y = (seed >> 8) / 16777216.0;
            if (x * x + y * y <= 1.0)
                hits++;
        }
    }
    std::printf("pi ~ %f\n", 4.0 * hits / n);
    return 0;
}
