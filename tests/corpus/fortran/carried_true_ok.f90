! HPCLS-RACE: no
! HPCLS-TWIN: carried_true_race.f90
! HPCLS-NOTE: the result goes to a second array c, so every iteration reads and writes its own elements
! HPCLS-LOOP: 12 parallel
! HPCLS-LOOP: 19 parallel
program carried_true_ok
  implicit none
  integer, parameter :: n = 1000
  real(8) :: a(n+1), b(n), c(n+1)
  integer :: i

  do i = 1, n
    b(i) = 0.5d0 * i
  end do
  a = 1.0d0
  c(1) = a(1)

  !$omp parallel do
  do i = 1, n
    c(i+1) = a(i) + b(i)
  end do
  !$omp end parallel do

  print *, c(n+1)
end program carried_true_ok
