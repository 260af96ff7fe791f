! HPCLS-RACE: no
! HPCLS-TWIN: scalar_temp_race.f90
! HPCLS-NOTE: dx is private, so every thread has its own temporary
! HPCLS-LOOP: 15 parallel private(dx)
program scalar_temp_ok
  implicit none
  integer, parameter :: np = 4096
  real(8) :: x(np), v(np), f(np), dx
  real(8), parameter :: dt = 1.0d-3
  integer :: i

  call random_number(x)
  v = 0.0d0
  !$omp parallel do shared(x, v, f) private(dx)
  do i = 1, np
    dx = x(i) - 0.5d0
    f(i) = -dx * abs(dx)
    v(i) = v(i) + dt * f(i)
  end do
  !$omp end parallel do
  print *, sum(v)
end program scalar_temp_ok
