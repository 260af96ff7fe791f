/* HPCLS-RACE: no */
/* HPCLS-LOOP: 15 parallel lastprivate(i) */
/* HPCLS-LOOP: 18 parallel */
/* HPCLS-LOOP: 19 parallel */
/* HPCLS-LOOP: 20 parallel */
/* HPCLS-NOTE: directive-free. The first loop's variable is read after it (i is 90 there):
   OpenMP makes the loop variable private, so the directive needs lastprivate(i) to keep
   that value (found by the differential oracle). The second loop's i is assigned again by
   the third loop's header before any read, the third's is never read again, and the
   fourth declares its own. */
#include <stdio.h>
int main(void) {
  int a[100], b[100], i;

  for (i = 0; i < 90; i++) a[i] = i * 2;
  printf("%d %d\n", i, a[i - 1]);

  for (i = 0; i < 90; i++) b[i] = a[i] + 1;
  for (i = 0; i < 90; i++) b[i] += 1;
  for (int k = 0; k < 90; k++) a[k] = b[k];
  printf("%d\n", a[5]);
  return 0;
}
