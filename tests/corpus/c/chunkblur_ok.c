// HPCLS-RACE: no
// HPCLS-TWIN: chunkblur_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 21 parallel
// HPCLS-LOOP: 32 parallel reduction(+:s)
// HPCLS-NOTE: chunks are half-open [lo, hi) and the last one ends at N-1, so the thread chunks partition 1..N-2 exactly.
#include <stdio.h>
#include <omp.h>
#define N 100000

static double in[N], out[N];

static void blur_chunk(const double *restrict src, double *restrict dst, int lo, int hi)
{
    for (int i = lo; i < hi; i++)
        dst[i] = 0.25 * src[i - 1] + 0.5 * src[i] + 0.25 * src[i + 1];
}

int main(void)
{
    for (int i = 0; i < N; i++)
        in[i] = (double)(i % 8);
#pragma omp parallel
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        int len = (N - 2) / nt;
        int lo = 1 + t * len;
        int hi = (t == nt - 1) ? N - 1 : lo + len;
        blur_chunk(in, out, lo, hi);
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += out[i];
    printf("sum = %f\n", s);
    return 0;
}
