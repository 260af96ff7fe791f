! HPCLS-RACE: no
! HPCLS-NOTE: loops whose independence cannot be decided here: an external routine with no interface, pointers chosen at run time, and an index array read from input
! HPCLS-LOOP: 28 unknown
! HPCLS-LOOP: 31 unknown
! HPCLS-LOOP: 34 unknown
! HPCLS-LOOP: 37 parallel
program alias_external_loops
  implicit none
  integer, parameter :: n = 1000
  real, target :: a(n), b(n)
  real, pointer :: p(:), q(:)
  integer :: i, j, mode, idx(n)
  real :: g(n, 8)
  external update_column

  read(*, *) mode
  read(*, *) idx
  call random_number(a)
  call random_number(b)
  call random_number(g)
  if (mode > 0) then
    p => a
    q => b
  else
    p => a
    q => a
  end if
  do i = 1, n - 1
    p(i) = 0.5 * (q(i) + q(i+1))
  end do
  do j = 1, 8
    call update_column(g(1, j), n)
  end do
  do i = 1, n
    a(idx(i)) = b(i) * 2.0
  end do
  do i = 1, n
    b(i) = a(idx(i)) + 1.0
  end do
  print *, sum(a), sum(g)
end program alias_external_loops
