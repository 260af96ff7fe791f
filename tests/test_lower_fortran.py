"""The Fortran lowering (analysis/lower_fortran*.py): tree → loop-analysis IR."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from hpcls.analysis.ir import (
    Access,
    Affine,
    Call,
    Construct,
    ConstructKind,
    LoopForm,
    StorageKind,
    Unit,
)
from hpcls.analysis.lower_fortran import lower_fortran
from hpcls.languages.registry import LanguageKind, language_for
from hpcls.workspace.document import Document

ROOT = Path(__file__).resolve().parent.parent


def _doc(src: str, fixed: bool = False) -> Document:
    kind = LanguageKind.FORTRAN_FIXED if fixed else LanguageKind.FORTRAN
    text = src if fixed else textwrap.dedent(src)
    return Document.create("file:///t." + ("f" if fixed else "f90"), kind, 1, text)


def _units(src: str, fixed: bool = False) -> tuple[Unit, ...]:
    return lower_fortran(_doc(src, fixed))


def _unit(src: str, fixed: bool = False, name: str | None = None) -> Unit:
    units = _units(src, fixed)
    if name is None:
        assert len(units) == 1, [u.name for u in units]
        return units[0]
    return next(u for u in units if u.name == name)


def _acc(u: Unit, name: str, write: bool | None = None) -> list[Access]:
    return [
        e
        for e in u.events
        if isinstance(e, Access) and e.name == name and (write is None or e.write is write)
    ]


def _calls(u: Unit) -> list[Call]:
    return [e for e in u.events if isinstance(e, Call)]


def _omp(u: Unit, name: str) -> list[Construct]:
    return [
        c
        for c in u.constructs
        if c.kind is ConstructKind.OMP and c.directive is not None and c.directive.name == name
    ]


def _loops(u: Unit) -> list[Construct]:
    return list(u.loops())


def _v(name: str) -> Affine:
    return Affine.var(name)


def _c(value: int) -> Affine:
    return Affine.const(value)


def _text(doc: Document, start: int, end: int) -> str:
    return doc.source[start:end].decode()


# --- units and loops ------------------------------------------------------------------------


def test_units_programs_subroutines_functions_module_and_internal_procedures() -> None:
    units = _units(
        """
        module m
        contains
          subroutine ms()
          end subroutine
          integer function mf(x)
            integer :: x
            mf = x
          end function
        end module
        program Main
          call inner()
        contains
          subroutine Inner()
          end subroutine
        end program
        subroutine s
        end
        """
    )
    assert [u.name for u in units] == ["ms", "mf", "main", "inner", "s"]


def test_counted_loop_bounds_step_and_header() -> None:
    doc = _doc(
        """
        subroutine s(a, n)
          integer :: n, i
          real :: a(n)
          do i = 2, n - 1, 3
            a(i) = 0
          end do
        end subroutine
        """
    )
    (u,) = lower_fortran(doc)
    (loop,) = _loops(u)
    assert loop.loop is not None
    assert (loop.loop.var, loop.loop.lower, loop.loop.upper, loop.loop.step) == (
        "i",
        _c(2),
        _v("n") - _c(1),
        3,
    )
    assert loop.loop.form is LoopForm.COUNTED
    assert loop.header is not None
    assert _text(doc, loop.header.start, loop.header.end) == "do i = 2, n - 1, 3"
    assert _text(doc, loop.span.start, loop.span.end).endswith("end do")
    assert loop.span.line == 4


def test_negative_constant_step_and_symbolic_step() -> None:
    u = _unit(
        """
        subroutine s(a, n, k)
          integer :: n, i, k
          real :: a(n)
          do i = n, 1, -1
            a(i) = 0
          end do
          do i = 1, n, k
            a(i) = 0
          end do
        end subroutine
        """
    )
    first, second = _loops(u)
    assert first.loop is not None and second.loop is not None
    assert (first.loop.lower, first.loop.upper, first.loop.step) == (_v("n"), _c(1), -1)
    assert second.loop.step is None


def test_nested_loops_parents_and_contexts() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n, i, j
          real :: a(n, n)
          do j = 1, n
            do i = 1, n
              a(i, j) = a(i, j) * 2
            end do
          end do
        end subroutine
        """
    )
    outer, inner = _loops(u)
    assert inner.parent == outer.id and outer.parent is None
    (w,) = _acc(u, "a", write=True)
    assert w.context == (outer.id, inner.id)
    assert w.subscripts == (_v("i"), _v("j"))
    assert w.update_op == "*"


