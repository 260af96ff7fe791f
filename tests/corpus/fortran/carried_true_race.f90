! HPCLS-RACE: yes
! HPCLS-TWIN: carried_true_ok.f90
! HPCLS-PAIR: 20 20
! HPCLS-NOTE: iteration i reads a(i) that iteration i-1 writes as a(i+1): true dependence, distance 1
! HPCLS-LOOP: 13 parallel
! HPCLS-LOOP: 19 serial
program carried_true_race
  implicit none
  integer, parameter :: n = 1000
  real(8) :: a(n+1), b(n)
  integer :: i

  do i = 1, n
    b(i) = 0.5d0 * i
  end do
  a = 1.0d0

  !$omp parallel do
  do i = 1, n
    a(i+1) = a(i) + b(i)
  end do
  !$omp end parallel do

  print *, a(n+1)
end program carried_true_race
