! HPCLS-RACE: no
! HPCLS-TWIN: firstprivate_race.f90
! HPCLS-NOTE: firstprivate(seed): every thread starts its own generator state from the shared initial value
! HPCLS-LOOP: 14 serial
program firstprivate_ok
  implicit none
  integer, parameter :: n = 10000
  integer(8) :: seed
  integer :: i
  real :: r(n)

  seed = 12345_8
  !$omp parallel do shared(r) firstprivate(seed)
  do i = 1, n
    seed = mod(1103515245_8 * seed + 12345_8, 2147483647_8)
    r(i) = real(mod(seed, 1000_8)) / 1000.0
  end do
  !$omp end parallel do
  print *, sum(r) / n
end program firstprivate_ok
