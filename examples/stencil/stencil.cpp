// stencil.cpp -- C++17 + OpenMP 7-point 3-D diffusion stencil
//                (hpcls example "stencil").
//
// Build:  g++ -std=c++17 -O3 -fopenmp stencil.cpp -o stencil
// Run:    OMP_NUM_THREADS=8 ./stencil [n [steps]]
//
// A cube of n^3 interior cells plus one ghost layer is initialised with a
// Gaussian blob and diffused with explicit Euler steps.  Periodic boundary
// conditions are applied by copying opposite faces into the ghost layer.
// The total "mass" must stay constant; that is the built-in sanity check.

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hpc {

/// Dense 3-D field with a one-cell ghost layer, stored k-fastest:
/// element (i, j, k) with i, j, k in [-1, n] lives at index(i, j, k).
template <typename T>
class Grid3D {
public:
    using value_type = T;

    explicit Grid3D(int n, T init = T{})
        : n_(n), ld_(static_cast<std::size_t>(n) + 2),
          data_(ld_ * ld_ * ld_, init)
    {
        if (n < 1)
            throw std::invalid_argument("Grid3D: n must be positive, got " + std::to_string(n));
    }

    int size() const noexcept { return n_; }

    std::size_t index(int i, int j, int k) const noexcept
    {
        return (static_cast<std::size_t>(i + 1) * ld_ + static_cast<std::size_t>(j + 1)) * ld_ +
               static_cast<std::size_t>(k + 1);
    }

    T& operator()(int i, int j, int k) noexcept { return data_[index(i, j, k)]; }
    const T& operator()(int i, int j, int k) const noexcept { return data_[index(i, j, k)]; }

    /// Sum over the interior cells (ghosts excluded).
    T interior_sum() const
    {
        T total{};
#pragma omp parallel for collapse(2) reduction(+ : total)
        for (int i = 0; i < n_; ++i)
            for (int j = 0; j < n_; ++j)
                for (int k = 0; k < n_; ++k)
                    total += (*this)(i, j, k);
        return total;
    }

    /// Largest interior value.
    T interior_max() const
    {
        T vmax = (*this)(0, 0, 0);
#pragma omp parallel for collapse(2) reduction(max : vmax)
        for (int i = 0; i < n_; ++i)
            for (int j = 0; j < n_; ++j)
                for (int k = 0; k < n_; ++k)
                    vmax = std::max(vmax, (*this)(i, j, k));
        return vmax;
    }

    /// Copy opposite interior faces into the ghost layer (periodic BCs).
    void fill_periodic_ghosts();

    void swap(Grid3D& other) noexcept
    {
        std::swap(n_, other.n_);
        std::swap(ld_, other.ld_);
        data_.swap(other.data_);
    }

private:
    int n_;
    std::size_t ld_;
    std::vector<T> data_;
};

template <typename T>
void Grid3D<T>::fill_periodic_ghosts()
{
    const int n = n_;
    // Three passes, one per axis; later passes also fill edges and corners
    // because they copy faces that already contain ghost values.
#pragma omp parallel for collapse(2)
    for (int j = -1; j <= n; ++j)
        for (int k = -1; k <= n; ++k) {
            (*this)(-1, j, k) = (*this)(n - 1, j, k);
            (*this)(n, j, k) = (*this)(0, j, k);
        }
#pragma omp parallel for collapse(2)
    for (int i = -1; i <= n; ++i)
        for (int k = -1; k <= n; ++k) {
            (*this)(i, -1, k) = (*this)(i, n - 1, k);
            (*this)(i, n, k) = (*this)(i, 0, k);
        }
#pragma omp parallel for collapse(2)
    for (int i = -1; i <= n; ++i)
        for (int j = -1; j <= n; ++j) {
            (*this)(i, j, -1) = (*this)(i, j, n - 1);
            (*this)(i, j, n) = (*this)(i, j, 0);
        }
}

/// Explicit diffusion operator  out = in + nu * laplacian(in).
class DiffusionStencil {
public:
    explicit DiffusionStencil(double nu) : nu_(nu)
    {
        if (nu <= 0.0 || nu > 1.0 / 6.0)
            throw std::invalid_argument("DiffusionStencil: need 0 < nu <= 1/6 for stability");
    }

    /// One time step.  The i and j loops are collapsed so that small n
    /// still gives every thread work; k is the unit-stride inner loop
    /// left to the vectoriser.
    void apply(const Grid3D<double>& in, Grid3D<double>& out) const
    {
        const int n = in.size();
        const double c0 = 1.0 - 6.0 * nu_;
        const double c1 = nu_;

#pragma omp parallel for collapse(2) schedule(static)
        for (int i = 0; i < n; ++i) {
            for (int j = 0; j < n; ++j) {
#pragma omp simd
                for (int k = 0; k < n; ++k) {
                    out(i, j, k) = c0 * in(i, j, k) +
                                   c1 * (in(i - 1, j, k) + in(i + 1, j, k) + in(i, j - 1, k) +
                                         in(i, j + 1, k) + in(i, j, k - 1) + in(i, j, k + 1));
                }
            }
        }
    }

    double nu() const noexcept { return nu_; }

private:
    double nu_;
};

/// Gaussian blob centred in the box, width sigma (in cells).
void init_gaussian(Grid3D<double>& g, double sigma)
{
    const int n = g.size();
    const double c = 0.5 * (n - 1);
    const double inv2s2 = 1.0 / (2.0 * sigma * sigma);

#pragma omp parallel for collapse(2)
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            for (int k = 0; k < n; ++k) {
                const double r2 = (i - c) * (i - c) + (j - c) * (j - c) + (k - c) * (k - c);
                g(i, j, k) = std::exp(-r2 * inv2s2);
            }
}

}  // namespace hpc

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 48;
    const int steps = argc > 2 ? std::atoi(argv[2]) : 50;

    try {
        hpc::Grid3D<double> u(n), unew(n);
        const hpc::DiffusionStencil op(0.1);

        hpc::init_gaussian(u, n / 8.0);
        const double mass0 = u.interior_sum();

        const double t0 = omp_get_wtime();
        for (int s = 0; s < steps; ++s) {
            u.fill_periodic_ghosts();
            op.apply(u, unew);
            u.swap(unew);
        }
        const double elapsed = omp_get_wtime() - t0;

        const double mass = u.interior_sum();
        const double drift = std::abs(mass - mass0) / mass0;
        const double cells = static_cast<double>(n) * n * n * steps;

        std::printf("stencil %d^3, %d steps, %d threads: %.3f s, %.1f Mcell/s\n", n, steps,
                    omp_get_max_threads(), elapsed, 1e-6 * cells / elapsed);
        std::printf("peak %.6f  mass %.6f  relative drift %.2e\n", u.interior_max(), mass, drift);
        return drift < 1e-10 ? EXIT_SUCCESS : EXIT_FAILURE;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "stencil: %s\n", e.what());
        return EXIT_FAILURE;
    }
}
