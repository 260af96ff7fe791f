// HPCLS-RACE: no
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 24 parallel
// HPCLS-LOOP: 26 parallel reduction(+:ax,ay)
// HPCLS-LOOP: 38 parallel
// HPCLS-LOOP: 45 parallel reduction(+:ekin)
// HPCLS-LOOP: 48 serial
// HPCLS-LOOP: 52 parallel reduction(+:sx)
// HPCLS-NOTE: directive-free; forces are gathered per particle (each i writes only its own fx, fy), so the outer loop is parallel and the inner one is a sum.
// HPCLS-NOTE: compacting the selected particles with near[m++] carries m from iteration to iteration: serial.
#include <stdio.h>
#define NP 512
static double px[NP], py[NP], vx[NP], vy[NP], fx[NP], fy[NP];
static int near[NP];

int main(void)
{
    const double dt = 1e-3;
    for (int i = 0; i < NP; i++) {
        px[i] = (double)(i % 32);
        py[i] = (double)(i / 32);
        vx[i] = vy[i] = 0.0;
    }
    for (int i = 0; i < NP; i++) {
        double ax = 0.0, ay = 0.0;
        for (int j = 0; j < NP; j++) {
            if (j == i)
                continue;
            double dx = px[j] - px[i], dy = py[j] - py[i];
            double r2 = dx * dx + dy * dy + 0.01;
            double inv = 1.0 / (r2 * r2);
            ax += dx * inv;
            ay += dy * inv;
        }
        fx[i] = ax;
        fy[i] = ay;
    }
    for (int i = 0; i < NP; i++) {
        vx[i] += dt * fx[i];
        vy[i] += dt * fy[i];
        px[i] += dt * vx[i];
        py[i] += dt * vy[i];
    }
    double ekin = 0.0;
    for (int i = 0; i < NP; i++)
        ekin += 0.5 * (vx[i] * vx[i] + vy[i] * vy[i]);
    int m = 0;
    for (int i = 0; i < NP; i++)
        if (px[i] < 10.0)
            near[m++] = i;
    double sx = 0.0;
    for (int k = 0; k < m; k++)
        sx += px[near[k]];
    printf("ekin = %g, %d near, mean x %f\n", ekin, m, m ? sx / m : 0.0);
    return 0;
}
