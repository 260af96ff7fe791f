! HPCLS-RACE: no
! HPCLS-TWIN: stencil2d_race.f90
! HPCLS-NOTE: Jacobi sweep: reads u, writes unew, then copies back in a separate parallel loop
! HPCLS-LOOP: 18 serial
! HPCLS-LOOP: 20 parallel collapse(2)
! HPCLS-LOOP: 21 parallel
! HPCLS-LOOP: 27 parallel
program stencil2d_ok
  implicit none
  integer, parameter :: nx = 128, ny = 128
  real(8), allocatable :: u(:,:), unew(:,:)
  integer :: i, j, it

  allocate(u(0:nx+1, 0:ny+1), unew(0:nx+1, 0:ny+1))
  u = 0.0d0
  u(:, 0) = 1.0d0
  unew = u
  do it = 1, 50
    !$omp parallel do collapse(2)
    do j = 1, ny
      do i = 1, nx
        unew(i,j) = 0.25d0 * (u(i-1,j) + u(i+1,j) + u(i,j-1) + u(i,j+1))
      end do
    end do
    !$omp end parallel do
    !$omp parallel do
    do j = 1, ny
      u(1:nx, j) = unew(1:nx, j)
    end do
    !$omp end parallel do
  end do
  print *, sum(u)
end program stencil2d_ok
