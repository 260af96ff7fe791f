"""The parallelize action (actions/parallelize.py) on its own: clauses, placement in each
language, the trust ladder's rungs and labels, and a compile-and-run check that the
parallelized program prints what the serial one prints, with 4 threads."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from hpcls.actions.parallelize import apply, not_offered, plan
from hpcls.analysis.dependence import Verdict
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document
from tests.conftest import require_tools
from tests.loop_nests import C_NESTS, F_NESTS, line_of

C_PROGRAM = """#include <stdio.h>
#define N 200000
static double a[N], b[N];
int main(void) {
  double s = 0.0, t;
  int i;
  for (i = 0; i < N; i++) a[i] = (i % 97) * 0.5;
  for (i = 0; i < N; i++) {
    t = a[i] * a[i];
    b[i] = t + 1.0;
    s += t;
  }
  for (i = 1; i < N; i++) b[i] = b[i - 1] + a[i];
  printf("%.6e %.6e\\n", s, b[N - 1]);
  return 0;
}
"""

F_PROGRAM = """program p
  implicit none
  integer, parameter :: n = 200000
  real(8) :: a(n), b(n), s, t
  integer :: i
  s = 0
  do i = 1, n
    a(i) = mod(i, 97) * 0.5d0
  end do
  do i = 1, n
    t = a(i) * a(i)
    b(i) = t + 1
    s = s + t
  end do
  print '(2es16.6)', s, b(n)
end program p
"""

FIXED = """      program q
      integer i, n
      parameter (n = 1000)
      real x(n), y(n)
      do 10 i = 1, n
         x(i) = i
         y(i) = 2.0 * x(i) + 1.0
   10 continue
      print *, y(n)
      end
