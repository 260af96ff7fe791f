"""The Fortran lowering: accesses, subscripts, calls and update operators."""

from __future__ import annotations

import pytest

from hpcls.analysis.ir import (
    Access,
    Affine,
    StorageKind,
)
from hpcls.analysis.lower_fortran import lower_fortran
from tests.test_lower_fortran import _acc, _c, _calls, _doc, _text, _unit, _v

# --- accesses -------------------------------------------------------------------------------


def test_reads_before_the_write_and_statement_ids() -> None:
    doc = _doc(
        """
        subroutine s(a, b, n)
          integer :: n, i
          real :: a(n), b(n)
          do i = 2, n
            a(i) = b(i - 1) + a(2*i + 1)
          end do
        end subroutine
        """
    )
    (u,) = lower_fortran(doc)
    body = [e for e in u.events if isinstance(e, Access) and e.name in ("a", "b")]
    assert [(e.name, e.write) for e in body] == [("b", False), ("a", False), ("a", True)]
    assert len({e.statement for e in body}) == 1
    assert body[0].subscripts == (_v("i") - _c(1),)
    assert body[1].subscripts == (_v("i").scale(2) + _c(1),)
    assert _text(doc, body[0].span.start, body[0].span.end) == "b(i - 1)"


@pytest.mark.parametrize(
    ("subscript", "expected"),
    [
        ("i", Affine.var("i")),
        ("-i + 3", Affine.const(3) - Affine.var("i")),
        ("(i + 1) * 2", Affine.var("i").scale(2) + Affine.const(2)),
        ("i*n + j", Affine.var("i") * Affine.var("n") + Affine.var("j")),
        ("i/2", None),
        ("mod(i, 2)", None),
        ("idx(i)", None),
        ("f(i)", None),
    ],
)
def test_affine_and_non_affine_subscripts(subscript: str, expected: Affine | None) -> None:
    u = _unit(
        f"""
        subroutine s(a, idx, n, j)
          integer :: n, i, j, idx(n)
          real :: a(n)
          do i = 1, n
            a({subscript}) = 0
          end do
        end subroutine
        """
    )
    (w,) = _acc(u, "a", write=True)
    assert w.subscripts == (expected,)


def test_sections_and_whole_arrays_get_none_per_dimension() -> None:
    u = _unit(
        """
        subroutine s(a, b, c, n)
          integer :: n
          real :: a(n, n), b(:, :), c(*)
          a(:, 1) = b(1:n, 2)
          a = 0
          c(1:n) = 1
        end subroutine
        """
    )
    w1, w2 = _acc(u, "a", write=True)
    assert w1.subscripts == (None, _c(1))
    assert w2.subscripts == (None, None)
    (r,) = _acc(u, "b")
    assert r.subscripts == (None, _c(2))
    (c,) = _acc(u, "c", write=True)
    assert c.subscripts == (None,)


def test_array_versus_function_call() -> None:
    u = _unit(
        """
        module lib
          real :: table(100)
        contains
          pure real function sq(x)
            real, intent(in) :: x
            sq = x * x
          end function
        end module
        subroutine s(a, n)
          use lib
          integer :: n, i
          real :: a(n), v
          do i = 1, n
            v = a(i) + table(i) + sq(a(i)) + g(i) + sqrt(a(i))
          end do
        end subroutine
        """,
        name="s",
    )
    names = {(c.name, c.pure) for c in _calls(u)}
    assert names == {("sq", True), ("g", False), ("sqrt", True)}
    assert _acc(u, "table")[0].subscripts == (_v("i"),)
    assert u.symbols["table"].storage is StorageKind.ARRAY and u.symbols["table"].static
    assert not _acc(u, "g")
    # `i` passed to an impure function may be changed by it
    addr = [a for a in _acc(u, "i") if a.address_taken]
    assert len(addr) == 1


def test_character_substring_is_not_a_call() -> None:
    u = _unit(
        """
        subroutine s(name)
          character(len=10) :: name, head
          head = name(1:3)
        end subroutine
        """
    )
    assert not _calls(u)
    (r,) = _acc(u, "name")
    assert r.subscripts == () and not r.write


