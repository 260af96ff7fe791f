/* Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
 * The distributed vector operations declared in dvec.h: OpenMP loops over the owned block,
 * MPI_Allreduce for the global reductions, MPI_Sendrecv for the ghost entries. */
#include "dvec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int dvec_create(dvec_t *v, int n_global, MPI_Comm comm)
{
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);

    int base = n_global / size;
    int extra = n_global % size;
    v->n_global = n_global;
    v->n_local = base + (rank < extra ? 1 : 0);
    v->offset = rank * base + (rank < extra ? rank : extra);
    v->left = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    v->right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
    v->comm = comm;
    v->data = calloc((size_t)v->n_local + DVEC_GHOSTS, sizeof(double));
    return v->data != NULL ? 0 : -1;
}

int dvec_clone(dvec_t *dst, const dvec_t *src)
{
    *dst = *src;
    dst->data = malloc(((size_t)src->n_local + DVEC_GHOSTS) * sizeof(double));
    if (dst->data == NULL)
        return -1;
    memcpy(dst->data, src->data, ((size_t)src->n_local + DVEC_GHOSTS) * sizeof(double));
    return 0;
}

void dvec_destroy(dvec_t *v)
{
    free(v->data);
    v->data = NULL;
    v->n_local = 0;
}

void dvec_fill(dvec_t *v, double value)
{
    #pragma omp parallel for
    for (int i = 0; i < v->n_local; ++i)
        DVEC_AT(v, i) = value;
}

void dvec_copy(dvec_t *dst, const dvec_t *src)
{
    memcpy(dst->data + 1, src->data + 1, (size_t)src->n_local * sizeof(double));
}

void dvec_scale(dvec_t *v, double alpha)
{
    #pragma omp parallel for
    for (int i = 0; i < v->n_local; ++i)
        DVEC_AT(v, i) *= alpha;
}

void dvec_axpy(double alpha, const dvec_t *x, dvec_t *y)
{
    const double *restrict xs = x->data + 1;
    double *restrict ys = y->data + 1;
    #pragma omp parallel for simd
    for (int i = 0; i < y->n_local; ++i)
        ys[i] += alpha * xs[i];
}

double dvec_dot(const dvec_t *x, const dvec_t *y)
{
    double local = 0.0, global = 0.0;
    #pragma omp parallel for reduction(+:local)
    for (int i = 0; i < x->n_local; ++i)
        local += DVEC_AT(x, i) * DVEC_AT(y, i);
    MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_SUM, x->comm);
    return global;
}

double dvec_norm2(const dvec_t *v)
{
    return sqrt(dvec_dot(v, v));
}

double dvec_max_abs(const dvec_t *v)
{
    double local = 0.0, global = 0.0;
    #pragma omp parallel for reduction(max:local)
    for (int i = 0; i < v->n_local; ++i) {
        double a = fabs(DVEC_AT(v, i));
        if (a > local)
            local = a;
    }
    MPI_Allreduce(&local, &global, 1, MPI_DOUBLE, MPI_MAX, v->comm);
    return global;
}

void dvec_exchange_ghosts(dvec_t *v)
{
    const int tag_right = 21, tag_left = 22;
    int n = v->n_local;

    /* Send the last owned entry right, receive the left ghost from the left. */
    MPI_Sendrecv(&v->data[n], 1, MPI_DOUBLE, v->right, tag_right,
                 &v->data[0], 1, MPI_DOUBLE, v->left, tag_right,
                 v->comm, MPI_STATUS_IGNORE);
    MPI_Sendrecv(&v->data[1], 1, MPI_DOUBLE, v->left, tag_left,
                 &v->data[n + 1], 1, MPI_DOUBLE, v->right, tag_left,
                 v->comm, MPI_STATUS_IGNORE);
    if (v->left == MPI_PROC_NULL)
        v->data[0] = 0.0;
    if (v->right == MPI_PROC_NULL)
        v->data[n + 1] = 0.0;
}
