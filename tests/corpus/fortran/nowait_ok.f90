! HPCLS-RACE: no
! HPCLS-TWIN: nowait_race.f90
! HPCLS-NOTE: the implicit barrier at end do makes all of b visible before the difference loop starts
! HPCLS-LOOP: 16 parallel
! HPCLS-LOOP: 21 parallel
program nowait_ok
  implicit none
  integer, parameter :: n = 4000
  real :: a(n), b(n), c(n)
  integer :: i

  call random_number(a)
  b = 0.0
  !$omp parallel shared(a, b, c)
  !$omp do
  do i = 1, n
    b(i) = 2.0 * a(i)
  end do
  !$omp end do
  !$omp do
  do i = 2, n
    c(i) = b(i) - b(i-1)
  end do
  !$omp end do
  !$omp end parallel
  print *, sum(c(2:n))
end program nowait_ok
