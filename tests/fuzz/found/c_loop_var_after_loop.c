// HPCLS-FOUND: output: a verified 'Parallelize loop' edit changes the behaviour
// loop at line 10: hpcls said parallel (verified), edit: #pragma omp parallel for
// run: OMP_NUM_THREADS=1 (any schedule); i is private in the loop, so after it i is not 90
// serial output: '90 178'   parallel output: '0 0' (i undefined after the region)
// why: the loop variable is read after the loop; the edit needs lastprivate(i) (or no edit)
// origin: the oracle on a hand-written program (tests/fuzz/oracle.py); since then the generator reads loop variables after loops too; fixed in f4ce36b (lastprivate for a loop variable read after the loop)
#include <stdio.h>
int main(void) {
  int a[100], i;
  for (i = 0; i < 90; i++)
    a[i] = i * 2;
  printf("%d %d\n", i, a[i - 1]);
  return 0;
}
