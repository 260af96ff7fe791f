! HPCLS-RACE: no
! HPCLS-NOTE: loops that print, write or read a record per iteration (the order of the records is part of the result) next to the same kernels with the I/O moved out of the loop
! HPCLS-LOOP: 22 parallel
! HPCLS-LOOP: 25 unknown
! HPCLS-LOOP: 28 unknown
! HPCLS-LOOP: 33 unknown
! HPCLS-LOOP: 38 parallel
! HPCLS-LOOP: 42 unknown
! HPCLS-LOOP: 46 parallel reduction(+:total)
! HPCLS-LOOP: 50 unknown
program io_loops
  implicit none
  integer, parameter :: n = 64
  real :: temp(n), scaled(n), total
  integer :: i, ios, unit_out
  character(len=32) :: label

  open(newunit=unit_out, file='io_loops.out', status='replace', action='write', iostat=ios)
  if (ios /= 0) stop 'cannot open io_loops.out'
  label = 'step'

  do i = 1, n
    temp(i) = 280.0 + 0.25 * i
  end do
  do i = 1, n
    print '(a, i4, f10.3)', trim(label), i, temp(i)
  end do
  do i = 1, n
    scaled(i) = temp(i) / 300.0
    write(unit_out, '(i4, f10.5)') i, scaled(i)
  end do
  rewind(unit_out)
  do i = 1, n
    read(unit_out, *, iostat=ios) scaled(i)
    if (ios /= 0) scaled(i) = 0.0
  end do
  close(unit_out)
  do i = 1, n
    scaled(i) = temp(i) / 300.0
  end do
  write(*, '(8f10.5)') scaled
  do i = 1, n
    write(label, '(a, i0)') 'cell ', i
  end do
  total = 0.0
  do i = 1, n
    total = total + scaled(i)
  end do
  print *, 'mean', total / n
  do i = 1, n
    if (temp(i) > 1.0e4) error stop 'temperature out of range'
    scaled(i) = sqrt(temp(i))
  end do
  print *, trim(label), scaled(n)
end program io_loops
