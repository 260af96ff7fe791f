! HPCLS-RACE: no
! HPCLS-TWIN: default_none_race.f90
! HPCLS-NOTE: every variable is scoped explicitly and the temporary rsq is private
! HPCLS-LOOP: 19 parallel private(rsq) reduction(+:total)
program default_none_ok
  implicit none
  integer :: np, i
  real(8), allocatable :: x(:), y(:), pot(:)
  real(8) :: rsq, eps, total

  np = 3000
  eps = 1.0d-6
  allocate(x(np), y(np), pot(np))
  call random_number(x)
  call random_number(y)
  total = 0.0d0
  !$omp parallel do default(none) shared(np, x, y, pot, eps) private(rsq) &
  !$omp& reduction(+:total)
  do i = 1, np
    rsq = x(i)**2 + y(i)**2 + eps
    pot(i) = -1.0d0 / sqrt(rsq)
    total = total + pot(i)
  end do
  !$omp end parallel do
  print *, total
end program default_none_ok
