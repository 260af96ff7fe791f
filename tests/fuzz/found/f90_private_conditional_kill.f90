! HPCLS-FOUND: output: a verified 'Parallelize loop' edit changes the behaviour (t is private, but the later write to t is conditional: t is live after the loop)
! loop at line 60: hpcls says parallel (verified), edit: !$omp parallel do private(t) reduction(min: mn)
! run: OMP_NUM_THREADS=1 OMP_SCHEDULE=static; first difference at output line 1 (serial 1 lines, parallel 1 lines)
! serial output: 'ints 0 4 0 -1000000 0 1 -1 0 0'
! parallel output: 'ints 0 1973657618 0 -1000000 0 1 -1 0 0'
! origin: python -m tests.fuzz --lang f90 --seed 100118 --count 1 with the generator of 86fa91e (minimized from 148 to 66 lines); fixed in a3bc1a5 (live_out: a conditional later write does not kill)
! HPCLS-FUZZ: f90 seed 100118
! HPCLS-TOLERANCE: 1e-09
module fz_m
  implicit none
  integer, parameter :: n = 33, m = 6, sz = 74
  integer :: glob = 0
  integer :: garr(0:sz-1)
contains
  pure integer function f1(x)
    integer, intent(in) :: x
    f1 = mod(x * 3 + 1, 101)
  end function
  integer function g1(k)
    integer, intent(in) :: k
    glob = mod(glob + k, 1000)
    g1 = mod(glob, 7)
  end function
  subroutine h1(k)
    integer, intent(in) :: k
    garr(k) = mod(garr(k) + 1, 1000)
  end subroutine
  subroutine h2(k)
    integer, intent(in) :: k
    garr(0) = mod(garr(0) + k, 1000)
  end subroutine
  subroutine pr(k)
    integer, intent(in) :: k
    print *, 'pr', k
  end subroutine
end module fz_m

program fzmain
  use fz_m
  implicit none
  integer :: a(0:sz-1), b(0:sz-1), c(0:sz-1), e(0:sz-1), idx(0:sz-1)
  integer :: w(0:m-1, 0:m-1)
  integer :: s, t, u, mx, mn, cr, lst, x
  integer :: i, j, k, q, q2
  s = 0
  u = 0
  mx = -1000000
  mn = 1000000
  cr = 1
  lst = -1
  x = 0
  do q = 0, sz - 1
    e(q) = mod(q * 6 + 3, 23) - 11
  end do
  do q = 0, m - 1
    do q2 = 0, m - 1
      w(q, q2) = mod(q * 7 + q2 * 3, 17)
    end do
  end do
  do i = 2, 4
    t = i
    do j = 2, 4
      mn = min(mn, w(i, j) * 3)
    end do
  end do
  do i = 3, 28
    if (e(i) > 40) then
      t = i * 2
    end if
  end do
  write(*, '(A,9(1X,I0))') 'ints', s, t, u, mx, mn, cr, lst, x, glob
end program fzmain
