! HPCLS-RACE: yes
! HPCLS-TWIN: anti_dep_ok.f90
! HPCLS-PAIR: 18 19
! HPCLS-NOTE: anti dependence: iteration i reads a(i+1) before or after iteration i+1 overwrites it, depending on the threads
! HPCLS-LOOP: 13 parallel
! HPCLS-LOOP: 17 serial
program anti_dep_race
  implicit none
  integer, parameter :: n = 2000
  real :: a(n+1)
  integer :: i

  do i = 1, n + 1
    a(i) = real(i)
  end do
  !$omp parallel do
  do i = 1, n
    a(i) = 0.5 * ( &
           a(i+1) + a(i))
  end do
  !$omp end parallel do
  print *, a(1), a(n)
end program anti_dep_race
