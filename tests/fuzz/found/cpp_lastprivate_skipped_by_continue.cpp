// HPCLS-FOUND: output: a verified 'Parallelize loop' edit changes the behaviour (lastprivate, but a `continue` can skip the assignment in the last iteration)
// loop at line 49: hpcls says parallel (verified), edit: #pragma omp parallel for lastprivate(u)
// run: OMP_NUM_THREADS=1 OMP_SCHEDULE=static; first difference at output line 1 (serial 1 lines, parallel 1 lines)
// serial output: 's=0 t=0 u=0 mx=-1000000 mn=1000000 cr=1 lst=-1 x=0 glob=0'
// parallel output: 's=0 t=0 u=2014045784 mx=-1000000 mn=1000000 cr=1 lst=-1 x=0 glob=0'
// origin: python -m tests.fuzz --lang cpp --seed 100117 --count 1 with the generator of 86fa91e (minimized from 128 to 52 lines); fixed in a3bc1a5 (continue/cycle make the rest of an iteration conditional)
// HPCLS-FUZZ: cpp seed 100117
// HPCLS-TOLERANCE: 1e-09
#include <cstdio>
#include <vector>
#include <map>
#include <sstream>
#define N 24
#define M 6
#define SZ 56
static int glob = 0;
static int garr[SZ];
static int f1(int x) { return (x * 3 + 1) % 101; }
static int g1(int k) { glob = (glob + k) % 1000; return glob % 7; }
static void h1(int k) { garr[k] = (garr[k] + 1) % 1000; }
static void h2(int k) { garr[0] = (garr[0] + k) % 1000; }
static void pr(int k) { printf("pr %d\n", k); }

int main(void)
{
  static int a[SZ];
  static int b[SZ];
  static int w[M][M];
  static double d[SZ];
  static double g[SZ];
  int s, t, u, mx, mn, cr, lst, x;
  int i, j, k, q, q2;
  double p, ds, fs;
  long long cs = 0;
  double dcs = 0.0;
  std::map<int, int> mp;
  std::ostringstream oss;
  s = 0; t = 0; u = 0; mx = -1000000; mn = 1000000; cr = 1; lst = -1; x = 0;
  p = 1.0; ds = 0.0; fs = 0.0;
  for (q = 0; q < M; q++)
    for (q2 = 0; q2 < M; q2++)
      w[q][q2] = (q * 7 + q2 * 3) % 17;
  for (int i = 2; i < 5; i++) {
    for (int j = 2; j < 5; j++) {
      b[j] = (a[((i * 6) + j)] - 8) % 1000;
    }
  }
  for (int i = 2; i < 5; i++) {
    for (int j = 2; j < i + 1; j++) {
      if (b[((i * 6) + j)] <= 19) {
        continue;
      }
      u = w[(i + 1)][j];
    }
  }
  printf("s=%d t=%d u=%d mx=%d mn=%d cr=%d lst=%d x=%d glob=%d\n", s, t, u, mx, mn, cr, lst, x, glob);
  long long msum = 0;
}
