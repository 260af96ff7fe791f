// Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
// The N-body kernels: all-pairs accelerations tiled through shared memory, a kick-drift
// integrator step, and a block-level kinetic energy reduction with warp shuffles.
#include "nbody.cuh"

__device__ inline float3 pair_acceleration(float4 me, float4 other, float3 acc)
{
    float3 r;
    r.x = other.x - me.x;
    r.y = other.y - me.y;
    r.z = other.z - me.z;
    float dist2 = r.x * r.x + r.y * r.y + r.z * r.z + kSoftening2;
    float inv = rsqrtf(dist2);
    float inv3 = inv * inv * inv * other.w;
    acc.x += r.x * inv3;
    acc.y += r.y * inv3;
    acc.z += r.z * inv3;
    return acc;
}

__global__ void compute_accelerations(const float4* __restrict__ pos, float3* __restrict__ acc,
                                      int n, float gravity)
{
    __shared__ float4 tile[kTile];
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float4 me = i < n ? pos[i] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
    float3 a = make_float3(0.0f, 0.0f, 0.0f);

    for (int start = 0; start < n; start += kTile) {
        int j = start + threadIdx.x;
        // Bodies past the end get zero mass, so they add nothing.
        tile[threadIdx.x] = j < n ? pos[j] : make_float4(0.0f, 0.0f, 0.0f, 0.0f);
        __syncthreads();
        #pragma unroll 8
        for (int k = 0; k < kTile; ++k)
            a = pair_acceleration(me, tile[k], a);
        __syncthreads();
    }
    if (i < n)
        acc[i] = make_float3(gravity * a.x, gravity * a.y, gravity * a.z);
}

__global__ void kick_drift(float4* __restrict__ pos, float4* __restrict__ vel,
                           const float3* __restrict__ acc, int n, float dt)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n)
        return;
    float4 v = vel[i];
    float3 a = acc[i];
    v.x += a.x * dt;
    v.y += a.y * dt;
    v.z += a.z * dt;
    float4 p = pos[i];
    p.x += v.x * dt;
    p.y += v.y * dt;
    p.z += v.z * dt;
    vel[i] = v;
    pos[i] = p;
}

__device__ inline float warp_sum(float value)
{
    for (int offset = warpSize / 2; offset > 0; offset /= 2)
        value += __shfl_down_sync(0xffffffffu, value, offset);
    return value;
}

__global__ void kinetic_energy(const float4* __restrict__ pos, const float4* __restrict__ vel,
                               int n, float* __restrict__ block_sums)
{
    __shared__ float warp_partials[kTile / 32];
    float e = 0.0f;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        float4 v = vel[i];
        e += 0.5f * pos[i].w * (v.x * v.x + v.y * v.y + v.z * v.z);
    }
    e = warp_sum(e);
    int lane = threadIdx.x % warpSize;
    int warp = threadIdx.x / warpSize;
    if (lane == 0)
        warp_partials[warp] = e;
    __syncthreads();
    if (warp == 0) {
        e = lane < blockDim.x / warpSize ? warp_partials[lane] : 0.0f;
        e = warp_sum(e);
        if (lane == 0)
            block_sums[blockIdx.x] = e;
    }
}

Bodies bodies_alloc(int n)
{
    Bodies b{};
    b.n = n;
    CUDA_CHECK(cudaMalloc(&b.pos, n * sizeof(float4)));
    CUDA_CHECK(cudaMalloc(&b.vel, n * sizeof(float4)));
    CUDA_CHECK(cudaMalloc(&b.acc, n * sizeof(float3)));
    return b;
}

void bodies_free(Bodies& b)
{
    CUDA_CHECK(cudaFree(b.pos));
    CUDA_CHECK(cudaFree(b.vel));
    CUDA_CHECK(cudaFree(b.acc));
    b = Bodies{};
}
