// HPCLS-RACE: no
// HPCLS-TWIN: tpbuf_race.c
// HPCLS-LOOP: 18 parallel
// HPCLS-LOOP: 20 parallel
// HPCLS-LOOP: 28 parallel collapse(2)
// HPCLS-LOOP: 29 parallel
// HPCLS-LOOP: 32 parallel
// HPCLS-NOTE: the scratch buffer is threadprivate, so each thread filters its rows in its own copy; the row loop is parallel.
#include <stdio.h>
#define R 256
#define W 64
static double img[R][W], res[R][W];
static double work[W];
#pragma omp threadprivate(work)

static void filter_row(int r)
{
    for (int k = 0; k < W; k++)
        work[k] = img[r][k] * 0.5;
    for (int k = 1; k < W - 1; k++)
        res[r][k] = work[k - 1] + work[k] + work[k + 1];
    res[r][0] = work[0];
    res[r][W - 1] = work[W - 1];
}

int main(void)
{
    for (int r = 0; r < R; r++)
        for (int k = 0; k < W; k++)
            img[r][k] = (double)(r + k);
#pragma omp parallel for
    for (int r = 0; r < R; r++)
        filter_row(r);
    printf("res[R-1][W/2] = %f\n", res[R - 1][W / 2]);
    return 0;
}
