// HPCLS-RACE: no
// HPCLS-TWIN: montecarlo_race.cpp
// HPCLS-LOOP: 18 serial
// HPCLS-NOTE: firstprivate(seed) gives each thread its own generator state, offset by the thread number.
// HPCLS-NOTE: the sample loop is serial as written (seed carries from one iteration to the next); the parallel version deliberately uses per-thread streams.
#include <cstdio>
#include <omp.h>

int main()
{
    const long n = 4000000;
    unsigned seed = 2024u;
    long hits = 0;
#pragma omp parallel firstprivate(seed) reduction(+:hits)
    {
        seed += 7919u * (unsigned)omp_get_thread_num();
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