def test_do_concurrent_one_loop_per_index() -> None:
    u = _unit(
        """
        subroutine s(b, n)
          integer :: n, i, j
          real :: b(n, n)
          do concurrent (i = 1:n, j = 2:n:2)
            b(i, j) = 0
          end do
        end subroutine
        """
    )
    li, lj = _loops(u)
    assert li.loop is not None and lj.loop is not None
    assert li.loop.form is LoopForm.CONCURRENT and lj.loop.form is LoopForm.CONCURRENT
    assert (li.loop.var, lj.loop.var, lj.loop.lower, lj.loop.step) == ("i", "j", _c(2), 2)
    assert lj.parent == li.id
    (w,) = _acc(u, "b", write=True)
    assert w.context == (li.id, lj.id)


def test_do_concurrent_mask_is_read_in_the_loop() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n
          real :: a(n)
          do concurrent (integer :: i = 1:n, a(i) > 0)
            a(i) = 1
          end do
        end subroutine
        """
    )
    (loop,) = _loops(u)
    assert loop.locals == frozenset({"i"})
    reads = _acc(u, "a", write=False)
    assert len(reads) == 1 and reads[0].context == (loop.id,)


def test_do_while_and_bare_do_are_other_loops() -> None:
    u = _unit(
        """
        subroutine s(k)
          integer :: k
          do while (k < 10)
            k = k + 1
          end do
          do
            k = k - 1
            if (k < 0) exit
          end do
        end subroutine
        """
    )
    w, bare = _loops(u)
    assert w.loop is not None and bare.loop is not None
    assert (w.loop.form, w.loop.var, w.loop.exits) == (LoopForm.OTHER, None, ())
    assert bare.loop.form is LoopForm.OTHER and len(bare.loop.exits) == 1
    cond = _acc(u, "k")[0]
    assert not cond.write and cond.context == (w.id,)


FIXED_LABELLED = (
    "      subroutine s(a, n)\n"
    "      integer n, i, j\n"
    "      real a(n, n)\n"
    "      do 10 j = 1, n\n"
    "         do 10 i = 1,\n"
    "     &             n\n"
    "            a(i, j) = 0.0\n"
    "   10 continue\n"
    "      do 20, i = n, 1, -2\n"
    "         a(i, 1) = 1.0\n"
    "   20 end do\n"
    "      end\n"
)


def test_fixed_form_labelled_do_with_shared_terminal_label() -> None:
    doc = _doc(FIXED_LABELLED, fixed=True)
    assert doc.parse_source != doc.source  # the continuation got its free-form '&'
    (u,) = lower_fortran(doc)
    outer, inner, third = _loops(u)
    assert inner.parent == outer.id and third.parent is None
    assert outer.loop is not None and inner.loop is not None and third.loop is not None
    assert (outer.loop.var, inner.loop.var, inner.loop.upper) == ("j", "i", _v("n"))
    assert (third.loop.lower, third.loop.upper, third.loop.step) == (_v("n"), _c(1), -2)
    # spans are source offsets with source lines
    assert inner.header is not None
    assert _text(doc, inner.header.start, inner.header.end) == (
        "do 10 i = 1,\n     &             n"
    )
    assert inner.span.line == 4
    assert _text(doc, outer.span.start, outer.span.end).endswith("10 continue")
    w = _acc(u, "a", write=True)[0]
    assert _text(doc, w.span.start, w.span.end) == "a(i, j)" and w.span.line == 6
    assert w.context == (outer.id, inner.id)


# --- exits ----------------------------------------------------------------------------------


def test_exits_exit_goto_return_stop_but_not_cycle() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n, i, j
          real :: a(n)
          outer: do i = 1, n
            do j = 1, n
              if (a(j) > 0) cycle
              if (a(j) > 1) exit
            end do
            if (a(i) > 2) exit outer
          end do outer
          do i = 1, n
            if (a(i) < 0) go to 100
            if (a(i) < 1) return
            if (a(i) < 2) error stop 3
            if (a(i) < 3) stop
          end do
          do i = 1, n
            if (a(i) > 0) goto 200
        200 continue
          end do
        100 continue
        end subroutine
        """
    )
    outer, inner, second, third = _loops(u)
    assert outer.loop is not None and inner.loop is not None
    assert len(inner.loop.exits) == 1 and len(outer.loop.exits) == 1
    assert inner.loop.exits != outer.loop.exits
    assert second.loop is not None and len(second.loop.exits) == 4
    assert third.loop is not None and third.loop.exits == ()  # the goto stays in the loop


