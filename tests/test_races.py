"""Race rules on small C and Fortran programs: each racy snippet has a race-free twin."""

from __future__ import annotations

from hpcls.analysis.races import race_findings
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document


def pairs(code: str, ext: str = "c") -> set[tuple[int, int]]:
    """The (finding line, related line) pairs, 1-based, sorted within each pair."""
    uri = f"file:///t/snippet.{ext}"
    doc = Document.create(uri, language_for(uri), 1, code.encode())
    out: set[tuple[int, int]] = set()
    for f in race_findings(doc):
        line = doc.lines.line_of(f.start) + 1
        for r in f.related:
            other = doc.lines.line_of(r.start) + 1
            out.add((min(line, other), max(line, other)))
    return out


# --- tasks: the creating code is not another task ---------------------------------------

PIPELINE = """void f(double *buf, double *out, int n) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp task depend(out: buf[0])
    for (int i = 0; i < n; i++) buf[i] = i;
#pragma omp task depend(in: buf[0])
    for (int i = 0; i < n; i++) out[i] = buf[i];
  }
}
"""


def test_task_depend_orders_siblings_not_creating_code() -> None:
    assert pairs(PIPELINE) == set()


def test_sibling_tasks_without_depend_race() -> None:
    racy = PIPELINE.replace(" depend(out: buf[0])", "").replace(" depend(in: buf[0])", "")
    assert (6, 8) in pairs(racy)


# --- per-thread blocks, neighbours and barriers --------------------------------------------

BLOCKS = """      program blk
      use omp_lib
      integer n, i, lo, hi, me, nt
      parameter (n = 4096)
      real v(0:n), d(n)
c$omp parallel private(i, lo, hi, me, nt) shared(v, d)
      me = omp_get_thread_num()
      nt = omp_get_num_threads()
      lo = me * n / nt + 1
      hi = (me + 1) * n / nt
      do 10 i = lo, hi
         v(i) = real(i)
   10 continue
c$omp barrier
      do 20 i = lo, hi
         d(i) = v(i) - v(i - 1)
   20 continue
c$omp end parallel
      end program
"""


def test_loop_over_own_block_with_barrier_is_race_free() -> None:
    assert pairs(BLOCKS, "f") == set()


def test_neighbour_block_read_without_barrier_races() -> None:
    assert pairs(BLOCKS.replace("c$omp barrier\n", ""), "f") == {(12, 15)}


def test_thread_id_neighbour_element_races() -> None:
    code = """#include <omp.h>
void f(double *a) {
#pragma omp parallel
  {
    int t = omp_get_thread_num();
    a[t] = t;
    double x = a[t + 1];
  }
}
"""
    assert pairs(code) == {(6, 7)}
    assert pairs(code.replace("a[t + 1]", "a[t]")) == set()


# --- sections over loops with different residues ------------------------------------------

SECTIONS = """      program sec
      integer n, i
      parameter (n = 1000)
      real a(n + 2), b(n)
c$omp parallel sections private(i)
c$omp section
      do 20 i = 1, n, 2
         a(i + 2) = a(i) + b(i)
   20 continue
c$omp section
      do 30 i = 2, n, 2
         a(i + 2) = a(i) + b(i)
   30 continue
c$omp end parallel sections
      end program
"""


def test_sections_over_odd_and_even_elements_are_race_free() -> None:
    assert pairs(SECTIONS, "f") == set()


def test_sections_over_overlapping_elements_race() -> None:
    assert (8, 12) in pairs(SECTIONS.replace("i = 2, n, 2", "i = 1, n, 2"), "f")


# --- conditional writes of a shared scalar ------------------------------------------------

MAX = """double f(const double *a, int n) {
  double mx = a[0];
#pragma omp parallel for
  for (int i = 1; i < n; i++)
    if (a[i] > mx)
      mx = a[i];
  return mx;
}
"""


def test_max_by_if_update_without_reduction_races() -> None:
    assert (5, 6) in pairs(MAX)
    assert pairs(MAX.replace("parallel for", "parallel for reduction(max: mx)")) == set()


def test_conditional_scalar_in_fortran_races_with_itself() -> None:
    code = """subroutine s(e, n, best)
  integer :: n, i
  real :: e(n), best
  !$omp parallel do
  do i = 1, n
    if (e(i) < 0.0) then
      best = e(i)
    end if
  end do
end subroutine
"""
    assert pairs(code, "f90") == {(7, 7)}
    fixed = code.replace("best = e(i)", "!$omp critical\n      best = e(i)\n!$omp end critical")
    assert pairs(fixed, "f90") == set()


def test_write_under_index_test_alone_is_not_a_race() -> None:
    code = """void f(const double *a, int n, double *out) {
  double last = 0.0;
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    if (i == n - 1)
      last = a[i];
  *out = last;
}
"""
    assert pairs(code) == set()


def test_atomic_on_one_of_two_counters() -> None:
    code = """void f(const double *x, int n, double *out) {
  double sum = 0.0;
  int cnt = 0;
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    if (x[i] > 0.5) {
#pragma omp atomic
      sum += x[i];
      cnt++;
    }
  }
  out[0] = sum / cnt;
}
"""
    assert pairs(code) == {(9, 9)}
    assert pairs(code.replace("      cnt++;", "#pragma omp atomic\n      cnt++;")) == set()


# --- an element protected on one path only ------------------------------------------------

PARTIAL = """program p
  implicit none
  integer, parameter :: n = 100, nb = 16
  real :: x(n), w(nb)
  integer :: i, k
  !$omp parallel do private(k)
  do i = 1, n
    k = int(x(i) * nb) + 1
    !$omp atomic
    w(k) = w(k) + x(i)
    w(k) = w(k) - x(i)**2
  end do
end program
"""


def test_atomic_protecting_one_of_two_updates_of_an_element() -> None:
    found = pairs(PARTIAL, "f90")
    assert {(10, 11), (11, 11)} <= found
    both = PARTIAL.replace("    w(k) = w(k) - x", "    !$omp atomic\n    w(k) = w(k) - x")
    assert pairs(both, "f90") == set()


def test_unprotected_index_only_element_is_not_reported() -> None:
    # No path protects w(k): whether two iterations share k is unknown.
    code = PARTIAL.replace("    !$omp atomic\n", "")
    assert pairs(code, "f90") == set()


def test_lock_with_an_unlocked_path() -> None:
    code = """#include <omp.h>
void f(int *count, const int *w, int n, omp_lock_t *lock) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    int cell = (i * 7) % 32;
    if (w[i] == 1) {
      count[cell] += 1;
      continue;
    }
    omp_set_lock(lock);
    count[cell] += w[i];
    omp_unset_lock(lock);
  }
}
"""
    assert (7, 11) in pairs(code)
    locked = code.replace(
        "      count[cell] += 1;",
        "      omp_set_lock(lock);\n      count[cell] += 1;\n      omp_unset_lock(lock);",
    )
    assert pairs(locked) == set()


# --- containers -----------------------------------------------------------------------------

PUSH = """#include <vector>
void f(std::vector<int> &hits, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    unsigned h = (unsigned)i * 2654435761u;
    if ((h >> 20) % 7 == 0)
      hits.push_back(i);
  }
}
"""


def test_push_back_on_shared_vector_races() -> None:
    assert pairs(PUSH, "cpp") == {(7, 7)}


def test_push_back_in_critical_is_race_free() -> None:
    code = PUSH.replace(
        "      hits.push_back(i);", "#pragma omp critical\n      hits.push_back(i);"
    )
    assert pairs(code, "cpp") == set()
