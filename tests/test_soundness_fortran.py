"""Issue 12, Fortran side: what the IR cannot see (I/O, character data, reallocation,
aliasing TARGET/POINTER dummies, defined operators, volatile data, STOP) keeps a loop
`unknown` with a plain reason, never `parallel`; each unsafe program has a safe twin that
stays `parallel`."""

from __future__ import annotations

import textwrap

import pytest

from hpcls.actions.parallelize import plan
from hpcls.analysis.ir import Access, Effect, StorageKind
from hpcls.analysis.lower_fortran import lower_fortran
from hpcls.languages.registry import LanguageKind
from hpcls.loops_cli import file_loops
from hpcls.workspace.document import Document


def _doc(src: str, fixed: bool = False) -> Document:
    kind = LanguageKind.FORTRAN_FIXED if fixed else LanguageKind.FORTRAN
    text = src if fixed else textwrap.dedent(src).lstrip("\n")
    return Document.create("file:///s." + ("f" if fixed else "f90"), kind, 1, text)


def _loops(src: str, fixed: bool = False) -> dict[int, tuple[str, str]]:
    """1-based header line → (verdict, reasons joined)."""
    return {
        int(x["line"]): (str(x["verdict"]), "; ".join(x["reasons"]))
        for x in file_loops(_doc(src, fixed))
    }


def _body(statement: str, decl: str = "") -> str:
    return f"""
    subroutine s(v, n)
      integer :: n, i, ios
      logical :: op
      real :: v(n)
      {decl}
      do i = 1, n
        v(i) = 2.0 * v(i)
        {statement}
      end do
      {statement}
    end subroutine
    """


# --- 1. I/O ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "print *, v(i)",
        "write(10, *) v(i)",
        "read(*, *) v(i)",
        "open(unit=10, file='x.dat', iostat=ios)",
        "close(10)",
        "inquire(unit=10, opened=op)",
        "flush(10)",
        "rewind(10)",
        "backspace 10",
        "endfile(10)",
        "wait(10)",
    ],
)
def test_io_in_the_body_is_unknown(statement: str) -> None:
    verdict, why = _loops(_body(statement))[6]
    assert verdict == "unknown"
    assert "I/O" in why and "line 8" in why


def test_io_only_outside_the_loop_stays_parallel() -> None:
    src = """
    subroutine s(v, n)
      integer :: n, i
      real :: v(n)
      read(*, *) v(1)
      do i = 1, n
        v(i) = 2.0 * v(i)
      end do
      print *, v(n)
    end subroutine
    """
    assert _loops(src)[5][0] == "parallel"


def test_read_items_are_writes_and_iostat_is_written() -> None:
    (u,) = lower_fortran(_doc(_body("read(*, *, iostat=ios) v(i)")))
    writes = {e.name for e in u.events if isinstance(e, Access) and e.write}
    assert {"v", "ios"} <= writes
    assert sum(isinstance(e, Effect) for e in u.events) == 2  # in the loop and after it


def test_io_inside_a_called_routine_is_not_seen_through() -> None:
    src = """
    module io_m
    contains
      subroutine show(x)
        real, intent(in) :: x
        print *, x
      end subroutine
      subroutine twice(x)
        real, intent(inout) :: x
        x = 2 * x
      end subroutine
    end module
    program p
      use io_m
      real :: v(100)
      integer :: i
      v = 1
      do i = 1, 100
        call show(v(i))
      end do
      do i = 1, 100
        call twice(v(i))
      end do
    end program
    """
    got = _loops(src)
    assert got[17][0] == "unknown" and "calls show" in got[17][1]
    assert got[20][0] == "parallel"


def test_io_in_fixed_form() -> None:
    src = (
        "      subroutine s(v, n)\n"
        "      integer n, i\n"
        "      real v(n)\n"
        "      do 10 i = 1, n\n"
        "         write(6, *) v(i)\n"
        "   10 continue\n"
        "      do 20 i = 1, n\n"
        "         v(i) = 0.0\n"
        "   20 continue\n"
        "      end\n"
    )
    got = _loops(src, fixed=True)
    assert got[4][0] == "unknown" and "I/O" in got[4][1]
    assert got[7][0] == "parallel"


