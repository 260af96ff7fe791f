"""hpcls.ai.context: the context a completion prompt gets, on the repository's examples and on
small snippets: header, enclosing declarations, signatures of called procedures, recent edits
of other files, the windows around the cursor, the budget, stability and broken code."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpcls.ai.context import ContextBudget, RecentEdits, build_context
from hpcls.ai.context_fortran import called_names
from hpcls.ai.context_index import dummy_names
from hpcls.ai.context_text import fixed_continuation, prefix_window, suffix_window
from hpcls.ai.types import CompletionContext
from hpcls.languages.registry import LanguageKind, language_from_extension
from hpcls.workspace.document import Change, Document
from hpcls.workspace.index import WorkspaceIndex, load_document
from hpcls.workspace.lines import Encoding
from hpcls.workspace.uris import path_to_uri

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ALL_LINES = {
    line.rstrip()
    for path in EXAMPLES.rglob("*")
    if path.is_file() and language_from_extension(path.name) is not None
    for line in path.read_text().splitlines()
}
SMALL = ContextBudget(total_chars=6000, prefix_chars=600, suffix_chars=300)

# A C file of our own that includes jacobi.h: what it calls resolves to the header.
DRIVER_C = """\
#include "jacobi.h"
#include <stdio.h>

static int run(int n)
{
    jacobi_grid g;
    int status = jacobi_init(&g, n);
    jacobi_result r = jacobi_solve(&g, 1e-6, 100, 0);
    /* cursor */
    return status;
}
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("ctx") / "examples"
    shutil.copytree(EXAMPLES, base)
    (base / "jacobi" / "driver.c").write_text(DRIVER_C)
    return base


@pytest.fixture(scope="module")
def index(root: Path) -> WorkspaceIndex:
    idx = WorkspaceIndex()
    idx.roots = [root]
    for path in sorted(root.rglob("*")):
        if path.is_file() and language_from_extension(path.name) is not None:
            assert idx.add_path(path)
    return idx


def load(root: Path, rel: str) -> Document:
    doc = load_document(root / rel)
    assert doc is not None and doc.tree is not None
    return doc


def at(doc: Document, marker: str, after: bool = False) -> int:
    """Byte offset of marker's start (or end) in doc: marker must occur once."""
    data = marker.encode()
    assert doc.source.count(data) == 1, marker
    i = doc.source.index(data)
    return i + len(data) if after else i


def context(
    root: Path,
    index: WorkspaceIndex | None,
    rel: str,
    marker: str,
    budget: ContextBudget = SMALL,
    after: bool = False,
    recent: RecentEdits | None = None,
) -> CompletionContext:
    doc = load(root, rel)
    return build_context(doc, at(doc, marker, after), index, recent, budget)


def lines(text: str) -> list[str]:
    return text.splitlines()


def blocks(signatures: str, comment: str) -> dict[str, str]:
    """Signature blocks by their first code line, each with its tag line."""
    out: dict[str, str] = {}
    current: list[str] = []
    for line in signatures.splitlines():
        if line.startswith(comment + " ") and current:
            out[current[1].strip()] = "\n".join(current)
            current = []
        current.append(line)
    if len(current) > 1:
        out[current[1].strip()] = "\n".join(current)
    return out


# --- Fortran free form ---------------------------------------------------------------------


def test_heat_solver_main_loop(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "heat/heat_solver.f90", "    local_sq = 0.0_dp")
    assert ctx.language == "fortran"
    assert lines(ctx.header) == [
        "  use, intrinsic :: iso_fortran_env, only: output_unit, error_unit",
        "  use mpi_f08",
        "  use heat_params",
        "  use heat_halo",
        "  implicit none",
    ]
    enclosing = lines(ctx.enclosing)
    assert enclosing[0] == "program heat_solver"
    assert "  type(grid_t) :: g" in enclosing
    assert "  integer  :: provided, iter, i, j, mode, nthreads" in enclosing
    assert "  logical  :: converged" in enclosing
    assert not any("call " in line or "=" in line for line in enclosing)  # no executable code

    sigs = blocks(ctx.signatures, "!")
    assert sigs["subroutine halo_setup(g)"] == (
        "! heat/heat_halo.f90\nsubroutine halo_setup(g)\n  type(grid_t), intent(inout) :: g"
    )
    assert "subroutine exchange_sendrecv(g, u)" in sigs
    assert (
        "real(dp), intent(inout), asynchronous :: u(0:, 0:)"
        in (sigs["subroutine exchange_nonblocking(g, u)"])
    )
    assert "subroutine apply_physical_bc(g, u, bc)" in sigs
    assert "pure function zero_profile(x, y) result(t)" in sigs  # a function call
    # Internal procedures of this file, far from the windows, with their dummies.
    assert sigs["subroutine parse_command_line(grid, halo_mode)"].startswith(
        "! heat/heat_solver.f90\n"
    )
    assert (
        "integer, intent(out) :: halo_mode"
        in sigs["subroutine parse_command_line(grid, halo_mode)"]
    )
    # A generic interface: the block, then its specific procedures.
    assert "interface report" in sigs
    assert "subroutine report_real(rank, label, val)" in sigs
    # Called only after the cursor, or not a procedure of the workspace.
    assert "halo_free" not in ctx.signatures
    assert "print_summary" not in ctx.signatures
    assert "MPI_Init_thread" not in ctx.signatures
    # Signatures in call order: the first call first.
    order = list(sigs)
    assert order.index("subroutine halo_setup(g)") < order.index(
        "subroutine exchange_sendrecv(g, u)"
    )


