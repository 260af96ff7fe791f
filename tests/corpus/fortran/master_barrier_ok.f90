! HPCLS-RACE: no
! HPCLS-TWIN: master_barrier_race.f90
! HPCLS-NOTE: an explicit barrier after the master block orders the write of scale before every read
! HPCLS-LOOP: 20 parallel
program master_barrier_ok
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
  !$omp barrier
  !$omp do
  do i = 1, n
    a(i) = a(i) * scale
  end do
  !$omp end do
  !$omp end parallel
  print *, maxval(a)
end program master_barrier_ok
