"""Calls to procedures of the same file, seen through their bodies (call_effects.py), and
the rules that came with them: callee variables that outlive a call are pinned, a
threadprivate array rewritten whole before use is scratch, and a loop whose first value
is not affine still has an iteration counter."""

from __future__ import annotations

from types import MappingProxyType

from hpcls.analysis.call_effects import Inlined
from hpcls.analysis.call_text import call_arguments, parameter_names, parse_affine, result_name
from hpcls.analysis.dependence import (
    LoopVerdict,
    Verdict,
    _analyze,
    analyze_loop,
    analyze_unit,
    program_of,
)
from hpcls.analysis.ir import Access, Affine, Quotient, Span, StorageKind, Symbol
from hpcls.analysis.lower import lower_document
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document
from tests.dependence_builder import Builder, aff


def _verdicts(name: str, code: str, unit: str) -> list[LoopVerdict]:
    doc = Document.create(f"file:///t/{name}", language_for(name), 1, code)
    units = lower_document(doc)
    program = program_of(units, doc.source)
    target = next(u for u in units if u.name == unit)
    return list(analyze_unit(target, program))


def _one(name: str, code: str, unit: str) -> LoopVerdict:
    (verdict,) = _verdicts(name, code, unit)
    return verdict


# --- C ------------------------------------------------------------------------------------

_STATIC_LOCAL = """
static double in[100], out[100];
static double smooth(int i) {
    %s double acc;
    acc = in[i - 1] + in[i] + in[i + 1];
    return acc / 3.0;
}
void run(void) {
    for (int i = 1; i < 99; i++)
        out[i] = smooth(i);
}
"""


def test_callee_with_automatic_local_only_reading_globals_is_parallel() -> None:
    v = _one("a.c", _STATIC_LOCAL % "", "run")
    assert v.verdict is Verdict.PARALLEL
    assert v.private == () and v.reductions == ()


def test_callee_static_local_written_every_call_makes_the_loop_serial() -> None:
    v = _one("a.c", _STATIC_LOCAL % "static", "run")
    assert v.verdict is Verdict.SERIAL
    assert any("smooth::acc" in r or "acc" in r for r in v.reasons)
    assert v.private == ()  # the static cannot be privatised by the caller


def test_same_loop_without_program_stays_unknown() -> None:
    doc = Document.create("file:///t/a.c", language_for("a.c"), 1, _STATIC_LOCAL % "")
    run = next(u for u in lower_document(doc) if u.name == "run")
    (v,) = analyze_unit(run)
    assert v.verdict is Verdict.UNKNOWN


def test_callee_writing_global_counter_is_serial() -> None:
    code = """
int count;
static void bump(double *a, int k) { a[k] = 0.0; count = count + 1; }
void run(double *restrict a, int n) {
    for (int i = 0; i < n; i++) bump(a, i);
}
"""
    v = _one("b.c", code, "run")
    assert v.verdict is Verdict.SERIAL
    assert v.reductions == ()  # `count` is the callee's: no clause reaches it


def test_callee_writing_element_given_by_argument_is_parallel() -> None:
    code = """
static void work(double *a, int k) { a[k] = 2.0 * a[k]; }
void run(double *a, int n) {
    for (int i = 0; i < n; i++) work(a, i);
    for (int i = 0; i < n - 1; i++) work(a, n - i - 2);
}
"""
    first, second = _verdicts("c.c", code, "run")
    assert first.verdict is Verdict.PARALLEL
    assert second.verdict is Verdict.PARALLEL


def test_callee_reading_a_neighbour_through_argument_is_serial() -> None:
    code = """
static void step(double *a, int k) { a[k] = a[k - 1] + 1.0; }
void run(double *a, int n) {
    for (int i = 1; i < n; i++) step(a, i);
}
"""
    assert _one("d.c", code, "run").verdict is Verdict.SERIAL


def test_element_address_argument_shifts_the_callee_subscripts() -> None:
    code = """
static void set2(double *p) { p[0] = 1.0; p[1] = 2.0; }
void run(double *a, int n) {
    for (int i = 0; i < n; i++) set2(&a[2 * i]);
    for (int i = 0; i < n; i++) set2(&a[i]);
}
"""
    first, second = _verdicts("e.c", code, "run")
    assert first.verdict is Verdict.PARALLEL
    assert second.verdict is Verdict.SERIAL


