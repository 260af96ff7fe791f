! HPCLS-FOUND: output: a verified 'Parallelize loop' edit changes the behaviour
! loop at line 10: hpcls said parallel (verified), edit: !$omp parallel do
! run: OMP_NUM_THREADS=1 (any schedule); i is private in the loop, so after it i is not 91
! serial output: '91 180'   parallel output: '0 0' (i undefined after the region)
! why: the DO variable is read after the loop; the edit needs lastprivate(i) (or no edit)
! origin: the oracle on a hand-written program (tests/fuzz/oracle.py); since then the generator reads loop variables after loops too; fixed in f4ce36b (lastprivate for a loop variable read after the loop)
program loop_var_after
  implicit none
  integer :: a(100), i
  do i = 1, 90
    a(i) = i * 2
  end do
  print *, i, a(i - 1)
end program loop_var_after
