"""CUDA Runtime API functions (cuda_runtime_api.h; CUDA 12): rows of (name, C signature as in
the Runtime API reference, one-line description, classic pitfall or ""). Default arguments
are those of the C++ declarations; the C++ templates are given where they are what code calls:
a signature starting `template<class T>` is an overload of cuda_runtime.h, not the C API.
tests/test_knowledge_cuda_headers.py checks every row against the CUDA 12 headers."""

from __future__ import annotations

CudaRow = tuple[str, str, str, str]

_ASYNC_PINNED = "Overlaps with the host only for page-locked (pinned) host memory."

MEMORY: tuple[CudaRow, ...] = (
    (
        "cudaMalloc",
        "cudaError_t cudaMalloc(void** devPtr, size_t size)",
        "Allocates `size` bytes of linear device memory.",
        "The memory is not zeroed; pass the address of the pointer (`&d_ptr`).",
    ),
    (
        "cudaMallocManaged",
        "cudaError_t cudaMallocManaged(void** devPtr, size_t size, "
        "unsigned int flags = cudaMemAttachGlobal)",
        "Allocates unified (managed) memory, accessible from host and device.",
        "Pages migrate on first touch: time the first kernel separately, or prefetch "
        "with cudaMemPrefetchAsync.",
    ),
    (
        "cudaMallocHost",
        "cudaError_t cudaMallocHost(void** ptr, size_t size)",
        "Allocates page-locked (pinned) host memory.",
        "Pinning is slow and scarce: allocate once and reuse; free with cudaFreeHost.",
    ),
    (
        "cudaHostAlloc",
        "cudaError_t cudaHostAlloc(void** pHost, size_t size, unsigned int flags)",
        "Allocates page-locked host memory with flags (cudaHostAllocMapped, ...Portable, ...).",
        "Free with cudaFreeHost, not free().",
    ),
    (
        "cudaHostRegister",
        "cudaError_t cudaHostRegister(void* ptr, size_t size, unsigned int flags)",
        "Page-locks an existing host allocation.",
        "",
    ),
    (
        "cudaHostUnregister",
        "cudaError_t cudaHostUnregister(void* ptr)",
        "Unregisters memory registered with cudaHostRegister.",
        "",
    ),
    (
        "cudaMallocPitch",
        "cudaError_t cudaMallocPitch(void** devPtr, size_t* pitch, size_t width, size_t height)",
        "Allocates padded 2D device memory; the row pitch in bytes comes back in `pitch`.",
        "Index rows with the returned pitch, not with `width`.",
    ),
    (
        "cudaMallocAsync",
        "cudaError_t cudaMallocAsync(void** devPtr, size_t size, cudaStream_t hStream)",
        "Allocates device memory in stream order from the device's memory pool.",
        "",
    ),
    (
        "cudaFree",
        "cudaError_t cudaFree(void* devPtr)",
        "Frees device memory from cudaMalloc / cudaMallocManaged.",
        "Implicitly synchronizes the device; avoid it in loops.",
    ),
    (
        "cudaFreeAsync",
        "cudaError_t cudaFreeAsync(void* devPtr, cudaStream_t hStream)",
        "Frees memory in stream order.",
        "",
    ),
    (
        "cudaFreeHost",
        "cudaError_t cudaFreeHost(void* ptr)",
        "Frees page-locked host memory from cudaMallocHost / cudaHostAlloc.",
        "",
    ),
    (
        "cudaMemcpy",
        "cudaError_t cudaMemcpy(void* dst, const void* src, size_t count, cudaMemcpyKind kind)",
        "Copies `count` bytes between host and device (kind: cudaMemcpyHostToDevice, ...).",
        "Blocks the host until the copy is done (it waits for prior work in the default "
        "stream), except small host-to-device copies from pageable memory, which may return "
        "before the DMA ends. `count` is in bytes, not elements.",
    ),
    (
        "cudaMemcpyAsync",
        "cudaError_t cudaMemcpyAsync(void* dst, const void* src, size_t count, "
        "cudaMemcpyKind kind, cudaStream_t stream = 0)",
        "Copies `count` bytes, ordered in `stream`.",
        _ASYNC_PINNED,
    ),
    (
        "cudaMemcpy2D",
        "cudaError_t cudaMemcpy2D(void* dst, size_t dpitch, const void* src, size_t spitch, "
        "size_t width, size_t height, cudaMemcpyKind kind)",
        "Copies a 2D region; `width` is in bytes, pitches are row strides in bytes.",
        "",
    ),
    (
        "cudaMemcpy2DAsync",
        "cudaError_t cudaMemcpy2DAsync(void* dst, size_t dpitch, const void* src, "
        "size_t spitch, size_t width, size_t height, cudaMemcpyKind kind, "
        "cudaStream_t stream = 0)",
        "Copies a 2D region, ordered in `stream`.",
        _ASYNC_PINNED,
    ),
    (
        "cudaMemcpyPeer",
        "cudaError_t cudaMemcpyPeer(void* dst, int dstDevice, const void* src, "
        "int srcDevice, size_t count)",
        "Copies memory between two devices.",
        "",
    ),
    (
        "cudaMemcpyToSymbol",
        "template<class T> cudaError_t cudaMemcpyToSymbol(const T& symbol, const void* src, "
        "size_t count, size_t offset = 0, cudaMemcpyKind kind = cudaMemcpyHostToDevice)",
        "Copies to a `__device__` or `__constant__` variable.",
        "Pass the symbol itself, not its address or its name as a string.",
    ),
    (
        "cudaMemcpyFromSymbol",
        "template<class T> cudaError_t cudaMemcpyFromSymbol(void* dst, const T& symbol, "
        "size_t count, size_t offset = 0, cudaMemcpyKind kind = cudaMemcpyDeviceToHost)",
        "Copies from a `__device__` or `__constant__` variable.",
        "",
    ),
    (
        "cudaMemset",
        "cudaError_t cudaMemset(void* devPtr, int value, size_t count)",
        "Sets `count` bytes of device memory to the byte `value`.",
        "Byte-wise: cudaMemset(p, 1, n) does not store the int or float 1.",
    ),
    (
        "cudaMemsetAsync",
        "cudaError_t cudaMemsetAsync(void* devPtr, int value, size_t count, "
        "cudaStream_t stream = 0)",
        "Sets device memory bytes, ordered in `stream`.",
        "Byte-wise, like cudaMemset.",
    ),
    (
        "cudaMemPrefetchAsync",
        "cudaError_t cudaMemPrefetchAsync(const void* devPtr, size_t count, int dstDevice, "
        "cudaStream_t stream = 0)",
        "Migrates managed memory to `dstDevice` (cudaCpuDeviceId for the host) ahead of use.",
        "CUDA 13 replaces `int dstDevice` with `cudaMemLocation location, unsigned int flags`.",
    ),
    (
        "cudaMemAdvise",
        "cudaError_t cudaMemAdvise(const void* devPtr, size_t count, cudaMemoryAdvise advice, "
        "int device)",
        "Gives the driver a usage hint for a managed memory range.",
        "CUDA 13 replaces `int device` with `cudaMemLocation location`.",
    ),
    (
        "cudaMemGetInfo",
        "cudaError_t cudaMemGetInfo(size_t* free, size_t* total)",
        "Free and total device memory, in bytes.",
        "",
    ),
    (
        "cudaPointerGetAttributes",
        "cudaError_t cudaPointerGetAttributes(cudaPointerAttributes* attributes, const void* ptr)",
        "Whether a pointer is host, device or managed memory, and on which device.",
        "",
    ),
)

