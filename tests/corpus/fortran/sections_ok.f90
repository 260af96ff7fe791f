! HPCLS-RACE: no
! HPCLS-TWIN: sections_race.f90
! HPCLS-NOTE: each section has its own partial sum; they are combined after the construct
! HPCLS-LOOP: 18 parallel reduction(+:slo)
! HPCLS-LOOP: 22 parallel reduction(+:shi)
program sections_ok
  implicit none
  integer, parameter :: n = 1000
  real(8) :: lo(n), hi(n), total, slo, shi
  integer :: i

  call random_number(lo)
  call random_number(hi)
  slo = 0.0d0
  shi = 0.0d0
  !$omp parallel sections shared(slo, shi)
  !$omp section
  do i = 1, n
    slo = slo + lo(i)
  end do
  !$omp section
  do i = 1, n
    shi = shi + hi(i)
  end do
  !$omp end parallel sections
  total = slo + shi
  print *, total
end program sections_ok