def test_exit_of_an_outer_named_loop_leaves_the_inner_one_too() -> None:
    u = _unit(
        """
        subroutine s(n)
          integer :: n, i, j
          outer: do i = 1, n
            do j = 1, n
              if (j > i) exit outer
            end do
          end do outer
        end subroutine
        """
    )
    outer, inner = _loops(u)
    assert outer.loop is not None and inner.loop is not None
    assert len(outer.loop.exits) == 1 and outer.loop.exits == inner.loop.exits


def test_fixed_form_goto_out_of_labelled_loop() -> None:
    src = (
        "      subroutine s(a, n)\n"
        "      real a(n)\n"
        "      do 10 i = 1, n\n"
        "         if (a(i) .gt. 0.0) goto 20\n"
        "   10 continue\n"
        "   20 continue\n"
        "      end\n"
    )
    doc = _doc(src, fixed=True)
    (u,) = lower_fortran(doc)
    (loop,) = _loops(u)
    assert loop.loop is not None and len(loop.loop.exits) == 1
    (ex,) = loop.loop.exits
    assert _text(doc, ex.start, ex.end) == "goto 20" and ex.line == 3


# --- branches -------------------------------------------------------------------------------


def test_if_elseif_else_arms_are_branches_with_conditions_outside_the_first() -> None:
    doc = _doc(
        """
        subroutine s(x, y)
          real :: x, y
          if (x > 0) then
            y = 1
          else if (x < -1) then
            y = 2
          else
            y = 3
          end if
        end subroutine
        """
    )
    (u,) = lower_fortran(doc)
    arms = [c for c in u.constructs if c.kind is ConstructKind.BRANCH]
    assert len(arms) == 3
    writes = _acc(u, "y", write=True)
    assert [w.context for w in writes] == [(arms[0].id,), (arms[1].id,), (arms[2].id,)]
    reads = _acc(u, "x")
    assert reads[0].context == () and reads[1].context == (arms[1].id,)
    assert arms[0].header is not None
    assert _text(doc, arms[0].header.start, arms[0].header.end) == "(x > 0)"


def test_logical_if_select_case_and_where() -> None:
    u = _unit(
        """
        subroutine s(a, k)
          integer :: k
          real :: a(10)
          if (k > 0) k = -k
          select case (k)
          case (1)
            a(1) = 0
          case default
            a(2) = 0
          end select
          where (a > 0)
            a = 1
          elsewhere
            a = 2
          end where
        end subroutine
        """
    )
    arms = [c for c in u.constructs if c.kind is ConstructKind.BRANCH]
    assert len(arms) == 5
    k_write = _acc(u, "k", write=True)[0]
    assert k_write.context == (arms[0].id,)
    a_writes = _acc(u, "a", write=True)
    assert [w.context for w in a_writes] == [(a.id,) for a in arms[1:]]
    assert a_writes[2].subscripts == (None,)


# --- symbols --------------------------------------------------------------------------------


def test_symbols_storage_and_flags() -> None:
    u = _unit(
        """
        module state
          real :: grid(10, 10)
          integer :: count
        end module
        subroutine s(a, p, n)
          use state, only: grid
          integer, intent(in) :: n
          real, dimension(n) :: a
          real, pointer :: p(:)
          real, allocatable, target :: b(:, :)
          integer, save :: calls
          integer :: k = 0, j
          integer, parameter :: m = 3
          real :: c1
          common /blk/ c1
          calls = calls + k + m + j + count
          grid(1, 1) = undeclared
        end subroutine
        """,
        name="s",
    )
    sym = u.symbols
    assert sym["a"].storage is StorageKind.ARRAY and sym["a"].parameter
    assert sym["p"].storage is StorageKind.POINTER and sym["p"].parameter
    assert sym["b"].storage is StorageKind.ARRAY and sym["b"].target and not sym["b"].static
    assert sym["calls"].static and sym["k"].static  # `save`, and implicit save
    assert not sym["m"].static and not sym["j"].static
    assert sym["c1"].static
    assert sym["grid"].storage is StorageKind.ARRAY and sym["grid"].static
    assert sym["count"].storage is StorageKind.UNKNOWN  # not in the `only` list
    assert sym["undeclared"].storage is StorageKind.UNKNOWN
    assert sym["n"].storage is StorageKind.SCALAR and not sym["n"].static


