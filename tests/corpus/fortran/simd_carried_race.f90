! HPCLS-RACE: yes
! HPCLS-TWIN: simd_carried_ok.f90
! HPCLS-PAIR: 17 18
! HPCLS-NOTE: simd lanes run consecutive iterations together, but y(i) needs y(i-1) from the previous iteration
! HPCLS-LOOP: 16 serial
program simd_carried_race
  implicit none
  integer, parameter :: n = 1024
  real :: y(n), x(n)
  real, parameter :: alpha = 0.9
  integer :: i

  call random_number(x)
  y(1) = x(1)
  !$omp simd
  do i = 2, n
    y(i) = &
      alpha * y(i-1) + x(i)
  end do
  print *, y(n)
end program simd_carried_race
