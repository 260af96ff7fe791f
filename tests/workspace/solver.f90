! Test workspace: a program that uses the constants module.
program solver
  use constants, only: dp, pi, area, nsteps
  implicit none
  real(dp) :: total
  integer :: step
  total = 0.0_dp
  do step = 1, nsteps
    total = total + area(pi * step)
  end do
  call report(total)
contains
  subroutine report(x)
    real(dp), intent(in) :: x
    print *, 'total =', x
  end subroutine report
end program solver
