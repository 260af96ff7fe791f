! HPCLS-RACE: yes
! HPCLS-TWIN: task_taskwait_ok.f90
! HPCLS-PAIR: 22 25
! HPCLS-NOTE: the task writes left while the generating task reads it without waiting
! HPCLS-LOOP: 14 parallel
program task_taskwait_race
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
  print *, left + right
  !$omp end single
  !$omp end parallel
end program task_taskwait_race
