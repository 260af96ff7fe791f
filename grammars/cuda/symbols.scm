; inherits: cpp
; Named things of a CUDA file: the C++ patterns. The CUDA grammar parses `__global__`,
; `__device__` and friends as qualifiers of a function_definition, which
; hpcls.analysis.outline_c reads to mark kernels and device functions.
