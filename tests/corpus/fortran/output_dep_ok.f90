! HPCLS-RACE: no
! HPCLS-TWIN: output_dep_race.f90
! HPCLS-NOTE: each iteration owns edge(i); the boundary edge is set after the loop
! HPCLS-LOOP: 14 parallel
program output_dep_ok
  implicit none
  integer, parameter :: n = 100
  real :: cell(n), edge(n+1)
  integer :: i

  call random_number(cell)
  edge(1) = cell(1)
  !$omp parallel do
  do i = 2, n
    edge(i) = cell(i) - cell(i-1)
  end do
  !$omp end parallel do
  edge(n+1) = -cell(n)
  print *, edge
end program output_dep_ok
