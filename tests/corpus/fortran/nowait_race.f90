! HPCLS-RACE: yes
! HPCLS-TWIN: nowait_ok.f90
! HPCLS-PAIR: 18 23
! HPCLS-NOTE: nowait removes the barrier after the first loop; the second loop reads b(i-1), which another thread may not have written yet
! HPCLS-LOOP: 17 parallel
! HPCLS-LOOP: 22 parallel
program nowait_race
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
  !$omp end do nowait
  !$omp do
  do i = 2, n
    c(i) = b(i) - b(i-1)
  end do
  !$omp end do
  !$omp end parallel
  print *, sum(c(2:n))
end program nowait_race
