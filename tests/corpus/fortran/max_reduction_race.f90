! HPCLS-RACE: yes
! HPCLS-TWIN: max_reduction_ok.f90
! HPCLS-PAIR: 19 19
! HPCLS-NOTE: residual norm via max(): shared rmax is read and written by all threads
! HPCLS-LOOP: 17 parallel reduction(max:rmax) collapse(2)
! HPCLS-LOOP: 18 parallel reduction(max:rmax)
program max_reduction_race
  implicit none
  integer, parameter :: n = 300
  real :: r(n, n), rmax
  integer :: i, j

  call random_number(r)
  r = r - 0.5
  rmax = 0.0
  !$omp parallel do private(i)
  do j = 1, n
    do i = 1, n
      rmax = max(rmax, abs(r(i, j)))
    end do
  end do
  !$omp end parallel do
  print *, rmax
end program max_reduction_race
