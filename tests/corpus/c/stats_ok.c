// HPCLS-RACE: no
// HPCLS-TWIN: stats_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 18 parallel reduction(+:sum,cnt)
// HPCLS-NOTE: both shared updates are atomic.
#include <stdio.h>
#define N 300000
static double x[N];

int main(void)
{
    const double thr = 0.5;
    double sum = 0.0;
    int cnt = 0;
    for (int i = 0; i < N; i++)
        x[i] = (double)(i % 1000) / 1000.0;
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        if (x[i] > thr) {
#pragma omp atomic
            sum += x[i];
#pragma omp atomic
            cnt++;
        }
    }
    printf("mean above threshold = %f over %d\n", sum / cnt, cnt);
    return 0;
}
