! HPCLS-RACE: yes
! HPCLS-TWIN: single_nowait_ok.f90
! HPCLS-PAIR: 16 20
! HPCLS-NOTE: single with nowait: the other threads go on and read norm while one thread is still computing it
! HPCLS-LOOP: 19 parallel
program single_nowait_race
  implicit none
  integer, parameter :: n = 600
  real(8) :: v(n), norm
  integer :: i

  call random_number(v)
  norm = 1.0d0
  !$omp parallel shared(v, norm)
  !$omp single
  norm = sqrt(sum(v**2))
  !$omp end single nowait
  !$omp do
  do i = 1, n
    v(i) = v(i) / norm
  end do
  !$omp end do
  !$omp end parallel
  print *, sum(v**2)
end program single_nowait_race