def test_recursive_or_unknown_or_escaping_callees_stay_unknown() -> None:
    code = """
double *keep;
void ext(double *p);
static void rec(double *a, int k) { if (k > 0) rec(a, k - 1); a[k] = 0.0; }
static void calls_ext(double *a, int k) { ext(a); a[k] = 1.0; }
static void escapes(double *a, int k) { keep = a; a[k] = 1.0; }
void run(double *a, int n) {
    for (int i = 0; i < n; i++) rec(a, i);
    for (int i = 0; i < n; i++) calls_ext(a, i);
    for (int i = 0; i < n; i++) escapes(a, i);
}
"""
    verdicts = _verdicts("f.c", code, "run")
    assert [v.verdict for v in verdicts] == [Verdict.UNKNOWN] * 3


def test_member_calls_are_not_resolved_by_name() -> None:
    code = """
struct S { virtual double eval(double x) const { return 2.0 * x; } };
double eval(double x) { return x; }
void run(const S &s, double *a, int n) {
    for (int i = 0; i < n; i++) a[i] = s.eval(i);
}
"""
    assert _one("g.cpp", code, "run").verdict is Verdict.UNKNOWN


def test_caller_local_shadowing_callee_global_is_not_privatised() -> None:
    code = """
double t;
static void put(double v) { t = v; }
void run(double *a, int n) {
    for (int i = 0; i < n; i++) { double t = a[i]; put(t); a[i] = t; }
}
"""
    v = _one("h.c", code, "run")
    assert v.verdict is Verdict.SERIAL


# --- Fortran ------------------------------------------------------------------------------

_MODULE = """
module m
  implicit none
  integer :: k
  real(8) :: row(64)
contains
  subroutine flux(ul, ur, f)
    real(8), intent(in) :: ul, ur
    real(8), intent(out) :: f
    real(8) :: t
    t = 0.5d0 * (ul + ur)
    f = t * t
  end subroutine flux
  real(8) function rowdot(a, x, i) result(s)
    real(8), intent(in) :: a(:,:), x(:)
    integer, intent(in) :: i
    s = 0.0d0
    do k = 1, size(x)
      s = s + a(i, k) * x(k)
    end do
  end function rowdot
  subroutine smooth(q, j)
    real(8), intent(inout) :: q(:,:)
    integer, intent(in) :: j
    integer :: i
    row = q(:, j)
    do i = 2, 63
      q(i, j) = row(i - 1) + row(i + 1)
    end do
  end subroutine smooth
end module m
program p
  use m
  implicit none
  real(8) :: u(0:100), f(100), a(100, 100), x(100), y(100), q(64, 100)
  integer :: i
  do i = 1, 100
    call flux(u(i - 1), u(i), f(i))
  end do
  do i = 1, 100
    y(i) = rowdot(a, x, i)
  end do
  do i = 1, 100
    call smooth(q, i)
  end do
end program p
"""


def test_fortran_scalar_dummies_are_the_actual_elements() -> None:
    flux, _, _ = _verdicts("m.f90", _MODULE, "p")
    assert flux.verdict is Verdict.PARALLEL
    assert flux.private == ()


def test_fortran_module_variable_as_callee_loop_index_is_serial() -> None:
    _, rowdot, _ = _verdicts("m.f90", _MODULE, "p")
    assert rowdot.verdict is Verdict.SERIAL
    assert any("k is one variable" in r for r in rowdot.reasons)


def test_fortran_module_array_rewritten_every_call_is_serial() -> None:
    _, _, smooth = _verdicts("m.f90", _MODULE, "p")
    assert smooth.verdict is Verdict.SERIAL


def test_fortran_threadprivate_module_array_rewritten_whole_is_parallel() -> None:
    code = _MODULE.replace("real(8) :: row(64)", "real(8) :: row(64)\n  !$omp threadprivate(row)")
    _, _, smooth = _verdicts("m.f90", code, "p")
    assert smooth.verdict is Verdict.PARALLEL
    assert smooth.collapse == 1  # the inner loop is the callee's


