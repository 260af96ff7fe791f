! HPCLS-RACE: yes
! HPCLS-TWIN: sum_reduction_ok.f90
! HPCLS-PAIR: 19 19
! HPCLS-NOTE: energy is accumulated into a shared scalar without reduction: read-modify-write race
! HPCLS-LOOP: 18 parallel reduction(+:energy)
program sum_reduction_race
  implicit none
  integer, parameter :: n = 10000
  real(8), allocatable :: m(:), v(:)
  real(8) :: energy
  integer :: i

  allocate(m(n), v(n))
  call random_number(m)
  call random_number(v)
  energy = 0.0d0
  !$omp parallel do
  do i = 1, n
    energy = energy + 0.5d0 * m(i) * v(i)**2
  end do
  !$omp end parallel do
  print *, energy
end program sum_reduction_race
