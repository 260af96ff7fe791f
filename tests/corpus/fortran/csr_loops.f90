! HPCLS-RACE: no
! HPCLS-NOTE: sparse CSR kernels; the pattern and the permutation are read from a file, so whether perm repeats a value or a row repeats a column is not visible
! HPCLS-LOOP: 26 serial
! HPCLS-LOOP: 30 parallel private(s)
! HPCLS-LOOP: 32 parallel reduction(+:s)
! HPCLS-LOOP: 38 unknown
! HPCLS-LOOP: 42 parallel
! HPCLS-LOOP: 43 unknown
program csr_loops
  implicit none
  integer :: nrow, nnz, i, k
  integer, allocatable :: rowptr(:), col(:), cnt(:), perm(:)
  real(8), allocatable :: val(:), x(:), y(:), yt(:), diag(:)
  real(8) :: s

  open(10, file='matrix.txt', status='old')
  read(10, *) nrow, nnz
  allocate(rowptr(nrow+1), col(nnz), cnt(nrow), perm(nrow), val(nnz))
  allocate(x(nrow), y(nrow), yt(nrow), diag(nrow))
  read(10, *) cnt
  read(10, *) col, val
  read(10, *) perm
  close(10)

  rowptr(1) = 1
  do i = 1, nrow
    rowptr(i+1) = rowptr(i) + cnt(i)
  end do
  x = 1.0d0
  do i = 1, nrow
    s = 0.0d0
    do k = rowptr(i), rowptr(i+1) - 1
      s = s + val(k) * x(col(k))
    end do
    y(i) = s
  end do
  yt = 0.0d0
  do i = 1, nrow
    yt(perm(i)) = y(i)
  end do
  diag = 0.0d0
  do i = 1, nrow
    do k = rowptr(i), rowptr(i+1) - 1
      if (col(k) == i) diag(i) = val(k)
    end do
  end do
  print *, sum(y), sum(yt), sum(diag)
end program csr_loops