def test_fortran_common_block_scratch_is_serial() -> None:
    code = """
      subroutine filt(x, y, m)
      implicit none
      integer m, i
      real x(m), y(m), w(100)
      common /wk/ w
      do 10 i = 1, m
         w(i) = x(i)
   10 continue
      do 20 i = 2, m - 1
         y(i) = w(i - 1) + w(i + 1)
   20 continue
      end subroutine

      program c
      implicit none
      integer j
      real x(100, 50), y(100, 50)
      do 30 j = 1, 50
         call filt(x(1, j), y(1, j), 100)
   30 continue
      end program
"""
    v = _one("c.f", code, "c")
    assert v.verdict is Verdict.SERIAL


def test_verdict_dependences_name_the_callers_events() -> None:
    doc = Document.create("file:///t/a.c", language_for("a.c"), 1, _STATIC_LOCAL % "static")
    units = lower_document(doc)
    run = next(u for u in units if u.name == "run")
    loop = next(run.loops())
    v = analyze_loop(run, loop.id, program=program_of(units, doc.source))
    orders = {e.order for e in run.events}
    assert v.carried
    assert all(d.source.order in orders and d.sink.order in orders for d in v.carried)
    assert all(set(d.source.context) <= {c.id for c in run.constructs} for d in v.carried)


# --- the text readers ---------------------------------------------------------------------


def test_call_arguments_split_at_top_level_commas() -> None:
    src = b"  y = f(a(i, j), g(1, 2), 'x,y') ! c, d\n"
    args = call_arguments(src, Span(0, len(src), 0), "f", fortran=True)
    assert args is not None
    assert [src[s.start : s.end] for s in args] == [b"a(i, j)", b"g(1, 2)", b"'x,y'"]
    assert call_arguments(b"o.f(1)", Span(0, 6, 0), "f", fortran=False) is None


def test_parameter_names_and_result() -> None:
    c = b"static double f(const double *restrict a, int n[], double (*g)(double))"
    assert parameter_names(c, Span(0, len(c), 0), "f", fortran=False) is None
    c2 = b"void f(const double *restrict a, int n) {}"
    assert parameter_names(c2, Span(0, len(c2), 0), "f", fortran=False) == ["a", "n"]
    f = b"real(8) function Rowdot(A, x, i) result(s)\n"
    assert parameter_names(f, Span(0, len(f), 0), "rowdot", fortran=True) == ["a", "x", "i"]
    assert result_name(f, Span(0, len(f), 0)) == "s"


def test_parse_affine() -> None:
    assert parse_affine(b"n - i - 1", False) == Affine.var("n") - Affine.var("i") - Affine.const(1)
    assert parse_affine(b"2*(k+1)", False) == Affine.var("k").scale(2) + Affine.const(2)
    assert parse_affine(b"a[i]", False) is None
    assert parse_affine(b"f(i)", True) is None


# --- hand-built IR ------------------------------------------------------------------------


def _inlined(b: Builder, pinned: dict[str, str]) -> Inlined:
    unit = b.unit()
    original = {e.order: e for e in unit.events if isinstance(e, Access)}
    return Inlined(unit, MappingProxyType(original), MappingProxyType({}), pinned, (), 0)


def test_pinned_scalar_gets_no_clause() -> None:
    b = Builder()
    b.sym("a", StorageKind.POINTER, parameter=True)
    b.sym("t", StorageKind.SCALAR, static=True)
    with b.loop("i", "0", "n-1") as loop:
        b.assign("t", "a[i]")
        b.assign("a[i]", "t")
    plain = analyze_loop(b.unit(), loop)
    assert plain.verdict is Verdict.UNKNOWN or "t" in plain.lastprivate + plain.private
    v = _analyze(b.unit(), loop, None, _inlined(b, {"t": "g"}))
    assert v.verdict is Verdict.SERIAL
    assert "t" not in v.private + v.lastprivate


def test_pinned_array_is_neither_private_nor_reduced() -> None:
    b = Builder()
    b.sym("w", StorageKind.ARRAY)
    b.sym("h", StorageKind.ARRAY)
    with b.loop("i", "0", "9") as loop:
        b.assign("w[0]", "i")
        b.assign("h[i]", "w[0]")
    assert analyze_loop(b.unit(), loop).private == ("w",)
    v = _analyze(b.unit(), loop, None, _inlined(b, {"w": "g"}))
    assert v.verdict is Verdict.SERIAL and v.private == ()


