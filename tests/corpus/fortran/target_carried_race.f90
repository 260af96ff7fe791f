! HPCLS-RACE: yes
! HPCLS-TWIN: target_carried_ok.f90
! HPCLS-PAIR: 16 17
! HPCLS-NOTE: offloaded loop with a(i) = a(i-1) + ...: device threads read a(i-1) while others write it
! HPCLS-LOOP: 15 serial
program target_carried_race
  implicit none
  integer, parameter :: n = 100000
  real(8) :: a(n), h
  integer :: i

  h = 1.0d0 / n
  a = 0.0d0
  !$omp target teams distribute parallel do map(tofrom: a) firstprivate(h)
  do i = 2, n
    a(i) = &
      a(i-1) + h * i
  end do
  !$omp end target teams distribute parallel do
  print *, a(n)
end program target_carried_race
