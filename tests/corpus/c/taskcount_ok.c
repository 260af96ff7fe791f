// HPCLS-RACE: no
// HPCLS-TWIN: taskcount_race.c
// HPCLS-LOOP: 15 parallel
// HPCLS-LOOP: 19 parallel reduction(+:count)
// HPCLS-LOOP: 23 parallel reduction(+:local)
// HPCLS-NOTE: the update of the shared count is atomic; the tasks finish at the implicit barrier before count is printed.
#include <stdio.h>
#define NB 64
#define BS 1000
static int data[NB * BS];

int main(void)
{
    int count = 0;
    for (int i = 0; i < NB * BS; i++)
        data[i] = i * 31 % 1000;
#pragma omp parallel
#pragma omp single
    for (int b = 0; b < NB; b++) {
#pragma omp task firstprivate(b) shared(count)
        {
            int local = 0;
            for (int i = b * BS; i < (b + 1) * BS; i++)
                if (data[i] % 3 == 0)
                    local++;
#pragma omp atomic
            count += local;
        }
    }
    printf("count = %d\n", count);
    return 0;
}