@pytest.mark.parametrize("statement", ["print *, v(i)", "write(10, *) v(i)"])
def test_parallelize_does_not_verify_a_loop_with_io(statement: str) -> None:
    found = plan(_doc(_body(statement)), 5, compile_rung=False)
    assert found is not None and not found.verified
    assert "I/O" in found.title


def test_parallelize_verifies_the_io_free_twin() -> None:
    found = plan(_doc(_body("")), 5, compile_rung=False)
    assert found is not None and found.verified


# --- 2. character data ----------------------------------------------------------------------


_CHARS = """
subroutine c(names, n, line)
  integer :: n, i
  character(len=8) :: names(n)
  character(len=200) :: line, s
  do i = 1, n
    line = trim(line) // names(i)
  end do
  do i = 1, n
    s = names(i)
    names(i) = s
  end do
  do i = 1, n
    line(i:i) = 'x'
  end do
  do i = 1, n
    names(i) = 'abc'
  end do
end subroutine
"""


def test_character_assignment_and_concatenation_are_not_parallel() -> None:
    got = _loops(_CHARS)
    assert got[5][0] != "parallel" and "//" in got[5][1]
    assert got[8][0] == "unknown" and "character variable s" in got[8][1]
    assert got[12][0] == "unknown" and "character variable line(i:i)" in got[12][1]
    assert got[15][0] == "parallel"  # whole elements of a character array


def test_character_symbols_are_not_reducible() -> None:
    (u,) = lower_fortran(_doc(_CHARS))
    assert not u.symbols["line"].reducible and not u.symbols["names"].reducible
    assert u.symbols["n"].reducible


# --- 3. POINTER and TARGET dummies ----------------------------------------------------------


_ALIAS = """
module mt
  real, target :: gt(1000)
  real, pointer :: gp(:)
end module
subroutine tt(a, b, p, q, n)
  use mt
  integer :: n, i
  real, target :: a(:), b(:)
  real, pointer :: p(:), q(:)
  real :: loc(1000), plain(n)
  do i = 1, n - 1
    a(i) = b(i + 1)
  end do
  do i = 1, n - 1
    a(i) = gt(i + 1)
  end do
  do i = 1, n - 1
    p(i) = q(i + 1)
  end do
  do i = 1, n - 1
    gp(i) = a(i + 1)
  end do
  do i = 1, n - 1
    p(i) = loc(i + 1)
  end do
  do i = 1, n - 1
    plain(i) = loc(i + 1)
  end do
end subroutine
"""


def test_target_and_pointer_dummies_may_alias() -> None:
    got = _loops(_ALIAS)
    for line in (11, 14, 17, 20):
        assert got[line][0] == "unknown" and "may point to the same memory" in got[line][1]
    assert got[23][0] == "parallel"  # a local array without TARGET is nobody's target
    assert got[26][0] == "parallel"


def test_target_dummy_arrays_are_pointer_like() -> None:
    (u,) = lower_fortran(_doc(_ALIAS))
    assert u.symbols["a"].storage is StorageKind.POINTER
    assert u.symbols["loc"].storage is StorageKind.ARRAY


# --- 4. reallocation on assignment ----------------------------------------------------------


def test_whole_assignment_to_an_allocatable_is_not_parallel() -> None:
    src = """
    subroutine r(a, b, x, n)
      integer :: n, i
      real, allocatable :: a(:), b(:), w(:)
      real :: x(n)
      do i = 1, n
        a = b
        x(i) = a(1)
      end do
      do i = 1, n
        w = [w, x(i)]
      end do
      do i = 1, n
        a(i) = b(i)
      end do
    end subroutine
    """
    got = _loops(src)
    assert got[5][0] == "unknown" and "reallocate" in got[5][1]
    assert got[9][0] != "parallel" and "reallocate" in got[9][1]
    assert got[12][0] == "parallel"


# --- 5. STOP --------------------------------------------------------------------------------


@pytest.mark.parametrize("stop", ["stop", "error stop 'negative'", "stop 3"])
def test_stop_leaves_the_loop_early(stop: str) -> None:
    src = f"""
    subroutine t(a, n)
      integer :: n, i
      real :: a(n)
      do i = 1, n
        if (a(i) < 0) {stop}
        a(i) = sqrt(a(i))
      end do
      if (any(a < 0)) {stop}
      do i = 1, n
        a(i) = sqrt(a(i))
      end do
    end subroutine
    """
    got = _loops(src)
    assert got[4] == ("unknown", "leaves the loop early at line 5")
    assert got[9][0] == "parallel"


