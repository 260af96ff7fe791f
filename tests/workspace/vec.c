/* Test workspace: vector routines. */
#include "vec.h"

double vec_dot(const vec_t *a, const vec_t *b) {
  double s = 0.0;
  for (int i = 0; i < a->n; i++) s += a->data[i] * b->data[i];
  return s;
}
