// HPCLS-FOUND: output: a verified 'Parallelize loop' edit changes the behaviour (lastprivate, but a `continue` can skip the assignment in the last iteration)
// loop at line 27: hpcls says parallel (verified), edit: #pragma omp parallel for lastprivate(lst) reduction(min: mn)
// run: OMP_NUM_THREADS=1 OMP_SCHEDULE=static; first difference at output line 1 (serial 1 lines, parallel 1 lines)
// serial output: 's=0 t=0 u=0 mx=-1000000 mn=1000000 cr=1 lst=-1 x=0 glob=0'
// parallel output: 's=0 t=0 u=0 mx=-1000000 mn=1000000 cr=1 lst=0 x=0 glob=0'
// origin: python -m tests.fuzz --lang c --seed 100280 --count 1 with the generator of 86fa91e (minimized from 112 to 27 lines); fixed in a3bc1a5 (continue/cycle make the rest of an iteration conditional)
// HPCLS-FUZZ: c seed 100280
#include <stdio.h>
#define N 37
#define M 8
#define SZ 82
static int glob = 0;
static int garr[SZ];
static int f1(int x) { return (x * 3 + 1) % 101; }
static int g1(int k) { glob = (glob + k) % 1000; return glob % 7; }
static void h1(int k) { garr[k] = (garr[k] + 1) % 1000; }
static void h2(int k) { garr[0] = (garr[0] + k) % 1000; }
static void pr(int k) { printf("pr %d\n", k); }

int main(void)
{
  static int b[SZ];
  static int e[SZ];
  static int idx[SZ];
  int s, t, u, mx, mn, cr, lst, x;
  s = 0; t = 0; u = 0; mx = -1000000; mn = 1000000; cr = 1; lst = -1; x = 0;
  for (int i = 2; i < 33; i++) {
      continue;
    mn = (mn < (e[1] - b[((i * i) % 37)]) ? mn : (e[1] - b[((i * i) % 37)]));
    lst = (e[idx[i]] * 5) % 1000;
  }
  printf("s=%d t=%d u=%d mx=%d mn=%d cr=%d lst=%d x=%d glob=%d\n", s, t, u, mx, mn, cr, lst, x, glob);
}