STREAMS: tuple[CudaRow, ...] = (
    (
        "cudaStreamCreate",
        "cudaError_t cudaStreamCreate(cudaStream_t* pStream)",
        "Creates an asynchronous stream.",
        "It still synchronizes with the legacy default stream; use "
        "cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking) to avoid that.",
    ),
    (
        "cudaStreamCreateWithFlags",
        "cudaError_t cudaStreamCreateWithFlags(cudaStream_t* pStream, unsigned int flags)",
        "Creates a stream; cudaStreamNonBlocking does not synchronize with stream 0.",
        "",
    ),
    (
        "cudaStreamCreateWithPriority",
        "cudaError_t cudaStreamCreateWithPriority(cudaStream_t* pStream, unsigned int flags, "
        "int priority)",
        "Creates a stream with a priority (lower numbers are higher priority).",
        "",
    ),
    (
        "cudaStreamDestroy",
        "cudaError_t cudaStreamDestroy(cudaStream_t stream)",
        "Destroys a stream once its pending work has finished.",
        "",
    ),
    (
        "cudaStreamSynchronize",
        "cudaError_t cudaStreamSynchronize(cudaStream_t stream)",
        "Blocks the host until all work in `stream` is done.",
        "Reports errors of earlier asynchronous work, e.g. a kernel fault.",
    ),
    (
        "cudaStreamWaitEvent",
        "cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event, "
        "unsigned int flags = 0)",
        "Makes future work in `stream` wait for `event`, without blocking the host.",
        "",
    ),
    (
        "cudaStreamQuery",
        "cudaError_t cudaStreamQuery(cudaStream_t stream)",
        "cudaSuccess if all work in `stream` is done, cudaErrorNotReady if not.",
        "cudaErrorNotReady is not an error: do not treat it as a failure.",
    ),
    (
        "cudaLaunchHostFunc",
        "cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn, void* userData)",
        "Enqueues a host function in a stream.",
        "The function must not call CUDA APIs.",
    ),
    (
        "cudaEventCreate",
        "cudaError_t cudaEventCreate(cudaEvent_t* event)",
        "Creates an event.",
        "",
    ),
    (
        "cudaEventCreateWithFlags",
        "cudaError_t cudaEventCreateWithFlags(cudaEvent_t* event, unsigned int flags)",
        "Creates an event with flags (cudaEventDisableTiming, cudaEventBlockingSync, ...).",
        "",
    ),
    (
        "cudaEventRecord",
        "cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream = 0)",
        "Records an event: it completes when all prior work in `stream` has.",
        "",
    ),
    (
        "cudaEventSynchronize",
        "cudaError_t cudaEventSynchronize(cudaEvent_t event)",
        "Blocks the host until the event has completed.",
        "",
    ),
    (
        "cudaEventElapsedTime",
        "cudaError_t cudaEventElapsedTime(float* ms, cudaEvent_t start, cudaEvent_t end)",
        "Milliseconds between two recorded events (about 0.5 µs resolution).",
        "Synchronize on `end` first, or it returns cudaErrorNotReady.",
    ),
    (
        "cudaEventDestroy",
        "cudaError_t cudaEventDestroy(cudaEvent_t event)",
        "Destroys an event.",
        "",
    ),
    (
        "cudaEventQuery",
        "cudaError_t cudaEventQuery(cudaEvent_t event)",
        "cudaSuccess if the event has completed, cudaErrorNotReady if not.",
        "",
    ),
)

