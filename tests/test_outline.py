"""hpcls.analysis.outline: outline, declarations, imports and folds of realistic HPC files."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from hpcls.analysis.outline import (
    DECLARATION_KINDS,
    SYMBOL_KINDS,
    Declaration,
    Fold,
    Import,
    Symbol,
    declarations,
    document_symbols,
    folding_ranges,
    imports,
)
from hpcls.languages.registry import LanguageKind, new_parser

F, C, CPP, CUDA = LanguageKind.FORTRAN, LanguageKind.C, LanguageKind.CPP, LanguageKind.CUDA

FORTRAN_MODULE = b"""\
! Geometry helpers shared by the solvers.
! All lengths are in metres.
module geometry
  use iso_fortran_env, only: real64, i4 => int32
  use mpi
  implicit none
  integer, parameter :: dp = real64
  real(dp), allocatable :: grid(:, :), weights(:)
  type :: point
    real(dp) :: x, y
    integer :: id = 0
  contains
    procedure :: norm => point_norm
  end type point
  interface area
    module procedure area_circle, area_square
  end interface area
contains
  pure function area_circle(r) result(a)
    real(dp), intent(in) :: r
    real(dp) :: a
    a = 3.14159_dp * r * r
  end function area_circle

  pure function area_square(s) result(a)
    real(dp), intent(in) :: s
    real(dp) :: a
    a = s * s
  end function area_square

  subroutine scale_grid(factor)
    real(dp), intent(in) :: factor
    integer :: i
    do i = 1, size(weights)
      if (weights(i) > 0) then
        weights(i) = weights(i) * factor
      end if
    end do
  end subroutine scale_grid

  real(dp) function point_norm(self)
    class(point), intent(in) :: self
    point_norm = sqrt(self%x**2 + self%y**2)
  end function point_norm
end module geometry
"""

FORTRAN_PROGRAM = b"""\
program heat
  use geometry, only: dp
  implicit none
  integer :: step
  real(dp) :: t(100)
  do step = 1, 10
    call advance(t, 0.1_dp)
  end do
contains
  subroutine advance(u, dt)
    real(dp), intent(inout) :: u(:)
    real(dp), intent(in) :: dt
    integer :: i
    !$omp parallel do
    !$omp& private(i)
    do i = 2, size(u) - 1
      u(i) = u(i) + dt
    end do
    !$omp end parallel do
  end subroutine advance
end program heat
"""

C_FILE = b"""\
/* Jacobi solver.
 * Second line. */
#include <mpi.h>
#include <stdlib.h>
#include "grid.h"

#define N 100
#define IDX(i, j) ((i) * N + (j))

struct grid {
  int nx, ny;
  double *data;
};

typedef struct { double x, y; } point_t;

static int rank = 0;
double residual;

double norm(const double *v, int n);

double norm(const double *v, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    int tmp = 1, *p = &tmp;
    s += v[i] * v[i];
  }
  return s;
}

#ifdef DEBUG
static void dump(void) {
}
#endif

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  return 0;
}
"""

CPP_FILE = b"""\
#include <vector>

namespace hpc {
namespace linalg {

class Matrix {
 public:
  Matrix(int rows, int cols);
  double &at(int i, int j) { return data_[i * cols_ + j]; }
  int rows() const { return rows_; }

 private:
  int rows_, cols_;
  std::vector<double> data_;
};

}  // namespace linalg

struct Options {
  bool verbose = false;
};

}  // namespace hpc

hpc::linalg::Matrix::Matrix(int rows, int cols) : rows_(rows), cols_(cols) {
  for (auto &x : data_) {
    x = 0.0;
  }
}
"""

CUDA_FILE = b"""\
#include <cuda_runtime.h>
#define THREADS 256

__constant__ float coeff[4];

__device__ float square(float v) { return v * v; }

__global__ void stencil(const float *in, float *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  __shared__ float tile[THREADS];
  if (i < n) {
    out[i] = square(in[i]) * coeff[0];
  }
}

