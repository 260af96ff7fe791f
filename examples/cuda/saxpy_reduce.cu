// saxpy_reduce.cu -- CUDA example: SAXPY followed by a parallel sum
//                    reduction of the result (hpcls example "cuda").
//
// Build:  nvcc -O3 -arch=sm_80 saxpy_reduce.cu -o saxpy_reduce
// Run:    ./saxpy_reduce [n]
//
// y = a*x + y is computed with a grid-stride kernel, then sum(y) is reduced
// in two stages: each block reduces its part in shared memory (finishing
// with warp shuffles) and writes one partial sum; a second launch of the
// same kernel with a single block reduces the partial sums.  The result is
// checked against a double-precision host sum.

#include <cuda_runtime.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

// Abort with file/line information when a CUDA runtime call fails.
#define CUDA_CHECK(call)                                                      \
    do {                                                                      \
        const cudaError_t err_ = (call);                                      \
        if (err_ != cudaSuccess) {                                            \
            std::fprintf(stderr, "CUDA error %s at %s:%d: %s\n",              \
                         cudaGetErrorName(err_), __FILE__, __LINE__,          \
                         cudaGetErrorString(err_));                           \
            std::exit(EXIT_FAILURE);                                          \
        }                                                                     \
    } while (0)

// Check the most recent kernel launch (configuration errors are reported
// immediately, execution errors only after synchronisation).
#define CUDA_CHECK_LAUNCH() CUDA_CHECK(cudaGetLastError())

constexpr int kWarpSize = 32;
constexpr int kBlockSize = 256;       // threads per block, multiple of 32
constexpr int kMaxReduceBlocks = 1024;  // partial sums fit in one block pass

// ---------------------------------------------------------------------------
// Device code
// ---------------------------------------------------------------------------

// Sum `val` over the 32 lanes of a warp; lane 0 ends up with the total.
__device__ __forceinline__ float warp_reduce_sum(float val)
{
    for (int offset = kWarpSize / 2; offset > 0; offset /= 2)
        val += __shfl_down_sync(0xffffffffu, val, offset);
    return val;
}

// y[i] = a * x[i] + y[i], grid-stride loop so any grid size covers n.
__global__ void saxpy(int n, float a, const float* __restrict__ x, float* __restrict__ y)
{
    const int stride = blockDim.x * gridDim.x;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride)
        y[i] = a * x[i] + y[i];
}

// Each block writes the sum of its grid-stride share of in[0:n) to
// out[blockIdx.x].  Dynamic shared memory: one float per warp.
__global__ void block_reduce_sum(const float* __restrict__ in, float* __restrict__ out, int n)
{
    extern __shared__ float warp_sums[];

    const int lane = threadIdx.x % kWarpSize;
    const int warp = threadIdx.x / kWarpSize;
    const int nwarps = blockDim.x / kWarpSize;

    // 1. per-thread serial sum over the grid-stride loop
    float sum = 0.0f;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
        sum += in[i];

    // 2. reduce within each warp, lane 0 stores the warp's total
    sum = warp_reduce_sum(sum);
    if (lane == 0)
        warp_sums[warp] = sum;
    __syncthreads();

    // 3. the first warp reduces the per-warp totals
    if (warp == 0) {
        sum = (lane < nwarps) ? warp_sums[lane] : 0.0f;
        sum = warp_reduce_sum(sum);
        if (lane == 0)
            out[blockIdx.x] = sum;
    }
}

// ---------------------------------------------------------------------------
// Host code
// ---------------------------------------------------------------------------

static int blocks_for(int n, int block, int max_blocks)
{
    const int b = (n + block - 1) / block;
    return b < max_blocks ? (b > 0 ? b : 1) : max_blocks;
}

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : (1 << 22);
    const float a = 2.0f;
    const size_t bytes = static_cast<size_t>(n) * sizeof(float);

    int device = 0;
    cudaDeviceProp prop;
    CUDA_CHECK(cudaGetDevice(&device));
    CUDA_CHECK(cudaGetDeviceProperties(&prop, device));
    std::printf("device %d: %s (sm_%d%d), n = %d\n", device, prop.name, prop.major,
                prop.minor, n);

    // Host data: x = 1, y = i mod 7, so y_new = 2 + (i mod 7)
    std::vector<float> h_x(n, 1.0f), h_y(n);
    for (int i = 0; i < n; ++i)
        h_y[i] = static_cast<float>(i % 7);

    float *d_x = nullptr, *d_y = nullptr, *d_partial = nullptr, *d_sum = nullptr;
    CUDA_CHECK(cudaMalloc(&d_x, bytes));
    CUDA_CHECK(cudaMalloc(&d_y, bytes));
    CUDA_CHECK(cudaMalloc(&d_partial, kMaxReduceBlocks * sizeof(float)));
    CUDA_CHECK(cudaMalloc(&d_sum, sizeof(float)));
    CUDA_CHECK(cudaMemcpy(d_x, h_x.data(), bytes, cudaMemcpyHostToDevice));
    CUDA_CHECK(cudaMemcpy(d_y, h_y.data(), bytes, cudaMemcpyHostToDevice));

    cudaEvent_t start, stop;
    CUDA_CHECK(cudaEventCreate(&start));
    CUDA_CHECK(cudaEventCreate(&stop));

    const dim3 block(kBlockSize);
    const dim3 grid(blocks_for(n, kBlockSize, 32 * prop.multiProcessorCount));
    const dim3 reduce_grid(blocks_for(n, kBlockSize, kMaxReduceBlocks));
    const size_t shmem = (kBlockSize / kWarpSize) * sizeof(float);

    CUDA_CHECK(cudaEventRecord(start));
    saxpy<<<grid, block>>>(n, a, d_x, d_y);
    CUDA_CHECK_LAUNCH();
    block_reduce_sum<<<reduce_grid, block, shmem>>>(d_y, d_partial, n);
    CUDA_CHECK_LAUNCH();
    block_reduce_sum<<<1, block, shmem>>>(d_partial, d_sum, static_cast<int>(reduce_grid.x));
    CUDA_CHECK_LAUNCH();
    CUDA_CHECK(cudaEventRecord(stop));
    CUDA_CHECK(cudaEventSynchronize(stop));

    float ms = 0.0f;
    CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));

    float gpu_sum = 0.0f;
    CUDA_CHECK(cudaMemcpy(&gpu_sum, d_sum, sizeof(float), cudaMemcpyDeviceToHost));

    // Reference sum in double precision on the host
    double ref = 0.0;
    for (int i = 0; i < n; ++i)
        ref += static_cast<double>(a) * h_x[i] + h_y[i];
    const double rel = std::fabs(gpu_sum - ref) / ref;

    std::printf("sum = %.6e  (reference %.6e, rel. error %.2e), %.3f ms\n", gpu_sum, ref, rel,
                ms);

    CUDA_CHECK(cudaEventDestroy(start));
    CUDA_CHECK(cudaEventDestroy(stop));
    CUDA_CHECK(cudaFree(d_x));
    CUDA_CHECK(cudaFree(d_y));
    CUDA_CHECK(cudaFree(d_partial));
    CUDA_CHECK(cudaFree(d_sum));

    if (rel > 1e-5) {
        std::fprintf(stderr, "saxpy_reduce: FAILED\n");
        return EXIT_FAILURE;
    }
    std::printf("saxpy_reduce: PASSED\n");
    return EXIT_SUCCESS;
}
