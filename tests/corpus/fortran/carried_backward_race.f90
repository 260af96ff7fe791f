! HPCLS-RACE: yes
! HPCLS-TWIN: carried_backward_ok.f90
! HPCLS-PAIR: 16 17
! HPCLS-NOTE: suffix sum run backwards: iteration i reads x(i+1), written by iteration i+1
! HPCLS-LOOP: 15 serial
program carried_backward_race
  implicit none
  integer, parameter :: n = 512
  real :: x(n), w(n)
  integer :: i

  call random_number(w)
  x(n) = w(n)
  !$omp parallel do shared(x, w)
  do i = n - 1, 1, -1
    x(i) = &
      x(i+1) + w(i)
  end do
  !$omp end parallel do
  print *, x(1)
end program carried_backward_race
