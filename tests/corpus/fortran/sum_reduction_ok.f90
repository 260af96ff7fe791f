! HPCLS-RACE: no
! HPCLS-TWIN: sum_reduction_race.f90
! HPCLS-NOTE: reduction(+:energy) gives each thread a private partial sum
! HPCLS-LOOP: 17 parallel reduction(+:energy)
program sum_reduction_ok
  implicit none
  integer, parameter :: n = 10000
  real(8), allocatable :: m(:), v(:)
  real(8) :: energy
  integer :: i

  allocate(m(n), v(n))
  call random_number(m)
  call random_number(v)
  energy = 0.0d0
  !$omp parallel do reduction(+:energy)
  do i = 1, n
    energy = energy + 0.5d0 * m(i) * v(i)**2
  end do
  !$omp end parallel do
  print *, energy
end program sum_reduction_ok