def test_a_routine_that_may_stop_is_not_seen_through() -> None:
    src = """
    module chk
    contains
      subroutine check(x)
        real, intent(in) :: x
        if (x < 0) stop 1
      end subroutine
    end module
    subroutine t(a, n)
      use chk
      integer :: n, i
      real :: a(n)
      do i = 1, n
        call check(a(i))
      end do
    end subroutine
    """
    assert _loops(src)[12][0] == "unknown"


# --- 6. derived types -----------------------------------------------------------------------


_TYPES = """
module m
  implicit none
  type :: vec
    real :: x
  contains
    procedure :: addv, norm
    generic :: operator(+) => addv
  end type
  type :: acc_t
    real :: sum
  end type
  interface assignment(=)
    module procedure assign_acc
  end interface
contains
  pure function addv(a, b) result(c)
    class(vec), intent(in) :: a, b
    type(vec) :: c
    c%x = a%x + b%x
  end function
  function norm(a) result(r)
    class(vec), intent(in) :: a
    real :: r
    r = abs(a%x)
  end function
  subroutine assign_acc(a, r)
    type(acc_t), intent(out) :: a
    real, intent(in) :: r
    a%sum = r
  end subroutine
end module m
subroutine ops(v, w, c, n, t)
  use m
  integer :: n, i
  type(vec) :: v(n), w(n)
  class(vec) :: c(n)
  type(acc_t) :: t, q(n)
  real :: r(n)
  do i = 1, n
    v(i) = v(i) + w(i)
  end do
  do i = 1, n
    q(i) = r(i)
  end do
  do i = 1, n
    t%sum = t%sum + r(i)
  end do
  do i = 1, n
    r(i) = c(i)%norm()
  end do
  do i = 1, n
    v(i)%x = w(i)%x + c(i)%x
  end do
end subroutine
"""


def test_defined_operators_assignment_and_bindings_are_not_parallel() -> None:
    got = _loops(_TYPES)
    assert got[39][0] == "unknown" and "defined operator" in got[39][1]
    assert got[42][0] == "unknown" and "defined assignment" in got[42][1]
    assert got[48][0] == "unknown" and "calls c(i)%norm" in got[48][1]
    assert got[51][0] == "parallel"  # components of intrinsic type: plain assignment


def test_no_reduction_on_a_component() -> None:
    got = _loops(_TYPES)
    why = "t%sum is updated like a reduction, but OpenMP cannot reduce a member"
    assert got[45] == ("unknown", why)


def test_user_defined_dotted_operator_is_an_effect() -> None:
    src = """
    subroutine d(a, b, n)
      use vecops
      integer :: n, i
      real :: a(n), b(n)
      do i = 1, n
        a(i) = a(i) .dot. b(i)
      end do
    end subroutine
    """
    got = _loops(src)
    assert got[5][0] == "unknown" and ".dot." in got[5][1]


# --- 7. volatile and asynchronous -----------------------------------------------------------


@pytest.mark.parametrize("attribute", ["volatile", "asynchronous"])
def test_volatile_and_asynchronous_data_are_unknown(attribute: str) -> None:
    src = f"""
    subroutine w(a, buf, plain, n)
      integer :: n, i
      real :: a(n), plain(n)
      real, {attribute} :: buf(n)
      do i = 1, n
        a(i) = buf(i)
      end do
      do i = 1, n
        a(i) = plain(i)
      end do
    end subroutine
    """
    got = _loops(src)
    assert got[5][0] == "unknown" and attribute in got[5][1]
    assert got[8][0] == "parallel"


# --- 8. do concurrent -----------------------------------------------------------------------


def test_do_concurrent_with_io_stays_unknown() -> None:
    src = """
    subroutine dc(a, n)
      integer :: n, i
      real :: a(n)
      do concurrent (i = 1:n)
        a(i) = 2 * a(i)
        print *, a(i)
      end do
      do concurrent (i = 1:n)
        a(i) = 2 * a(i)
      end do
    end subroutine
    """
    got = _loops(src)
    assert got[4][0] == "unknown" and "prints" in got[4][1]
    assert got[8][0] == "parallel"
