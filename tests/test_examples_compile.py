"""The programs under examples/ compile with real compilers, and the small ones run.

Every build happens in pytest's tmp_path (never in the repository).  A test is
skipped only when the compiler or launcher it needs is not installed; the skip
reason names the missing tool.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

HEAT_SOURCES = [
    EXAMPLES / "heat" / "heat_params.f90",  # module order matters: .mod files
    EXAMPLES / "heat" / "heat_halo.f90",
    EXAMPLES / "heat" / "heat_solver.f90",
]
LEGACY = EXAMPLES / "legacy" / "dgtsv_like.f"
JACOBI_C = EXAMPLES / "jacobi" / "jacobi.c"
JACOBI_H = EXAMPLES / "jacobi" / "jacobi.h"
STENCIL = EXAMPLES / "stencil" / "stencil.cpp"
CUDA = EXAMPLES / "cuda" / "saxpy_reduce.cu"
RING = EXAMPLES / "mpi" / "ring.c"

ALL_SOURCES = [*HEAT_SOURCES, LEGACY, JACOBI_C, JACOBI_H, STENCIL, CUDA, RING]

COMPILE_TIMEOUT = 180
RUN_TIMEOUT = 60

# Keep the OpenMP runtime from spinning when ranks x threads exceed the cores.
OMP_ENV = {"OMP_NUM_THREADS": "2", "OMP_WAIT_POLICY": "passive"}


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _require(*names: str) -> str:
    """Return the first of `names` found on PATH, or skip the test."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    pytest.skip(f"{' / '.join(names)} not installed")


