// HPCLS-RACE: no
// HPCLS-TWIN: deposit_race.cpp
// HPCLS-LOOP: 19 parallel
// HPCLS-LOOP: 24 parallel
// HPCLS-LOOP: 32 parallel reduction(+:total)
// HPCLS-NOTE: every path that updates count[] holds the lock.
// HPCLS-NOTE: the particle loop needs no clause: all its conflicting updates are serialised by the lock.
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