def test_threadprivate_array_written_whole_first_is_scratch() -> None:
    b = Builder(fortran=True)
    b.symbols["w"] = Symbol("w", StorageKind.ARRAY, threadprivate=True, static=True)
    b.sym("q", StorageKind.ARRAY)
    with b.loop("j", "1", "100") as loop:
        b.stmt(("w", "w", (), {}))
        b.assign("q[j]", "w[3]")
    assert analyze_loop(b.unit(), loop).verdict is Verdict.PARALLEL


def test_threadprivate_array_read_before_write_is_only_possible() -> None:
    b = Builder(fortran=True)
    b.symbols["w"] = Symbol("w", StorageKind.ARRAY, threadprivate=True, static=True)
    b.sym("q", StorageKind.ARRAY)
    with b.loop("j", "1", "100") as loop:
        b.assign("q[j]", "w[3]")
        b.assign("w[3]", "j")
    v = analyze_loop(b.unit(), loop)
    assert v.verdict is Verdict.UNKNOWN
    assert v.carried and not any(d.proven for d in v.carried)


def test_loop_with_unknown_first_value_keeps_its_counter() -> None:
    b = Builder()
    b.sym("a", StorageKind.ARRAY)
    with b.loop("j", None, "n-1", step=2) as loop:
        b.assign("a[j]", "a[j+1]")
    assert analyze_loop(b.unit(), loop).verdict is Verdict.PARALLEL
    b2 = Builder()
    b2.sym("a", StorageKind.ARRAY)
    with b2.loop("j", None, "n-1", step=2) as loop2:
        b2.assign("a[j]", "a[j-2]")
    assert analyze_loop(b2.unit(), loop2).verdict is Verdict.SERIAL


def test_inner_loop_with_unknown_first_value_proves_nothing() -> None:
    b = Builder()
    b.sym("a", StorageKind.ARRAY)
    with b.loop("i", "0", "9") as outer, b.loop("j", None, "9", step=1):
        b.assign("a[j]", "i")
    v = analyze_loop(b.unit(), outer)
    assert v.verdict is not Verdict.PARALLEL
    assert not any(d.proven for d in v.carried)


# --- bounds that depend on outer loop variables (dependence_fm.py) -------------------------


def test_in_place_transpose_over_the_lower_triangle_is_parallel() -> None:
    b = Builder()
    b.sym("B", StorageKind.ARRAY)
    with b.loop("i", "1", "n-1") as outer, b.loop("j", "0", "i-1") as inner:
        b.assign("t", "B[i][j]")
        b.assign("B[i][j]", "B[j][i]")
        b.assign("B[j][i]", "t")
    b.symbols["t"] = Symbol("t", StorageKind.SCALAR, declared_in=inner)
    assert analyze_loop(b.unit(), outer).verdict is Verdict.PARALLEL
    assert analyze_loop(b.unit(), inner).verdict is Verdict.PARALLEL


def test_transpose_over_the_whole_square_is_not_parallel() -> None:
    b = Builder()
    b.sym("B", StorageKind.ARRAY)
    with b.loop("i", "0", "n-1") as outer, b.loop("j", "0", "n-1"):
        b.assign("B[i][j]", "B[j][i]")
    assert analyze_loop(b.unit(), outer).verdict is not Verdict.PARALLEL


def _forward_substitution(upper: str, read: str = "y[j]") -> Builder:
    b = Builder()
    b.sym("y", StorageKind.ARRAY)
    with b.loop("i", "0", upper) as outer:
        with b.loop("j", "0", "i-1"):
            b.assign("s", "s", read, update="+")
        b.assign("y[i]", "s")
    b.symbols["s"] = Symbol("s", StorageKind.SCALAR, declared_in=outer)
    return b


def test_forward_substitution_is_proven_serial_by_a_witness() -> None:
    for upper in ("n-1", "95"):
        v = analyze_loop(_forward_substitution(upper).unit(), 0)
        assert v.verdict is Verdict.SERIAL
        assert any(d.proven and d.kind == "flow" for d in v.carried)


def test_no_witness_when_a_subscript_uses_a_size() -> None:
    v = analyze_loop(_forward_substitution("n-1", "y[j+m]").unit(), 0)
    assert v.verdict is Verdict.UNKNOWN