def _run(
    cmd: Sequence[str | Path],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: int = COMPILE_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run `cmd` in `cwd` and fail with the full output when it exits nonzero."""
    full_env = {**os.environ, **(env or {})}
    argv = [str(c) for c in cmd]
    proc = subprocess.run(
        argv,
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, (
        f"command failed (rc={proc.returncode}): {' '.join(argv)}\n"
        f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}"
    )
    return proc


def _mpi_fortran() -> list[str]:
    """A Fortran compiler command that can `use mpi_f08`, or skip."""
    for wrapper in ("mpif90", "mpifort"):
        path = shutil.which(wrapper)
        if path:
            return [path]
    gfortran = shutil.which("gfortran")
    if gfortran is None:
        pytest.skip("no MPI Fortran compiler (mpif90/mpifort) and no gfortran installed")
    # gfortran alone: look for Open MPI's module directory via pkg-config.
    pkg_config = shutil.which("pkg-config")
    if pkg_config:
        proc = subprocess.run(
            [pkg_config, "--cflags-only-I", "ompi-fort"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode == 0 and proc.stdout.strip():
            return [gfortran, *proc.stdout.split()]
    pytest.skip("mpif90/mpifort not installed and no MPI Fortran include path found")


def _mpirun() -> list[str]:
    """An mpirun command line prefix usable as root in a container, or skip."""
    mpirun = _require("mpirun", "mpiexec")
    version = subprocess.run(
        [mpirun, "--version"], capture_output=True, text=True, check=False
    ).stdout
    if "Open MPI" in version or "OpenRTE" in version:
        return [mpirun, "--allow-run-as-root", "--oversubscribe"]
    return [mpirun]


def _snapshot(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module", autouse=True)
def _examples_untouched() -> Iterator[None]:
    """No compiler run may write into (or modify) the examples folder."""
    before = _snapshot(EXAMPLES)
    yield
    assert _snapshot(EXAMPLES) == before, "a build wrote into examples/"


# --------------------------------------------------------------------------
# layout
# --------------------------------------------------------------------------


@pytest.mark.parametrize("src", ALL_SOURCES, ids=lambda p: p.name)
def test_example_exists_with_header_comment(src: Path) -> None:
    assert src.is_file(), f"missing example {src.relative_to(ROOT)}"
    lines = src.read_text(encoding="utf-8").splitlines()
    assert lines, f"{src.name} is empty"
    assert re.match(r"^(!|\*|C |C$|/\*|//)", lines[0]), f"{src.name}: no header comment"
    assert src.name in "\n".join(lines[:3]), f"{src.name}: header does not name the file"
    assert len(lines) <= 400, f"{src.name}: {len(lines)} lines, keep examples short"


def test_readme_lists_every_example() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    for src in ALL_SOURCES:
        assert src.name in readme, f"examples/README.md does not mention {src.name}"


def test_fixed_form_source_fits_72_columns() -> None:
    for number, line in enumerate(LEGACY.read_text(encoding="ascii").splitlines(), 1):
        assert "\t" not in line, f"dgtsv_like.f:{number}: tab in fixed-form source"
        assert len(line) <= 72, f"dgtsv_like.f:{number}: {len(line)} columns > 72"


# --------------------------------------------------------------------------
# Fortran
# --------------------------------------------------------------------------


def test_heat_fortran_syntax(tmp_path: Path) -> None:
    fc = _mpi_fortran()
    for src in HEAT_SOURCES:  # dependency order, .mod files go to tmp_path
        _run(
            [
                *fc,
                "-fsyntax-only",
                "-fopenmp",
                "-std=f2008",
                "-Wall",
                "-Werror",
                "-J",
                tmp_path,
                src,
            ],
            tmp_path,
        )
    assert (tmp_path / "heat_params.mod").is_file()
    assert (tmp_path / "heat_halo.mod").is_file()


@pytest.mark.parametrize("mode", ["0", "1"], ids=["sendrecv", "nonblocking"])
def test_heat_solver_runs_on_two_ranks(tmp_path: Path, mode: str) -> None:
    fc = _mpi_fortran()
    mpirun = _mpirun()
    exe = tmp_path / "heat"
    _run([*fc, "-O2", "-fopenmp", "-J", tmp_path, *HEAT_SOURCES, "-o", exe], tmp_path)

    proc = _run(
        [*mpirun, "-np", "2", exe, "32", "32", mode], tmp_path, env=OMP_ENV, timeout=RUN_TIMEOUT
    )
    out = proc.stdout
    assert re.search(r"MPI ranks\s+2\b", out), out
    assert re.search(r"^Converged after \d+ iterations, residual = ", out, re.M), out


def test_legacy_fixed_form_syntax(tmp_path: Path) -> None:
    fc = _require("gfortran")
    _run([fc, "-fsyntax-only", "-fopenmp", "-ffixed-form", "-Wall", "-Werror", LEGACY], tmp_path)


def test_legacy_driver_runs(tmp_path: Path) -> None:
    fc = _require("gfortran")
    exe = tmp_path / "tridrv"
    _run([fc, "-O2", "-fopenmp", "-ffixed-form", LEGACY, "-o", exe], tmp_path)
    proc = _run([exe], tmp_path, env=OMP_ENV, timeout=RUN_TIMEOUT)
    match = re.search(r"MAX ERROR =\s*(\S+)", proc.stdout)
    assert match, proc.stdout
    assert float(match.group(1)) < 1e-8


# --------------------------------------------------------------------------
# C / C++
# --------------------------------------------------------------------------

C_WARNINGS = ["-Wall", "-Wextra", "-Werror"]


def test_jacobi_c_syntax(tmp_path: Path) -> None:
    cc = _require("gcc", "cc")
    _run([cc, "-std=c11", "-fsyntax-only", "-fopenmp", *C_WARNINGS, JACOBI_C], tmp_path)


def test_jacobi_runs_with_two_threads(tmp_path: Path) -> None:
    cc = _require("gcc", "cc")
    exe = tmp_path / "jacobi"
    _run([cc, "-O2", "-fopenmp", JACOBI_C, "-o", exe, "-lm"], tmp_path)
    proc = _run([exe], tmp_path, env=OMP_ENV, timeout=RUN_TIMEOUT)
    assert "2 OpenMP threads" in proc.stdout, proc.stdout
    match = re.search(r"^Converged after \d+ iterations: .* error (\S+),", proc.stdout, re.M)
    assert match, proc.stdout
    assert float(match.group(1)) < 1e-3  # O(h^2) discretisation error for n = 64


def test_stencil_cpp_syntax(tmp_path: Path) -> None:
    cxx = _require("g++", "c++")
    _run([cxx, "-std=c++17", "-fsyntax-only", "-fopenmp", *C_WARNINGS, STENCIL], tmp_path)


def test_stencil_runs(tmp_path: Path) -> None:
    cxx = _require("g++", "c++")
    exe = tmp_path / "stencil"
    _run([cxx, "-std=c++17", "-O2", "-fopenmp", STENCIL, "-o", exe], tmp_path)
    proc = _run([exe, "24", "20"], tmp_path, env=OMP_ENV, timeout=RUN_TIMEOUT)
    assert "relative drift" in proc.stdout, proc.stdout


def test_mpi_ring_syntax(tmp_path: Path) -> None:
    mpicc = _require("mpicc")
    _run([mpicc, "-std=c11", "-fsyntax-only", *C_WARNINGS, RING], tmp_path)


def test_mpi_ring_runs_on_three_ranks(tmp_path: Path) -> None:
    mpicc = _require("mpicc")
    mpirun = _mpirun()
    exe = tmp_path / "ring"
    _run([mpicc, "-O2", RING, "-o", exe], tmp_path)
    proc = _run([*mpirun, "-np", "3", exe], tmp_path, timeout=RUN_TIMEOUT)
    assert "ring: 3 ranks, 0 errors" in proc.stdout, proc.stdout


# --------------------------------------------------------------------------
# CUDA
# --------------------------------------------------------------------------


def _nvcc() -> str:
    for candidate in (shutil.which("nvcc"), "/usr/local/cuda/bin/nvcc"):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.skip("nvcc not installed (not on PATH, no /usr/local/cuda/bin/nvcc)")


def test_cuda_compiles(tmp_path: Path) -> None:
    nvcc = _nvcc()
    probe = tmp_path / "probe.cu"
    probe.write_text("__global__ void k(int *p) { p[threadIdx.x] = 1; }\n", encoding="ascii")
    check = subprocess.run(
        [nvcc, "-c", "-o", os.devnull, str(probe)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=COMPILE_TIMEOUT,
        check=False,
    )
    if check.returncode != 0:
        pytest.skip(f"nvcc is present but cannot compile a trivial kernel: {check.stderr[-500:]}")
    _run(
        [nvcc, "-std=c++17", "-Xcompiler", "-Wall,-Werror", "-c", "-o", os.devnull, CUDA],
        tmp_path,
    )
