// HPCLS-RACE: no
// HPCLS-TWIN: pairforce_race.cpp
// HPCLS-LOOP: 17 parallel
// HPCLS-LOOP: 20 parallel reduction(+:f)
// HPCLS-LOOP: 21 parallel reduction(+:f)
// HPCLS-LOOP: 31 parallel reduction(+:net,mag)
// HPCLS-NOTE: both pair updates are atomic, so concurrent additions to the same f element do not conflict.
#include <cstdio>
#include <vector>
#define N 2000

static double f[N];

int main()
{
    std::vector<double> x(N);
    for (int i = 0; i < N; i++)
        x[i] = 0.37 * i - 0.0001 * i * i;
#pragma omp parallel for schedule(dynamic, 16)
    for (int i = 0; i < N; i++) {
        for (int j = i + 1; j < N; j++) {
            double d = x[j] - x[i];
            double ff = d / (1.0 + d * d);
#pragma omp atomic
            f[i] += ff;
#pragma omp atomic
            f[j] -= ff;
        }
    }
    double net = 0.0, mag = 0.0;
    for (int i = 0; i < N; i++) {
        net += f[i];
        mag += f[i] * f[i];
    }
    std::printf("net = %.6e |f|^2 = %.9f\n", net, mag);
    return 0;
}
