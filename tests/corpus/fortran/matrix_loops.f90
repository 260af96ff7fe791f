! HPCLS-RACE: no
! HPCLS-NOTE: dense kernels: matrix product, transpose, trace, in-place LU elimination
! HPCLS-LOOP: 23 parallel private(s) collapse(2)
! HPCLS-LOOP: 24 parallel private(s)
! HPCLS-LOOP: 26 parallel reduction(+:s)
! HPCLS-LOOP: 32 parallel collapse(2)
! HPCLS-LOOP: 33 parallel
! HPCLS-LOOP: 38 parallel reduction(+:tr)
! HPCLS-LOOP: 41 parallel
! HPCLS-LOOP: 44 serial
! HPCLS-LOOP: 45 parallel private(f)
! HPCLS-LOOP: 48 parallel
program matrix_loops
  implicit none
  integer, parameter :: n = 96
  real(8), allocatable :: a(:,:), b(:,:), c(:,:), at(:,:)
  real(8) :: s, f, tr
  integer :: i, j, k

  allocate(a(n,n), b(n,n), c(n,n), at(n,n))
  call random_number(a)
  call random_number(b)
  do j = 1, n
    do i = 1, n
      s = 0.0d0
      do k = 1, n
        s = s + a(i,k) * b(k,j)
      end do
      c(i,j) = s
    end do
  end do
  do j = 1, n
    do i = 1, n
      at(j,i) = a(i,j)
    end do
  end do
  tr = 0.0d0
  do i = 1, n
    tr = tr + c(i,i)
  end do
  do i = 1, n
    a(i,i) = a(i,i) + n
  end do
  do k = 1, n - 1
    do i = k + 1, n
      f = a(i,k) / a(k,k)
      a(i,k) = f
      do j = k + 1, n
        a(i,j) = a(i,j) - f * a(k,j)
      end do
    end do
  end do
  print *, tr, sum(at), a(n,n)
end program matrix_loops
