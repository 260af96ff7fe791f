/*
 * jacobi.h -- data structure, macros and prototypes for the OpenMP Jacobi
 *             solver of the 2-D Poisson equation (hpcls example "jacobi").
 *
 * The problem is  -(u_xx + u_yy) = f  on the unit square with u = 0 on the
 * boundary.  The grid has (n + 2) x (n + 2) points including the boundary
 * ring; arrays are stored row-major, point (i, j) at IDX(i, j, n + 2).
 */
#ifndef JACOBI_H
#define JACOBI_H

#include <stddef.h>

/* Defaults, overridable on the command line: ./jacobi [n [tol [max_iter]]] */
#define JACOBI_DEFAULT_N        64
#define JACOBI_DEFAULT_TOL      1.0e-6
#define JACOBI_DEFAULT_MAXITER  50000
#define JACOBI_REPORT_EVERY     2000

/* Row-major index into an array with `ld` points per row. */
#define IDX(i, j, ld) ((size_t)(i) * (size_t)(ld) + (size_t)(j))

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define MIN(a, b) ((a) < (b) ? (a) : (b))

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Solver state.  `u` and `unew` are swapped after every sweep. */
typedef struct jacobi_grid {
    int     n;          /* interior points per direction          */
    int     ld;         /* leading dimension, n + 2               */
    double  h;          /* mesh width 1 / (n + 1)                 */
    double *u;          /* current iterate, (n + 2)^2 values      */
    double *unew;       /* next iterate                           */
    double *f;          /* right-hand side                        */
} jacobi_grid;

/* Convergence summary returned by jacobi_solve(). */
typedef struct jacobi_result {
    int    iterations;
    double last_update;   /* max |u_new - u| of the final sweep */
    double seconds;       /* wall time from omp_get_wtime()     */
    int    converged;
} jacobi_result;

/* Allocate and initialise a grid; returns 0 on success. */
int jacobi_init(jacobi_grid *g, int n);

/* Release all memory held by the grid. */
void jacobi_free(jacobi_grid *g);

/* One Jacobi sweep u -> unew; returns max |unew - u| over the interior. */
double jacobi_sweep(const jacobi_grid *g);

/* Iterate until the max update drops below tol or max_iter is hit. */
jacobi_result jacobi_solve(jacobi_grid *g, double tol, int max_iter, int verbose);

/* Max-norm error against the exact solution sin(pi x) sin(pi y). */
double jacobi_error(const jacobi_grid *g);

#endif /* JACOBI_H */
