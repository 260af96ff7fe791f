// HPCLS-RACE: yes
// HPCLS-TWIN: globalres_ok.c
// HPCLS-PAIR: 21 21
// HPCLS-LOOP: 14 parallel
// HPCLS-LOOP: 19 parallel reduction(+:g_res)
// HPCLS-NOTE: the global residual g_res is accumulated by all threads without a reduction.
#include <stdio.h>
#define N 100000
double g_res = 0.0;
static double xold[N], xnew[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        xold[i] = (double)(i % 17);
        xnew[i] = xold[i] + 0.001 * (i % 5);
    }
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        double d = xnew[i] - xold[i];
        g_res += d * d;
    }
    printf("residual^2 = %.9f\n", g_res);
    return 0;
}
