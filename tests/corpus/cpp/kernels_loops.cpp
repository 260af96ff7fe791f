// HPCLS-RACE: no
// HPCLS-LOOP: 19 unknown
// HPCLS-LOOP: 27 parallel
// HPCLS-LOOP: 30 parallel
// HPCLS-LOOP: 35 serial
// HPCLS-LOOP: 37 unknown
// HPCLS-LOOP: 40 serial
// HPCLS-NOTE: directive-free; the captureless lambda is visible pure code, so the loop using it is parallel. The template's loop is unknown: written for any T, `v[i] *= a` may be a class operator with side effects (the analysis does not follow instantiations).
// HPCLS-NOTE: bump captures total by reference before the loop: a reduction clause on the loop would not reach the lambda's reference, so that loop is serial as written; solve() is declared but defined in another translation unit.
#include <cstdio>
#include <vector>

double solve(double rhs);

template <typename T>
static void scale(std::vector<T> &v, T a)
{
    const int n = (int)v.size();
    for (int i = 0; i < n; i++)
        v[i] *= a;
}

int main()
{
    const int n = 20000;
    std::vector<double> x(n), y(n), z(n);
    for (int i = 0; i < n; i++)
        x[i] = 1.0 + (i % 7);
    auto sq = [](double v) { return v * v; };
    for (int i = 0; i < n; i++)
        y[i] = sq(x[i]) - x[i];
    scale(y, 0.5);
    long total = 0;
    auto bump = [&total](int k) { total += k; };
    for (int i = 0; i < n; i++)
        bump(i % 5);
    for (int i = 0; i < n; i++)
        z[i] = solve(y[i]);
    double acc = 1.0;
    for (int i = 0; i < n; i++)
        acc = acc * 0.5 + y[i];
    std::printf("%ld %f %f\n", total, acc, z[0]);
    return 0;
}
