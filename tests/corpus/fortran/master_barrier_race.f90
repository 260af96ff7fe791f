! HPCLS-RACE: yes
! HPCLS-TWIN: master_barrier_ok.f90
! HPCLS-PAIR: 17 21
! HPCLS-NOTE: master has no implied barrier: other threads may read scale before the master thread sets it
! HPCLS-LOOP: 20 parallel
program master_barrier_race
  use omp_lib
  implicit none
  integer, parameter :: n = 800
  real :: a(n), scale
  integer :: i

  call random_number(a)
  scale = 1.0
  !$omp parallel shared(a, scale)
  !$omp master
  scale = 1.0 / maxval(a)
  !$omp end master
  !$omp do
  do i = 1, n
    a(i) = a(i) * scale
  end do
  !$omp end do
  !$omp end parallel
  print *, maxval(a)
end program master_barrier_race
