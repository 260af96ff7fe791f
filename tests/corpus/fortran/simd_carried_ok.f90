! HPCLS-RACE: no
! HPCLS-TWIN: simd_carried_race.f90
! HPCLS-NOTE: the dependence distance is 4 and safelen(4) keeps concurrently executed iterations less than 4 apart
! HPCLS-LOOP: 15 serial
program simd_carried_ok
  implicit none
  integer, parameter :: n = 1024
  real :: y(n), x(n)
  real, parameter :: alpha = 0.9
  integer :: i

  call random_number(x)
  y(1:4) = x(1:4)
  !$omp simd safelen(4)
  do i = 5, n
    y(i) = alpha * y(i-4) + x(i)
  end do
  print *, y(n)
end program simd_carried_ok