def test_derived_type_components() -> None:
    u = _unit(
        """
        subroutine s(p, ps, n)
          type(pt) :: p, ps(n)
          integer :: n, i
          do i = 1, n
            ps(i)%x = p%x + ps(i + 1)%y
          end do
        end subroutine
        """
    )
    assert _acc(u, "p%x")[0].subscripts == ()
    r, w = _acc(u, "ps")
    assert (r.write, r.subscripts) == (False, (_v("i") + _c(1),))
    assert (w.write, w.subscripts) == (True, (_v("i"),))


def test_subroutine_call_arguments_are_address_taken() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n, k
          real :: a(n)
          call work(a, k, n + 1, a(3))
          call random_number(a)
        end subroutine
        """
    )
    c1, c2 = _calls(u)
    assert (c1.name, c1.pure, c1.arguments) == ("work", False, ("a", "k", "a"))
    assert (c2.name, c2.pure) == ("random_number", False)
    a = _acc(u, "a")
    assert all(x.address_taken and not x.write for x in a)
    assert [x.subscripts for x in a] == [(None,), (_c(3),), (None,)]
    (n,) = _acc(u, "n")
    assert not n.address_taken  # an expression, passed as a temporary
    assert _acc(u, "k")[0].address_taken


def test_omp_query_functions_are_pure() -> None:
    u = _unit(
        """
        subroutine s(a)
          use omp_lib
          real :: a(64)
          a(omp_get_thread_num() + 1) = omp_get_wtime()
          call omp_set_num_threads(4)
        end subroutine
        """
    )
    assert [(c.name, c.pure) for c in _calls(u)] == [
        ("omp_get_wtime", True),
        ("omp_get_thread_num", True),
        ("omp_set_num_threads", False),
    ]
    assert _acc(u, "a", write=True)[0].subscripts == (None,)


def test_io_allocate_and_pointer_assignment() -> None:
    u = _unit(
        """
        subroutine s(x, y)
          real :: x, y
          real, allocatable :: a(:)
          real, pointer :: p(:)
          real, target :: t(10)
          read (*, *) x
          write (*, *) y
          allocate(a(10))
          p => t
        end subroutine
        """
    )
    assert _acc(u, "x")[0].write and not _acc(u, "y")[0].write
    assert _acc(u, "a", write=True)
    assert _acc(u, "p", write=True) and _acc(u, "t")[0].address_taken


# --- update operators -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rhs", "op"),
    [
        ("s + a(i)", "+"),
        ("a(i) + s", "+"),
        ("s + a(i) + 1", "+"),
        ("s - a(i)", "-"),
        ("s * a(i)", "*"),
        ("2 * s", "*"),
        ("max(s, a(i))", "max"),
        ("min(a(i), s)", "min"),
        ("iand(s, 3)", "iand"),
        ("(s + a(i))", "+"),
    ],
)
def test_update_ops(rhs: str, op: str) -> None:
    u = _unit(
        f"""
        subroutine s(a, n)
          integer :: n, i, s
          integer :: a(n)
          do i = 1, n
            s = {rhs}
          end do
        end subroutine
        """
    )
    r, w = _acc(u, "s")
    assert (r.write, w.write) == (False, True)
    assert r.update_op == op and w.update_op == op
    assert all(a.update_op is None for a in _acc(u, "a"))


@pytest.mark.parametrize("op", [".and.", ".or.", ".eqv.", ".neqv."])
def test_logical_update_ops(op: str) -> None:
    u = _unit(
        f"""
        subroutine s(m, n)
          integer :: n, i
          logical :: f, m(n)
          do i = 1, n
            f = f {op} m(i)
          end do
        end subroutine
        """
    )
    assert [a.update_op for a in _acc(u, "f")] == [op, op]


@pytest.mark.parametrize(
    "rhs",
    ["a(i) - s", "s * s", "s + s", "s / 2", "s + a(s)", "max(s, s + 1)", "s * a(i) + 1", "-s + 1"],
)
def test_not_update_ops(rhs: str) -> None:
    u = _unit(
        f"""
        subroutine s(a, n)
          integer :: n, i, s
          integer :: a(n)
          do i = 1, n
            s = {rhs}
          end do
        end subroutine
        """
    )
    assert all(a.update_op is None for a in _acc(u, "s"))


def test_array_element_update() -> None:
    u = _unit(
        """
        subroutine s(h, k, n)
          integer :: n, i, h(10), k(n)
          do i = 1, n
            h(k(i)) = h(k(i)) + 1
          end do
        end subroutine
        """
    )
    assert [a.update_op for a in _acc(u, "h")] == ["+", "+"]
