/* Test workspace: uses vec_dot from vec.c through vec.h. */
#include <stdio.h>
#include "vec.h"

int main(void) {
  double x[3] = {1.0, 2.0, 3.0};
  vec_t v = {3, x};
  printf("%f %d\n", vec_dot(&v, &v), VEC_MAX);
  return 0;
}
