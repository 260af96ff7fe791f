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


# --- static storage written by a called routine ---------------------------------------------

STATIC_LOCAL = """static double in[100];
static double smooth_at(int i) {
  static double acc;
  acc = in[i - 1] + in[i] + in[i + 1];
  return acc / 3.0;
}
void f(double *out) {
#pragma omp parallel for
  for (int i = 1; i < 99; i++)
    out[i] = smooth_at(i);
}
"""


def test_static_local_of_called_function_races() -> None:
    assert {(4, 4), (4, 5)} <= pairs(STATIC_LOCAL)


def test_automatic_local_of_called_function_is_race_free() -> None:
    assert pairs(STATIC_LOCAL.replace("static double acc;", "double acc;")) == set()


def test_called_function_in_critical_is_race_free() -> None:
    code = STATIC_LOCAL.replace(
        "    out[i] = smooth_at(i);", "#pragma omp critical\n    out[i] = smooth_at(i);"
    )
    assert pairs(code) == set()


GLOBAL_ROWS = """static double img[16][8], res[16][8];
static double work[8];
static void filter_row(int r) {
  for (int k = 0; k < 8; k++)
    work[k] = img[r][k];
  for (int k = 1; k < 7; k++)
    res[r][k] = work[k - 1] + work[k + 1];
}
void f(void) {
#pragma omp parallel for
  for (int r = 0; r < 16; r++)
    filter_row(r);
}
"""


def test_global_scratch_of_called_function_races_but_argument_rows_do_not() -> None:
    found = pairs(GLOBAL_ROWS)
    assert (5, 7) in found
    assert all(5 in p for p in found)  # res[r][...] is each thread's own row


def test_threadprivate_global_scratch_is_race_free() -> None:
    code = GLOBAL_ROWS.replace(
        "static double work[8];", "static double work[8];\n#pragma omp threadprivate(work)"
    )
    assert pairs(code) == set()


MODULE_VAR = """module m
  implicit none
  real :: row(64)
contains
  subroutine smooth(q, j)
    real, intent(inout) :: q(:,:)
    integer, intent(in) :: j
    integer :: i
    row = q(:, j)
    do i = 2, 63
      q(i, j) = row(i - 1) + row(i + 1)
    end do
  end subroutine
end module
program p
  use m
  real :: q(64, 10)
  integer :: j
  !$omp parallel do
  do j = 1, 10
    call smooth(q, j)
  end do
end program
"""


def test_module_variable_written_by_called_routine_races() -> None:
    assert {(9, 9), (9, 11)} <= pairs(MODULE_VAR, "f90")


def test_module_variable_routine_called_serially_is_race_free() -> None:
    assert pairs(MODULE_VAR.replace("  !$omp parallel do\n", ""), "f90") == set()


def test_implicit_save_by_initialiser_races() -> None:
    code = """module fm
contains
  subroutine flux(ul, ur, f)
    real(8), intent(in) :: ul, ur
    real(8), intent(out) :: f
    real(8) :: t = 0.0d0
    t = 0.5d0 * (ul + ur)
    f = t * t
  end subroutine
end module
program p
  use fm
  real(8) :: u(0:10), f(10)
  integer :: i
  !$omp parallel do
  do i = 1, 10
    call flux(u(i-1), u(i), f(i))
  end do
end program
"""
    assert {(7, 7), (7, 8)} <= pairs(code, "f90")
    assert pairs(code.replace("real(8) :: t = 0.0d0", "real(8) :: t"), "f90") == set()


def test_common_block_scratch_races() -> None:
    code = """      subroutine filt(x, y, m)
      integer m, i
      real x(m), y(m), w(100)
      common /wk/ w
      do 10 i = 1, m
         w(i) = x(i) * x(i)
   10 continue
      do 20 i = 2, m - 1
         y(i) = w(i - 1) + w(i + 1)
   20 continue
      end subroutine
      program commr
      integer j
      real x(100, 50), y(100, 50)
c$omp parallel do
      do 30 j = 1, 50
         call filt(x(1, j), y(1, j), 100)
   30 continue
      end program
"""
    assert {(6, 6), (6, 9)} <= pairs(code, "f")
    assert pairs(code.replace("      common /wk/ w\n", ""), "f") == set()


# --- workshare, barrier phases, whole arrays in tasks, deferred target tasks ----------------

WORKSHARE = """program w
  implicit none
  integer, parameter :: n = 64
  real :: a(n), b(n), c(n)
  integer :: i
  !$omp parallel shared(a, b, c)
  !$omp workshare
  b = 2.0 * a
  !$omp end workshare nowait
  !$omp do
  do i = 2, n
    c(i) = b(i) + b(i-1)
  end do
  !$omp end do
  !$omp end parallel
end program
"""


def test_end_workshare_nowait_then_loop_races() -> None:
    assert (8, 12) in pairs(WORKSHARE, "f90")


def test_end_workshare_with_barrier_is_race_free() -> None:
    assert pairs(WORKSHARE.replace("end workshare nowait", "end workshare"), "f90") == set()


PHASE = """#include <omp.h>
static double part[64];
double f(const double *x, int n) {
  double total = 0.0;
#pragma omp parallel
  {
    int t = omp_get_thread_num();
    int nt = omp_get_num_threads();
    part[t] = x[t];
#pragma omp single
    for (int k = 0; k < nt; k++)
      total += part[k];
  }
  return total;
}
"""


