! HPCLS-RACE: yes
! HPCLS-TWIN: implicit_save_ok.f90
! HPCLS-PAIR: 14 15
! HPCLS-PAIR: 14 14
! HPCLS-NOTE: t is initialised in its declaration, which gives it the SAVE attribute: one copy shared by every thread calling flux
! HPCLS-LOOP: 28 serial
module flux_mod
  implicit none
contains
  subroutine flux(ul, ur, f)
    real(8), intent(in) :: ul, ur
    real(8), intent(out) :: f
    real(8) :: t = 0.0d0
    t = 0.5d0 * (ul + ur)
    f = t * t - 0.1d0 * (ur - ul) * t
  end subroutine flux
end module flux_mod

program implicit_save_race
  use flux_mod
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
end program implicit_save_race