"""


def _doc(name: str, text: str, kind: LanguageKind) -> Document:
    return Document.create(f"file:///tmp/{name}", kind, 1, text)


def test_c_loop_gets_private_and_reduction_verified() -> None:
    doc = _doc("p.c", C_PROGRAM, LanguageKind.C)
    result = plan(doc, 7, compile_rung=False)
    assert result is not None and result.verdict.verdict is Verdict.PARALLEL
    assert [e.text for e in result.edits] == [
        "  #pragma omp parallel for private(t) reduction(+: s)\n"
    ]
    assert result.verified
    assert result.title == "Parallelize loop with OpenMP (verified: parses, dependence-checked)"


def test_serial_loop_is_not_offered_and_says_why() -> None:
    doc = _doc("p.c", C_PROGRAM, LanguageKind.C)
    result = plan(doc, 12, compile_rung=False)
    assert result is not None and not result.offered and not result.verified
    assert result.verdict.verdict is Verdict.SERIAL
    assert "loop-carried dependence" in result.why_not


def test_unknown_loop_is_offered_unverified() -> None:
    source = "void f(double *a, double *b, int n) {\n  for (int i = 0; i < n; i++)\n    a[i] = b[i] + 1.0;\n}\n"
    result = plan(_doc("u.c", source, LanguageKind.C), 1, compile_rung=False)
    assert result is not None and result.verdict.verdict is Verdict.UNKNOWN
    assert result.offered and not result.verified
    assert result.title.startswith("Parallelize loop with OpenMP (unverified: cannot prove")
    restrict = source.replace("double *a, double *b", "double *restrict a, double *restrict b")
    verified = plan(_doc("r.c", restrict, LanguageKind.C), 1, compile_rung=False)
    assert verified is not None and verified.verified


def test_no_action_where_a_directive_already_is_or_no_loop() -> None:
    source = C_PROGRAM.replace(
        "  for (i = 0; i < N; i++) {", "#pragma omp parallel for\n  for (i = 0; i < N; i++) {"
    )
    doc = _doc("d.c", source, LanguageKind.C)
    assert plan(doc, 8, compile_rung=False) is None
    assert plan(doc, 0, compile_rung=False) is None


def test_fortran_free_and_fixed_form_placement() -> None:
    doc = _doc("p.f90", F_PROGRAM, LanguageKind.FORTRAN)
    result = plan(doc, 9, compile_rung=False)
    assert result is not None and result.verified
    edited = apply(doc.source, result.edits).decode()
    assert "  !$omp parallel do private(t) reduction(+: s)\n  do i = 1, n\n" in edited
    assert "  end do\n  !$omp end parallel do\n  print" in edited
    fixed = _doc("q.f", FIXED, LanguageKind.FORTRAN_FIXED)
    result = plan(fixed, 4, compile_rung=False)
    assert result is not None and result.verified
    edited = apply(fixed.source, result.edits).decode()
    assert "\n!$omp parallel do\n      do 10 i = 1, n\n" in edited
    assert "   10 continue\n!$omp end parallel do\n" in edited


def _run(compiler: str, source: str, suffix: str, tmp: Path, threads: int) -> str:
    src = tmp / f"prog{suffix}"
    src.write_text(source)
    exe = tmp / "prog"
    subprocess.run([compiler, "-O1", "-fopenmp", str(src), "-o", str(exe)], check=True, timeout=120)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "OMP_WAIT_POLICY": "passive"}
    return subprocess.run(
        [str(exe)], capture_output=True, text=True, env=env, timeout=60, check=True
    ).stdout


@pytest.mark.parametrize(
    ("compiler", "name", "text", "kind", "line"),
    [
        ("gcc", "p.c", C_PROGRAM, LanguageKind.C, 7),
        ("gfortran", "p.f90", F_PROGRAM, LanguageKind.FORTRAN, 9),
    ],
)
def test_parallelized_program_prints_what_the_serial_one_prints(
    tmp_path: Path, compiler: str, name: str, text: str, kind: LanguageKind, line: int
) -> None:
    require_tools("gcc", "gfortran")
    doc = Document.create((tmp_path / name).as_uri(), kind, 1, text)
    result = plan(doc, line)
    assert result is not None and result.verified, result.title if result else None
    assert [r.name for r in result.rungs] == ["parses", "dependence-checked", "compiles"]
    assert result.title.endswith("(verified: parses, dependence-checked, compiles)")
    edited = apply(doc.source, result.edits).decode()
    suffix = Path(name).suffix
    serial = _run(compiler, text, suffix, tmp_path, 1)
    for threads in (2, 4):
        # Sums are reassociated across threads: compare to 6 significant digits.
        assert _run(compiler, edited, suffix, tmp_path, threads) == serial


CUDA_HOST = """#include <cstdio>
__global__ void scale(float *x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] *= 2.0f;
}
int main() {
  const int n = 1 << 16;
  static float h[1 << 16];
  float total = 0.0f;
  for (int i = 0; i < n; i++) h[i] = 0.5f * i;
  for (int i = 0; i < n; i++) total += h[i];
  std::printf("%f\\n", total);
  return 0;
}
"""


def test_cuda_host_loop_is_parallelized_and_the_compile_rung_says_why_it_was_skipped() -> None:
    doc = _doc("k.cu", CUDA_HOST, LanguageKind.CUDA)
    result = plan(doc, 10)
    assert result is not None and result.verified
    assert [e.text for e in result.edits] == ["  #pragma omp parallel for reduction(+: total)\n"]
    compiled = [r for r in result.rungs if r.name == "compiles"]
    if shutil.which("nvcc") is None:
        assert compiled[0].status == "skipped" and "nvcc" in compiled[0].detail
        assert "not compiled: nvcc for cuda is not installed" in result.title


# --- outermost first (tests/loop_nests.py) --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "kind", "directive"),
    [
        ("n.c", C_NESTS, LanguageKind.C, "  #pragma omp parallel for collapse(2)\n"),
        ("n.f90", F_NESTS, LanguageKind.FORTRAN, "  !$omp parallel do collapse(2)\n"),
    ],
)
def test_an_inner_loop_gets_the_action_for_the_outer_loop(
    name: str, text: str, kind: LanguageKind, directive: str
) -> None:
    doc = _doc(name, text, kind)
    outer, inner = line_of(text, "outer"), line_of(text, "inner")
    result = plan(doc, inner - 1, compile_rung=False)
    assert result is not None and result.verified
    assert result.asked is not None and result.asked.header is not None
    assert result.asked.header.line == inner - 1
    assert result.title == (
        f"Parallelize the enclosing loop (line {outer}) with OpenMP "
        "(verified: parses, dependence-checked)"
    )
    assert result.edits[0].text == directive
    same = plan(doc, outer - 1, compile_rung=False)
    assert same is not None and same.asked is None and same.edits == result.edits
    assert same.title.startswith("Parallelize loop with OpenMP (verified")


def test_no_action_inside_a_parallel_loop_and_why() -> None:
    for name, text, kind in (
        ("n.c", C_NESTS, LanguageKind.C),
        ("n.f90", F_NESTS, LanguageKind.FORTRAN),
    ):
        doc = _doc(name, text, kind)
        line = line_of(text, "under-directive") - 1
        assert plan(doc, line, compile_rung=False) is None
        why = not_offered(doc, line)
        assert why is not None and "inside the OpenMP parallel" in why
        assert "nest parallel regions" in why
        assert not_offered(doc, 0) is None  # no loop there


def test_serial_outer_loop_leaves_the_action_on_the_inner_loop() -> None:
    doc = _doc("n.c", C_NESTS, LanguageKind.C)
    result = plan(doc, line_of(C_NESTS, "parallel-inner") - 1, compile_rung=False)
    assert result is not None and result.verified and result.asked is None
    edited = apply(doc.source, result.edits).decode()
    # The inner loop was the outer loop's whole body: it and its directive go in a block.
    inner = line_of(C_NESTS, "parallel-inner")
    lines = edited.splitlines()[inner - 1 : inner + 4]
    assert lines[0] == "    {" and lines[1] == "    #pragma omp parallel for"
    assert lines[3] == "      a[i][j] = a[i - 1][j] + 1.0;" and lines[4] == "    }"
    serial = plan(doc, line_of(C_NESTS, "serial-outer") - 1, compile_rung=False)
    assert serial is not None and not serial.offered


def test_too_small_nest_is_still_offered_with_its_size() -> None:
    doc = _doc("n.c", C_NESTS, LanguageKind.C)
    result = plan(doc, line_of(C_NESTS, "small-outer") - 1, compile_rung=False)
    assert result is not None and result.verified and result.iterations == 64
