! HPCLS-RACE: yes
! HPCLS-TWIN: workshare_ok.f90
! HPCLS-PAIR: 16 20
! HPCLS-NOTE: end workshare nowait drops the barrier; the following loop reads b(i-1) that another thread may still be assigning
! HPCLS-LOOP: 19 parallel
program workshare_race
  implicit none
  integer, parameter :: n = 2048
  real :: a(n), b(n), c(n)
  integer :: i

  call random_number(a)
  c = 0.0
  !$omp parallel shared(a, b, c)
  !$omp workshare
  b = 2.0 * a - 1.0
  !$omp end workshare nowait
  !$omp do
  do i = 2, n
    c(i) = b(i) + b(i-1)
  end do
  !$omp end do
  !$omp end parallel
  print *, sum(c)
end program workshare_race
