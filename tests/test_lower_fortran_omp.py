"""The Fortran lowering: OpenMP directives → OMP constructs and Standalone events."""

from __future__ import annotations

import pytest

from hpcls.analysis.ir import (
    Standalone,
)
from hpcls.analysis.lower_fortran import lower_fortran
from tests.test_lower_fortran import _acc, _doc, _loops, _omp, _text, _unit

# --- OpenMP constructs ----------------------------------------------------------------------


def test_parallel_do_attaches_to_the_loop_and_end_directive_is_optional() -> None:
    doc = _doc(
        """
        subroutine s(a, n)
          integer :: n, i
          real :: a(n)
          !$omp parallel do private(i)
          do i = 1, n
            a(i) = 0
          end do
          !$omp end parallel do
          !$omp parallel do
          do i = 1, n
            a(i) = 1
          end do
        end subroutine
        """
    )
    (u,) = lower_fortran(doc)
    first, second = _omp(u, "parallel do")
    l1, l2 = _loops(u)
    assert l1.parent == first.id and l2.parent == second.id
    assert first.end_directive is not None and first.end_directive.name == "end parallel do"
    assert second.end_directive is None
    assert _text(doc, first.span.start, first.span.end).startswith("!$omp parallel do private(i)")
    assert _text(doc, first.span.start, first.span.end).endswith("!$omp end parallel do")
    assert _text(doc, second.span.start, second.span.end).endswith("end do")
    assert first.directive is not None and first.directive.clause_vars("private") == ("i",)


def test_omp_do_inside_parallel_with_end_do_nowait() -> None:
    u = _unit(
        """
        subroutine s(a, b, n)
          integer :: n, i
          real :: a(n), b(n)
          !$omp parallel
          !$omp do
          do i = 1, n
            a(i) = 0
          end do
          !$omp end do nowait
          b(1) = 1
          !$omp end parallel
        end subroutine
        """
    )
    (par,) = _omp(u, "parallel")
    (do,) = _omp(u, "do")
    assert do.parent == par.id
    assert do.end_directive is not None and do.end_directive.clause("nowait") is not None
    assert par.end_directive is not None
    (b,) = _acc(u, "b", write=True)
    assert b.context == (par.id,)


@pytest.mark.parametrize(
    "name",
    [
        "simd",
        "do simd",
        "parallel do simd",
        "taskloop",
        "distribute",
        "distribute parallel do",
        "target teams distribute parallel do",
        "loop",
    ],
)
def test_loop_directives_attach_to_the_following_do(name: str) -> None:
    u = _unit(
        f"""
        subroutine s(a, n)
          integer :: n, i
          real :: a(n)
          !$omp {name}
          do i = 1, n
            a(i) = 0
          end do
          !$omp end {name}
          a(1) = 2
        end subroutine
        """
    )
    (c,) = _omp(u, name)
    (loop,) = _loops(u)
    assert loop.parent == c.id
    assert c.end_directive is not None and c.end_directive.name == f"end {name}"
    after = _acc(u, "a", write=True)[-1]
    assert after.context == ()


@pytest.mark.parametrize(
    "name",
    ["single", "master", "masked", "task", "taskgroup", "workshare", "target", "teams",
     "target data map(a)", "ordered", "critical (upd)"],
)  # fmt: skip
def test_block_directives_enclose_statements_up_to_their_end(name: str) -> None:
    word = name.split("(")[0].split(" map")[0].strip()
    u = _unit(
        f"""
        subroutine s(a)
          real :: a(10)
          !$omp parallel
          !$omp {name}
          a(1) = 1
          !$omp end {word}
          a(2) = 2
          !$omp end parallel
        end subroutine
        """
    )
    (par,) = _omp(u, "parallel")
    (c,) = _omp(u, word)
    assert c.parent == par.id and c.end_directive is not None
    first, second = _acc(u, "a", write=True)
    assert first.context == (par.id, c.id) and second.context == (par.id,)


def test_critical_name_and_every_time() -> None:
    u = _unit(
        """
        subroutine s(x)
          real :: x
          !$omp parallel
          !$omp critical (acc)
          x = x + 1
          !$omp end critical (acc)
          !$omp end parallel
        end subroutine
        """
    )
    (par,) = _omp(u, "parallel")
    (crit,) = _omp(u, "critical")
    assert crit.directive is not None and crit.directive.directive_argument == "acc"
    w = _acc(u, "x", write=True)[0]
    assert w.context == (par.id, crit.id) and u.every_time(w.context, par.id)