void launch(const float *in, float *out, int n) {
  stencil<<<(n + THREADS - 1) / THREADS, THREADS>>>(in, out, n);
  cudaDeviceSynchronize();
}
"""

SAMPLES = [
    (F, FORTRAN_MODULE),
    (F, FORTRAN_PROGRAM),
    (C, C_FILE),
    (CPP, CPP_FILE),
    (CUDA, CUDA_FILE),
]


# -- helpers -----------------------------------------------------------------------------------


def _tree(kind: LanguageKind, source: bytes) -> Any:
    return new_parser(kind).parse(source)


def outline(kind: LanguageKind, source: bytes) -> list[Symbol]:
    return document_symbols(_tree(kind, source), source, kind)


def decls(kind: LanguageKind, source: bytes) -> list[Declaration]:
    return declarations(_tree(kind, source), source, kind)


def shape(symbols: Sequence[Symbol]) -> list[Any]:
    """(kind, name) for leaves, (kind, name, [children]) for the rest."""
    return [
        (s.kind, s.name, shape(s.children)) if s.children else (s.kind, s.name) for s in symbols
    ]


def walk(symbols: Sequence[Symbol]) -> list[Symbol]:
    out: list[Symbol] = []
    for s in symbols:
        out.append(s)
        out.extend(walk(s.children))
    return out


def find(symbols: Sequence[Symbol], name: str, kind: str | None = None) -> Symbol:
    found = [s for s in walk(symbols) if s.name == name and (kind is None or s.kind == kind)]
    assert len(found) == 1, found
    return found[0]


def the(found: list[Declaration], name: str, kind: str | None = None) -> Declaration:
    hits = [d for d in found if d.name == name and (kind is None or d.kind == kind)]
    assert len(hits) == 1, hits
    return hits[0]


def text(source: bytes, start: int, end: int) -> str:
    return source[start:end].decode()


def scope_text(source: bytes, d: Declaration) -> str:
    return text(source, d.scope_start, d.scope_end)


def hover_text(source: bytes, d: Declaration) -> str:
    return text(source, d.start, d.end)


# -- the outline -------------------------------------------------------------------------------


def test_fortran_module_outline() -> None:
    assert shape(outline(F, FORTRAN_MODULE)) == [
        (
            "module",
            "geometry",
            [
                ("constant", "dp"),
                ("variable", "grid"),
                ("variable", "weights"),
                (
                    "type",
                    "point",
                    [("field", "x"), ("field", "y"), ("field", "id"), ("method", "norm")],
                ),
                ("interface", "area", [("function", "area_circle"), ("function", "area_square")]),
                ("function", "area_circle"),
                ("function", "area_square"),
                ("subroutine", "scale_grid"),
                ("function", "point_norm"),
            ],
        )
    ]


def test_fortran_symbol_details_and_ranges() -> None:
    symbols = outline(F, FORTRAN_MODULE)
    module = find(symbols, "geometry")
    assert text(FORTRAN_MODULE, module.start, module.end).startswith("module geometry")
    assert text(FORTRAN_MODULE, module.start, module.end).endswith("end module geometry")
    scale = find(symbols, "scale_grid")
    assert scale.detail == "subroutine(factor)"
    assert text(FORTRAN_MODULE, scale.start, scale.end).endswith("end subroutine scale_grid")
    # Listed under the generic interface, and as the function itself.
    assert [s.detail for s in walk(symbols) if s.name == "area_circle"] == [
        "module procedure",
        "pure function(r) result(a)",
    ]
    assert find(symbols, "point_norm").detail == "real(dp) function(self)"
    assert find(symbols, "dp").detail == "integer, parameter"
    assert find(symbols, "grid").detail == "real(dp), allocatable"
    assert find(symbols, "x").detail == "real(dp)"
    for s in walk(symbols):
        assert s.kind in SYMBOL_KINDS
        assert text(FORTRAN_MODULE, s.name_start, s.name_end) == s.name
        assert s.start <= s.name_start < s.name_end <= s.end


def test_fortran_program_with_internal_subroutine() -> None:
    assert shape(outline(F, FORTRAN_PROGRAM)) == [
        (
            "program",
            "heat",
            [("variable", "step"), ("variable", "t"), ("subroutine", "advance")],
        )
    ]


def test_fortran_units_outside_modules() -> None:
    source = b"""\
submodule (geometry) geometry_impl
contains
  module procedure point_norm
  end procedure point_norm
end submodule geometry_impl

block data init
  common /blk/ x, d
  data x /1.0/
end block data init

SUBROUTINE Legacy(N, X)
  INTEGER N
  REAL X(N)
  COMMON /BLK/ A, D
  PARAMETER (NMAX = 10)
