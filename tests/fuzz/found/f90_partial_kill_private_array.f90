! HPCLS-FOUND: output: a verified 'Parallelize loop' edit changes the behaviour
! loop at line 13: hpcls said parallel (verified), edit: !$omp parallel do private(a)
! run: OMP_NUM_THREADS=1 (any schedule); the private copy of a loses a(2) = 6 from the last iteration
! serial output: '1502'   parallel output: '1498'
! why: the later loop writes only a(9), a(11), ..., a(63); it was taken to kill all of a, so a looked dead after the loop
! origin: python -m tests.fuzz --lang f90 --seed 1038 (and seed 27), minimized by hand; fixed in 0d1cc0c (live_out)
program partial_kill
  implicit none
  integer :: a(0:63), i, k
  do k = 0, 63
    a(k) = k
  end do
  do i = 31, 2, -1
    a(2) = i * 3
  end do
  do i = 4, 31
    a(2 * i + 1) = i
  end do
  print *, sum(a)
end program partial_kill
