! HPCLS-RACE: no
! HPCLS-TWIN: task_same_var_race.f90
! HPCLS-NOTE: the shared counter is updated atomically in each task
! HPCLS-LOOP: 15 parallel private(k)
program task_same_var_ok
  implicit none
  integer, parameter :: nblk = 64, bs = 100
  real :: v(nblk * bs)
  integer :: nfound, b, k

  call random_number(v)
  nfound = 0
  !$omp parallel
  !$omp single
  do b = 1, nblk
    !$omp task shared(v, nfound) firstprivate(b) private(k)
    k = count(v((b-1)*bs+1 : b*bs) > 0.5)
    !$omp atomic
    nfound = nfound + k
    !$omp end task
  end do
  !$omp end single
  !$omp end parallel
  print *, nfound
end program task_same_var_ok