END
"""
    assert shape(outline(F, source)) == [
        ("submodule", "geometry_impl", [("subroutine", "point_norm")]),
        ("block_data", "init", [("common", "blk")]),
        ("subroutine", "Legacy"),  # Fortran ignores case; names stay as written
    ]
    assert find(outline(F, source), "geometry_impl").detail == "submodule (geometry)"
    found = decls(F, source)
    # Dummies match their type statements whatever the case.
    assert the(found, "N").kind == "parameter"
    assert hover_text(source, the(found, "X")) == "REAL X(N)"
    assert the(found, "BLK").kind == "common"
    assert the(found, "NMAX").kind == "constant"


def test_c_outline() -> None:
    assert shape(outline(C, C_FILE)) == [
        ("macro", "N"),
        ("macro", "IDX"),
        ("struct", "grid", [("field", "nx"), ("field", "ny"), ("field", "data")]),
        ("struct", "point_t", [("field", "x"), ("field", "y")]),
        ("variable", "rank"),
        ("variable", "residual"),
        ("function", "norm"),  # the prototype is not listed a second time
        ("function", "dump"),
        ("function", "main"),
    ]
    symbols = outline(C, C_FILE)
    assert find(symbols, "N").detail == "#define N 100"
    assert find(symbols, "IDX").detail == "#define IDX(i, j) ((i) * N + (j))"
    assert find(symbols, "rank").detail == "static int"
    assert find(symbols, "norm").detail == "double (const double *v, int n)"


def test_cpp_outline() -> None:
    assert shape(outline(CPP, CPP_FILE)) == [
        (
            "namespace",
            "hpc",
            [
                (
                    "namespace",
                    "linalg",
                    [
                        (
                            "class",
                            "Matrix",
                            [
                                ("method", "Matrix"),
                                ("method", "at"),
                                ("method", "rows"),
                                ("field", "rows_"),
                                ("field", "cols_"),
                                ("field", "data_"),
                            ],
                        )
                    ],
                ),
                ("struct", "Options", [("field", "verbose")]),
            ],
        ),
        # Defined out of class: a method of Matrix, found by its qualified name.
        ("method", "hpc::linalg::Matrix::Matrix"),
    ]


def test_cuda_outline() -> None:
    symbols = outline(CUDA, CUDA_FILE)
    assert shape(symbols) == [
        ("macro", "THREADS"),
        ("variable", "coeff"),
        ("device_function", "square"),
        ("kernel", "stencil"),
        ("function", "launch"),
    ]
    assert find(symbols, "stencil").detail == "__global__ kernel"
    assert find(symbols, "square").detail == "__device__ function"
    assert find(symbols, "coeff").detail == "__constant__ float"
    stencil = find(symbols, "stencil")
    assert text(CUDA_FILE, stencil.start, stencil.end).startswith("__global__ void stencil(")
    assert text(CUDA_FILE, stencil.start, stencil.end).endswith("}")


def test_cuda_templates_prototypes_and_host_device() -> None:
    source = b"""\