DEVICE: tuple[CudaRow, ...] = (
    (
        "cudaDeviceSynchronize",
        "cudaError_t cudaDeviceSynchronize(void)",
        "Blocks the host until all work on the current device is done.",
        "Returns errors of earlier asynchronous work, such as a faulting kernel.",
    ),
    (
        "cudaDeviceReset",
        "cudaError_t cudaDeviceReset(void)",
        "Destroys the current device's primary context and all its allocations.",
        "",
    ),
    (
        "cudaGetDeviceCount",
        "cudaError_t cudaGetDeviceCount(int* count)",
        "Number of CUDA devices.",
        "",
    ),
    (
        "cudaSetDevice",
        "cudaError_t cudaSetDevice(int device)",
        "Selects the device for the calling host thread.",
        "Per host thread: each OpenMP / pthread thread must set its own device.",
    ),
    ("cudaGetDevice", "cudaError_t cudaGetDevice(int* device)", "The current device.", ""),
    (
        "cudaGetDeviceProperties",
        "cudaError_t cudaGetDeviceProperties(cudaDeviceProp* prop, int device)",
        "Fills a cudaDeviceProp with the device's properties.",
        "Slow (queries everything); use cudaDeviceGetAttribute for one value.",
    ),
    (
        "cudaDeviceGetAttribute",
        "cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int device)",
        "One device attribute (e.g. cudaDevAttrMultiProcessorCount).",
        "",
    ),
    (
        "cudaDeviceCanAccessPeer",
        "cudaError_t cudaDeviceCanAccessPeer(int* canAccessPeer, int device, int peerDevice)",
        "Whether `device` can access `peerDevice`'s memory directly.",
        "",
    ),
    (
        "cudaDeviceEnablePeerAccess",
        "cudaError_t cudaDeviceEnablePeerAccess(int peerDevice, unsigned int flags)",
        "Enables direct access from the current device to `peerDevice`'s memory.",
        "",
    ),
    (
        "cudaDriverGetVersion",
        "cudaError_t cudaDriverGetVersion(int* driverVersion)",
        "The CUDA version the driver supports (e.g. 12040).",
        "",
    ),
    (
        "cudaRuntimeGetVersion",
        "cudaError_t cudaRuntimeGetVersion(int* runtimeVersion)",
        "The CUDA runtime version (e.g. 12040).",
        "",
    ),
)

