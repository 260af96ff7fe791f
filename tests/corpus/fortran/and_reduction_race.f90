! HPCLS-RACE: yes
! HPCLS-TWIN: and_reduction_ok.f90
! HPCLS-PAIR: 18 18
! HPCLS-NOTE: logical all-converged flag combined with .and. into a shared variable
! HPCLS-LOOP: 17 parallel reduction(.and.:conv)
program and_reduction_race
  implicit none
  integer, parameter :: n = 5000
  real :: res(n)
  real, parameter :: tol = 0.9
  logical :: conv
  integer :: i

  call random_number(res)
  conv = .true.
  !$omp parallel do shared(res, conv)
  do i = 1, n
    conv = conv .and. (res(i) < tol)
  end do
  !$omp end parallel do
  print *, conv
end program and_reduction_race
