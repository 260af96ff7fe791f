! HPCLS-RACE: yes
! HPCLS-TWIN: firstprivate_ok.f90
! HPCLS-PAIR: 16 16
! HPCLS-NOTE: seed is meant to be a per-thread generator state started from the same value, but without firstprivate it is shared and updated by every thread
! HPCLS-LOOP: 15 serial
program firstprivate_race
  implicit none
  integer, parameter :: n = 10000
  integer(8) :: seed
  integer :: i
  real :: r(n)

  seed = 12345_8
  !$omp parallel do shared(r)
  do i = 1, n
    seed = mod(1103515245_8 * seed + 12345_8, 2147483647_8)
    r(i) = real(mod(seed, 1000_8)) / 1000.0
  end do
  !$omp end parallel do
  print *, sum(r) / n
end program firstprivate_race
