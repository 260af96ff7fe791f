"""CUDA C++ language extensions (CUDA C++ Programming Guide): function and variable
qualifiers, built-in variables and device intrinsics. Rows as in cuda_runtime."""

from __future__ import annotations

from hpcls.knowledge.cuda_runtime import CudaRow

_TYPES = "int, unsigned int, unsigned long long int"

QUALIFIERS: tuple[CudaRow, ...] = (
    (
        "__global__",
        "__global__ void kernel(args...)",
        "A kernel: runs on the device, launched from the host with `<<<...>>>`.",
        "Must return void; the launch is asynchronous.",
    ),
    ("__device__", "__device__ T f(args...)", "Runs on, and is callable from, the device.", ""),
    (
        "__host__",
        "__host__ T f(args...)",
        "Runs on the host; `__host__ __device__` compiles the function for both.",
        "",
    ),
    (
        "__shared__",
        "__shared__ T var[N];  /  extern __shared__ T var[];",
        "Per-block shared memory; `extern` arrays are sized by the launch's third field.",
        "Not initialized; synchronize (`__syncthreads()`) between writes and other threads' reads.",
    ),
    (
        "__constant__",
        "__constant__ T var;",
        "Read-only device memory (64 KiB) cached for warp-uniform reads.",
        "Set it from the host with cudaMemcpyToSymbol.",
    ),
    ("__managed__", "__managed__ T var;", "A unified-memory variable (host and device).", ""),
    (
        "__restrict__",
        "T* __restrict__ p",
        "Promises the pointer is not aliased, allowing read-only caching and reordering.",
        "A false promise gives wrong results silently.",
    ),
    (
        "__launch_bounds__",
        "__launch_bounds__(maxThreadsPerBlock [, minBlocksPerMultiprocessor "
        "[, maxBlocksPerCluster]])",
        "Tells the compiler the kernel's largest block size, to budget registers.",
        "A launch with more threads per block than maxThreadsPerBlock fails; only "
        "cudaGetLastError tells.",
    ),
    ("__forceinline__", "__forceinline__", "Forces a device function to be inlined.", ""),
    ("__noinline__", "__noinline__", "Keeps a device function from being inlined.", ""),
)

BUILTIN_VARIABLES: tuple[CudaRow, ...] = (
    ("threadIdx", "uint3 threadIdx", "Thread index within the block (.x, .y, .z).", ""),
    ("blockIdx", "uint3 blockIdx", "Block index within the grid (.x, .y, .z).", ""),
    ("blockDim", "dim3 blockDim", "Block dimensions in threads (.x, .y, .z).", ""),
    ("gridDim", "dim3 gridDim", "Grid dimensions in blocks (.x, .y, .z).", ""),
    ("warpSize", "int warpSize", "Threads per warp (32 on all current GPUs).", ""),
)

_ATOMIC_OLD = "Returns the old value; the update is atomic for the whole device."

SYNC: tuple[CudaRow, ...] = (
    (
        "__syncthreads",
        "void __syncthreads()",
        "Barrier for all threads of the block; also orders their shared and global memory.",
        "Inside divergent code (a branch not all threads take) it hangs or is undefined.",
    ),
    (
        "__syncthreads_count",
        "int __syncthreads_count(int predicate)",
        "__syncthreads() that returns how many threads had a non-zero predicate.",
        "",
    ),
    (
        "__syncthreads_and",
        "int __syncthreads_and(int predicate)",
        "__syncthreads() that returns non-zero if the predicate is non-zero for all threads.",
        "",
    ),
    (
        "__syncthreads_or",
        "int __syncthreads_or(int predicate)",
        "__syncthreads() that returns non-zero if the predicate is non-zero for any thread.",
        "",
    ),
    (
        "__syncwarp",
        "void __syncwarp(unsigned mask = 0xffffffff)",
        "Barrier for the warp lanes in `mask`.",
        "",
    ),
    (
        "__threadfence_block",
        "void __threadfence_block()",
        "Memory fence: orders this thread's writes as seen by its block.",
        "",
    ),
    (
        "__threadfence",
        "void __threadfence()",
        "Memory fence: orders this thread's writes as seen by the whole device.",
        "A fence orders, it does not wait for other threads: it is not a barrier.",
    ),
    (
        "__threadfence_system",
        "void __threadfence_system()",
        "Memory fence: orders writes as seen by the device, the host and peer devices.",
        "",
    ),
)

