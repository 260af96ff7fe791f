"""CUDA knowledge table and hover markdown."""

from __future__ import annotations

import re

import pytest

from hpcls.knowledge.cuda import (
    ENTRIES,
    CudaEntry,
    cuda_entry,
    cuda_markdown,
    is_runtime_api,
    launch_markdown,
)

_REQUIRED_TEXT = """cudaMalloc cudaMallocManaged cudaMallocHost cudaHostAlloc cudaFree cudaFreeHost
cudaMemcpy cudaMemcpyAsync cudaMemcpy2D cudaMemset cudaMemsetAsync cudaMemcpyToSymbol
cudaMemcpyFromSymbol cudaMemPrefetchAsync cudaMemGetInfo cudaStreamCreate
cudaStreamCreateWithFlags cudaStreamDestroy cudaStreamSynchronize cudaStreamWaitEvent
cudaStreamQuery cudaEventCreate cudaEventRecord cudaEventSynchronize cudaEventElapsedTime
cudaEventDestroy cudaEventQuery cudaDeviceSynchronize cudaDeviceReset cudaGetDeviceCount
cudaSetDevice cudaGetDevice cudaGetDeviceProperties cudaDeviceGetAttribute cudaGetLastError
cudaPeekAtLastError cudaGetErrorString cudaGetErrorName cudaFuncSetAttribute
cudaOccupancyMaxPotentialBlockSize cudaLaunchKernel __global__ __device__ __host__ __shared__
__constant__ __managed__ __restrict__ __launch_bounds__ __forceinline__ __noinline__ threadIdx
blockIdx blockDim gridDim warpSize __syncthreads __syncwarp __syncthreads_count
__syncthreads_and __syncthreads_or __threadfence __threadfence_block __threadfence_system
atomicAdd atomicSub atomicExch atomicMin atomicMax atomicInc atomicDec atomicCAS atomicAnd
atomicOr atomicXor __shfl_sync __shfl_up_sync __shfl_down_sync __shfl_xor_sync __ballot_sync
__all_sync __any_sync __activemask __popc __clz __ffs __ldg"""
_REQUIRED = _REQUIRED_TEXT.split()


def test_the_table_holds_every_required_name_once() -> None:
    names = [e.name for e in ENTRIES]
    assert len(names) == len(set(names))
    assert [n for n in _REQUIRED if cuda_entry(n) is None] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_every_entry_hovers_with_its_signature(entry: CudaEntry) -> None:
    text = cuda_markdown(entry.name)
    assert text is not None
    assert f"```cuda\n{entry.signature}\n```" in text
    assert entry.name in entry.signature and entry.description in text
    assert ("**Pitfall**" in text) == bool(entry.pitfall)
    if entry.name.startswith("cuda"):
        # Runtime API: a C declaration returning cudaError_t (or the error strings).
        assert re.match(
            r"(template<class T> )?(cudaError_t|const char\*) cuda\w+\(", entry.signature
        )
        assert entry.signature.endswith(")") and is_runtime_api(entry.name)
    else:
        assert not is_runtime_api(entry.name)


def test_classic_pitfalls_and_case_sensitivity() -> None:
    memcpy = cuda_markdown("cudaMemcpy")
    assert memcpy is not None and "Blocks the host" in memcpy
    last = cuda_markdown("cudaGetLastError")
    assert last is not None and "next synchronization" in last
    assert cuda_markdown("CUDAMEMCPY") is None and cuda_markdown("printf") is None


def test_launch_markdown_names_the_four_fields_and_the_active_one() -> None:
    text = launch_markdown(2)
    for field in ("grid", "block", "shmem", "stream"):
        assert f"`{field}`" in text
    assert "**`shmem`**" in text and "**`grid`**" not in text
    assert "**`" not in launch_markdown(None).split("\n\n", 1)[1].split("**Pitfall**")[0]
