! HPCLS-RACE: no
! HPCLS-TWIN: task_taskwait_race.f90
! HPCLS-NOTE: taskwait completes the child task before left is read
! HPCLS-LOOP: 13 parallel
program task_taskwait_ok
  implicit none
  integer, parameter :: n = 100000
  real(8), allocatable :: x(:)
  real(8) :: left, right
  integer :: i

  allocate(x(n))
  do i = 1, n
    x(i) = 1.0d0 / i
  end do
  left = 0.0d0
  right = 0.0d0
  !$omp parallel
  !$omp single
  !$omp task shared(left, x)
  left = sum(x(1:n/2))
  !$omp end task
  right = sum(x(n/2+1:n))
  !$omp taskwait
  print *, left + right
  !$omp end single
  !$omp end parallel
end program task_taskwait_ok