template <int B>
__global__ void __launch_bounds__(256) reduce(float *out) { }
__host__ __device__ inline float both(float v) { return v; }
static __global__ void later(int n);
"""
    symbols = outline(CUDA, source)
    assert shape(symbols) == [
        ("kernel", "reduce"),
        ("device_function", "both"),
        ("kernel", "later"),
    ]
    assert find(symbols, "both").detail == "__host__ __device__ function"
    # A template's range starts at `template`.
    assert text(source, symbols[0].start, symbols[0].end).startswith("template <int B>")


# -- declarations ------------------------------------------------------------------------------


def test_fortran_declarations_and_scopes() -> None:
    found = decls(F, FORTRAN_MODULE)
    assert all(d.kind in DECLARATION_KINDS for d in found)
    for d in found:
        assert text(FORTRAN_MODULE, d.name_start, d.name_end) == d.name
        assert d.start <= d.name_start < d.name_end <= d.end
        assert d.scope_start <= d.start and d.end <= d.scope_end

    factor = the(found, "factor")
    assert factor.kind == "parameter"
    assert hover_text(FORTRAN_MODULE, factor) == "real(dp), intent(in) :: factor"
    assert scope_text(FORTRAN_MODULE, factor).startswith("subroutine scale_grid(factor)")
    assert scope_text(FORTRAN_MODULE, factor).endswith("end subroutine scale_grid")

    i = the(found, "i")
    assert i.kind == "local"
    assert (i.scope_start, i.scope_end) == (factor.scope_start, factor.scope_end)

    # Results of two functions: one local each, each in its own function.
    results = [d for d in found if d.name == "a"]
    assert [d.kind for d in results] == ["local", "local"]
    assert scope_text(FORTRAN_MODULE, results[0]).startswith("pure function area_circle")
    assert scope_text(FORTRAN_MODULE, results[1]).startswith("pure function area_square")

    module_scope = scope_text(FORTRAN_MODULE, the(found, "grid"))
    assert module_scope.startswith("module geometry")
    assert module_scope.endswith("end module geometry")
    assert hover_text(FORTRAN_MODULE, the(found, "grid")) == (
        "real(dp), allocatable :: grid(:, :), weights(:)"
    )
    # Module procedures are visible in the whole module; the module in the whole file.
    scale = the(found, "scale_grid")
    assert scope_text(FORTRAN_MODULE, scale) == module_scope
    assert hover_text(FORTRAN_MODULE, scale) == "subroutine scale_grid(factor)"
    geometry = the(found, "geometry")
    assert (geometry.scope_start, geometry.scope_end) == (0, len(FORTRAN_MODULE))
    # Fields are visible in their type; the generic's `module procedure` lines are references.
    assert scope_text(FORTRAN_MODULE, the(found, "x")).startswith("type :: point")
    assert len([d for d in found if d.name == "area_circle"]) == 1


def test_fortran_program_declarations() -> None:
    found = decls(F, FORTRAN_PROGRAM)
    u = the(found, "u")
    assert u.kind == "parameter"
    assert hover_text(FORTRAN_PROGRAM, u) == "real(dp), intent(inout) :: u(:)"
    assert scope_text(FORTRAN_PROGRAM, u).startswith("subroutine advance(u, dt)")
    assert scope_text(FORTRAN_PROGRAM, u).endswith("end subroutine advance")
    step = the(found, "step")
    assert step.kind == "variable"
    assert scope_text(FORTRAN_PROGRAM, step).startswith("program heat")
    advance = the(found, "advance")
    assert scope_text(FORTRAN_PROGRAM, advance).startswith("program heat")


def test_fortran_implicit_dummies_blocks_and_associate() -> None:
    source = b"""\
function twice(x)
  twice = 2 * x
end function
subroutine work(n)
  integer :: n
  block
    integer :: j
  end block
  associate (m => n + 1)
    print *, m
  end associate
end subroutine work
"""
    found = decls(F, source)
    x = the(found, "x")
    assert x.kind == "parameter"  # untyped: declared by the header alone
    assert hover_text(source, x) == "function twice(x)"
    j = the(found, "j")
    assert j.kind == "local"
    assert scope_text(source, j).startswith("block") and scope_text(source, j).endswith("block")
    m = the(found, "m")
    assert hover_text(source, m) == "m => n + 1"
    assert scope_text(source, m).startswith("associate")


def test_c_declarations_and_scopes() -> None:
    found = decls(C, C_FILE)
    v = the(found, "v")
    assert v.kind == "parameter"
    assert hover_text(C_FILE, v) == "const double *v"
    assert scope_text(C_FILE, v).startswith("double norm(const double *v, int n) {")
    s = the(found, "s")
    assert s.kind == "local"
    assert hover_text(C_FILE, s) == "double s = 0.0;"
    i = the(found, "i")
    assert scope_text(C_FILE, i).startswith("for (int i = 0;")
    p = the(found, "p")
    assert hover_text(C_FILE, p) == "int tmp = 1, *p = &tmp;"
    assert scope_text(C_FILE, p).startswith("{\n    int tmp")
    rank = the(found, "rank")
    assert (rank.kind, rank.scope_start, rank.scope_end) == ("variable", 0, len(C_FILE))
    # A macro is visible from its #define on.
    n = the(found, "N")
    assert hover_text(C_FILE, n) == "#define N 100"
    assert n.scope_start == C_FILE.index(b"#define N") and n.scope_end == len(C_FILE)
    # Both the prototype and the definition are places to go to.
    assert [hover_text(C_FILE, d) for d in found if d.name == "norm"] == [
        "double norm(const double *v, int n);",
        "double norm(const double *v, int n)",
    ]
    assert hover_text(C_FILE, the(found, "point_t")) == "typedef struct { double x, y; } point_t;"
    assert hover_text(C_FILE, the(found, "grid")) == "struct grid"
    assert scope_text(C_FILE, the(found, "nx")).startswith("struct grid {")


def test_cpp_declarations() -> None:
    found = decls(CPP, CPP_FILE)
    # The out-of-class constructor is found by its own name, not the qualified one.
    ctors = [d for d in found if d.name == "Matrix" and d.kind == "method"]
    assert len(ctors) == 2
    assert text(CPP_FILE, ctors[1].name_start, ctors[1].name_end) == "Matrix"
    x = the(found, "x")
    assert (x.kind, hover_text(CPP_FILE, x)) == ("local", "auto &x")
    assert scope_text(CPP_FILE, x).startswith("for (auto &x : data_)")
    assert scope_text(CPP_FILE, the(found, "rows_")).startswith("class Matrix {")
    assert scope_text(CPP_FILE, the(found, "Matrix", "class")).startswith("namespace linalg")
    j = the(found, "j")
    assert (j.kind, hover_text(CPP_FILE, j)) == ("parameter", "int j")


def test_cuda_declarations() -> None:
    found = decls(CUDA, CUDA_FILE)
    tile = the(found, "tile")
    assert tile.kind == "local"
    assert hover_text(CUDA_FILE, tile) == "__shared__ float tile[THREADS];"
    assert scope_text(CUDA_FILE, tile).startswith("{\n  int i = blockIdx.x")  # the body
    assert [d.kind for d in found if d.name == "n"] == ["parameter", "parameter"]
    assert the(found, "stencil").kind == "kernel"


# -- imports -----------------------------------------------------------------------------------


def test_fortran_imports() -> None:
    source = FORTRAN_MODULE
    found = imports(_tree(F, source), source, F)
    assert [(i.kind, i.target, i.only) for i in found] == [
        ("use", "iso_fortran_env", ("real64", "i4")),
        ("use", "mpi", ()),
    ]
    first = found[0]
    assert text(source, first.start, first.end) == "use iso_fortran_env, only: real64, i4 => int32"
    assert text(source, first.target_start, first.target_end) == "iso_fortran_env"
    assert text(source, first.scope_start, first.scope_end).startswith("module geometry")


def test_fortran_import_forms() -> None:
    source = b"""\
