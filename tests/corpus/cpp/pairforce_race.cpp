// HPCLS-RACE: yes
// HPCLS-TWIN: pairforce_ok.cpp
// HPCLS-PAIR: 26 27
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 22 parallel reduction(+:f)
// HPCLS-LOOP: 23 parallel reduction(+:f)
// HPCLS-LOOP: 31 parallel reduction(+:net,mag)
// HPCLS-NOTE: with Newton's third law each pair updates f[i] and f[j]; iteration i writes f[j] for every j > i, and iteration j updates f[j] too, on another thread.
// HPCLS-NOTE: an array reduction on f would make both loops parallel; the fixed version uses atomics instead.
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
            f[i] += ff;
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
