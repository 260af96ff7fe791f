! HPCLS-RACE: yes
! HPCLS-TWIN: indirect_write_ok.f90
! HPCLS-PAIR: 20 20
! HPCLS-NOTE: dst(i) = (i+1)/2 maps iterations 2k-1 and 2k to the same element of coarse
! HPCLS-LOOP: 13 parallel
! HPCLS-LOOP: 19 serial
program indirect_write_race
  implicit none
  integer, parameter :: n = 1000
  integer :: dst(n), i
  real :: fine(n), coarse(n)

  do i = 1, n
    dst(i) = (i + 1) / 2
  end do
  call random_number(fine)
  coarse = 0.0
  !$omp parallel do shared(dst, fine, coarse)
  do i = 1, n
    coarse(dst(i)) = fine(i)
  end do
  !$omp end parallel do
  print *, coarse(1:4)
end program indirect_write_race
