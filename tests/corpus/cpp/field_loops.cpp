// HPCLS-RACE: no
// HPCLS-LOOP: 26 unknown
// HPCLS-LOOP: 33 parallel
// HPCLS-LOOP: 38 unknown
// HPCLS-LOOP: 48 unknown
// HPCLS-LOOP: 53 parallel reduction(+:s)
// HPCLS-NOTE: directive-free; Field wraps a raw pointer, so in add_scaled this->data and other.data may be the same storage (f.add_scaled(f, 2) is legal) and the loop is unknown; add_scaled_r copies the pointers into __restrict__ locals and is parallel.
// HPCLS-NOTE: Source::eval is virtual and a derived class may live in another translation unit, and lookup() is only declared: loops calling them are unknown.
#include <cstdio>
#include <cstdlib>

double lookup(int key);

struct Source {
    virtual double eval(double x) const { return 2.0 * x; }
    virtual ~Source() {}
};

struct Field {
    int n;
    double *data;
    explicit Field(int m) : n(m), data(static_cast<double *>(std::calloc(m, sizeof(double)))) {}
    ~Field() { std::free(data); }
    void add_scaled(const Field &other, double a)
    {
        for (int i = 0; i < n; i++)
            data[i] += a * other.data[i < other.n - 1 ? i + 1 : i];
    }
    void add_scaled_r(const Field &other, double a)
    {
        double *__restrict__ d = data;
        const double *__restrict__ o = other.data;
        for (int i = 0; i < n; i++)
            d[i] += a * o[i < other.n - 1 ? i + 1 : i];
    }
    void fill(const Source &s)
    {
        for (int i = 0; i < n; i++)
            data[i] = s.eval(0.001 * i);
    }
};

int main()
{
    Field f(10000), g(10000);
    Source src;
    f.fill(src);
    for (int i = 0; i < g.n; i++)
        g.data[i] = lookup(i % 64);
    g.add_scaled(f, 0.5);
    g.add_scaled_r(f, 0.5);
    double s = 0.0;
    for (int i = 0; i < g.n; i++)
        s += g.data[i];
    std::printf("sum = %f\n", s);
    return 0;
}
