! HPCLS-RACE: no
! HPCLS-TWIN: lastprivate_race.f90
! HPCLS-NOTE: lastprivate(xlast) gives each thread its own copy and copies out the last iteration's value
! HPCLS-LOOP: 13 parallel lastprivate(xlast)
program lastprivate_ok
  implicit none
  integer, parameter :: n = 1000
  real :: x(0:n), xlast, dx
  integer :: i

  dx = 1.0 / n
  !$omp parallel do shared(x, dx) lastprivate(xlast)
  do i = 0, n
    xlast = i * dx
    x(i) = sin(xlast)
  end do
  !$omp end parallel do
  print *, xlast, x(n)
end program lastprivate_ok
