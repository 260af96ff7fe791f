! HPCLS-RACE: no
! HPCLS-LOOP: 19 parallel
! HPCLS-LOOP: 25 serial
! HPCLS-LOOP: 30 parallel
! HPCLS-LOOP: 34 parallel private(w)
! HPCLS-LOOP: 40 parallel
! HPCLS-LOOP: 43 parallel reduction(+:s)
! HPCLS-NOTE: directive-free. The second loop writes a(3) in every iteration and a is read after
! HPCLS-NOTE: the loop: a private copy of a would lose that last value, even though the next
! HPCLS-NOTE: loop writes a few other elements of a first. Found by the loop fuzzer.
! HPCLS-NOTE: Its twin uses a scratch array w that is dead after the loop: private(w) is right.
program lastwrite
  implicit none
  integer, parameter :: n = 100
  integer :: a(n), b(n), idx(n), w(2), i, t, s
  ! the label lines above are 1-10; the code below keeps its line numbers
  s = 0
  w = 0
  do i = 1, n
    a(i) = i
    b(i) = 2 * i
    idx(i) = mod(7 * i, n) + 1
  end do
  ! a(3) is the last iteration's value after this loop
  do i = 1, n
    t = b(i)
    a(3) = t + i
  end do
  ! writes a few elements of a, not a(3)
  do i = 1, 10
    a(i + 10) = 0
  end do
  ! w is scratch: written before it is read in each iteration, never read after
  do i = 1, n
    w(1) = b(i) * 3
    b(i) = w(1) + 1
  end do
  s = 1
  ! the sum (a read of every element) comes last
  do i = 1, n
    b(i) = b(i) + a(i) + idx(i)
  end do
  do i = 1, n
    s = s + b(i)
  end do
  print *, s, a(3)
end program lastwrite
