! HPCLS-RACE: no
! HPCLS-TWIN: max_reduction_race.f90
! HPCLS-NOTE: reduction(max:rmax) over the collapsed nest
! HPCLS-LOOP: 16 parallel reduction(max:rmax) collapse(2)
! HPCLS-LOOP: 17 parallel reduction(max:rmax)
program max_reduction_ok
  implicit none
  integer, parameter :: n = 300
  real :: r(n, n), rmax
  integer :: i, j

  call random_number(r)
  r = r - 0.5
  rmax = 0.0
  !$omp parallel do collapse(2) reduction(max:rmax)
  do j = 1, n
    do i = 1, n
      rmax = max(rmax, abs(r(i, j)))
    end do
  end do
  !$omp end parallel do
  print *, rmax
end program max_reduction_ok
