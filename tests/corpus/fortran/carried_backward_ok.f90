! HPCLS-RACE: no
! HPCLS-TWIN: carried_backward_race.f90
! HPCLS-NOTE: the backwards scan stays sequential; only the independent scaling loop is parallel
! HPCLS-LOOP: 14 parallel
! HPCLS-LOOP: 19 serial
program carried_backward_ok
  implicit none
  integer, parameter :: n = 512
  real :: x(n), w(n)
  integer :: i

  call random_number(w)
  !$omp parallel do shared(w)
  do i = n, 1, -1
    w(i) = 2.0 * w(i) - 1.0
  end do
  !$omp end parallel do
  x(n) = w(n)
  do i = n - 1, 1, -1
    x(i) = x(i+1) + w(i)
  end do
  print *, x(1)
end program carried_backward_ok
