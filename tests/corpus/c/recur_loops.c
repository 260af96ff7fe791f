// HPCLS-RACE: no
// HPCLS-LOOP: 22 parallel
// HPCLS-LOOP: 27 parallel
// HPCLS-LOOP: 30 serial
// HPCLS-LOOP: 33 serial
// HPCLS-LOOP: 35 parallel
// HPCLS-LOOP: 37 serial
// HPCLS-LOOP: 41 serial
// HPCLS-LOOP: 43 parallel
// HPCLS-LOOP: 45 parallel
// HPCLS-LOOP: 47 serial
// HPCLS-LOOP: 50 parallel reduction(+:s)
// HPCLS-NOTE: directive-free; prefix sum, first-order filter, Fibonacci-like and in-place smoothing are recurrences; the Horner inner loop carries acc through a non-reduction update.
// HPCLS-NOTE: y[i+1] = y[i] with step 2 reads even and writes odd elements only, and w[i] = w[i+N/2] reads the upper half while writing the lower half: both independent.
#include <stdio.h>
#define N 1000
#define NC 8
static double x[N], y[N], ps[N], p[N], c[NC], z[N], w[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        x[i] = (double)(i % 11) - 5.0;
        w[i] = 0.001 * i;
        z[i] = 0.0;
    }
    for (int k = 0; k < NC; k++)
        c[k] = 1.0 / (k + 1);
    ps[0] = x[0];
    for (int i = 1; i < N; i++)
        ps[i] = ps[i - 1] + x[i];
    y[0] = x[0];
    for (int i = 1; i < N; i++)
        y[i] = 0.9 * y[i - 1] + 0.1 * x[i];
    for (int i = 0; i < N; i++) {
        double acc = c[0];
        for (int k = 1; k < NC; k++)
            acc = acc * x[i] + c[k];
        p[i] = acc;
    }
    for (int i = 2; i < N; i++)
        z[i] = 0.5 * z[i - 1] + 0.25 * z[i - 2] + x[i];
    for (int i = 0; i < N; i += 2)
        y[i + 1] = y[i];
    for (int i = 0; i < N / 2; i++)
        w[i] = w[i + N / 2] * 0.5;
    for (int i = 1; i < N - 1; i++)
        x[i] = 0.5 * (x[i - 1] + x[i + 1]);
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += ps[i] + y[i] + p[i] + z[i] + x[i] + w[i];
    printf("checksum = %f\n", s);
    return 0;
}
