! HPCLS-RACE: yes
! HPCLS-TWIN: output_dep_ok.f90
! HPCLS-PAIR: 15 16
! HPCLS-NOTE: output dependence: iteration i writes edge(i+1) and iteration i+1 writes edge(i+1) too
! HPCLS-LOOP: 14 serial
program output_dep_race
  implicit none
  integer, parameter :: n = 100
  real :: cell(n), edge(n+1)
  integer :: i

  call random_number(cell)
  !$omp parallel do
  do i = 1, n
    edge(i) = cell(i)
    edge(i+1) = -cell(i)
  end do
  !$omp end parallel do
  print *, edge
end program output_dep_race
