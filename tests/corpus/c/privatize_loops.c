// HPCLS-RACE: no
// HPCLS-LOOP: 24 parallel
// HPCLS-LOOP: 26 parallel private(j)
// HPCLS-LOOP: 28 parallel
// HPCLS-LOOP: 31 parallel private(t,u)
// HPCLS-LOOP: 36 parallel lastprivate(last)
// HPCLS-LOOP: 40 parallel private(j,t)
// HPCLS-LOOP: 42 parallel reduction(+:t)
// HPCLS-LOOP: 48 parallel reduction(min:mn) reduction(max:mx)
// HPCLS-LOOP: 54 parallel reduction(+:s,cnt)
// HPCLS-LOOP: 59 parallel reduction(*:prod)
// HPCLS-LOOP: 61 parallel reduction(&&:allpos)
// HPCLS-NOTE: directive-free; C89-style declarations at the top of main, so temporaries and inner indices declared outside the loops need private, values printed after a loop need lastprivate.
#include <stdio.h>
#define N 2000
#define M 64
static double a[N], b[N], m2[N][M], rowsum[N];

int main(void)
{
    int i, j, allpos = 1;
    double t, u, last = 0.0, s = 0.0, prod = 1.0, mn, mx;
    long cnt = 0;
    for (i = 0; i < N; i++)
        a[i] = (double)((i * 37) % 101) / 101.0;
    for (i = 0; i < N; i++) {
        rowsum[i] = 0.0;
        for (j = 0; j < M; j++)
            m2[i][j] = a[i] * (j + 1);
    }
    for (i = 0; i < N; i++) {
        t = a[i] * a[i];
        u = 1.0 - t;
        b[i] = t * u;
    }
    for (i = 0; i < N; i++) {
        last = b[i] * 2.0;
        b[i] = last + a[i];
    }
    for (i = 0; i < N; i++) {
        t = 0.0;
        for (j = 0; j < M; j++)
            t += m2[i][j];
        rowsum[i] += t;
    }
    mn = a[0];
    mx = a[0];
    for (i = 1; i < N; i++) {
        if (a[i] < mn)
            mn = a[i];
        if (a[i] > mx)
            mx = a[i];
    }
    for (i = 0; i < N; i++)
        if (b[i] > 0.1) {
            s += b[i];
            cnt++;
        }
    for (i = 0; i < N; i++)
        prod *= 1.0 + 1e-4 * a[i];
    for (i = 0; i < N; i++)
        allpos = allpos && (rowsum[i] >= 0.0);
    printf("%f %f %f %f %ld %f %d\n", last, mn, mx, s, cnt, prod, allpos);
    return 0;
}