#include "config.h"
subroutine s
  use, intrinsic :: iso_c_binding, only: c_int, operator(==)
  use m1, a => b
  include 'mpif.h'
end subroutine s
"""
    found = imports(_tree(F, source), source, F)
    assert [(i.kind, i.target, i.only) for i in found] == [
        ("include", "config.h", ()),
        ("use", "iso_c_binding", ("c_int", "operator(==)")),
        ("use", "m1", ()),  # a rename without `only:` still imports everything
        ("include", "mpif.h", ()),
    ]
    assert (found[0].scope_start, found[0].scope_end) == (0, len(source))
    unit = text(source, found[1].scope_start, found[1].scope_end)
    assert unit.startswith("subroutine s") and unit.endswith("end subroutine s")
    assert (found[3].scope_start, found[3].scope_end) == (found[1].scope_start, found[1].scope_end)
    assert text(source, found[3].target_start, found[3].target_end) == "mpif.h"


@pytest.mark.parametrize("kind", [C, CPP, CUDA], ids=str)
def test_c_family_includes(kind: LanguageKind) -> None:
    source = b'#include <mpi.h>\n#include "grid.h"\nint x;\n'
    found = imports(_tree(kind, source), source, kind)
    assert found == [
        Import("mpi.h", "system_include", 0, 16, 10, 15, 0, len(source)),
        Import("grid.h", "include", 17, 34, 27, 33, 0, len(source)),
    ]


# -- folds -------------------------------------------------------------------------------------


def test_fortran_folds() -> None:
    found = folding_ranges(_tree(F, FORTRAN_MODULE), FORTRAN_MODULE, F)
    assert found == [
        Fold(0, 1, "comment"),
        Fold(2, 44, "region"),  # module
        Fold(3, 4, "imports"),
        Fold(8, 13, "region"),  # type point
        Fold(11, 12, "region"),  # its `contains`
        Fold(14, 16, "region"),  # interface
        Fold(17, 43, "region"),  # the module's `contains` part
        Fold(18, 22, "region"),
        Fold(24, 28, "region"),
        Fold(30, 38, "region"),  # scale_grid
        Fold(33, 37, "region"),  # do
        Fold(34, 36, "region"),  # if
        Fold(40, 43, "region"),
    ]


def test_openmp_directives_are_not_comment_blocks() -> None:
    found = folding_ranges(_tree(F, FORTRAN_PROGRAM), FORTRAN_PROGRAM, F)
    assert all(f.kind != "comment" for f in found)
    assert Fold(15, 17, "region") in found  # the do loop under the directives


def test_c_folds() -> None:
    found = folding_ranges(_tree(C, C_FILE), C_FILE, C)
    assert found == [
        Fold(0, 1, "comment"),
        Fold(2, 4, "imports"),
        Fold(9, 12, "region"),  # struct grid
        Fold(21, 28, "region"),  # norm
        Fold(23, 26, "region"),  # for body
        Fold(30, 33, "region"),  # #ifdef DEBUG
        Fold(31, 32, "region"),
        Fold(35, 38, "region"),  # main
    ]


def test_c_comment_runs_and_preprocessor_branches() -> None:
    source = b"""\
