// HPCLS-RACE: yes
// HPCLS-TWIN: hits_ok.cpp
// HPCLS-PAIR: 19 19
// HPCLS-LOOP: 16 serial
// HPCLS-NOTE: push_back on one shared vector from all threads modifies its size and storage concurrently.
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
        if ((h >> 20) % 7 == 0)
            hits.push_back(i);
    }
    std::sort(hits.begin(), hits.end());
    std::printf("%zu hits, first %d\n", hits.size(), hits.empty() ? -1 : hits[0]);
    return 0;
}
