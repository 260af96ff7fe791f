// Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
// Shared declarations of the softened gravitational N-body code: the particle layout
// (structure of arrays), the launch parameters and the kernels in nbody_kernels.cu.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cuda_runtime.h>

#define CUDA_CHECK(call)                                                        \
    do {                                                                        \
        cudaError_t err_ = (call);                                              \
        if (err_ != cudaSuccess) {                                              \
            std::fprintf(stderr, "%s:%d: %s failed: %s\n", __FILE__, __LINE__, \
                         #call, cudaGetErrorString(err_));                      \
            std::exit(EXIT_FAILURE);                                            \
        }                                                                       \
    } while (0)

constexpr int kTile = 256;           // threads per block = bodies per shared-memory tile
constexpr float kSoftening2 = 1e-4f; // squared softening length

struct Bodies {
    float4* pos;  // x, y, z, mass
    float4* vel;  // vx, vy, vz, unused
    float3* acc;
    int n;
};

struct StepParams {
    float dt;
    float gravity;
};

inline int blocks_for(int n, int threads) { return (n + threads - 1) / threads; }

__global__ void compute_accelerations(const float4* __restrict__ pos, float3* __restrict__ acc,
                                      int n, float gravity);
__global__ void kick_drift(float4* __restrict__ pos, float4* __restrict__ vel,
                           const float3* __restrict__ acc, int n, float dt);
__global__ void kinetic_energy(const float4* __restrict__ pos, const float4* __restrict__ vel,
                               int n, float* __restrict__ block_sums);

Bodies bodies_alloc(int n);
void bodies_free(Bodies& b);