def test_signatures_only_called_before_the_cursor(root: Path, index: WorkspaceIndex) -> None:
    early = context(root, index, "heat/heat_solver.f90", "  call halo_setup(g)")
    assert "halo_setup" not in early.signatures
    assert "setup_decomposition(grid)" in early.signatures
    late = context(root, index, "heat/heat_solver.f90", "  call halo_free(g)", after=True)
    assert "subroutine halo_free(g)" in late.signatures


def test_internal_procedure_sees_its_host(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "heat/heat_solver.f90", "    grid%dims = 0")
    enclosing = lines(ctx.enclosing)
    own = enclosing.index("  subroutine setup_decomposition(grid)")
    assert enclosing[own + 1 :] == [
        "    type(grid_t), intent(inout) :: grid",
        "    logical, parameter :: periods(NDIMS) = [.false., .false.]",
    ]
    assert enclosing[0] == "program heat_solver"  # the host first
    assert "  type(grid_t) :: g" in enclosing[:own]
    # Called further down, not yet.
    assert "decompose_1d" not in ctx.signatures
    later = context(root, index, "heat/heat_solver.f90", "    if (grid%nx < 1 .or.")
    decompose = blocks(later.signatures, "!")[
        "pure subroutine decompose_1d(n, nparts, part, nlocal, offset)"
    ]
    assert decompose.splitlines() == [
        "! heat/heat_params.f90",
        "pure subroutine decompose_1d(n, nparts, part, nlocal, offset)",
        "  integer, intent(in)  :: n, nparts, part",
        "  integer, intent(out) :: nlocal, offset",
    ]


def test_module_procedure_sees_module_declarations(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "heat/heat_halo.f90", "    ! send west edge to the west")
    assert lines(ctx.header) == ["  use heat_params", "  use mpi_f08", "  implicit none"]
    enclosing = lines(ctx.enclosing)
    assert enclosing[:3] == [
        "module heat_halo",
        "  integer, parameter :: TAG_EW = 101   !< east/west messages",
        "  integer, parameter :: TAG_NS = 102   !< north/south messages",
    ]
    assert enclosing[3:] == [
        "  subroutine exchange_sendrecv(g, u)",
        "    type(grid_t), intent(in) :: g",
        "    real(dp), intent(inout) :: u(0:, 0:)",
        "    integer :: nx, ny",
    ]
    assert "public ::" not in ctx.enclosing and "private" not in ctx.enclosing


def test_module_types_in_enclosing(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "heat/heat_params.f90", "    base  = n / nparts")
    assert "  type, public :: grid_t" in lines(ctx.enclosing)
    assert "  end type grid_t" in lines(ctx.enclosing)
    assert lines(ctx.enclosing)[-3:] == [
        "    integer, intent(in)  :: n, nparts, part",
        "    integer, intent(out) :: nlocal, offset",
        "    integer :: base, extra",
    ]


def test_cursor_in_specification_part(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "heat/heat_halo.f90", "    type(MPI_Request) :: reqs(8)")
    enclosing = lines(ctx.enclosing)
    assert enclosing[-1] == "    real(dp), intent(inout), asynchronous :: u(0:, 0:)"
    assert "reqs(8)" not in ctx.enclosing


# --- Fortran fixed form ----------------------------------------------------------------------


def test_fixed_form_trimrh(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "legacy/dgtsv_like.f", "C     One column per iteration")
    assert ctx.language == "fortran-fixed"
    assert ctx.header == ""
    assert lines(ctx.enclosing) == [
        "      SUBROUTINE TRIMRH( N, NRHS, DL, D, DU, B, LDB, INFO )",
        "      INTEGER            INFO, LDB, N, NRHS",
        "      DOUBLE PRECISION   B( LDB, * ), D( * ), DL( * ), DU( * )",
        "      INTEGER            J",
        "      EXTERNAL           TRIFAC, TRISOL",
        "      INTRINSIC          MAX",
    ]
    # Columns kept: fixed form means something by them.
    assert blocks(ctx.signatures, "!")["SUBROUTINE TRIFAC( N, DL, D, DU, INFO )"].splitlines() == [
        "! legacy/dgtsv_like.f",
        "      SUBROUTINE TRIFAC( N, DL, D, DU, INFO )",
        "      INTEGER            INFO, N",
        "      DOUBLE PRECISION   D( * ), DL( * ), DU( * )",
    ]
    assert "TRISOL" not in blocks(ctx.signatures, "!")  # called after the cursor


def test_fixed_form_continuation_lines(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "legacy/dgtsv_like.f", "      ERR = ZERO")
    enclosing = lines(ctx.enclosing)
    assert enclosing[0] == "      PROGRAM TRIDRV"
    i = enclosing.index("      DOUBLE PRECISION   B( NMAX, NRHS ), D( NMAX ), DL( NMAX ),")
    assert enclosing[i + 1] == "     $                   DU( NMAX ), ERR, H, LAMBDA, X"
    assert "     $                   PI = 3.14159265358979323846D0 )" in enclosing
    assert "      COMMON             / TRICOM / PIVMIN, NFACT" in enclosing
    assert "SUBROUTINE TRIMRH( N, NRHS, DL, D, DU, B, LDB, INFO )" in ctx.signatures


def test_visible_definition_is_not_repeated(root: Path, index: WorkspaceIndex) -> None:
    marker = "      ERR = ZERO"
    small = context(root, index, "legacy/dgtsv_like.f", marker, ContextBudget(8000, 500, 200))
    assert "SUBROUTINE TRIMRH" in small.signatures
    # A prefix window that shows TRIMRH's definition: no need to repeat it.
    wide = context(root, index, "legacy/dgtsv_like.f", marker, ContextBudget(12000, 4000, 200))
    assert "SUBROUTINE TRIMRH( N, NRHS" in wide.prefix
    assert "TRIMRH" not in wide.signatures


