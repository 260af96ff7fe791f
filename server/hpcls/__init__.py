"""hpcls: a language server for HPC code (Fortran, C, C++, CUDA with OpenMP and MPI)."""

__version__ = "0.1.0"