def test_sections_and_section() -> None:
    u = _unit(
        """
        subroutine s(a, b)
          real :: a, b
          !$omp parallel sections
          !$omp section
          a = 1
          !$omp section
          b = 2
          !$omp end parallel sections
        end subroutine
        """
    )
    (ps,) = _omp(u, "parallel sections")
    s1, s2 = _omp(u, "section")
    assert s1.parent == ps.id and s2.parent == ps.id
    assert _acc(u, "a", write=True)[0].context == (ps.id, s1.id)
    assert _acc(u, "b", write=True)[0].context == (ps.id, s2.id)
    assert s1.span.end <= s2.span.start


def test_atomic_marks_the_next_statement_only() -> None:
    doc = _doc(
        """
        subroutine s(x, y)
          real :: x, y
          !$omp parallel
          !$omp atomic update
          x = x + 1
          y = y + 1
          !$omp atomic read
          y = x
          !$omp end atomic
          !$omp end parallel
        end subroutine
        """
    )
    (u,) = lower_fortran(doc)
    first, second = _omp(u, "atomic")
    xs = _acc(u, "x")
    assert [a.atomic for a in xs] == [True, True, True]
    assert xs[0].context[-1] == first.id and xs[2].context[-1] == second.id
    assert [a.atomic for a in _acc(u, "y")] == [False, False, True]
    assert first.end_directive is None and second.end_directive is not None
    assert _text(doc, first.span.start, first.span.end).endswith("x = x + 1")


def test_atomic_capture_block_takes_two_statements() -> None:
    u = _unit(
        """
        subroutine s(x, v)
          integer :: x, v
          !$omp atomic capture
          v = x
          x = x + 1
          !$omp end atomic
          v = 0
        end subroutine
        """
    )
    (cap,) = _omp(u, "atomic")
    assert cap.end_directive is not None
    vs = _acc(u, "v", write=True)
    assert vs[0].atomic and vs[0].context == (cap.id,) and not vs[1].atomic


def test_standalone_directives_are_events_in_order() -> None:
    u = _unit(
        """
        subroutine s(x)
          real :: x
          !$omp parallel
          x = 1
          !$omp barrier
          !$omp flush(x)
          !$omp taskwait
          !$omp end parallel
        end subroutine
        """
    )
    (par,) = _omp(u, "parallel")
    stand = [e for e in u.events if isinstance(e, Standalone)]
    assert [s.directive.name for s in stand] == ["barrier", "flush", "taskwait"]
    assert all(s.context == (par.id,) for s in stand)
    assert [e.order for e in u.events] == list(range(len(u.events)))


def test_continued_directive_and_unterminated_block() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n, i
          real :: a(n)
          !$omp parallel do &
          !$omp& shared(a)
          do i = 1, n
            a(i) = 0
          end do
          !$omp parallel
          a(1) = 1
        end subroutine
        """
    )
    (pd,) = _omp(u, "parallel do")
    assert pd.directive is not None and pd.directive.clause_vars("shared") == ("a",)
    (par,) = _omp(u, "parallel")  # never closed: runs to the end of the body
    assert _acc(u, "a", write=True)[-1].context == (par.id,)


FIXED_OMP = (
    "      subroutine s(a, n)\n"
    "      real a(n), t\n"
    "c$omp parallel do private(t)\n"
    "c$omp& shared(a)\n"
    "      do 10 i = 1, n\n"
    "         t = a(i)\n"
    "         a(i) = t + 1.0\n"
    "   10 continue\n"
    "c$omp end parallel do\n"
    "*$omp barrier\n"
    "      end\n"
)


def test_fixed_form_directives_spans_in_source_offsets() -> None:
    doc = _doc(FIXED_OMP, fixed=True)
    (u,) = lower_fortran(doc)
    (pd,) = _omp(u, "parallel do")
    assert pd.directive is not None and pd.directive.sentinel == "c$omp"
    assert pd.directive.clause_vars("shared") == ("a",)
    assert pd.span.line == 2
    text = _text(doc, pd.span.start, pd.span.end)
    assert text.startswith("c$omp parallel do") and text.endswith("c$omp end parallel do")
    (loop,) = _loops(u)
    assert loop.parent == pd.id
    (stand,) = [e for e in u.events if isinstance(e, Standalone)]
    assert stand.span.line == 9 and stand.context == ()