# --- C, C++, CUDA ------------------------------------------------------------------------------


def test_jacobi_sweep(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "jacobi/jacobi.c", "            unew[IDX(i, j, ld)] = v;")
    assert ctx.language == "c"
    assert lines(ctx.header)[0] == '#include "jacobi.h"'
    assert "#include <math.h>" in lines(ctx.header)
    enclosing = lines(ctx.enclosing)
    sig = enclosing.index("double jacobi_sweep(const jacobi_grid *g)")
    assert enclosing[sig + 1 : sig + 3] == ["    const int n = g->n;", "    const int ld = g->ld;"]
    assert "    double err = 0.0;" in enclosing
    assert "    for (int i = 1; i <= n; i++) {" in enclosing  # the loop variable's declaration
    assert enclosing[-1].endswith("h2 * f[IDX(i, j, ld)]);")  # the multi-line local `v`
    # The typedef it uses, from the included header: printed before the function.
    assert enclosing.index("typedef struct jacobi_grid {") < sig
    assert "} jacobi_grid;" in enclosing
    assert "jacobi_result" not in ctx.enclosing  # not used here
    # Function-like macros it called: their #define lines, from the header.
    assert blocks(ctx.signatures, "//")[
        "#define IDX(i, j, ld) ((size_t)(i) * (size_t)(ld) + (size_t)(j))"
    ].startswith("// jacobi/jacobi.h\n")
    assert "#define MAX" not in ctx.signatures  # only called after the cursor
    assert "#define MAX" not in ctx.enclosing  # a function-like macro is no type


def test_jacobi_solve_calls(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "jacobi/jacobi.c", "    res.seconds = ")
    assert blocks(ctx.signatures, "//")["double jacobi_sweep(const jacobi_grid *g);"] == (
        "// jacobi/jacobi.c\ndouble jacobi_sweep(const jacobi_grid *g);"
    )
    enclosing = lines(ctx.enclosing)
    assert "#define JACOBI_REPORT_EVERY     2000" in enclosing  # an object-like macro used
    assert "typedef struct jacobi_result {" in enclosing
    # `tmp` was declared in the loop body, which the cursor is past.
    assert "double *tmp" not in ctx.enclosing
    assert enclosing[-2:] == [
        "    jacobi_result res = {0, HUGE_VAL, 0.0, 0};",
        "    const double t0 = omp_get_wtime();",
    ]


def test_prototypes_from_the_included_header(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "jacobi/driver.c", "    /* cursor */")
    sigs = blocks(ctx.signatures, "//")
    assert sigs["int jacobi_init(jacobi_grid *g, int n);"].startswith("// jacobi/jacobi.h\n")
    assert "jacobi_result jacobi_solve(jacobi_grid *g, double tol, int max_iter, int verbose);" in (
        sigs
    )
    wide = context(root, index, "jacobi/driver.c", "    /* cursor */", ContextBudget(6000, 60, 20))
    enclosing = lines(wide.enclosing)
    assert "static int run(int n)" in enclosing
    assert enclosing[-3:] == [
        "    jacobi_grid g;",
        "    int status = jacobi_init(&g, n);",
        "    jacobi_result r = jacobi_solve(&g, 1e-6, 100, 0);",
    ]
    # When the window shows the whole file above the cursor, the function is not repeated;
    # the header's prototypes (another file) still are.
    assert ctx.prefix.startswith("/*") or ctx.prefix.startswith("#")
    assert "static int run(int n)" in ctx.prefix and "static int run" not in ctx.enclosing


def test_cuda_kernel(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "cuda/saxpy_reduce.cu", "    // 3. the first warp reduces")
    assert ctx.language == "cuda"
    assert "#include <cuda_runtime.h>" in lines(ctx.header)
    enclosing = lines(ctx.enclosing)
    assert "constexpr int kWarpSize = 32;" in enclosing
    assert (
        "__global__ void block_reduce_sum(const float* __restrict__ in, "
        "float* __restrict__ out, int n)"
    ) in enclosing
    assert "    extern __shared__ float warp_sums[];" in enclosing
    assert "    float sum = 0.0f;" in enclosing
    assert blocks(ctx.signatures, "//")[
        "__device__ __forceinline__ float warp_reduce_sum(float val);"
    ].startswith("// cuda/saxpy_reduce.cu\n")


def test_cuda_kernel_launch_and_macros(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "cuda/saxpy_reduce.cu", "    CUDA_CHECK(cudaEventRecord(stop));")
    sigs = blocks(ctx.signatures, "//")
    assert (
        "__global__ void saxpy(int n, float a, const float* __restrict__ x, float* __restrict__ y);"
        in sigs
    )
    assert "static int blocks_for(int n, int block, int max_blocks);" in sigs
    assert "#define CUDA_CHECK_LAUNCH() CUDA_CHECK(cudaGetLastError())" in sigs
    macro = sigs["#define CUDA_CHECK(call)                                                      \\"]
    assert macro.splitlines()[-1] == "    } while (0)"


