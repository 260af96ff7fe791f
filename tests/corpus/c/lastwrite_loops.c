/* HPCLS-RACE: no */
/* HPCLS-LOOP: 15 parallel */
/* HPCLS-LOOP: 19 serial */
/* HPCLS-LOOP: 23 parallel */
/* HPCLS-LOOP: 25 parallel private(w) */
/* HPCLS-LOOP: 28 parallel reduction(+:s) */
/* HPCLS-NOTE: directive-free. a[3] is written in every iteration of the second loop and read
   after it, behind a loop that writes other elements of a: a private copy of a would lose
   the last value (found by the loop fuzzer in Fortran). The scratch w is dead after its loop. */
#include <stdio.h>
#define N 100
int main(void) {
  int a[N], b[N], w[2], t, s = 0;
  w[1] = 0;
  for (int i = 0; i < N; i++) { a[i] = i; b[i] = 2 * i; }

  /* a[3] keeps the last iteration's value */
  t = 0;
  for (int i = 0; i < N; i++) { t = b[i]; a[3] = t + i; }

  /* other elements of a */

  for (int i = 0; i < 10; i++) a[i + 10] = 0;

  for (int i = 0; i < N; i++) { w[0] = b[i] * 3; b[i] = w[0] + 1; }

  /* the sum reads every element */
  for (int i = 0; i < N; i++) s += b[i] + a[i];
  printf("%d %d %d\n", s, a[3], t);
  return 0;
}
