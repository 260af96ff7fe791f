! HPCLS-RACE: yes
! HPCLS-TWIN: task_depend_ok.f90
! HPCLS-PAIR: 17 21
! HPCLS-NOTE: the consumer task has no depend(in:buf), so it is not ordered after the producer task
! HPCLS-LOOP: 16 parallel
program task_depend_race
  implicit none
  integer, parameter :: n = 256
  real :: buf(n), out
  integer :: i

  out = 0.0
  !$omp parallel
  !$omp single
  !$omp task shared(buf) depend(out: buf)
  do i = 1, n
    buf(i) = sin(real(i))
  end do
  !$omp end task
  !$omp task shared(buf, out)
  out = sum(buf)
  !$omp end task
  !$omp taskwait
  !$omp end single
  !$omp end parallel
  print *, out
end program task_depend_race
