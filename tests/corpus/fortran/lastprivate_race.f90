! HPCLS-RACE: yes
! HPCLS-TWIN: lastprivate_ok.f90
! HPCLS-PAIR: 15 15
! HPCLS-NOTE: xlast is shared and written by every iteration; the value printed after the loop should be the one from i = n
! HPCLS-LOOP: 14 parallel lastprivate(xlast)
program lastprivate_race
  implicit none
  integer, parameter :: n = 1000
  real :: x(0:n), xlast, dx
  integer :: i

  dx = 1.0 / n
  !$omp parallel do shared(x, dx)
  do i = 0, n
    xlast = i * dx
    x(i) = sin(xlast)
  end do
  !$omp end parallel do
  print *, xlast, x(n)
end program lastprivate_race
