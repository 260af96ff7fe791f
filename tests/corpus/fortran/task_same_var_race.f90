! HPCLS-RACE: yes
! HPCLS-TWIN: task_same_var_ok.f90
! HPCLS-PAIR: 18 18
! HPCLS-NOTE: every task increments the shared counter nfound without synchronisation
! HPCLS-LOOP: 16 parallel reduction(+:nfound)
program task_same_var_race
  implicit none
  integer, parameter :: nblk = 64, bs = 100
  real :: v(nblk * bs)
  integer :: nfound, b

  call random_number(v)
  nfound = 0
  !$omp parallel
  !$omp single
  do b = 1, nblk
    !$omp task shared(v, nfound) firstprivate(b)
    nfound = nfound + count(v((b-1)*bs+1 : b*bs) > 0.5)
    !$omp end task
  end do
  !$omp end single
  !$omp end parallel
  print *, nfound
end program task_same_var_race