ERRORS_AND_LAUNCH: tuple[CudaRow, ...] = (
    (
        "cudaGetLastError",
        "cudaError_t cudaGetLastError(void)",
        "Returns the last error from a runtime call or launch, and resets it to cudaSuccess.",
        "Kernel launches return nothing: check cudaGetLastError() right after `<<<>>>` for "
        "launch errors; faults inside the kernel only show at the next synchronization.",
    ),
    (
        "cudaPeekAtLastError",
        "cudaError_t cudaPeekAtLastError(void)",
        "Returns the last error without resetting it.",
        "",
    ),
    (
        "cudaGetErrorString",
        "const char* cudaGetErrorString(cudaError_t error)",
        "Human-readable description of an error code.",
        "",
    ),
    (
        "cudaGetErrorName",
        "const char* cudaGetErrorName(cudaError_t error)",
        'The enum name of an error code (e.g. "cudaErrorInvalidValue").',
        "",
    ),
    (
        "cudaFuncSetAttribute",
        "template<class T> cudaError_t cudaFuncSetAttribute(T* func, cudaFuncAttribute attr, "
        "int value)",
        "Sets a kernel attribute, e.g. cudaFuncAttributeMaxDynamicSharedMemorySize.",
        "Dynamic shared memory above 48 KiB needs this before the launch.",
    ),
    (
        "cudaOccupancyMaxPotentialBlockSize",
        "template<class T> cudaError_t cudaOccupancyMaxPotentialBlockSize(int* minGridSize, "
        "int* blockSize, T func, size_t dynamicSMemSize = 0, int blockSizeLimit = 0)",
        "Block size that maximizes occupancy for a kernel, and the minimum grid to fill the GPU.",
        "",
    ),
    (
        "cudaOccupancyMaxActiveBlocksPerMultiprocessor",
        "template<class T> cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor("
        "int* numBlocks, T func, int blockSize, size_t dynamicSMemSize)",
        "How many blocks of a kernel fit on one multiprocessor.",
        "",
    ),
    (
        "cudaLaunchKernel",
        "template<class T> cudaError_t cudaLaunchKernel(T* func, dim3 gridDim, "
        "dim3 blockDim, void** args, size_t sharedMem = 0, cudaStream_t stream = 0)",
        "Launches a kernel; `args` points to the kernel arguments (the `<<<>>>` equivalent).",
        "",
    ),
    (
        "cudaLaunchCooperativeKernel",
        "template<class T> cudaError_t cudaLaunchCooperativeKernel(T* func, "
        "dim3 gridDim, dim3 blockDim, void** args, size_t sharedMem = 0, "
        "cudaStream_t stream = 0)",
        "Launches a kernel whose blocks may synchronize grid-wide (cooperative groups).",
        "The whole grid must be resident at once.",
    ),
)
