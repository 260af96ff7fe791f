/* HPCLS-RACE: no */
/* HPCLS-LOOP: 18 parallel */
/* HPCLS-LOOP: 21 unknown */
/* HPCLS-LOOP: 26 parallel lastprivate(last) */
/* HPCLS-LOOP: 30 parallel lastprivate(t) */
/* HPCLS-LOOP: 33 parallel */
/* HPCLS-LOOP: 37 parallel private(u) */
/* HPCLS-LOOP: 40 parallel */
/* HPCLS-NOTE: directive-free; found by the differential oracle (tests/fuzz/found). A write
   after a `continue` may be skipped in the last iteration, so lastprivate would leave the
   variable undefined (first loop); its twin writes before the continue. t is written again
   after its loop only under an `if`, so t stays live (lastprivate, not private); u is
   written again unconditionally, so private is right. */
#include <stdio.h>
#define N 1000
int main(void) {
  int a[N], b[N], last = -1, t = 0, u = 0;
  for (int i = 0; i < N; i++) { a[i] = i % 7; b[i] = 0; }

  /* the write of last may be skipped in the last iteration */
  for (int i = 0; i < N; i++) {
    if (a[i] == 6) continue;
    last = a[i];
  }
  /* written before the continue: lastprivate is right */
  for (int i = 0; i < N; i++) {
    last = a[i] + 1;
    if (a[i] == 6) continue;
  }
  for (int i = 0; i < N; i++) { t = a[i] * 2; b[i] = t; }
  if (b[3] > 100) t = 5;
  /* t may still hold the last value here */
  for (int i = 0; i < N; i++) b[i] += t;

  /* u is written before any read after its loop */

  for (int i = 0; i < N; i++) { u = a[i] + 3; b[i] += u; }
  u = 7;

  for (int i = 0; i < N; i++) b[i] += u;
  printf("%d %d %d %d\n", last, t, u, b[N - 1]);
  return 0;
}
