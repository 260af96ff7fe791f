// HPCLS-RACE: no
// HPCLS-LOOP: 19 serial
// HPCLS-LOOP: 27 parallel reduction(+:hits2)
// HPCLS-LOOP: 36 parallel
// HPCLS-LOOP: 39 serial
// HPCLS-LOOP: 46 parallel reduction(+:msd)
// HPCLS-NOTE: directive-free; the sampler advancing one shared LCG seed is serial; hashing the iteration number gives independent samples (a sum).
// HPCLS-NOTE: in the random walk every walker has its own seed declared in the body: walkers are independent, steps of one walker are not.
#include <stdio.h>
#define N 1000000
#define NW 256
#define STEPS 1000
static double pos[NW];

int main(void)
{
    unsigned seed = 12345u;
    long hits = 0, hits2 = 0;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        double x = (seed >> 8) / 16777216.0;
        seed = seed * 1103515245u + 12345u;
        double y = (seed >> 8) / 16777216.0;
        if (x * x + y * y <= 1.0)
            hits++;
    }
    for (int i = 0; i < N; i++) {
        unsigned h = (unsigned)i * 2654435761u;
        h ^= h >> 15;
        h *= 2246822519u;
        h ^= h >> 13;
        double x = (h & 0xffffu) / 65536.0, y = (h >> 16) / 65536.0;
        if (x * x + y * y <= 1.0)
            hits2++;
    }
    for (int w = 0; w < NW; w++) {
        unsigned s = 2u * w + 1u;
        double p = 0.0;
        for (int t = 0; t < STEPS; t++) {
            s = s * 1664525u + 1013904223u;
            p += (s >> 31) ? 1.0 : -1.0;
        }
        pos[w] = p;
    }
    double msd = 0.0;
    for (int w = 0; w < NW; w++)
        msd += pos[w] * pos[w];
    printf("pi ~ %f %f, msd %f\n", 4.0 * hits / N, 4.0 * hits2 / N, msd / NW);
    return 0;
}
