"""The Fortran lowering: value facts on accesses (Access.quotients, via, value)."""

from __future__ import annotations

import pytest

from hpcls.analysis.ir import Affine, Quotient, Unit
from hpcls.analysis.races import unit_races
from tests.test_lower_fortran import _acc, _c, _unit, _v

# --- quotients ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subscript", "expected"),
    [
        ("i/4", Quotient(_v("i"), 4)),
        ("(i + 1) / 2", Quotient(_v("i") + _c(1), 2)),
        ("((i+k)/2)", Quotient(_v("i") + _v("k"), 2)),
        ("i/4_8", Quotient(_v("i"), 4)),
        ("x/2", None),  # a real numerator: not an integer division
        ("i/2.0", None),
        ("i/1", None),
        ("i/k", None),  # a symbolic divisor
        ("i/4*4", None),  # not exactly a division
        ("i/4 + 1", None),
    ],
)
def test_integer_division_subscripts(subscript: str, expected: Quotient | None) -> None:
    u = _unit(
        f"""
        subroutine s(a, n, k, x)
          integer :: n, i, k
          real :: a(n), x
          do i = 1, n
            a({subscript}) = 0.0
          end do
        end subroutine
        """
    )
    (w,) = _acc(u, "a", write=True)
    assert w.subscripts == (None,)
    assert w.quotients == ((expected,) if expected is not None else ())


def test_quotients_are_per_subscript_and_none_for_affine_ones() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n, i, j
          real :: a(n, n)
          do i = 1, n
            a(j, i/2) = 1.0
          end do
        end subroutine
        """
    )
    (w,) = _acc(u, "a", write=True)
    assert w.subscripts == (_v("j"), None)
    assert w.quotients == (None, Quotient(_v("i"), 2))


def test_implicit_typing_decides_integer_division() -> None:
    src = """
        subroutine s(a, n)
          {implicit}
          dimension a(n)
          do i = 1, n
            a(i/2) = 0.0
            a(x/2) = 1.0
          end do
        end subroutine
        """
    u = _unit(src.format(implicit=""))
    first, second = _acc(u, "a", write=True)
    assert first.quotients == (Quotient(_v("i"), 2),)
    assert second.quotients == ()  # x is implicitly real
    u = _unit(src.format(implicit="implicit real (i)"))
    assert all(w.quotients == () for w in _acc(u, "a", write=True))
    u = _unit(src.format(implicit="implicit integer (x)"))
    second = _acc(u, "a", write=True)[1]
    assert second.quotients == (Quotient(_v("x"), 2),)


def test_declared_real_index_is_no_integer_division() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n
          real :: i
          real :: a(n)
          a(i/2) = 0.0
        end subroutine
        """
    )
    (w,) = _acc(u, "a", write=True)
    assert w.quotients == ()


def test_thread_number_quotient_fixed_form() -> None:
    src = (
        "      subroutine s(h)\n"
        "      integer h(8), tid, omp_get_thread_num\n"
        "!$omp parallel private(tid)\n"
        "      tid = omp_get_thread_num()\n"
        "      h(tid/2) = h(tid/2) + 1\n"
        "!$omp end parallel\n"
        "      end\n"
    )
    u = _unit(src, fixed=True)
    (t,) = _acc(u, "tid", write=True)
    assert t.value == "omp_get_thread_num"
    (w,) = _acc(u, "h", write=True)
    assert w.quotients == (Quotient(_v("tid"), 2),)
    assert w.update_op == "+"


# --- via ------------------------------------------------------------------------------------


def test_indirect_subscript_points_at_the_index_read() -> None:
    u = _unit(
        """
        subroutine s(coarse, fine, dst, n)
          integer :: n, i, dst(n)
          real :: coarse(n), fine(n)
          do i = 1, n
            coarse(dst(i)) = fine(i) + coarse((dst(i)))
          end do
        end subroutine
        """
    )
    reads = _acc(u, "dst")
    (w,) = _acc(u, "coarse", write=True)
    (r,) = _acc(u, "coarse", write=False)
    assert r.via == (reads[0].order,)
    assert w.via == (reads[1].order,)
    assert w.quotients == ()  # not a division: only `via` is set


@pytest.mark.parametrize(
    "subscript",
    ["dst(i) + 1", "dst(1:2)", "f(i)", "idx(dst(i))+0*i", "i*i"],
)
def test_no_via_unless_exactly_one_element(subscript: str) -> None:
    u = _unit(
        f"""
        subroutine s(a, dst, idx, n)
          integer :: n, i, dst(n), idx(n)
          real :: a(n)
          do i = 1, n
            a({subscript}) = 0.0
          end do
        end subroutine
        """
    )
    (w,) = _acc(u, "a", write=True)
    assert w.via == ()


def test_nested_indirection_points_at_the_outer_element() -> None:
    u = _unit(
        """
        subroutine s(a, dst, idx, n)
          integer :: n, i, dst(n), idx(n)
          real :: a(n)
          do i = 1, n
            a(idx(dst(i))) = 0.0
          end do
        end subroutine
        """
    )
    (d,) = _acc(u, "dst")
    (x,) = _acc(u, "idx")
    (w,) = _acc(u, "a", write=True)
    assert x.via == (d.order,)
    assert w.via == (x.order,)