// one
// two
int a; // trailing
// lone
#if defined(USE_MPI)
int b;
#else
int c;
#endif
"""
    found = folding_ranges(_tree(C, source), source, C)
    assert found == [Fold(0, 1, "comment"), Fold(4, 8, "region"), Fold(6, 7, "region")]


@pytest.mark.parametrize(("kind", "source"), SAMPLES, ids=lambda v: str(v)[:12])
def test_folds_are_sorted_unique_and_span_lines(kind: LanguageKind, source: bytes) -> None:
    found = folding_ranges(_tree(kind, source), source, kind)
    starts = [f.start_line for f in found]
    assert starts == sorted(set(starts))
    assert all(f.end_line > f.start_line for f in found)
    assert all(f.kind in ("region", "comment", "imports") for f in found)


# -- broken code -------------------------------------------------------------------------------


def test_half_typed_c_function() -> None:
    source = b"""\
#include <stdio.h>
int total;
int partial(int a, double b) {
  int x = a;
  if (x > 0) {
    printf("%d", x
"""
    assert shape(outline(C, source)) == [("variable", "total"), ("function", "partial")]
    found = decls(C, source)
    assert the(found, "a").kind == "parameter"
    x = the(found, "x")
    assert x.kind == "local"
    assert scope_text(source, x).startswith("int partial(")
    assert [i.target for i in imports(_tree(C, source), source, C)] == ["stdio.h"]


def test_half_typed_fortran_subroutine() -> None:
    source = b"""\
module solver
  use mpi
  integer :: iterations
contains
  subroutine step(u, n
    integer, intent(in) :: n
    real :: q
  end subroutine
  function resid(
end module
"""
    symbols = outline(F, source)
    assert shape(symbols) == [
        ("module", "solver", [("variable", "iterations"), ("subroutine", "step")])
    ]
    found = decls(F, source)
    q = the(found, "q")
    assert q.kind == "local"
    assert scope_text(source, q).startswith("subroutine step")
    assert [i.target for i in imports(_tree(F, source), source, F)] == ["mpi"]


@pytest.mark.parametrize(("kind", "source"), SAMPLES, ids=lambda v: str(v)[:12])
def test_every_prefix_of_a_file_is_handled(kind: LanguageKind, source: bytes) -> None:
    """Half-typed files of every length: no exception, and ranges that make sense."""
    for cut in range(0, len(source) + 1, 7):
        partial = source[:cut]
        tree = _tree(kind, partial)
        for s in walk(document_symbols(tree, partial, kind)):
            assert s.name and s.start <= s.name_start < s.name_end <= s.end <= cut
            for child in s.children:
                assert s.start <= child.start and child.end <= s.end
        for d in declarations(tree, partial, kind):
            assert d.name and d.start <= d.name_start < d.name_end <= d.end
            assert 0 <= d.scope_start <= d.start and d.end <= d.scope_end <= cut
        for i in imports(tree, partial, kind):
            assert i.start <= i.target_start <= i.target_end <= i.end <= cut
        for f in folding_ranges(tree, partial, kind):
            assert f.start_line < f.end_line <= partial.count(b"\n")


@pytest.mark.parametrize("kind", [F, C, CPP, CUDA], ids=str)
def test_empty_and_garbage_sources(kind: LanguageKind) -> None:
    for source in (b"", b"\n\n", b"\xff\xfe garbage (((", b"end end end }}}"):
        tree = _tree(kind, source)
        assert isinstance(document_symbols(tree, source, kind), list)
        assert isinstance(declarations(tree, source, kind), list)
        assert isinstance(imports(tree, source, kind), list)
        assert isinstance(folding_ranges(tree, source, kind), list)


def test_fixed_form_uses_the_fortran_grammar() -> None:
    source = b"      subroutine old(n)\n      integer n\n      end\n"
    fixed = LanguageKind.FORTRAN_FIXED
    assert shape(outline(fixed, source)) == [("subroutine", "old")]
    assert the(decls(fixed, source), "n").kind == "parameter"