def test_no_witness_when_a_size_shrinks_the_loop() -> None:
    b = Builder()
    b.sym("y", StorageKind.ARRAY)
    with b.loop("i", "0", "9") as outer, b.loop("j", "m", "i-1"):
        b.assign("y[i]", "y[j]")
    v = analyze_loop(b.unit(), outer)
    assert v.verdict is Verdict.UNKNOWN  # for m >= 9 the inner loop never runs


def test_reverse_index_through_lowering() -> None:
    code = """
void flip(double *restrict img, double *restrict out, int h) {
    for (int i = 0; i < h; i++) out[h - i - 1] = img[i];
    for (int i = 0; i < h; i++) img[h - i - 1] = img[i];
}
"""
    first, second = _verdicts("r.c", code, "flip")
    assert first.verdict is Verdict.PARALLEL
    assert second.verdict is not Verdict.PARALLEL


# --- divided subscripts -------------------------------------------------------------------


def _coarsen(upper: str, num: str, den: int, branch: bool = False) -> Builder:
    b = Builder()
    b.sym("c", StorageKind.ARRAY)
    b.sym("f", StorageKind.ARRAY)
    q = (Quotient(aff(num), den),)
    with b.loop("i", "0", upper) as loop:
        if branch:
            with b.branch():
                b.stmt(("w", "c", ("?",), {"quotients": q}), ("r", "f", ("i",), {}))
        else:
            b.stmt(("w", "c", ("?",), {"quotients": q}), ("r", "f", ("i",), {}))
    assert loop == 0
    return b


def test_divided_index_write_is_an_output_dependence() -> None:
    v = analyze_loop(_coarsen("n-1", "i", 4).unit(), 0)
    assert v.verdict is Verdict.SERIAL
    assert any(d.kind == "output" and d.proven for d in v.carried)
    assert analyze_loop(_coarsen("99", "i+k", 4).unit(), 0).verdict is Verdict.SERIAL


def test_divided_index_without_a_collision_proof_stays_unknown() -> None:
    # moves by 4 per iteration: (4i)/4 = i, no two iterations meet
    assert analyze_loop(_coarsen("n-1", "4*i", 4).unit(), 0).verdict is Verdict.UNKNOWN
    # two iterations: 3/4 and 4/4 differ, and the rule needs den + 1 iterations
    assert analyze_loop(_coarsen("1", "i+3", 4).unit(), 0).verdict is Verdict.UNKNOWN
    # the write may not run
    assert analyze_loop(_coarsen("n-1", "i", 4, branch=True).unit(), 0).verdict is Verdict.UNKNOWN


# --- index arrays filled visibly (dependence_values.py) ---------------------------------------

_SCATTER = """
void ext(void);
void run(double *restrict a, double *restrict b, int n) {
    int idx[1000];
    for (int i = 0; i < 1000; i++)
        idx[i] = %s;
    %s
    for (int i = %s; i < 1000; i++)
        b[idx[i]] = a[i];
}
"""


def _scatter(value: str, between: str = "", start: str = "0") -> Verdict:
    verdicts = _verdicts("s.c", _SCATTER % (value, between, start), "run")
    return verdicts[-1].verdict


def test_reversal_permutation_scatter_is_parallel() -> None:
    assert _scatter("999 - i") is Verdict.PARALLEL
    assert _scatter("999 - i", start="10") is Verdict.PARALLEL


def test_repeated_index_values_make_the_scatter_serial() -> None:
    assert _scatter("i / 2") is Verdict.SERIAL
    assert _scatter("0 * i + 7") is Verdict.SERIAL


def test_index_array_changed_or_not_covered_stays_unknown() -> None:
    assert _scatter("999 - i", between="idx[3] = 0;") is Verdict.UNKNOWN
    assert _scatter("999 - i", start="-1") is Verdict.UNKNOWN
    assert _scatter("999 - i", between="for (int k = 0; k < 10; k++) idx[k] = 0;") is (
        Verdict.UNKNOWN
    )


def test_fortran_reversal_permutation_scatter_is_parallel() -> None:
    code = """
program s
  implicit none
  integer, parameter :: n = 100
  integer :: dst(n), i
  real :: fine(n), coarse(n)
  do i = 1, n
    dst(i) = n + 1 - i
  end do
  call random_number(fine)
  do i = 1, n
    coarse(dst(i)) = fine(i)
  end do
end program s
"""
    verdicts = _verdicts("s.f90", code, "s")
    assert verdicts[-1].verdict is Verdict.PARALLEL


