! HPCLS-RACE: no
! HPCLS-TWIN: indirect_write_race.f90
! HPCLS-NOTE: dst is the reversal permutation, so no two iterations write the same element
! HPCLS-LOOP: 12 parallel
! HPCLS-LOOP: 18 parallel
program indirect_write_ok
  implicit none
  integer, parameter :: n = 1000
  integer :: dst(n), i
  real :: fine(n), coarse(n)

  do i = 1, n
    dst(i) = n + 1 - i
  end do
  call random_number(fine)
  coarse = 0.0
  !$omp parallel do shared(dst, fine, coarse)
  do i = 1, n
    coarse(dst(i)) = fine(i)
  end do
  !$omp end parallel do
  print *, coarse(1:4)
end program indirect_write_ok
