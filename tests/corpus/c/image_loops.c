// HPCLS-RACE: no
// HPCLS-LOOP: 28 parallel collapse(2)
// HPCLS-LOOP: 29 parallel
// HPCLS-LOOP: 31 parallel collapse(2)
// HPCLS-LOOP: 32 parallel
// HPCLS-LOOP: 34 parallel collapse(2)
// HPCLS-LOOP: 35 parallel
// HPCLS-LOOP: 38 parallel collapse(2) reduction(+:bright)
// HPCLS-LOOP: 39 parallel reduction(+:bright)
// HPCLS-LOOP: 42 parallel collapse(2)
// HPCLS-LOOP: 43 parallel
// HPCLS-LOOP: 48 parallel
// HPCLS-LOOP: 49 serial
// HPCLS-LOOP: 51 parallel
// HPCLS-LOOP: 53 serial
// HPCLS-LOOP: 54 parallel
// HPCLS-LOOP: 56 serial
// HPCLS-LOOP: 57 serial
// HPCLS-NOTE: directive-free; the recursive horizontal filter is serial along j, the column accumulation is serial along i, the integral image is serial at both levels.
// HPCLS-NOTE: the vertical flip swaps rows i and H-1-i only for i < H/2, so iterations touch disjoint rows.
#include <stdio.h>
#define H 240
#define W 320
static float img[H][W], out[H][W], tr[W][H], S[H][W], I2[H][W];

int main(void)
{
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
            img[i][j] = (float)((i * 7 + j * 13) % 256) / 255.0f;
    for (int i = 1; i < H - 1; i++)
        for (int j = 1; j < W - 1; j++)
            out[i][j] = (img[i - 1][j] + img[i + 1][j] + img[i][j - 1] + img[i][j + 1] + 4.0f * img[i][j]) / 8.0f;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
            tr[j][i] = img[i][j];
    long bright = 0;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
            if (img[i][j] > 0.5f)
                bright++;
    for (int i = 0; i < H / 2; i++)
        for (int j = 0; j < W; j++) {
            float t = img[i][j];
            img[i][j] = img[H - 1 - i][j];
            img[H - 1 - i][j] = t;
        }
    for (int i = 0; i < H; i++)
        for (int j = 1; j < W; j++)
            img[i][j] += 0.5f * img[i][j - 1];
    for (int j = 0; j < W; j++)
        S[0][j] = img[0][j];
    for (int i = 1; i < H; i++)
        for (int j = 0; j < W; j++)
            S[i][j] = img[i][j] + S[i - 1][j];
    for (int i = 1; i < H; i++)
        for (int j = 1; j < W; j++)
            I2[i][j] = img[i][j] + I2[i - 1][j] + I2[i][j - 1] - I2[i - 1][j - 1];
    printf("%f %f %ld %f %f\n", out[H / 2][W / 2], tr[5][7], bright, S[H - 1][W - 1], I2[H - 1][W - 1]);
    return 0;
}
