! HPCLS-RACE: no
! HPCLS-NOTE: do concurrent loops are parallel by the language rules; a plain DO time loop around them and a recurrence are serial
! HPCLS-LOOP: 16 parallel
! HPCLS-LOOP: 20 serial
! HPCLS-LOOP: 21 parallel
! HPCLS-LOOP: 24 parallel
! HPCLS-LOOP: 28 parallel private(t)
! HPCLS-LOOP: 33 serial
program doconcurrent_loops
  implicit none
  integer, parameter :: n = 4096, nsteps = 20
  real :: u(0:n+1), unew(0:n+1), hist(n), c, t
  integer :: i, step

  c = 0.25
  do concurrent (i = 0:n+1)
    u(i) = exp(-((i - n / 2) / 50.0)**2)
  end do
  unew = u
  do step = 1, nsteps
    do concurrent (i = 1:n)
      unew(i) = u(i) + c * (u(i-1) - 2.0 * u(i) + u(i+1))
    end do
    do concurrent (i = 1:n)
      u(i) = unew(i)
    end do
  end do
  do concurrent (i = 1:n)
    t = u(i) * u(i)
    unew(i) = t / (1.0 + t)
  end do
  hist(1) = unew(1)
  do i = 2, n
    hist(i) = 0.9 * hist(i-1) + 0.1 * unew(i)
  end do
  print *, sum(u), hist(n)
end program doconcurrent_loops
