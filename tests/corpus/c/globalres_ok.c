// HPCLS-RACE: no
// HPCLS-TWIN: globalres_race.c
// HPCLS-LOOP: 13 parallel
// HPCLS-LOOP: 18 parallel reduction(+:g_res)
// HPCLS-NOTE: reduction(+:g_res) is allowed on the file-scope variable and removes the conflict.
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
#pragma omp parallel for reduction(+:g_res)
    for (int i = 0; i < N; i++) {
        double d = xnew[i] - xold[i];
        g_res += d * d;
    }
    printf("residual^2 = %.9f\n", g_res);
    return 0;
}