ATOMICS: tuple[CudaRow, ...] = (
    (
        "atomicAdd",
        f"T atomicAdd(T* address, T val)  // T: {_TYPES}, float, double, __half2, ...",
        f"*address += val. {_ATOMIC_OLD}",
        "double needs compute capability 6.0+; heavy contention on one address serializes.",
    ),
    (
        "atomicSub",
        "T atomicSub(T* address, T val)  // T: int, unsigned int",
        f"*address -= val. {_ATOMIC_OLD}",
        "",
    ),
    (
        "atomicExch",
        f"T atomicExch(T* address, T val)  // T: {_TYPES}, float",
        f"*address = val. {_ATOMIC_OLD}",
        "",
    ),
    (
        "atomicMin",
        f"T atomicMin(T* address, T val)  // T: {_TYPES}, long long int",
        f"*address = min(*address, val). {_ATOMIC_OLD}",
        "",
    ),
    (
        "atomicMax",
        f"T atomicMax(T* address, T val)  // T: {_TYPES}, long long int",
        f"*address = max(*address, val). {_ATOMIC_OLD}",
        "",
    ),
    (
        "atomicInc",
        "unsigned int atomicInc(unsigned int* address, unsigned int val)",
        f"*address = (old >= val) ? 0 : old + 1. {_ATOMIC_OLD}",
        "Wraps to 0 past `val`; it is not a plain increment.",
    ),
    (
        "atomicDec",
        "unsigned int atomicDec(unsigned int* address, unsigned int val)",
        f"*address = (old == 0 || old > val) ? val : old - 1. {_ATOMIC_OLD}",
        "",
    ),
    (
        "atomicCAS",
        f"T atomicCAS(T* address, T compare, T val)  // T: {_TYPES}, unsigned short int",
        f"*address = (old == compare) ? val : old. {_ATOMIC_OLD}",
        "The building block for atomics the hardware lacks: loop until the old value matches.",
    ),
    (
        "atomicAnd",
        f"T atomicAnd(T* address, T val)  // T: {_TYPES}",
        f"*address &= val. {_ATOMIC_OLD}",
        "",
    ),
    (
        "atomicOr",
        f"T atomicOr(T* address, T val)  // T: {_TYPES}",
        f"*address |= val. {_ATOMIC_OLD}",
        "",
    ),
    (
        "atomicXor",
        f"T atomicXor(T* address, T val)  // T: {_TYPES}",
        f"*address ^= val. {_ATOMIC_OLD}",
        "",
    ),
)

_MASK_PITFALL = "Every lane named in `mask` must execute the same call, or behaviour is undefined."

WARP: tuple[CudaRow, ...] = (
    (
        "__shfl_sync",
        "T __shfl_sync(unsigned mask, T var, int srcLane, int width = warpSize)",
        "Reads `var` from lane `srcLane` (a broadcast when all read the same lane).",
        _MASK_PITFALL,
    ),
    (
        "__shfl_up_sync",
        "T __shfl_up_sync(unsigned mask, T var, unsigned int delta, int width = warpSize)",
        "Reads `var` from lane (own - delta); the lowest lanes keep their own value.",
        _MASK_PITFALL,
    ),
    (
        "__shfl_down_sync",
        "T __shfl_down_sync(unsigned mask, T var, unsigned int delta, int width = warpSize)",
        "Reads `var` from lane (own + delta); the basis of warp reductions.",
        _MASK_PITFALL,
    ),
    (
        "__shfl_xor_sync",
        "T __shfl_xor_sync(unsigned mask, T var, int laneMask, int width = warpSize)",
        "Reads `var` from lane (own XOR laneMask): butterfly reductions.",
        _MASK_PITFALL,
    ),
    (
        "__ballot_sync",
        "unsigned __ballot_sync(unsigned mask, int predicate)",
        "Bit N set if lane N (in `mask`) has a non-zero predicate.",
        _MASK_PITFALL,
    ),
    (
        "__all_sync",
        "int __all_sync(unsigned mask, int predicate)",
        "Non-zero if the predicate is non-zero for all lanes in `mask`.",
        _MASK_PITFALL,
    ),
    (
        "__any_sync",
        "int __any_sync(unsigned mask, int predicate)",
        "Non-zero if the predicate is non-zero for any lane in `mask`.",
        _MASK_PITFALL,
    ),
    (
        "__activemask",
        "unsigned __activemask()",
        "Mask of the lanes currently converged and executing this call.",
        "Not a synchronization: do not use it as the mask to make lanes converge.",
    ),
    ("__popc", "int __popc(unsigned int x)", "Number of set bits.", ""),
    ("__clz", "int __clz(int x)", "Number of leading zero bits (32 for 0).", ""),
    (
        "__ffs",
        "int __ffs(int x)",
        "Position of the least significant set bit, from 1 (0 if none).",
        "",
    ),
    (
        "__ldg",
        "T __ldg(const T* address)",
        "Loads through the read-only data cache.",
        "The data must not be written during the kernel.",
    ),
)
