"""Reference knowledge about HPC APIs (MPI, OpenMP) for hover and signature help."""
