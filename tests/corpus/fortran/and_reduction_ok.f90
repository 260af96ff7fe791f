! HPCLS-RACE: no
! HPCLS-TWIN: and_reduction_race.f90
! HPCLS-NOTE: reduction(.and.:conv) combines the per-thread flags
! HPCLS-LOOP: 16 parallel reduction(.and.:conv)
program and_reduction_ok
  implicit none
  integer, parameter :: n = 5000
  real :: res(n)
  real, parameter :: tol = 0.9
  logical :: conv
  integer :: i

  call random_number(res)
  conv = .true.
  !$omp parallel do shared(res) reduction(.and.:conv)
  do i = 1, n
    conv = conv .and. (res(i) < tol)
  end do
  !$omp end parallel do
  print *, conv
end program and_reduction_ok
