/* Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
 * Distributed dense vectors: each rank owns a contiguous block of the global vector, plus
 * one ghost entry on each side for nearest-neighbour operators. */
#ifndef DVEC_H
#define DVEC_H

#include <mpi.h>
#include <stddef.h>

typedef struct dvec {
    int n_local;   /* entries owned by this rank */
    int n_global;
    int offset;    /* global index of the first owned entry */
    int left;      /* neighbour ranks, MPI_PROC_NULL at the ends */
    int right;
    MPI_Comm comm;
    double *data;  /* data[0] and data[n_local + 1] are ghosts */
} dvec_t;

#define DVEC_GHOSTS 2
#define DVEC_AT(v, i) ((v)->data[(i) + 1])

int dvec_create(dvec_t *v, int n_global, MPI_Comm comm);
int dvec_clone(dvec_t *dst, const dvec_t *src);
void dvec_destroy(dvec_t *v);

void dvec_fill(dvec_t *v, double value);
void dvec_copy(dvec_t *dst, const dvec_t *src);
void dvec_scale(dvec_t *v, double alpha);
void dvec_axpy(double alpha, const dvec_t *x, dvec_t *y);

double dvec_dot(const dvec_t *x, const dvec_t *y);
double dvec_norm2(const dvec_t *v);
double dvec_max_abs(const dvec_t *v);

void dvec_exchange_ghosts(dvec_t *v);

#endif /* DVEC_H */