def test_threadprivate_and_module_procedure_host_association() -> None:
    u = _unit(
        """
        module m
          integer :: tp, shared_v
          !$omp threadprivate(tp)
        contains
          subroutine work()
            tp = tp + 1
            shared_v = 0
          end subroutine
        end module
        """
    )
    assert u.symbols["tp"].threadprivate and u.symbols["tp"].static
    assert not u.symbols["shared_v"].threadprivate and u.symbols["shared_v"].static


def test_threadprivate_common_block_and_attribute_statements() -> None:
    src = (
        "      subroutine s\n"
        "      common /work/ w1, w2(10)\n"
        "c$omp threadprivate(/work/)\n"
        "      dimension d(5)\n"
        "      data x /1.0/\n"
        "      w1 = x + d(1)\n"
        "      end\n"
    )
    u = _unit(src, fixed=True)
    sym = u.symbols
    assert sym["w1"].threadprivate and sym["w2"].threadprivate and sym["w1"].static
    assert sym["w2"].storage is StorageKind.ARRAY
    assert sym["d"].storage is StorageKind.ARRAY
    assert sym["x"].static
    assert _acc(u, "d")[0].subscripts == (_c(1),)


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        "subroutine s(\n  do i = 1,\n  a(i = \nend",
        "program p\n!$omp parallel do\nx = 1\n!$omp end parallel\n!$omp end critical\nend",
        "subroutine s\n  if (x) then\n    do concurrent (\n  end if\n",
        "do i = 1, n\n  a(i) = a(i) +\nend do\n",
        "!$omp atomic\n",
        "",
    ],
)
def test_broken_code_does_not_raise(src: str) -> None:
    lower_fortran(_doc(src))
    lower_fortran(_doc(src, fixed=True))


def test_non_fortran_document_gives_nothing() -> None:
    doc = Document.create("file:///t.c", LanguageKind.C, 1, "int main(void) { return 0; }")
    assert lower_fortran(doc) == ()


def _fortran_files() -> list[Path]:
    out = []
    for folder in ("examples", "tests"):
        for p in sorted((ROOT / folder).rglob("*")):
            if p.is_file() and p.suffix.lower() in (".f", ".f90", ".for", ".f77"):
                out.append(p)
    return out


def test_every_fortran_file_in_the_repository_lowers() -> None:
    files = _fortran_files()
    assert files
    for path in files:
        kind = language_for(path.as_uri())
        assert kind is not None and kind.is_fortran, path
        doc = Document.create(path.as_uri(), kind, 1, path.read_bytes())
        for unit in lower_fortran(doc):
            assert [e.order for e in unit.events] == list(range(len(unit.events)))
            for c in unit.constructs:
                assert c.parent is None or c.parent < c.id
                assert unit.span.start <= c.span.start <= c.span.end <= len(doc.source)


def test_undeclared_name_assigned_as_element_is_an_array_everywhere() -> None:
    src = (
        "      subroutine s(n)\n"
        "      do 10 i = 2, n\n"
        "         x(i) = x(i - 1) + y(i)\n"
        "   10 continue\n"
        "      end\n"
    )
    u = _unit(src, fixed=True)
    r, w = _acc(u, "x")
    assert (r.subscripts, w.subscripts) == ((_v("i") - _c(1),), (_v("i"),))
    assert u.symbols["x"].storage is StorageKind.UNKNOWN
    assert [c.name for c in _calls(u)] == ["y"]  # only ever read: a function reference


def test_lowering_a_large_file_is_fast() -> None:
    import time

    body = "".join(
        f"  !$omp parallel do reduction(+:s)\n  do i = 1, n\n"
        f"    a(i) = b(i - 1) * {k} + c(i)\n    s = s + a(i)\n  end do\n"
        for k in range(2000)
    )
    src = f"subroutine s(a, b, c, n)\n  integer :: n, i\n  real :: a(n), b(n), c(n), s\n{body}end\n"
    doc = _doc(src)
    start = time.perf_counter()
    (u,) = lower_fortran(doc)
    elapsed = time.perf_counter() - start
    assert len(list(u.loops())) == 2000
    assert elapsed < 5.0, elapsed


def test_threadprivate_in_a_module_procedure_does_not_create_module_variables() -> None:
    units = _units(
        """
        module m
          integer :: g
        contains
          subroutine a()
            integer, save :: own
            !$omp threadprivate(own)
            own = g
          end subroutine
          subroutine b()
            g = 1
          end subroutine
        end module
        """
    )
    a, b = units
    assert a.symbols["own"].threadprivate and not a.symbols["g"].threadprivate
    assert "own" not in b.symbols