def test_cpp_method_and_classes(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "stencil/stencil.cpp", "                    out(i, j, k) = c0")
    enclosing = lines(ctx.enclosing)
    # Grid3D, a type the method uses, then the method's class: its data members.
    assert enclosing[:2] == ["template <typename T>", "class Grid3D {"]
    cls = enclosing.index("class DiffusionStencil {")
    assert enclosing[cls + 1] == "    double nu_;"
    assert "    void apply(const Grid3D<double>& in, Grid3D<double>& out) const" in enclosing
    assert "        const double c1 = nu_;" in enclosing

    main = context(root, index, "stencil/stencil.cpp", "            u.fill_periodic_ghosts();")
    enclosing = lines(main.enclosing)
    # Classes used by main, their inline methods shown as declarations.
    assert "class Grid3D {" in enclosing
    assert "    T interior_sum() const;" in enclosing
    assert "    explicit DiffusionStencil(double nu);" in enclosing
    assert not any("#pragma" in line for line in enclosing)
    assert "void init_gaussian(Grid3D<double>& g, double sigma);" in main.signatures


# --- budget and windows ------------------------------------------------------------------------


def test_budget_split() -> None:
    assert ContextBudget(1000, 300, 200).split() == (300, 200, 500)
    assert ContextBudget(400, 300, 200).split() == (300, 100, 0)
    assert ContextBudget(100, 300, 200).split() == (100, 0, 0)
    assert ContextBudget(-5, -1, -1).split() == (0, 0, 0)


def test_windows_cut_at_line_boundaries() -> None:
    source = b"alpha\nbeta\ngamma delta\nepsilon\nzeta\n"
    offset = source.index(b"delta")
    start, prefix = prefix_window(source, offset, 10)
    assert prefix == "gamma " and start == source.index(b"gamma")
    assert prefix_window(source, offset, 12)[1] == "beta\ngamma "
    end, suffix = suffix_window(source, offset, 16)
    assert suffix == "delta\nepsilon\n" and end == source.index(b"zeta")
    # Windows that reach the file's ends keep everything.
    assert prefix_window(source, offset, 100) == (0, "alpha\nbeta\ngamma ")
    assert suffix_window(source, offset, 100)[1] == "delta\nepsilon\nzeta\n"
    # The cursor's own line longer than the window: cut inside it, never empty.
    long = b"x = " + b"a + " * 50 + b"b\n"
    assert prefix_window(long, 100, 10)[1] == long[90:100].decode()
    assert suffix_window(long, 100, 10)[1] == long[100:110].decode()
    assert prefix_window(source, offset, 0) == (offset, "")


