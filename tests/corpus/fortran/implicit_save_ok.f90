! HPCLS-RACE: no
! HPCLS-TWIN: implicit_save_race.f90
! HPCLS-NOTE: t has no initialiser and no SAVE, so it is a local of each call and private to the calling thread
! HPCLS-LOOP: 26 parallel
module flux_ok_mod
  implicit none
contains
  subroutine flux(ul, ur, f)
    real(8), intent(in) :: ul, ur
    real(8), intent(out) :: f
    real(8) :: t
    t = 0.5d0 * (ul + ur)
    f = t * t - 0.1d0 * (ur - ul) * t
  end subroutine flux
end module flux_ok_mod

program implicit_save_ok
  use flux_ok_mod
  implicit none
  integer, parameter :: n = 5000
  real(8) :: u(0:n), f(n)
  integer :: i

  call random_number(u)
  !$omp parallel do
  do i = 1, n
    call flux(u(i-1), u(i), f(i))
  end do
  !$omp end parallel do
  print *, sum(f)
end program implicit_save_ok
