! HPCLS-RACE: no
! HPCLS-TWIN: single_nowait_race.f90
! HPCLS-NOTE: end single without nowait has an implied barrier, so norm is set before the loop
! HPCLS-LOOP: 18 parallel
program single_nowait_ok
  implicit none
  integer, parameter :: n = 600
  real(8) :: v(n), norm
  integer :: i

  call random_number(v)
  norm = 1.0d0
  !$omp parallel shared(v, norm)
  !$omp single
  norm = sqrt(sum(v**2))
  !$omp end single
  !$omp do
  do i = 1, n
    v(i) = v(i) / norm
  end do
  !$omp end do
  !$omp end parallel
  print *, sum(v**2)
end program single_nowait_ok
