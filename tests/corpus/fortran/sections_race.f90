! HPCLS-RACE: yes
! HPCLS-TWIN: sections_ok.f90
! HPCLS-PAIR: 19 23
! HPCLS-NOTE: both sections add their partial result into the shared total
! HPCLS-LOOP: 18 parallel reduction(+:total)
! HPCLS-LOOP: 22 parallel reduction(+:total)
program sections_race
  implicit none
  integer, parameter :: n = 1000
  real(8) :: lo(n), hi(n), total
  integer :: i

  call random_number(lo)
  call random_number(hi)
  total = 0.0d0
  !$omp parallel sections shared(total)
  !$omp section
  do i = 1, n
    total = total + lo(i)
  end do
  !$omp section
  do i = 1, n
    total = total + hi(i)
  end do
  !$omp end parallel sections
  print *, total
end program sections_race
