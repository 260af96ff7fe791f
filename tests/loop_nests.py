"""Test programs for the loop advice (outermost first): one C and one Fortran file with
every kind of nest, each loop header tagged `L:<name>` in a comment so tests find its
line without counting."""

from __future__ import annotations

C_NESTS = """/* loop_nests.c: hpcls test program, loop advice in nests */
#define N 1000
extern double g(double);
static double a[N][N], b[N][N], c[N], d[8][8];
void nests(int n) {
  int i, j;
  for (i = 0; i < n; i++) /* L:outer */
    for (j = 0; j < n; j++) /* L:inner */
      a[i][j] = b[i][j] * 2.0;
  for (i = 1; i < n; i++) /* L:serial-outer */
    for (j = 0; j < n; j++) /* L:parallel-inner */
      a[i][j] = a[i - 1][j] + 1.0;
  for (i = 0; i < 8; i++) /* L:small-outer */
    for (j = 0; j < 8; j++) /* L:small-inner */
      d[i][j] = i + j;
#pragma omp parallel for private(j)
  for (i = 0; i < n; i++) /* L:has-directive */
    for (j = 0; j < n; j++) /* L:under-directive */
      b[i][j] = 0.0;
  for (i = 1; i < n; i++) /* L:recurrence */
    c[i] = c[i - 1] + 1.0;
  for (i = 0; i < n; i++) /* L:calls */
    c[i] = g(c[i]);
}
"""

F_NESTS = """! loop_nests.f90: hpcls test program, loop advice in nests
subroutine nests(a, b, c, n)
  implicit none
  integer, intent(in) :: n
  real(8), intent(inout) :: a(n, n), b(n, n), c(n)
  real(8) :: d(8, 8)
  integer :: i, j
  do j = 1, n ! L:outer
    do i = 1, n ! L:inner
      a(i, j) = b(i, j) * 2
    end do
  end do
  !$omp parallel do
  do j = 1, n ! L:has-directive
    do i = 1, n ! L:under-directive
      b(i, j) = 0
    end do
  end do
  !$omp end parallel do
  do i = 2, n ! L:recurrence
    c(i) = c(i - 1) + 1
  end do
  do j = 1, 8 ! L:small-outer
    do i = 1, 8 ! L:small-inner
      d(i, j) = i + j
    end do
  end do
  c(1) = d(1, 1)
end subroutine nests
"""


def line_of(text: str, name: str) -> int:
    """1-based line of the loop tagged `L:<name>`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if f"L:{name} " in line + " ":
            return number
    raise KeyError(name)
