/* Test workspace: a header included by vec.c and main.c. */
#ifndef VEC_H
#define VEC_H
#define VEC_MAX 1024
typedef struct { int n; double *data; } vec_t;
double vec_dot(const vec_t *a, const vec_t *b);
#endif
