! HPCLS-RACE: no
! HPCLS-TWIN: task_depend_race.f90
! HPCLS-NOTE: depend(out:buf) then depend(in:buf) orders the consumer after the producer
! HPCLS-LOOP: 15 parallel
program task_depend_ok
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
  !$omp task shared(buf, out) depend(in: buf)
  out = sum(buf)
  !$omp end task
  !$omp taskwait
  !$omp end single
  !$omp end parallel
  print *, out
end program task_depend_ok
