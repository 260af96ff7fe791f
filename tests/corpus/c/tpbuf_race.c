// HPCLS-RACE: yes
// HPCLS-TWIN: tpbuf_ok.c
// HPCLS-PAIR: 20 22
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 21 parallel
// HPCLS-LOOP: 29 parallel collapse(2)
// HPCLS-LOOP: 30 parallel
// HPCLS-LOOP: 33 serial
// HPCLS-NOTE: the scratch row buffer is one global array shared by all threads of the parallel row loop.
// HPCLS-NOTE: the row loop is serial as written: every iteration overwrites and rereads the global scratch inside a called function, which no clause on the loop can privatise.
#include <stdio.h>
#define R 256
#define W 64
static double img[R][W], res[R][W];
static double work[W];

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
