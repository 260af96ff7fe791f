"""Race rules that need value facts (`Access.quotients`, `via`, `value`). The lowerings
may not fill them yet, so each test lowers a snippet and then fills the facts the way a
lowering should (a no-op once the lowering does it itself)."""

from __future__ import annotations

from dataclasses import replace

from hpcls.analysis.ir import Access, Affine, Quotient, Unit
from hpcls.analysis.lower import lower_document
from hpcls.analysis.races import unit_races
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document


def lowered(code: str, ext: str = "c") -> Unit:
    uri = f"file:///t/snippet.{ext}"
    doc = Document.create(uri, language_for(uri), 1, code.encode())
    return lower_document(doc)[-1]


def fill(unit: Unit, line: int, name: str, write: bool, **facts: object) -> Unit:
    """Set value facts on the accesses of `name` on 1-based `line` (writes or reads)."""
    events = tuple(
        replace(e, **facts)  # type: ignore[arg-type]
        if isinstance(e, Access) and e.name == name and e.span.line == line - 1 and e.write == write
        else e
        for e in unit.events
    )
    return replace(unit, events=events)


def self_pairs(unit: Unit) -> set[int]:
    return {r.first.span.line + 1 for r in unit_races(unit) if r.first is r.second}


def order_of(unit: Unit, line: int, name: str) -> int:
    return next(
        e.order
        for e in unit.events
        if isinstance(e, Access) and e.name == name and e.span.line == line - 1 and not e.write
    )


COARSEN = """void f(const double *fine, double *coarse, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    coarse[i / 4] = fine[i];
}
"""


def test_quotient_of_the_loop_index_writes_one_element_from_several_iterations() -> None:
    unit = fill(lowered(COARSEN), 4, "coarse", True, quotients=(Quotient(Affine.var("i"), 4),))
    assert 4 in self_pairs(unit)


def test_stride_as_large_as_the_divisor_is_race_free() -> None:
    code = COARSEN.replace("i++", "i += 4")
    unit = fill(lowered(code), 4, "coarse", True, quotients=(Quotient(Affine.var("i"), 4),))
    assert self_pairs(unit) == set()


SCATTER = """static int idx[1000];
static double a[1000], b[1000];
void f(void) {
  for (int i = 0; i < 1000; i++)
    idx[i] = i / 2;
#pragma omp parallel for
  for (int i = 0; i < 1000; i++)
    b[idx[i]] = a[i];
}
"""


def _scatter(code: str, value: object) -> Unit:
    unit = fill(lowered(code), 5, "idx", True, value=value)
    return fill(unit, 8, "b", True, via=(order_of(unit, 8, "idx"),))


def test_index_array_filled_with_repeating_values_makes_scatter_race() -> None:
    assert 8 in self_pairs(_scatter(SCATTER, Quotient(Affine.var("i"), 2)))


def test_index_array_filled_with_the_identity_is_race_free() -> None:
    assert self_pairs(_scatter(SCATTER.replace("i / 2", "i"), Affine.var("i"))) == set()


def test_index_array_filled_with_a_constant_in_fortran() -> None:
    code = """program p
  integer :: dst(100), i
  real :: fine(100), coarse(100)
  do i = 1, 100
    dst(i) = 1
  end do
  !$omp parallel do
  do i = 1, 100
    coarse(dst(i)) = fine(i)
  end do
end program
"""
    unit = fill(lowered(code, "f90"), 5, "dst", True, value=Affine.const(1))
    unit = fill(unit, 9, "coarse", True, via=(order_of(unit, 9, "dst"),))
    assert 9 in self_pairs(unit)
    critical = code.replace(
        "    coarse(dst(i)) = fine(i)\n",
        "    !$omp critical\n    coarse(dst(i)) = fine(i)\n    !$omp end critical\n",
    )
    unit = fill(lowered(critical, "f90"), 5, "dst", True, value=Affine.const(1))
    unit = fill(unit, 10, "coarse", True, via=(order_of(unit, 10, "dst"),))
    assert self_pairs(unit) == set()


PARTIAL = """#include <omp.h>
void f(const double *x, double *partial, int n) {
#pragma omp parallel
  {
    int t = omp_get_thread_num();
    double s = 0.0;
#pragma omp for
    for (int i = 0; i < n; i++)
      s += x[i];
    partial[t / 2] += s;
  }
}
"""


def _partial(code: str, den: int) -> Unit:
    unit = fill(lowered(code), 5, "t", True, value="omp_get_thread_num")
    return fill(unit, 10, "partial", True, quotients=(Quotient(Affine.var("t"), den),))


def test_slot_shared_by_two_thread_numbers_races() -> None:
    assert 10 in self_pairs(_partial(PARTIAL, 2))


def test_slot_per_thread_number_is_race_free() -> None:
    unit = fill(lowered(PARTIAL.replace("t / 2", "t")), 5, "t", True, value="omp_get_thread_num")
    assert self_pairs(unit) == set()


def test_slot_shared_but_atomic_is_race_free() -> None:
    code = PARTIAL.replace("    partial[t / 2]", "#pragma omp atomic\n    partial[t / 2]")
    unit = fill(lowered(code), 5, "t", True, value="omp_get_thread_num")
    unit = fill(unit, 11, "partial", True, quotients=(Quotient(Affine.var("t"), 2),))
    assert self_pairs(unit) == set()
