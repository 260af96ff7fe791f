/*
 * jacobi.c -- OpenMP Jacobi iteration for the 2-D Poisson equation
 *             (hpcls example "jacobi", C99 + OpenMP 4.5).
 *
 * Build:  gcc -O2 -fopenmp jacobi.c -o jacobi -lm
 * Run:    OMP_NUM_THREADS=4 ./jacobi [n [tol [max_iter]]]
 *
 * The right-hand side f = 2 pi^2 sin(pi x) sin(pi y) makes the exact
 * solution u = sin(pi x) sin(pi y), so the final error only reflects the
 * O(h^2) discretisation error plus whatever the iteration left behind.
 */
#include "jacobi.h"

#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int jacobi_init(jacobi_grid *g, int n)
{
    const int ld = n + 2;
    const size_t npts = (size_t)ld * (size_t)ld;

    memset(g, 0, sizeof *g);
    if (n < 1)
        return -1;

    g->n = n;
    g->ld = ld;
    g->h = 1.0 / (double)(n + 1);
    g->u = malloc(npts * sizeof(double));
    g->unew = malloc(npts * sizeof(double));
    g->f = malloc(npts * sizeof(double));
    if (!g->u || !g->unew || !g->f) {
        jacobi_free(g);
        return -1;
    }

    /* First-touch initialisation with the same static schedule as the
     * sweep, so each thread's pages end up in its own NUMA domain. */
    const double h = g->h;
#pragma omp parallel for schedule(static) default(none) \
        shared(g, ld, h)
    for (int i = 0; i < ld; i++) {
        const double x = i * h;
        for (int j = 0; j < ld; j++) {
            const double y = j * h;
            g->u[IDX(i, j, ld)] = 0.0;      /* initial guess and boundary */
            g->unew[IDX(i, j, ld)] = 0.0;
            g->f[IDX(i, j, ld)] = 2.0 * M_PI * M_PI * sin(M_PI * x) * sin(M_PI * y);
        }
    }
    return 0;
}

void jacobi_free(jacobi_grid *g)
{
    free(g->u);
    free(g->unew);
    free(g->f);
    g->u = g->unew = g->f = NULL;
}

double jacobi_sweep(const jacobi_grid *g)
{
    const int n = g->n;
    const int ld = g->ld;
    const double h2 = g->h * g->h;
    const double *restrict u = g->u;
    const double *restrict f = g->f;
    double *restrict unew = g->unew;
    double err = 0.0;

    /* Rows are independent within one sweep: every thread reads u and
     * writes only its own rows of unew.  The largest update is combined
     * with a max reduction (OpenMP 3.1). */
#pragma omp parallel for schedule(static) default(none) \
        firstprivate(n, ld, h2) shared(u, unew, f) \
        reduction(max:err)
    for (int i = 1; i <= n; i++) {
        for (int j = 1; j <= n; j++) {
            const double v = 0.25 * (u[IDX(i - 1, j, ld)] + u[IDX(i + 1, j, ld)] +
                                     u[IDX(i, j - 1, ld)] + u[IDX(i, j + 1, ld)] +
                                     h2 * f[IDX(i, j, ld)]);
            unew[IDX(i, j, ld)] = v;
            err = MAX(err, fabs(v - u[IDX(i, j, ld)]));
        }
    }
    return err;
}

jacobi_result jacobi_solve(jacobi_grid *g, double tol, int max_iter, int verbose)
{
    jacobi_result res = {0, HUGE_VAL, 0.0, 0};
    const double t0 = omp_get_wtime();

    for (int it = 1; it <= max_iter; it++) {
        res.last_update = jacobi_sweep(g);
        res.iterations = it;

        /* swap iterates; the boundary ring is zero in both buffers */
        double *tmp = g->u;
        g->u = g->unew;
        g->unew = tmp;

        if (verbose && it % JACOBI_REPORT_EVERY == 0)
            printf("iter %7d  max update %.3e\n", it, res.last_update);

        if (res.last_update < tol) {
            res.converged = 1;
            break;
        }
    }
    res.seconds = omp_get_wtime() - t0;
    return res;
}

double jacobi_error(const jacobi_grid *g)
{
    const int n = g->n;
    const int ld = g->ld;
    const double h = g->h;
    double emax = 0.0;
    int i, j;

#pragma omp parallel for private(i, j) reduction(max:emax)
    for (i = 1; i <= n; i++) {
        for (j = 1; j <= n; j++) {
            const double exact = sin(M_PI * i * h) * sin(M_PI * j * h);
            emax = MAX(emax, fabs(g->u[IDX(i, j, ld)] - exact));
        }
    }
    return emax;
}

int main(int argc, char **argv)
{
    int n = JACOBI_DEFAULT_N;
    double tol = JACOBI_DEFAULT_TOL;
    int max_iter = JACOBI_DEFAULT_MAXITER;
    jacobi_grid g;

    if (argc > 1)
        n = atoi(argv[1]);
    if (argc > 2)
        tol = atof(argv[2]);
    if (argc > 3)
        max_iter = atoi(argv[3]);

    if (jacobi_init(&g, n) != 0) {
        fprintf(stderr, "jacobi: cannot set up a %d x %d grid\n", n, n);
        return EXIT_FAILURE;
    }

    printf("Jacobi %d x %d, tol %.1e, %d OpenMP threads\n", n, n, tol,
           omp_get_max_threads());

    const jacobi_result r = jacobi_solve(&g, tol, max_iter, 1);
    const double err = jacobi_error(&g);

    printf("%s after %d iterations: max update %.3e, error %.3e, %.3f s\n",
           r.converged ? "Converged" : "NOT converged", r.iterations, r.last_update, err,
           r.seconds);

    jacobi_free(&g);
    return r.converged ? EXIT_SUCCESS : EXIT_FAILURE;
}
