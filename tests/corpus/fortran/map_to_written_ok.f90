! HPCLS-RACE: no
! HPCLS-NOTE: a is mapped to only, so the device's writes never reach the host copy: a mapping bug, but every iteration touches its own element, so no data race
! HPCLS-LOOP: 12 parallel
program map_to_written_ok
  implicit none
  integer, parameter :: n = 4096
  real :: a(n)
  integer :: i

  call random_number(a)
  !$omp target teams distribute parallel do map(to: a)
  do i = 1, n
    a(i) = 2.0 * a(i) + 1.0
  end do
  !$omp end target teams distribute parallel do
  print *, sum(a)
end program map_to_written_ok