def test_via_in_fixed_form_with_implicit_array() -> None:
    src = (
        "      subroutine s(b, n)\n"
        "      dimension b(n), idx(n)\n"
        "      do 10 i = 1, n\n"
        "        b(idx(i)) = 1.0\n"
        "   10 continue\n"
        "      end\n"
    )
    u = _unit(src, fixed=True)
    (r,) = _acc(u, "idx")
    (w,) = _acc(u, "b", write=True)
    assert w.via == (r.order,)


# --- value ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("right", "expected"),
    [
        ("(i + 1) / 2", Quotient(_v("i") + _c(1), 2)),
        ("2*i - 1", _v("i").scale(2) - _c(1)),
        ("7", Affine.const(7)),
        ("omp_get_thread_num()", "omp_get_thread_num"),
        ("OMP_GET_THREAD_NUM ( )", "omp_get_thread_num"),
        ("omp_get_thread_num() + 1", None),
        ("mod(i, 2)", None),
        ("x/2", None),
        ("dst(1)", None),  # an array element is not a call
        ("2.5", None),
    ],
)
def test_assignment_value(right: str, expected: Affine | Quotient | str | None) -> None:
    u = _unit(
        f"""
        subroutine s(dst, n, x)
          integer :: n, i, dst(n)
          real :: x
          do i = 1, n
            dst(i) = {right}
          end do
        end subroutine
        """
    )
    (w,) = _acc(u, "dst", write=True)
    assert w.value == expected


def test_value_only_on_the_assigned_write() -> None:
    u = _unit(
        """
        subroutine s(a, n)
          integer :: n, i, k
          integer :: a(n)
          do i = 1, n
            k = i / 2
            a(k) = k
            read (*, *) a(i)
            call g(k)
          end do
        end subroutine
        """
    )
    (kw,) = _acc(u, "k", write=True)
    assert kw.value == Quotient(_v("i"), 2)
    assert [w.value for w in _acc(u, "a", write=True)] == [_v("k"), None]
    assert all(r.value is None for r in _acc(u, "k", write=False))


def test_update_keeps_its_value_and_operator() -> None:
    u = _unit(
        """
        subroutine s(n)
          integer :: n, i, c
          c = 0
          do i = 1, n
            c = c + 1
          end do
        end subroutine
        """
    )
    first, second = _acc(u, "c", write=True)
    assert first.value == Affine.const(0)
    assert second.value == _v("c") + _c(1)
    assert second.update_op == "+"


# --- the race rules that use the facts, on the Fortran lowering alone -----------------------


def _self_races(u: Unit) -> set[int]:
    return {r.first.span.line + 1 for r in unit_races(u) if r.first is r.second}


_COARSEN = """
subroutine s(fine, coarse, n)
  integer :: n, i
  real :: fine(n), coarse(n)
  !$omp parallel do
  do i = 1, n
    coarse(DIVIDED) = fine(i)
  end do
end subroutine
"""


def test_divided_loop_index_races() -> None:
    assert 7 in _self_races(_unit(_COARSEN.replace("DIVIDED", "(i + 1) / 2")))
    assert _self_races(_unit(_COARSEN.replace("DIVIDED", "i"))) == set()
    real = _COARSEN.replace("DIVIDED", "int(x / 2)").replace(
        "integer :: n, i", "integer :: n, i\n  real :: x"
    )
    assert _self_races(_unit(real)) == set()


_SCATTER = """
program p
  implicit none
  integer, parameter :: n = 1000
  integer :: dst(n), i
  real :: fine(n), coarse(n)
  do i = 1, n
    dst(i) = FILL
  end do
  coarse = 0.0
  !$omp parallel do shared(dst, fine, coarse)
  do i = 1, n
    coarse(dst(i)) = fine(i)
  end do
  !$omp end parallel do
end program
"""


@pytest.mark.parametrize(("fill", "race"), [("(i + 1) / 2", True), ("3", True), ("i", False)])
def test_index_array_with_repeated_values_races(fill: str, race: bool) -> None:
    assert (13 in _self_races(_unit(_SCATTER.replace("FILL", fill)))) is race


def test_slot_shared_by_thread_numbers_races_in_fixed_form() -> None:
    src = (
        "      subroutine s(x, partial, n)\n"
        "      integer n, i, t, omp_get_thread_num\n"
        "      real x(n), partial(8), acc\n"
        "!$omp parallel private(t, acc)\n"
        "      t = omp_get_thread_num()\n"
        "      acc = 0.0\n"
        "!$omp do\n"
        "      do 10 i = 1, n\n"
        "        acc = acc + x(i)\n"
        "   10 continue\n"
        "      partial(t/2) = partial(t/2) + acc\n"
        "!$omp end parallel\n"
        "      end\n"
    )
    assert 11 in _self_races(_unit(src, fixed=True))
    assert 11 not in _self_races(_unit(src.replace("t/2", "t"), fixed=True))
