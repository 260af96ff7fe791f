! Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
! Conjugate gradients for -laplacian(u) = f on the distributed grid of grid_mod, checked
! against the manufactured solution of diagnostics_mod. MPI across rows, OpenMP inside.
program poisson_cg
  use mpi
  use omp_lib, only: omp_get_max_threads
  use grid_mod
  use diagnostics_mod
  implicit none

  integer, parameter :: nx = 256, ny = 256, max_iter = 2000
  real(rk), parameter :: tol = 1.0e-8_rk
  type(grid_t) :: g
  type(residual_log_t) :: history
  real(rk), allocatable :: u(:, :), f(:, :), r(:, :), p(:, :), ap(:, :)
  real(rk) :: rr, rr_new, alpha, beta, rr0, err_l2, err_max
  real(rk) :: t_start, t_solve
  integer :: ierr, iter, i, j
  real(rk) :: x, y

  call MPI_Init(ierr)
  call grid_create(g, nx, ny, 1.0_rk, 1.0_rk, MPI_COMM_WORLD)
  if (g%rank == 0) then
    print '(a, i0, a, i0, a)', 'poisson_cg: ', g%nranks, ' ranks x ', &
          omp_get_max_threads(), ' threads'
  end if

  call grid_alloc_field(g, u)
  call grid_alloc_field(g, f)
  call grid_alloc_field(g, r)
  call grid_alloc_field(g, p)
  call grid_alloc_field(g, ap)

  !$omp parallel do private(i, x, y)
  do j = 1, g%ny
    do i = 1, g%nx
      call grid_cell_centre(g, i, j, x, y)
      f(i, j) = source_term(x, y)
    end do
  end do
  !$omp end parallel do

  ! u = 0, so r = f - A u = f and the first direction is r.
  r = f
  p = r
  rr = grid_dot(g, r, r)
  rr0 = rr
  t_start = MPI_Wtime()

  do iter = 1, max_iter
    call grid_exchange_halo(g, p)
    call grid_apply_operator(g, p, ap)
    alpha = rr / grid_dot(g, p, ap)
    !$omp parallel do private(i)
    do j = 1, g%ny
      do i = 1, g%nx
        u(i, j) = u(i, j) + alpha * p(i, j)
        r(i, j) = r(i, j) - alpha * ap(i, j)
      end do
    end do
    !$omp end parallel do
    rr_new = grid_dot(g, r, r)
    call log_residual(history, sqrt(rr_new / rr0))
    if (sqrt(rr_new / rr0) < tol) exit
    beta = rr_new / rr
    !$omp parallel do private(i)
    do j = 1, g%ny
      do i = 1, g%nx
        p(i, j) = r(i, j) + beta * p(i, j)
      end do
    end do
    !$omp end parallel do
    rr = rr_new
  end do

  t_solve = max_time(g, MPI_Wtime() - t_start)
  call error_norms(g, u, err_l2, err_max)
  if (g%rank == 0) then
    print '(a, i0, a, es10.3)', 'iterations: ', min(iter, max_iter), '  residual: ', &
          sqrt(rr_new / rr0)
    print '(a, es10.3, a, es10.3)', 'error L2: ', err_l2, '  max: ', err_max
    print '(a, f8.3, a)', 'solve time: ', t_solve, ' s'
  end if
  call write_log(g, history, 'cg_residuals.txt')

  deallocate(u, f, r, p, ap)
  call grid_destroy(g)
  call MPI_Finalize(ierr)
end program poisson_cg
