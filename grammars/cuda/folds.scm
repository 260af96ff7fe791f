; inherits: cpp
; Folding ranges of a CUDA file: those of C++ (kernels are function definitions).
