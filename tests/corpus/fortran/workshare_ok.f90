! HPCLS-RACE: no
! HPCLS-TWIN: workshare_race.f90
! HPCLS-NOTE: workshare must keep Fortran array semantics: the right side of a(2:n) = a(1:n-1) + b(2:n) is evaluated before any element is stored, and the implementation adds the needed synchronisation between statements
program workshare_ok
  implicit none
  integer, parameter :: n = 2048
  real :: a(n), b(n), c(n)

  call random_number(a)
  !$omp parallel shared(a, b, c)
  !$omp workshare
  b = 2.0 * a - 1.0
  a(2:n) = a(1:n-1) + b(2:n)
  c = a * b
  !$omp end workshare
  !$omp end parallel
  print *, sum(c)
end program workshare_ok
