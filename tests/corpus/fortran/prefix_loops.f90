! HPCLS-RACE: no
! HPCLS-NOTE: scans are serial; the loops around them are maps or reductions
! HPCLS-LOOP: 15 parallel
! HPCLS-LOOP: 19 serial
! HPCLS-LOOP: 23 serial
! HPCLS-LOOP: 27 serial
! HPCLS-LOOP: 32 parallel reduction(+:total)
! HPCLS-LOOP: 35 parallel
program prefix_loops
  implicit none
  integer, parameter :: n = 100000
  real(8) :: a(n), incl(n), excl(n), runmax(n), total, m
  integer :: i

  do i = 1, n
    a(i) = mod(i * 7, 13) - 6.0d0
  end do
  incl(1) = a(1)
  do i = 2, n
    incl(i) = incl(i-1) + a(i)
  end do
  excl(1) = 0.0d0
  do i = 2, n
    excl(i) = excl(i-1) + a(i-1)
  end do
  m = a(1)
  do i = 1, n
    m = max(m, a(i))
    runmax(i) = m
  end do
  total = 0.0d0
  do i = 1, n
    total = total + a(i)
  end do
  do i = 1, n
    incl(i) = incl(i) / total
  end do
  print *, incl(n), excl(n), runmax(n)
end program prefix_loops
