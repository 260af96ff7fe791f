! HPCLS-RACE: yes
! HPCLS-TWIN: default_none_ok.f90
! HPCLS-PAIR: 20 21
! HPCLS-PAIR: 20 20
! HPCLS-NOTE: default(none) forces a decision for every variable, but rsq is wrongly listed as shared
! HPCLS-LOOP: 19 parallel private(rsq)
program default_none_race
  implicit none
  integer :: np, i
  real(8), allocatable :: x(:), y(:), pot(:)
  real(8) :: rsq, eps

  np = 3000
  eps = 1.0d-6
  allocate(x(np), y(np), pot(np))
  call random_number(x)
  call random_number(y)
  !$omp parallel do default(none) shared(np, x, y, pot, eps, rsq)
  do i = 1, np
    rsq = x(i)**2 + y(i)**2 + eps
    pot(i) = -1.0d0 / sqrt(rsq)
  end do
  !$omp end parallel do
  print *, sum(pot)
end program default_none_race
