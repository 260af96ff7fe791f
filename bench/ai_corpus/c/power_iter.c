/* Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
 * Power iteration, plain and shifted, for the largest and smallest eigenvalues of the 1-D
 * operator A = tridiag(-1, 2 + s, -1), applied matrix-free to the distributed vectors of
 * dvec.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <mpi.h>

#include "dvec.h"

typedef struct {
    double shift;  /* s in tridiag(-1, 2 + s, -1) */
    int max_iter;
    double tol;
} power_opts_t;

/* y = A x; x's ghosts must be current. */
static void apply_operator(const power_opts_t *opts, const dvec_t *x, dvec_t *y)
{
    const double diag = 2.0 + opts->shift;
    #pragma omp parallel for
    for (int i = 0; i < x->n_local; ++i)
        DVEC_AT(y, i) = diag * DVEC_AT(x, i) - DVEC_AT(x, i - 1) - DVEC_AT(x, i + 1);
}

/* Largest eigenvalue of (A - sigma I) by power iteration; returns the iterations used. */
static int power_method(const power_opts_t *opts, double sigma, dvec_t *x, double *lambda)
{
    dvec_t y;
    if (dvec_clone(&y, x) != 0)
        return -1;
    double estimate = 0.0;
    int it;
    dvec_scale(x, 1.0 / dvec_norm2(x));
    for (it = 1; it <= opts->max_iter; ++it) {
        dvec_exchange_ghosts(x);
        apply_operator(opts, x, &y);
        dvec_axpy(-sigma, x, &y);
        double next = dvec_dot(x, &y);
        double norm = dvec_norm2(&y);
        dvec_copy(x, &y);
        dvec_scale(x, 1.0 / norm);
        if (fabs(next - estimate) < opts->tol * fabs(next)) {
            estimate = next;
            break;
        }
        estimate = next;
    }
    dvec_destroy(&y);
    *lambda = estimate + sigma;
    return it;
}

static void seed_vector(dvec_t *x, unsigned int seed)
{
    /* A deterministic, rank-independent start: entry i depends on its global index only. */
    #pragma omp parallel for
    for (int i = 0; i < x->n_local; ++i) {
        unsigned int h = (unsigned int)(x->offset + i) * 2654435761u ^ seed;
        DVEC_AT(x, i) = 0.5 + (double)(h % 1000u) / 1000.0;
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    int n = argc > 1 ? atoi(argv[1]) : 4096;
    power_opts_t opts = {.shift = 0.01, .max_iter = 20000, .tol = 1e-10};

    dvec_t x;
    if (dvec_create(&x, n, MPI_COMM_WORLD) != 0) {
        fprintf(stderr, "rank %d: out of memory for %d entries\n", rank, n);
        MPI_Abort(MPI_COMM_WORLD, 1);
    }
    seed_vector(&x, 12345u);

    double t0 = MPI_Wtime();
    double lambda_max = 0.0, lambda_min = 0.0;
    int it_max = power_method(&opts, 0.0, &x, &lambda_max);
    /* The smallest eigenvalue is the largest of (A - lambda_max I), shifted back. */
    seed_vector(&x, 777u);
    int it_min = power_method(&opts, lambda_max, &x, &lambda_min);
    double elapsed = MPI_Wtime() - t0, slowest = 0.0;
    MPI_Reduce(&elapsed, &slowest, 1, MPI_DOUBLE, MPI_MAX, 0, MPI_COMM_WORLD);

    if (rank == 0) {
        const double pi = acos(-1.0);
        double h = pi / (n + 1);
        double exact_max = 2.0 + opts.shift - 2.0 * cos(n * h);
        double exact_min = 2.0 + opts.shift - 2.0 * cos(h);
        printf("n=%d ranks=%d\n", n, size);
        printf("lambda_max %.10f (exact %.10f) in %d iterations\n", lambda_max, exact_max, it_max);
        printf("lambda_min %.10f (exact %.10f) in %d iterations\n", lambda_min, exact_min, it_min);
        printf("condition number %.4e, time %.3f s\n", lambda_max / lambda_min, slowest);
    }

    dvec_destroy(&x);
    MPI_Finalize();
    return 0;
}
