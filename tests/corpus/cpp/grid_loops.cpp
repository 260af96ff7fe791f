// HPCLS-RACE: no
// HPCLS-LOOP: 26 parallel collapse(2)
// HPCLS-LOOP: 27 parallel
// HPCLS-LOOP: 29 parallel collapse(2)
// HPCLS-LOOP: 30 parallel
// HPCLS-LOOP: 32 serial
// HPCLS-LOOP: 33 serial
// HPCLS-LOOP: 35 parallel
// HPCLS-LOOP: 36 parallel
// HPCLS-LOOP: 39 parallel reduction(+:s)
// HPCLS-NOTE: directive-free; a small grid class with a flat vector; the in-place Gauss-Seidel sweep is serial at both levels, the red-black half sweep updates only cells of one colour from cells of the other.
// HPCLS-NOTE: the red-black sweep has a non-rectangular inner start (j depends on i), so it gets no collapse.
#include <cstdio>
#include <vector>

struct Grid {
    int nx, ny;
    std::vector<double> v;
    Grid(int x, int y) : nx(x), ny(y), v((size_t)x * y, 0.0) {}
    double &at(int i, int j) { return v[(size_t)i * ny + j]; }
};

int main()
{
    Grid g(200, 300), h(200, 300);
    for (int i = 0; i < g.nx; i++)
        for (int j = 0; j < g.ny; j++)
            g.at(i, j) = (i == 0 || j == 0) ? 1.0 : 0.0;
    for (int i = 1; i < g.nx - 1; i++)
        for (int j = 1; j < g.ny - 1; j++)
            h.at(i, j) = 0.25 * (g.at(i - 1, j) + g.at(i + 1, j) + g.at(i, j - 1) + g.at(i, j + 1));
    for (int i = 1; i < g.nx - 1; i++)
        for (int j = 1; j < g.ny - 1; j++)
            g.at(i, j) = 0.25 * (g.at(i - 1, j) + g.at(i + 1, j) + g.at(i, j - 1) + g.at(i, j + 1));
    for (int i = 1; i < g.nx - 1; i++)
        for (int j = 1 + (i % 2); j < g.ny - 1; j += 2)
            h.at(i, j) = 0.25 * (h.at(i - 1, j) + h.at(i + 1, j) + h.at(i, j - 1) + h.at(i, j + 1));
    double s = 0.0;
    for (int k = 0; k < g.nx * g.ny; k++)
        s += g.v[k] + h.v[k];
    std::printf("sum = %f\n", s);
    return 0;
}
