// HPCLS-RACE: no
// HPCLS-LOOP: 17 unknown
// HPCLS-LOOP: 25 parallel
// HPCLS-LOOP: 34 parallel
// HPCLS-LOOP: 38 serial
// HPCLS-LOOP: 40 parallel
// HPCLS-LOOP: 42 serial
// HPCLS-LOOP: 45 parallel reduction(+:dot) reduction(max:mx)
// HPCLS-NOTE: directive-free; std::vector members are distinct objects, so loops over two different vectors cannot alias.
// HPCLS-NOTE: smooth_into takes two vector references that may name the same vector (smooth_into(v, v) is legal), so its loop is unknown; smooth_copy takes its input by value and is parallel.
#include <cstdio>
#include <vector>

static void smooth_into(const std::vector<double> &in, std::vector<double> &out)
{
    const int n = (int)in.size();
    for (int i = 1; i < n - 1; i++)
        out[i] = (in[i - 1] + in[i] + in[i + 1]) / 3.0;
}

static std::vector<double> smooth_copy(std::vector<double> in)
{
    const int n = (int)in.size();
    std::vector<double> out(in);
    for (int i = 1; i < n - 1; i++)
        out[i] = (in[i - 1] + in[i] + in[i + 1]) / 3.0;
    return out;
}

int main()
{
    const int n = 50000;
    std::vector<double> a(n), b(n), c(n);
    for (int i = 0; i < n; i++)
        a[i] = (i % 13) * 0.1;
    smooth_into(a, b);
    c = smooth_copy(a);
    for (int i = 1; i < n; i++)
        c[i] = c[i] + c[i - 1];
    for (int i = 0; i < n - 1; i++)
        b[i] = a[i + 1] - a[i];
    for (int i = 0; i < n - 1; i++)
        a[i] = a[i + 1] * 0.99;
    double dot = 0.0, mx = a[0];
    for (int i = 0; i < n; i++) {
        dot += a[i] * b[i];
        mx = a[i] > mx ? a[i] : mx;
    }
    std::printf("%f %f %f\n", dot, mx, c[n - 1]);
    return 0;
}
