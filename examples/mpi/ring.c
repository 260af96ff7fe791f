/*
 * ring.c -- MPI ring and pipeline patterns in C (hpcls example "mpi").
 *
 * Build:  mpicc -O2 -Wall ring.c -o ring
 * Run:    mpirun -np 4 ./ring [count [laps]]
 *
 * Three classic, deadlock-free ways to move data around a ring of ranks:
 *   1. token_ring        -- a token travels 0 -> 1 -> ... -> p-1 -> 0,
 *                           every rank adds its rank; blocking Send/Recv,
 *                           rank 0 starts the chain so nobody waits forever.
 *   2. ring_allgather    -- p-1 shift steps with MPI_Sendrecv; afterwards
 *                           every rank holds every rank's block.
 *   3. ring_pipeline     -- a long message cut into chunks that flow through
 *                           the ranks with MPI_Irecv/MPI_Isend/MPI_Waitall,
 *                           so forwarding overlaps with receiving.
 * Each pattern checks its own result; the exit status is nonzero on error.
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

#define TAG_TOKEN    1
#define TAG_GATHER   2
#define TAG_PIPE     3
#define DEFAULT_COUNT 4096   /* doubles per pipeline message */
#define DEFAULT_LAPS  3      /* token laps                   */
#define NCHUNKS       8      /* pipeline chunks              */

/* Neighbours in the ring. */
static int ring_next(int rank, int size) { return (rank + 1) % size; }
static int ring_prev(int rank, int size) { return (rank + size - 1) % size; }

/* Pattern 1: returns 0 on success. */
static int token_ring(MPI_Comm comm, int laps)
{
    int rank, size, token = 0, errors = 0;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);

    if (size == 1)
        return 0;   /* a ring of one: nothing to pass */

    for (int lap = 0; lap < laps; lap++) {
        if (rank == 0) {
            token = 0;
            MPI_Send(&token, 1, MPI_INT, ring_next(rank, size), TAG_TOKEN, comm);
            MPI_Recv(&token, 1, MPI_INT, ring_prev(rank, size), TAG_TOKEN, comm,
                     MPI_STATUS_IGNORE);
            /* 0 + 1 + ... + (size-1) */
            if (token != size * (size - 1) / 2) {
                fprintf(stderr, "token_ring: lap %d got %d, expected %d\n", lap, token,
                        size * (size - 1) / 2);
                errors++;
            }
        } else {
            MPI_Recv(&token, 1, MPI_INT, ring_prev(rank, size), TAG_TOKEN, comm,
                     MPI_STATUS_IGNORE);
            token += rank;
            MPI_Send(&token, 1, MPI_INT, ring_next(rank, size), TAG_TOKEN, comm);
        }
    }
    return errors;
}

/* Pattern 2: all[r] = r*r + 1 for every r on every rank. */
static int ring_allgather(MPI_Comm comm)
{
    int rank, size, errors = 0;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);

    int *all = malloc((size_t)size * sizeof *all);
    if (!all)
        MPI_Abort(comm, 1);
    all[rank] = rank * rank + 1;

    /* In step s we forward the block that originated s ranks upstream and
     * receive the one from s+1 ranks upstream. */
    for (int s = 0; s < size - 1; s++) {
        const int send_block = (rank - s + size) % size;
        const int recv_block = (rank - s - 1 + size) % size;
        MPI_Sendrecv(&all[send_block], 1, MPI_INT, ring_next(rank, size), TAG_GATHER,
                     &all[recv_block], 1, MPI_INT, ring_prev(rank, size), TAG_GATHER,
                     comm, MPI_STATUS_IGNORE);
    }

    for (int r = 0; r < size; r++)
        if (all[r] != r * r + 1)
            errors++;
    free(all);
    return errors;
}

/* Pattern 3: rank 0 produces `count` doubles, they flow chunk by chunk
 * down the chain 0 -> 1 -> ... -> p-1 (no wrap-around), and the last rank
 * checks them.  Every rank forwards chunk c while chunk c+1 is arriving. */
static int ring_pipeline(MPI_Comm comm, int count)
{
    int rank, size, errors = 0;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);

    const int chunk = (count + NCHUNKS - 1) / NCHUNKS;
    double *buf = malloc((size_t)chunk * NCHUNKS * sizeof *buf);
    MPI_Request recv_req[NCHUNKS], send_req[NCHUNKS];
    if (!buf)
        MPI_Abort(comm, 1);

    const int prev = rank > 0 ? rank - 1 : MPI_PROC_NULL;
    const int next = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;

    if (rank == 0)
        for (int i = 0; i < chunk * NCHUNKS; i++)
            buf[i] = 0.5 * i;

    /* Post every receive up front (no-ops on rank 0: prev is PROC_NULL). */
    for (int c = 0; c < NCHUNKS; c++)
        MPI_Irecv(&buf[c * chunk], chunk, MPI_DOUBLE, prev, TAG_PIPE, comm, &recv_req[c]);

    /* Forward each chunk as soon as it is complete. */
    for (int c = 0; c < NCHUNKS; c++) {
        MPI_Wait(&recv_req[c], MPI_STATUS_IGNORE);
        MPI_Isend(&buf[c * chunk], chunk, MPI_DOUBLE, next, TAG_PIPE, comm, &send_req[c]);
    }
    MPI_Waitall(NCHUNKS, send_req, MPI_STATUSES_IGNORE);

    if (rank == size - 1)
        for (int i = 0; i < chunk * NCHUNKS; i++)
            if (buf[i] != 0.5 * i)
                errors++;
    free(buf);
    return errors;
}

int main(int argc, char **argv)
{
    int rank, size, local_errors = 0, total_errors = 0;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    const int count = argc > 1 ? atoi(argv[1]) : DEFAULT_COUNT;
    const int laps = argc > 2 ? atoi(argv[2]) : DEFAULT_LAPS;

    const double t0 = MPI_Wtime();
    local_errors += token_ring(MPI_COMM_WORLD, laps);
    local_errors += ring_allgather(MPI_COMM_WORLD);
    local_errors += ring_pipeline(MPI_COMM_WORLD, count > 0 ? count : 1);
    const double elapsed = MPI_Wtime() - t0;

    MPI_Reduce(&local_errors, &total_errors, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
    if (rank == 0)
        printf("ring: %d ranks, %d errors, %.3f ms\n", size, total_errors, 1e3 * elapsed);

    /* every rank must agree on the exit status */
    MPI_Bcast(&total_errors, 1, MPI_INT, 0, MPI_COMM_WORLD);
    MPI_Finalize();
    return total_errors == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
