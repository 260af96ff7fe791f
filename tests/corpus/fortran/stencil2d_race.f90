! HPCLS-RACE: yes
! HPCLS-TWIN: stencil2d_ok.f90
! HPCLS-PAIR: 22 23
! HPCLS-PAIR: 22 24
! HPCLS-NOTE: Gauss-Seidel sweep in place with the j loop shared out: column j reads columns j-1 and j+1 that neighbouring threads write
! HPCLS-LOOP: 18 serial
! HPCLS-LOOP: 20 serial
! HPCLS-LOOP: 21 serial
program stencil2d_race
  implicit none
  integer, parameter :: nx = 128, ny = 128
  real(8), allocatable :: u(:,:)
  integer :: i, j, it

  allocate(u(0:nx+1, 0:ny+1))
  u = 0.0d0
  u(:, 0) = 1.0d0
  do it = 1, 50
    !$omp parallel do private(i)
    do j = 1, ny
      do i = 1, nx
        u(i,j) = 0.25d0 * (u(i-1,j) + u(i+1,j) &
                         + u(i,j-1) &
                         + u(i,j+1))
      end do
    end do
    !$omp end parallel do
  end do
  print *, sum(u)
end program stencil2d_race
