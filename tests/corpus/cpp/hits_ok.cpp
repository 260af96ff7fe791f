// HPCLS-RACE: no
// HPCLS-TWIN: hits_race.cpp
// HPCLS-LOOP: 15 serial
// HPCLS-NOTE: the push_back is inside a critical construct; sorting afterwards restores a deterministic order.
// HPCLS-NOTE: the loop is serial as written: the order of the pushes is the iteration order.
#include <algorithm>
#include <cstdio>
#include <vector>

int main()
{
    const int n = 100000;
    std::vector<int> hits;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        unsigned h = (unsigned)i * 2654435761u;
        if ((h >> 20) % 7 == 0) {
#pragma omp critical(hits_push)
            hits.push_back(i);
        }
    }
    std::sort(hits.begin(), hits.end());
    std::printf("%zu hits, first %d\n", hits.size(), hits.empty() ? -1 : hits[0]);
    return 0;
}
