! HPCLS-RACE: yes
! HPCLS-TWIN: inner_index_ok.f90
! HPCLS-PAIR: 15 15
! HPCLS-NOTE: the inner loop lives in a called routine and uses the module variable k as its index; the automatic privatisation only covers loops lexically inside the construct, so all threads share k. Parallelized on its own, the k loop needs lastprivate(k): k is a module variable, read after the function returns.
! HPCLS-LOOP: 15 parallel lastprivate(k) reduction(+:s)
! HPCLS-LOOP: 31 serial
module mv_mod
  implicit none
  integer :: k
contains
  real(8) function rowdot(a, x, i) result(s)
    real(8), intent(in) :: a(:,:), x(:)
    integer, intent(in) :: i
    s = 0.0d0
    do k = 1, size(x)
      s = s + a(i, k) * x(k)
    end do
  end function rowdot
end module mv_mod

program inner_index_race
  use mv_mod
  implicit none
  integer, parameter :: n = 200
  real(8) :: a(n, n), x(n), y(n)
  integer :: i

  call random_number(a)
  call random_number(x)
  !$omp parallel do
  do i = 1, n
    y(i) = rowdot(a, x, i)
  end do
  !$omp end parallel do
  print *, sum(y)
end program inner_index_race
