! Test workspace: a module of constants used by solver.f90 (cross-file navigation).
module constants
  implicit none
  integer, parameter :: dp = kind(1.0d0)
  real(dp), parameter :: pi = 3.141592653589793_dp
  integer :: nsteps = 100
contains
  pure function area(r) result(a)
    real(dp), intent(in) :: r
    real(dp) :: a
    a = pi * r * r
  end function area
end module constants
