// Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
// Host driver of the N-body code: a Plummer-like random cluster set up on the host, copied
// to the device, integrated with the kernels of nbody_kernels.cu, timed with CUDA events.
#include "nbody.cuh"

#include <cmath>
#include <random>
#include <vector>

namespace {

void initial_cluster(std::vector<float4>& pos, std::vector<float4>& vel, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    const float mass = 1.0f / static_cast<float>(pos.size());
    for (std::size_t i = 0; i < pos.size(); ++i) {
        float r = 1.0f / std::sqrt(std::pow(unit(rng) * 0.99f + 0.01f, -2.0f / 3.0f) - 1.0f);
        float cos_t = 2.0f * unit(rng) - 1.0f;
        float sin_t = std::sqrt(1.0f - cos_t * cos_t);
        float phi = 6.2831853f * unit(rng);
        pos[i] = make_float4(r * sin_t * std::cos(phi), r * sin_t * std::sin(phi), r * cos_t, mass);
        vel[i] = make_float4(0.1f * (unit(rng) - 0.5f), 0.1f * (unit(rng) - 0.5f),
                             0.1f * (unit(rng) - 0.5f), 0.0f);
    }
}

float total_kinetic_energy(const Bodies& b, float* d_block_sums, int blocks)
{
    kinetic_energy<<<blocks, kTile>>>(b.pos, b.vel, b.n, d_block_sums);
    CUDA_CHECK(cudaGetLastError());
    std::vector<float> sums(static_cast<std::size_t>(blocks));
    CUDA_CHECK(cudaMemcpy(sums.data(), d_block_sums, blocks * sizeof(float),
                          cudaMemcpyDeviceToHost));
    double total = 0.0;
    for (float s : sums)
        total += s;
    return static_cast<float>(total);
}

}  // namespace

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 16384;
    const int steps = argc > 2 ? std::atoi(argv[2]) : 100;
    const StepParams params{1e-3f, 1.0f};

    std::vector<float4> h_pos(static_cast<std::size_t>(n));
    std::vector<float4> h_vel(static_cast<std::size_t>(n));
    initial_cluster(h_pos, h_vel, 2024u);

    Bodies b = bodies_alloc(n);
    CUDA_CHECK(cudaMemcpy(b.pos, h_pos.data(), n * sizeof(float4), cudaMemcpyHostToDevice));
    CUDA_CHECK(cudaMemcpy(b.vel, h_vel.data(), n * sizeof(float4), cudaMemcpyHostToDevice));

    const int blocks = blocks_for(n, kTile);
    const int energy_blocks = 64;
    float* d_block_sums = nullptr;
    CUDA_CHECK(cudaMalloc(&d_block_sums, energy_blocks * sizeof(float)));
    const float e0 = total_kinetic_energy(b, d_block_sums, energy_blocks);

    cudaEvent_t start, stop;
    CUDA_CHECK(cudaEventCreate(&start));
    CUDA_CHECK(cudaEventCreate(&stop));
    CUDA_CHECK(cudaEventRecord(start));
    for (int step = 0; step < steps; ++step) {
        compute_accelerations<<<blocks, kTile>>>(b.pos, b.acc, n, params.gravity);
        kick_drift<<<blocks, kTile>>>(b.pos, b.vel, b.acc, n, params.dt);
    }
    CUDA_CHECK(cudaGetLastError());
    CUDA_CHECK(cudaEventRecord(stop));
    CUDA_CHECK(cudaEventSynchronize(stop));
    float ms = 0.0f;
    CUDA_CHECK(cudaEventElapsedTime(&ms, start, stop));

    const float e1 = total_kinetic_energy(b, d_block_sums, energy_blocks);
    const double interactions = static_cast<double>(n) * n * steps;
    std::printf("%d bodies, %d steps: %.2f ms, %.1f G interactions/s\n", n, steps, ms,
                interactions / (ms * 1e6));
    std::printf("kinetic energy %.6e -> %.6e\n", e0, e1);

    CUDA_CHECK(cudaEventDestroy(start));
    CUDA_CHECK(cudaEventDestroy(stop));
    CUDA_CHECK(cudaFree(d_block_sums));
    bodies_free(b);
    return 0;
}