def test_single_reads_every_threads_element_without_barrier() -> None:
    assert (9, 12) in pairs(PHASE)


def test_single_after_barrier_reads_every_threads_element_safely() -> None:
    code = PHASE.replace("#pragma omp single", "#pragma omp barrier\n#pragma omp single")
    assert pairs(code) == set()


TASK_WHOLE = """program t
  implicit none
  integer, parameter :: n = 256
  real :: buf(n), out
  integer :: i
  !$omp parallel
  !$omp single
  !$omp task shared(buf) depend(out: buf)
  do i = 1, n
    buf(i) = real(i)
  end do
  !$omp end task
  !$omp task shared(buf, out)
  out = sum(buf)
  !$omp end task
  !$omp taskwait
  !$omp end single
  !$omp end parallel
end program
"""


def test_sibling_task_reading_whole_array_without_depend_races() -> None:
    assert (10, 14) in pairs(TASK_WHOLE, "f90")


def test_sibling_task_reading_whole_array_with_depend_is_race_free() -> None:
    code = TASK_WHOLE.replace("task shared(buf, out)", "task shared(buf, out) depend(in: buf)")
    assert pairs(code, "f90") == set()


TARGET = """void f(double *p, int n, double *first) {
#pragma omp parallel
#pragma omp single
  {
#pragma omp target teams distribute parallel for map(tofrom: p[0:n]) nowait
    for (int i = 0; i < n; i++)
      p[i] = p[i] * 2.0;
    *first = p[0];
#pragma omp taskwait
  }
}
"""


def test_target_nowait_then_host_read_races() -> None:
    assert (7, 8) in pairs(TARGET)


def test_target_nowait_then_taskwait_is_race_free() -> None:
    code = TARGET.replace(
        "    *first = p[0];\n#pragma omp taskwait", "#pragma omp taskwait\n    *first = p[0];"
    )
    assert pairs(code) == set()


def test_task_loop_not_reaching_the_later_element_is_race_free() -> None:
    code = TARGET.replace("int i = 0;", "int i = 1;")
    assert pairs(code) == set()


# --- a concrete witness for triangular loop nests -------------------------------------------

PAIRS = """static double f[2000];
void forces(const double *x, int n) {
#pragma omp parallel for schedule(dynamic, 16)
  for (int i = 0; i < n; i++) {
    for (int j = i + 1; j < n; j++) {
      double ff = x[j] - x[i];
      f[i] += ff;
      f[j] -= ff;
    }
  }
}
"""


def test_newton_third_law_updates_race_across_iterations() -> None:
    assert (7, 8) in pairs(PAIRS)


def test_newton_third_law_with_atomics_is_race_free() -> None:
    code = PAIRS.replace(
        "      f[i] += ff;\n      f[j] -= ff;",
        "#pragma omp atomic\n      f[i] += ff;\n#pragma omp atomic\n      f[j] -= ff;",
    )
    assert pairs(code) == set()


def test_each_iteration_its_own_row_is_race_free() -> None:
    code = """subroutine s(a, n)
  integer :: n, i, j
  real :: a(n, n)
  !$omp parallel do
  do i = 1, n
    do j = 1, i
      a(j, i) = a(j, i) + 1.0
    end do
  end do
end subroutine
"""
    assert pairs(code, "f90") == set()


def test_two_halves_of_one_array_are_not_claimed_to_meet() -> None:
    code = """void f(double *a, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    for (int j = 0; j < 2; j++)
      a[i + n] = a[i];
}
"""
    assert pairs(code) == set()


# --- an index pinned to one value on a path that several iterations take --------------------

HIST = """void f(const double *x, int *hist, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    int b = (int)(x[i] * 16);
    if (b >= 16)
      b = 15;
    hist[b]++;
  }
  for (int b = 0; b < 16; b++)
    hist[b] += 0;
}
"""


def test_clamped_bin_is_updated_by_several_iterations() -> None:
    assert (7, 7) in pairs(HIST)


def test_clamped_bin_with_reduction_or_atomic_is_race_free() -> None:
    assert pairs(HIST.replace("parallel for", "parallel for reduction(+: hist[:16])")) == set()
    assert pairs(HIST.replace("    hist[b]++;", "#pragma omp atomic\n    hist[b]++;")) == set()


def test_data_dependent_bin_without_a_pinned_value_is_not_claimed() -> None:
    assert pairs(HIST.replace("    if (b >= 16)\n      b = 15;\n", "")) == set()


def test_bin_pinned_only_in_one_iteration_is_not_claimed() -> None:
    assert pairs(HIST.replace("if (b >= 16)", "if (i == 0)")) == set()


def test_sections_over_loops_with_unknown_bounds_are_not_claimed_to_meet() -> None:
    code = """void f(double *a, int n) {
#pragma omp parallel sections
  {
#pragma omp section
    for (int i = 0; i < n / 2; i++) a[i] = 1;
#pragma omp section
    for (int i = n / 2; i < n; i++) a[i] = 2;
  }
}
"""
    assert pairs(code) == set()
    assert (5, 7) in pairs(code.replace("int i = n / 2;", "int i = 0;"))


def test_newton_third_law_with_large_constant_bounds() -> None:
    # A witness among the first iterations is enough: no need to run 2000 x 2000.
    assert (7, 8) in pairs(PAIRS.replace("< n", "< 2000"))
