// HPCLS-RACE: yes
// HPCLS-TWIN: deposit_ok.cpp
// HPCLS-PAIR: 27 31
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 24 parallel reduction(+:count)
// HPCLS-LOOP: 36 parallel reduction(+:total)
// HPCLS-NOTE: the weight-1 fast path updates count[cell] without taking the lock that the other path holds, so it conflicts with locked updates and with itself.
#include <cstdio>
#include <vector>
#include <omp.h>
#define NC 32

static int count[NC];

int main()
{
    const int np = 200000;
    std::vector<int> weight(np);
    for (int i = 0; i < np; i++)
        weight[i] = (i % 3 == 0) ? 1 : 2;
    omp_lock_t lock;
    omp_init_lock(&lock);
#pragma omp parallel for
    for (int i = 0; i < np; i++) {
        int cell = (i * 7) % NC;
        if (weight[i] == 1) {
            count[cell] += 1;
            continue;
        }
        omp_set_lock(&lock);
        count[cell] += weight[i];
        omp_unset_lock(&lock);
    }
    omp_destroy_lock(&lock);
    long total = 0;
    for (int c = 0; c < NC; c++)
        total += count[c];
    std::printf("total weight = %ld\n", total);
    return 0;
}