def test_static_index_array_with_an_unknown_call_between_stays_unknown() -> None:
    code = """
static int idx[100];
void ext(void);
void run(double *restrict a, double *restrict b) {
    for (int i = 0; i < 100; i++)
        idx[i] = 99 - i;
    %s
    for (int i = 0; i < 100; i++)
        b[idx[i]] = a[i];
}
"""
    assert _verdicts("t.c", code % "", "run")[-1].verdict is Verdict.PARALLEL
    assert _verdicts("t.c", code % "ext();", "run")[-1].verdict is Verdict.UNKNOWN


def test_index_array_used_whole_anywhere_stays_unknown() -> None:
    assert _scatter("999 - i", between="int *p = idx; p[3] = 0;") is Verdict.UNKNOWN


def test_address_of_a_scalar_is_the_scalar_in_the_callee() -> None:
    code = """
static void half(const double *x, double *out) { *out = 0.5 * x[0]; }
void run(double *restrict a, double *restrict b, int n) {
    double t;
    for (int i = 0; i < n; i++) { half(&a[i], &t); b[i] = t; }
    for (int i = 0; i < n; i++) { b[i] = t; half(&a[i], &t); }
}
"""
    first, second = _verdicts("u.c", code, "run")
    assert first.verdict is Verdict.PARALLEL and "t" in first.private + first.lastprivate
    assert second.verdict is Verdict.SERIAL


def _scratch(read_lower: str, read_upper: str, shift: str) -> Builder:
    b = Builder()
    b.symbols["w"] = Symbol("w", StorageKind.ARRAY, threadprivate=True, static=True)
    b.sym("res", StorageKind.ARRAY)
    with b.loop("r", "0", "n-1") as loop:
        with b.loop("k", "0", "63"):
            b.assign("w[k]", "img[r][k]")
        with b.loop("k", read_lower, read_upper):
            b.assign("res[r][k]", f"w[k{shift}]", "w[k]")
    assert loop == 0
    return b


def test_threadprivate_scratch_filled_by_a_loop_before_use_is_parallel() -> None:
    assert analyze_loop(_scratch("1", "62", "-1").unit(), 0).verdict is Verdict.PARALLEL


def test_threadprivate_scratch_read_beyond_the_filled_part_is_unknown() -> None:
    assert analyze_loop(_scratch("0", "62", "-1").unit(), 0).verdict is Verdict.UNKNOWN
    assert analyze_loop(_scratch("1", "63", "+1").unit(), 0).verdict is Verdict.UNKNOWN


# --- symbolic steps -----------------------------------------------------------------------


def test_symbolic_invariant_step_with_reads_only_is_parallel() -> None:
    code = """
double x[1000];
double run(int t, int nt) {
    double s = 0.0;
    for (int i = t; i < 1000; i += nt)
        s += x[i];
    for (int i = t; i < 1000; i += nt)
        x[i] = 0.0;
    for (int i = t; i < 1000; i += nt) {
        s += x[i];
        nt = nt + 1;
    }
    return s;
}
"""
    reads, writes, moving = _verdicts("p.c", code, "run")
    assert reads.verdict is Verdict.PARALLEL and reads.reductions[0].vars == ("s",)
    assert writes.verdict is Verdict.UNKNOWN  # no counter: x[i] cannot be told apart
    assert moving.verdict is Verdict.UNKNOWN
    assert moving.reasons == ("the step is not a constant",)


def test_broken_programs_with_calls_do_not_raise() -> None:
    for name, code in (
        ("b.c", _STATIC_LOCAL % "static"),
        ("m.f90", _MODULE),
        ("s.c", _SCATTER % ("999 - i", "", "0")),
    ):
        lines = code.splitlines(True)
        for k in range(len(lines)):
            for variant in (
                lines[:k] + lines[k + 1 :],
                [*lines[:k], lines[k][: len(lines[k]) // 2]],
            ):
                doc = Document.create(f"file:///t/{name}", language_for(name), 1, "".join(variant))
                units = lower_document(doc)
                program = program_of(units, doc.source)
                for unit in units:
                    analyze_unit(unit, program)