@pytest.mark.parametrize(
    ("rel", "marker"),
    [
        ("heat/heat_solver.f90", "    local_sq = 0.0_dp"),
        ("legacy/dgtsv_like.f", "      ERR = ZERO"),
        ("jacobi/jacobi.c", "    res.seconds = "),
        ("cuda/saxpy_reduce.cu", "    CUDA_CHECK(cudaEventRecord(stop));"),
    ],
)
@pytest.mark.parametrize("total", [200, 900, 1500, 2500, 4000, 12000])
def test_everything_within_budget(
    root: Path, index: WorkspaceIndex, rel: str, marker: str, total: int
) -> None:
    budget = ContextBudget(total, total // 3, total // 6)
    doc = load(root, rel)
    offset = at(doc, marker)
    ctx = build_context(doc, offset, index, None, budget)
    sections = (ctx.header, ctx.enclosing, ctx.signatures, ctx.recent, ctx.prefix, ctx.suffix)
    assert sum(len(s) for s in sections) <= total
    assert len(ctx.prefix) <= budget.prefix_chars and len(ctx.suffix) <= budget.suffix_chars
    text = doc.text
    # The prefix starts at a line start and ends at the cursor; the suffix ends a line.
    assert text.endswith(ctx.prefix, 0, len(doc.source[:offset].decode()))
    assert ctx.prefix == "" or text[len(doc.source[:offset].decode()) - len(ctx.prefix) - 1] == "\n"
    # (unless the cursor's own line is longer than the window)
    assert ctx.suffix.endswith("\n") or "\n" not in ctx.suffix
    # Header and enclosing are whole lines of the workspace's files (trailing blanks
    # stripped); every section ends with a line break.
    for section in (ctx.header, ctx.enclosing, ctx.signatures, ctx.recent):
        assert section == "" or section.endswith("\n")
    for line in lines(ctx.header + ctx.enclosing):
        assert line in ALL_LINES, line


def test_truncation_keeps_the_most_important_blocks(root: Path, index: WorkspaceIndex) -> None:
    marker = "    grid%dims = 0"
    full = context(root, index, "heat/heat_solver.f90", marker, ContextBudget(20000, 500, 200))
    # Little room: the procedure's own declarations stay, its host's go first.
    tight = context(root, index, "heat/heat_solver.f90", marker, ContextBudget(1100, 500, 200))
    assert tight.enclosing.endswith(
        "  subroutine setup_decomposition(grid)\n"
        "    type(grid_t), intent(inout) :: grid\n"
        "    logical, parameter :: periods(NDIMS) = [.false., .false.]\n"
    )
    assert len(tight.enclosing) < len(full.enclosing)
    assert "program heat_solver" in full.enclosing
    # Whatever is kept of a section is whole blocks of the full one, in the same order.
    for name in ("header", "signatures"):
        kept, whole = getattr(tight, name), getattr(full, name)
        assert all(line in lines(whole) for line in lines(kept))
    # Signatures are cut from the last called: the first ones stay.
    late = "  call print_summary("
    roomy = context(root, index, "heat/heat_solver.f90", late, ContextBudget(20000, 400, 100))
    cut = context(root, index, "heat/heat_solver.f90", late, ContextBudget(1500, 400, 100))
    assert blocks(cut.signatures, "!") and set(blocks(cut.signatures, "!")) < set(
        blocks(roomy.signatures, "!")
    )
    first_cut, *_ = blocks(cut.signatures, "!")
    first_roomy, *_ = blocks(roomy.signatures, "!")
    assert first_cut == first_roomy


def test_no_context_budget_leaves_only_the_windows(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(
        root, index, "heat/heat_solver.f90", "    local_sq = 0.0_dp", ContextBudget(900, 600, 300)
    )
    assert (ctx.header, ctx.enclosing, ctx.signatures, ctx.recent) == ("", "", "", "")
    assert ctx.prefix and ctx.suffix


# --- recent edits --------------------------------------------------------------------------


def snippet(uri: str, text: str, kind: LanguageKind = LanguageKind.FORTRAN) -> Document:
    return Document.create(uri, kind, 1, text)


def numbered(n: int, prefix: str = "x") -> str:
    return "".join(f"{prefix}{i} = {i}\n" for i in range(n))


def test_recent_edits_ring() -> None:
    ring = RecentEdits(max_chunks=3, max_chars=10_000, context_lines=1)
    docs = {u: snippet(f"file:///{u}.f90", numbered(100, u)) for u in "abcd"}

    def line(doc: Document, n: int) -> int:
        return doc.lines.line_start(n) + 2

    for u in "abcd":
        ring.record(docs[u].uri, docs[u], line(docs[u], 50))
    # Newest first, the oldest evicted beyond max_chunks.
    assert [c.uri for c in ring.chunks()] == ["file:///d.f90", "file:///c.f90", "file:///b.f90"]
    newest = ring.chunks()[0]
    assert newest.text == "d49 = 49\nd50 = 50\nd51 = 51"
    assert (newest.first_line, newest.edit_line) == (49, 50)
    # The same region again: one chunk, moved to the front, text updated.
    ring.record(docs["b"].uri, docs["b"], line(docs["b"], 51))
    assert [c.uri for c in ring.chunks()] == ["file:///b.f90", "file:///d.f90", "file:///c.f90"]
    assert ring.chunks()[0].text == "b50 = 50\nb51 = 51\nb52 = 52"
    # Another region of the same document: a chunk of its own.
    ring.record(docs["b"].uri, docs["b"], line(docs["b"], 5))
    assert [(c.uri, c.edit_line) for c in ring.chunks()] == [
        ("file:///b.f90", 5),
        ("file:///b.f90", 51),
        ("file:///d.f90", 50),
    ]
    assert all(c.uri != "file:///b.f90" for c in ring.chunks(exclude_uri="file:///b.f90"))
    ring.forget("file:///b.f90")
    assert [c.uri for c in ring.chunks()] == ["file:///d.f90"]
    ring.clear()
    assert ring.chunks() == []


def test_recent_edits_limits() -> None:
    ring = RecentEdits(max_chunks=8, max_chars=50, context_lines=2, max_chunk_chars=30)
    doc = snippet("file:///a.f90", numbered(100))
    ring.record(doc.uri, doc, doc.lines.line_start(10))
    chunk = ring.chunks()[0]
    assert len(chunk.text) <= 30 and "x10 = 10" in chunk.text
    other = snippet("file:///b.f90", numbered(100, "y"))
    ring.record(other.uri, other, other.lines.line_start(20))
    ring.record(other.uri, other, other.lines.line_start(80))
    # Over max_chars: the oldest go.
    assert sum(len(c.text) for c in ring.chunks()) <= 50
    assert ring.chunks()[0].edit_line == 80
    # Offsets outside the text are clamped; empty and skipped documents record nothing.
    ring.record(doc.uri, doc, 10**9)
    assert ring.chunks()[0].uri == doc.uri
    empty = snippet("file:///e.f90", "")
    ring.record(empty.uri, empty, 0)
    assert all(c.uri != empty.uri for c in ring.chunks())


def test_recent_chunks_of_other_files_in_context(root: Path, index: WorkspaceIndex) -> None:
    ring = RecentEdits()
    params = load(root, "heat/heat_params.f90")
    solver = load(root, "heat/heat_solver.f90")
    halo = load(root, "heat/heat_halo.f90")
    ring.record(params.uri, params, at(params, "  real(dp), parameter, public :: CFL"))
    ring.record(solver.uri, solver, at(solver, "    local_sq = 0.0_dp"))
    ring.record(halo.uri, halo, at(halo, "  integer, parameter :: TAG_NS"))
    ctx = build_context(solver, at(solver, "    local_sq = 0.0_dp"), index, ring, SMALL)
    recent = ctx.recent
    # Other files only, oldest first (the newest nearest the cursor).
    assert recent.startswith("! --- from heat/heat_params.f90 ---\n")
    assert "! --- from heat/heat_halo.f90 ---\n" in recent
    assert recent.index("heat_params.f90") < recent.index("heat_halo.f90")
    assert "real(dp), parameter, public :: CFL = 0.20_dp" in recent
    assert "heat_solver.f90" not in recent
    # No room: nothing, and never over the budget.
    tight = build_context(
        solver, at(solver, "    local_sq = 0.0_dp"), index, ring, ContextBudget(1300, 600, 300)
    )
    assert len(tight.recent) <= 400 * 0.3


# --- stability, determinism, speed -------------------------------------------------------------


def stable(ctx: CompletionContext) -> tuple[str, str, str]:
    return ctx.header, ctx.enclosing, ctx.signatures


@pytest.mark.parametrize(
    ("rel", "marker"),
    [
        ("heat/heat_solver.f90", "residual = sqrt(global_sq / (real(g%nx_global, dp)"),
        ("heat/heat_halo.f90", "        y = (g%j_off + j) * g%dy\n        u(0, j)"),
        ("legacy/dgtsv_like.f", "LAMBDA = ( TWO-TWO*COS( DBLE( J )*PI*H ) ) / H**2"),
        ("jacobi/jacobi.c", "const double exact = sin(M_PI * i * h)"),
        ("cuda/saxpy_reduce.cu", "ref += static_cast<double>(a) * h_x[i] + h_y[i];"),
        ("stencil/stencil.cpp", "const double r2 = (i - c) * (i - c) + (j - c)"),
    ],
)
def test_stable_while_moving_and_typing(
    root: Path, index: WorkspaceIndex, rel: str, marker: str
) -> None:
    doc = load(root, rel)
    start = at(doc, marker)
    contexts = [build_context(doc, start + d, index, None, SMALL) for d in (0, 3, 9, 17)]
    assert all(stable(c) == stable(contexts[0]) for c in contexts)
    assert contexts[0].enclosing
    # Typing a few characters at the cursor: new snapshots, same stable sections.
    offset = start + 9
    for ch in "tmp":
        line, col = doc.position_of(offset, Encoding.UTF8)
        doc, _ = doc.apply([Change((line, col, line, col), ch)], doc.version + 1, Encoding.UTF8)
        offset += 1
        assert stable(build_context(doc, offset, index, None, SMALL)) == stable(contexts[0])


def test_deterministic(root: Path, index: WorkspaceIndex) -> None:
    for rel, marker in [
        ("heat/heat_solver.f90", "    local_sq = 0.0_dp"),
        ("jacobi/driver.c", "    /* cursor */"),
    ]:
        a = context(root, index, rel, marker)
        b = context(root, index, rel, marker)
        assert a == b


def test_without_an_index(root: Path) -> None:
    ctx = context(root, None, "heat/heat_solver.f90", "    local_sq = 0.0_dp")
    assert "use heat_halo" in ctx.header and "type(grid_t) :: g" in ctx.enclosing
    sigs = blocks(ctx.signatures, "!")
    assert "subroutine parse_command_line(grid, halo_mode)" in sigs  # this file
    assert sigs["subroutine parse_command_line(grid, halo_mode)"].startswith("! heat_solver.f90\n")
    assert "halo_setup" not in ctx.signatures  # another file: needs the index


def test_open_document_is_read_from_its_snapshot(root: Path) -> None:
    idx = WorkspaceIndex()
    idx.roots = [root]
    for rel in ("heat/heat_params.f90", "heat/heat_halo.f90"):
        assert idx.add_path(root / rel)
    solver = load(root, "heat/heat_solver.f90")
    idx.update_open(solver)
    ctx = build_context(solver, at(solver, "    local_sq = 0.0_dp"), idx, None, SMALL)
    assert "subroutine halo_setup(g)" in ctx.signatures
    # The edited document's own facts were not computed for the context.
    assert idx._open_facts.get(solver.uri) is None


def big_file(path: Path, copies: int) -> Path:
    """heat_halo.f90 with its procedures repeated (renamed) `copies` times."""
    body = (EXAMPLES / "heat" / "heat_halo.f90").read_text()
    head, rest = body.split("contains\n", 1)
    template = rest.rsplit("end module", 1)[0]
    parts = [head, "contains\n"]
    for k in range(copies):
        procs = template
        for name in ("halo_setup", "halo_free", "exchange_sendrecv", "exchange_nonblocking"):
            procs = procs.replace(f"{name}(", f"{name}_{k}(").replace(f"{name}\n", f"{name}_{k}\n")
        parts.append(procs.replace("apply_physical_bc", f"apply_physical_bc_{k}"))
    parts.append("end module heat_halo\n")
    path.write_text("".join(parts))
    return path


def test_speed_on_large_files(tmp_path: Path) -> None:
    path = big_file(tmp_path / "big.f90", 200)  # about 20,000 lines
    doc = load_document(path)
    assert doc is not None and doc.lines.line_count > 15_000
    marker = b"call MPI_Waitall(size(reqs), reqs, MPI_STATUSES_IGNORE)"
    offset = doc.source.index(marker, len(doc.source) // 2)
    build_context(doc, offset, None, None, SMALL)  # compiles the queries
    times = []
    for ch in "abcdefgh":
        line, col = doc.position_of(offset, Encoding.UTF8)
        doc, _ = doc.apply([Change((line, col, line, col), ch)], doc.version + 1, Encoding.UTF8)
        offset += 1
        t = time.perf_counter()
        ctx = build_context(doc, offset, None, None, SMALL)
        times.append(time.perf_counter() - t)
    assert "subroutine exchange_nonblocking" in ctx.enclosing
    # Generous: CI machines vary; a whole-file outline pass alone takes about 100 ms here.
    assert sorted(times)[len(times) // 2] < 0.05


# --- broken code ---------------------------------------------------------------------------------


def mutations(text: str, offset: int) -> Iterator[tuple[str, int]]:
    """Broken variants of text, each with a cursor offset (in characters)."""
    yield text[:offset], offset  # the file ends at the cursor
    for junk in (
        "call exch",
        "if (x > 0) then\n  y = ",
        "))) = = ( {{ ",
        "x = foo(a, ",
        "#include",
    ):
        yield text[:offset] + junk + text[offset:], offset + len(junk)
    yield text[:offset] + text[offset + 200 :], offset  # a chunk deleted
    yield text.replace("end", "edn"), offset
    yield text.replace("}", ""), min(offset, len(text.replace("}", "")))


@pytest.mark.parametrize(
    ("rel", "marker"),
    [
        ("heat/heat_solver.f90", "    local_sq = 0.0_dp"),
        ("heat/heat_halo.f90", "    call MPI_Type_commit"),
        ("legacy/dgtsv_like.f", "      CALL TRIFAC( N, DL, D, DU, INFO )"),
        ("jacobi/jacobi.c", "    res.seconds = "),
        ("cuda/saxpy_reduce.cu", "    sum = warp_reduce_sum(sum);"),
        ("stencil/stencil.cpp", "            op.apply(u, unew);"),
        ("mpi/ring.c", "int main"),
    ],
)
def test_broken_code_never_raises(root: Path, index: WorkspaceIndex, rel: str, marker: str) -> None:
    doc = load(root, rel)
    text = doc.text
    offset = text.index(marker)
    for broken, cursor in mutations(text, offset):
        snap = Document.create(doc.uri, doc.language, 2, broken)
        byte = len(broken[:cursor].encode())
        ctx = build_context(snap, byte, index, RecentEdits(), SMALL)
        assert ctx.language == doc.language.value if doc.language else ""
        assert ctx.prefix or cursor == 0
    # Every offset of a file cut short, including inside tokens and past the end.
    for cut in range(0, len(text), max(1, len(text) // 40)):
        snap = Document.create(doc.uri, doc.language, 3, text[:cut])
        for off in (0, cut // 2, cut, cut + 10):
            build_context(snap, off, index, None, SMALL)


def test_half_typed_call_still_has_context(root: Path, index: WorkspaceIndex) -> None:
    doc = load(root, "heat/heat_solver.f90")
    text = doc.text
    cut = text.index("    local_sq = 0.0_dp")
    snap = Document.create(doc.uri, doc.language, 2, text[:cut] + "    call exch")
    assert snap.tree is not None and snap.tree.root_node.has_error
    ctx = build_context(snap, len(snap.source), index, None, SMALL)
    assert "use heat_halo" in ctx.header
    assert "type(grid_t) :: g" in ctx.enclosing
    assert ctx.prefix.endswith("    call exch")

    c = load(root, "jacobi/jacobi.c")
    cut = c.text.index("    res.seconds = ")
    snap = Document.create(c.uri, c.language, 2, c.text[:cut] + "    jacobi_sw")
    ctx = build_context(snap, len(snap.source), index, None, SMALL)
    assert '#include "jacobi.h"' in ctx.header
    assert "jacobi_solve(jacobi_grid *g, double tol" in ctx.enclosing
    assert "    jacobi_result res = {0, HUGE_VAL, 0.0, 0};" in lines(ctx.enclosing)


def test_documents_without_a_tree() -> None:
    text = "just some text\nwith lines\n"
    plain = Document.create("file:///notes.txt", None, 1, text)
    ctx = build_context(plain, 5, None, RecentEdits(), SMALL)
    assert ctx == CompletionContext("", "", "", "", "", "just ", "some text\nwith lines\n")
    binary = Document.create("file:///x.c", LanguageKind.C, 1, b"int x;\x00\x01\n")
    assert binary.tree is None
    ctx = build_context(binary, 3, None, None, SMALL)
    assert ctx.language == "c" and ctx.prefix == "int" and ctx.enclosing == ""


def test_multibyte_text_and_offsets() -> None:
    text = "! π ≈ 3.14159, naïve résumé\nprogram p\n  implicit none\n  real :: x\n  x = 1.0 ! é\nend program p\n"
    doc = snippet("file:///p.f90", text)
    for offset in range(len(doc.source) + 3):
        ctx = build_context(doc, offset, None, None, ContextBudget(500, 20, 10))
        assert len(ctx.prefix) <= 20 and len(ctx.suffix) <= 10
    at = doc.source.index(b"x = 1.0")
    ctx = build_context(doc, at, None, None, ContextBudget(6000, 40, 10))
    assert ctx.enclosing == "program p\n  real :: x\n"
    assert ctx.header == "  implicit none\n"
    # The whole file above the cursor is in the window: nothing is repeated above it.
    whole = build_context(doc, at, None, None, SMALL)
    assert whole.prefix.startswith("! π") and whole.enclosing == whole.header == ""


# --- snippets: use-only, renames, externals ------------------------------------------------


def write_index(tmp: Path, files: dict[str, str]) -> tuple[WorkspaceIndex, dict[str, Path]]:
    idx = WorkspaceIndex()
    idx.roots = [tmp]
    paths = {}
    for name, text in files.items():
        path = tmp / name
        path.write_text(text)
        assert idx.add_path(path)
        paths[name] = path
    return idx, paths


def test_use_only_and_renames(tmp_path: Path) -> None:
    idx, paths = write_index(
        tmp_path,
        {
            "a.f90": (
                "module a\ncontains\n"
                "  subroutine foo(x)\n    real, intent(in) :: x\n  end subroutine foo\n"
                "  subroutine bar(n)\n    integer, intent(inout) :: n\n  end subroutine bar\n"
                "end module a\n"
            ),
            "ext.f": (
                "      SUBROUTINE LEGACY( A,\n     $                   N )\n"
                "      INTEGER N\n      REAL A( N )\n      A( 1 ) = 0\n      END\n"
            ),
            "main.f90": (
                "program main\n  use a, only: bar, baz => foo\n  implicit none\n  real :: y\n"
                "  integer :: k\n  call foo(y)\n  call baz(y)\n  call bar(k)\n"
                "  call legacy(y, k)\n  y = 0\nend program main\n"
            ),
        },
    )
    doc = load_document(paths["main.f90"])
    assert doc is not None
    ctx = build_context(doc, doc.source.index(b"  y = 0"), idx, None, SMALL)
    sigs = blocks(ctx.signatures, "!")
    # `foo` is not imported under its own name; `baz` is a.f90's foo.
    assert list(sigs) == ["subroutine foo(x)", "subroutine bar(n)", "SUBROUTINE LEGACY( A,"]
    assert sigs["subroutine foo(x)"] == "! a.f90\nsubroutine foo(x)\n  real, intent(in) :: x"
    # An external procedure, its statement on two fixed-form lines.
    assert sigs["SUBROUTINE LEGACY( A,"].splitlines() == [
        "! ext.f",
        "      SUBROUTINE LEGACY( A,",
        "     $                   N )",
        "      INTEGER N",
        "      REAL A( N )",
    ]


def test_c_snippet_types_and_prototypes(tmp_path: Path) -> None:
    idx, paths = write_index(
        tmp_path,
        {
            "util.h": (
                "#pragma once\n#define N 16\n#define SQ(x) ((x) * (x))\n"
                "typedef struct { double x, y; } point;\n"
                "double dist(point a, point b);\n"
            ),
            "other.c": "int helper(int a, int b)\n{\n    return a + b;\n}\n",
            "main.c": (
                '#include "util.h"\n\nstatic int table[N];\n\nint later(int);\n\n'
                "int main(void)\n{\n    point p = {0, N};\n    double d = dist(p, p);\n"
                "    int h = helper(1, SQ(2)) + later(3);\n    return 0;\n}\n\n"
                "int later(int v)\n{\n    return v;\n}\n"
            ),
        },
    )
    doc = load_document(paths["main.c"])
    assert doc is not None
    ctx = build_context(doc, doc.source.index(b"    return 0;"), idx, None, SMALL)
    enclosing = lines(ctx.enclosing)
    assert "#define N 16" in enclosing
    assert "typedef struct { double x, y; } point;" in enclosing
    assert "static int table[N];" not in enclosing  # not used by main
    sigs = blocks(ctx.signatures, "//")
    assert sigs["double dist(point a, point b);"] == "// util.h\ndouble dist(point a, point b);"
    assert sigs["int helper(int a, int b);"] == "// other.c\nint helper(int a, int b);"
    assert sigs["#define SQ(x) ((x) * (x))"] == "// util.h\n#define SQ(x) ((x) * (x))"
    # Its prototype and definition are in this file, both shown in the windows...
    assert "later" not in ctx.signatures
    # ...unless the windows are too small to show them.
    narrow = build_context(
        doc, doc.source.index(b"    return 0;"), idx, None, ContextBudget(3000, 60, 20)
    )
    assert blocks(narrow.signatures, "//")["int later(int);"] == "// main.c\nint later(int);"


def test_called_names() -> None:
    text = b"""\
  call foo(x)   ! call not_this(y)
  call grid%init(3)
  y = g%area(2) + bar(1) + u(i, j)
  write (*, *) 'call quoted(1)'
  call BAZ
"""
    assert called_names(text, fixed=False) == ["foo", "bar", "u", "baz"]
    fixed = b"C     CALL COMMENTED( X )\n      CALL TRIFAC( N )\n     $   + F( 2 )\n"
    assert called_names(fixed, fixed=True) == ["trifac", "f"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    example=st.sampled_from(
        ["heat/heat_halo.f90", "legacy/dgtsv_like.f", "jacobi/jacobi.c", "cuda/saxpy_reduce.cu"]
    ),
    where=st.floats(0, 1),
    cursor=st.floats(0, 1),
    junk=st.text(alphabet="(){}[];,=&%!*/\"'\n abcxyz0123end", max_size=12),
)
def test_random_edits_never_raise(
    root: Path, index: WorkspaceIndex, example: str, where: float, cursor: float, junk: str
) -> None:
    doc = load(root, example)
    text = doc.text
    i = int(where * len(text))
    broken = text[:i] + junk + text[i:]
    snap = Document.create(doc.uri, doc.language, 2, broken)
    offset = int(cursor * len(snap.source))
    ctx = build_context(snap, offset, index, None, SMALL)
    assert len(ctx.prefix) <= SMALL.prefix_chars


def test_dummy_names() -> None:
    assert dummy_names("      SUBROUTINE TRI( N, NRHS,\n     $   DL, * )") == ["n", "nrhs", "dl"]
    assert dummy_names("pure function f(x, & ! note\n    y) result(t)") == ["x", "y", "t"]
    assert dummy_names("subroutine s") == []


def test_fixed_continuation() -> None:
    assert fixed_continuation("     $   RETURN")
    assert fixed_continuation("     &   RETURN")
    assert not fixed_continuation("      RETURN")
    assert not fixed_continuation("C    $ comment")
    assert not fixed_continuation("   10 CONTINUE")
    assert not fixed_continuation("     0   X")
    assert not fixed_continuation("\t$ tab format")
    assert not fixed_continuation("")


def test_uri_tags_use_workspace_roots(root: Path, index: WorkspaceIndex) -> None:
    ctx = context(root, index, "heat/heat_solver.f90", "    local_sq = 0.0_dp")
    tags = {line for line in lines(ctx.signatures) if line.startswith("! ")}
    assert tags <= {"! heat/heat_halo.f90", "! heat/heat_params.f90", "! heat/heat_solver.f90"}
    assert path_to_uri(root / "heat" / "heat_halo.f90") in index.uris()
