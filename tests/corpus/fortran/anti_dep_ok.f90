! HPCLS-RACE: no
! HPCLS-TWIN: anti_dep_race.f90
! HPCLS-NOTE: the old values are copied to aold first; the smoothing loop then reads only aold
! HPCLS-LOOP: 12 parallel
! HPCLS-LOOP: 17 parallel
program anti_dep_ok
  implicit none
  integer, parameter :: n = 2000
  real :: a(n+1), aold(n+1)
  integer :: i

  do i = 1, n + 1
    a(i) = real(i)
  end do
  aold = a
  !$omp parallel do
  do i = 1, n
    a(i) = 0.5 * (aold(i+1) + aold(i))
  end do
  !$omp end parallel do
  print *, a(1), a(n)
end program anti_dep_ok
