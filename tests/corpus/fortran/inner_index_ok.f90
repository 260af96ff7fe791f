! HPCLS-RACE: no
! HPCLS-TWIN: inner_index_race.f90
! HPCLS-NOTE: the inner index k gets no clause but is private anyway: Fortran makes sequential DO variables inside a parallel construct private
! HPCLS-LOOP: 15 parallel private(s)
! HPCLS-LOOP: 17 parallel reduction(+:s)
program inner_index_ok
  implicit none
  integer, parameter :: n = 200
  real(8) :: a(n, n), x(n), y(n), s
  integer :: i, k

  call random_number(a)
  call random_number(x)
  !$omp parallel do private(s)
  do i = 1, n
    s = 0.0d0
    do k = 1, n
      s = s + a(i, k) * x(k)
    end do
    y(i) = s
  end do
  !$omp end parallel do
  print *, sum(y)
end program inner_index_ok
