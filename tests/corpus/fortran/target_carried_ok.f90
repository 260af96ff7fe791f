! HPCLS-RACE: no
! HPCLS-TWIN: target_carried_race.f90
! HPCLS-NOTE: each device iteration reads a and writes its own element of b
! HPCLS-LOOP: 13 parallel
! HPCLS-LOOP: 18 parallel
program target_carried_ok
  implicit none
  integer, parameter :: n = 100000
  real(8) :: a(n), b(n), h
  integer :: i

  h = 1.0d0 / n
  do i = 1, n
    a(i) = h * i
  end do
  b = 0.0d0
  !$omp target teams distribute parallel do map(to: a) map(tofrom: b)
  do i = 2, n
    b(i) = 0.5d0 * (a(i-1) + a(i))
  end do
  !$omp end target teams distribute parallel do
  print *, b(n)
end program target_carried_ok
