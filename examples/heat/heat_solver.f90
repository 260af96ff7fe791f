! heat_solver.f90 -- driver of the 2-D MPI + OpenMP heat-equation solver.
!
! Part of the hpcls example "heat" (Fortran 2008).  Needs heat_params.f90
! and heat_halo.f90 compiled first (they provide the modules used below).
!
! Usage:   mpirun -np 4 ./heat [nx [ny [mode]]]
!            nx, ny  global interior size        (default 64 x 64)
!            mode    0 = MPI_Sendrecv halos, 1 = Isend/Irecv (default 1)
!
! Explicit forward-Euler time stepping with a 5-point Laplacian.  Each step:
!   1. exchange ghost cells with the four Cartesian neighbours,
!   2. OpenMP-parallel stencil sweep over the local block, accumulating
!      the squared update for the residual,
!   3. MPI_Allreduce of the residual, stop when below TOL.
! MPI is only called outside parallel regions (MPI_THREAD_FUNNELED).
program heat_solver
  use, intrinsic :: iso_fortran_env, only: output_unit, error_unit
  use mpi_f08
  !$ use omp_lib
  use heat_params
  use heat_halo
  implicit none

  type(grid_t) :: g
  real(dp), allocatable :: u(:, :), unew(:, :), tmp(:, :)
  real(dp) :: cx, cy, diff
  real(dp) :: local_sq, global_sq, residual
  real(dp) :: t_start, t_elapsed
  integer  :: provided, iter, i, j, mode, nthreads
  logical  :: converged

  ! ------------------------------------------------------------------
  ! MPI start-up: only the master thread makes MPI calls
  ! ------------------------------------------------------------------
  call MPI_Init_thread(MPI_THREAD_FUNNELED, provided)
  if (provided < MPI_THREAD_FUNNELED) then
    write (error_unit, '(a)') 'heat_solver: MPI library lacks MPI_THREAD_FUNNELED'
    call MPI_Abort(MPI_COMM_WORLD, 1)
  end if

  call parse_command_line(g, mode)
  call setup_decomposition(g)
  call halo_setup(g)

  nthreads = 1
  !$ nthreads = omp_get_max_threads()

  ! Grid spacing: nx_global interior points plus two walls span [0, 1]
  g%dx = 1.0_dp / real(g%nx_global + 1, dp)
  g%dy = 1.0_dp / real(g%ny_global + 1, dp)
  g%dt = CFL * min(g%dx, g%dy)**2 / ALPHA
  cx = ALPHA * g%dt / g%dx**2
  cy = ALPHA * g%dt / g%dy**2

  call report(g%rank, 'MPI ranks', g%nprocs)
  call report(g%rank, 'OpenMP threads per rank', nthreads)
  call report(g%rank, 'global nx', g%nx_global)
  call report(g%rank, 'global ny', g%ny_global)
  call report(g%rank, 'time step dt', g%dt)

  ! ------------------------------------------------------------------
  ! Fields, with one ghost layer on every side
  ! ------------------------------------------------------------------
  allocate (u(0:g%nx + 1, 0:g%ny + 1), unew(0:g%nx + 1, 0:g%ny + 1))

  !$omp parallel do collapse(2) default(none) private(i, j) shared(u, unew, g)
  do j = 0, g%ny + 1
    do i = 0, g%nx + 1
      u(i, j) = zero_profile((g%i_off + i) * g%dx, (g%j_off + j) * g%dy)
      unew(i, j) = u(i, j)
    end do
  end do
  !$omp end parallel do

  ! Dirichlet walls live in the ghost layer and never change, so both
  ! buffers get them once; the time loop only swaps the two arrays.
  call apply_physical_bc(g, u, hot_lid_profile)
  call apply_physical_bc(g, unew, hot_lid_profile)

  ! ------------------------------------------------------------------
  ! Time loop
  ! ------------------------------------------------------------------
  converged = .false.
  residual = huge(1.0_dp)
  t_start = MPI_Wtime()

  do iter = 1, MAX_ITERS
    if (mode == 0) then
      call exchange_sendrecv(g, u)
    else
      call exchange_nonblocking(g, u)
    end if

    local_sq = 0.0_dp
    !$omp parallel do collapse(2) default(none) private(i, j, diff) &
    !$omp& shared(u, unew, g, cx, cy) reduction(+:local_sq) schedule(static)
    do j = 1, g%ny
      do i = 1, g%nx
        unew(i, j) = u(i, j) &
                     + cx * (u(i - 1, j) - 2.0_dp * u(i, j) + u(i + 1, j)) &
                     + cy * (u(i, j - 1) - 2.0_dp * u(i, j) + u(i, j + 1))
        diff = unew(i, j) - u(i, j)
        local_sq = local_sq + diff * diff
      end do
    end do
    !$omp end parallel do

    call MPI_Allreduce(local_sq, global_sq, 1, MPI_DOUBLE_PRECISION, MPI_SUM, g%comm)
    residual = sqrt(global_sq / (real(g%nx_global, dp) * real(g%ny_global, dp)))

    ! swap buffers without copying
    call move_alloc(u, tmp)
    call move_alloc(unew, u)
    call move_alloc(tmp, unew)

    if (g%rank == 0 .and. mod(iter, REPORT_EVERY) == 0) then
      write (output_unit, '(a, i8, a, es12.4)') 'iter ', iter, '  residual ', residual
    end if

    if (residual < TOL) then
      converged = .true.
      exit
    end if
  end do

  t_elapsed = MPI_Wtime() - t_start
  call print_summary(g, u, min(iter, MAX_ITERS), residual, converged, t_elapsed)

  deallocate (u, unew)
  call halo_free(g)
  call MPI_Comm_free(g%comm)
  call MPI_Finalize()

contains

  !> Read optional nx, ny, mode on rank 0 and broadcast them.
  subroutine parse_command_line(grid, halo_mode)
    type(grid_t), intent(inout) :: grid
    integer, intent(out) :: halo_mode
    integer, parameter :: defaults(3) = [NX_DEFAULT, NY_DEFAULT, 1]
    integer :: args(3), world_rank, n, ios
    character(len=32) :: arg

    args = defaults
    call MPI_Comm_rank(MPI_COMM_WORLD, world_rank)
    if (world_rank == 0) then
      do n = 1, min(command_argument_count(), size(args))
        call get_command_argument(n, arg)
        read (arg, *, iostat=ios) args(n)
        if (ios /= 0) then
          write (error_unit, '(3a)') 'heat_solver: ignoring bad argument "', trim(arg), '"'
          args(n) = defaults(n)
        end if
      end do
    end if
    call MPI_Bcast(args, size(args), MPI_INTEGER, 0, MPI_COMM_WORLD)

    grid%nx_global = args(1)
    grid%ny_global = args(2)
    halo_mode = args(3)
  end subroutine parse_command_line

  !> Build the 2-D Cartesian communicator and this rank's block.
  subroutine setup_decomposition(grid)
    type(grid_t), intent(inout) :: grid
    logical, parameter :: periods(NDIMS) = [.false., .false.]

    call MPI_Comm_size(MPI_COMM_WORLD, grid%nprocs)
    grid%dims = 0
    call MPI_Dims_create(grid%nprocs, NDIMS, grid%dims)
    call MPI_Cart_create(MPI_COMM_WORLD, NDIMS, grid%dims, periods, .true., grid%comm)
    call MPI_Comm_rank(grid%comm, grid%rank)
    call MPI_Cart_coords(grid%comm, grid%rank, NDIMS, grid%coords)

    ! Cartesian dimension 0 is x (i), dimension 1 is y (j)
    call MPI_Cart_shift(grid%comm, 0, 1, grid%nbr(WEST), grid%nbr(EAST))
    call MPI_Cart_shift(grid%comm, 1, 1, grid%nbr(SOUTH), grid%nbr(NORTH))

    call decompose_1d(grid%nx_global, grid%dims(1), grid%coords(1), grid%nx, grid%i_off)
    call decompose_1d(grid%ny_global, grid%dims(2), grid%coords(2), grid%ny, grid%j_off)

    if (grid%nx < 1 .or. grid%ny < 1) then
      write (error_unit, '(a, i0)') 'heat_solver: empty block on rank ', grid%rank
      call MPI_Abort(MPI_COMM_WORLD, 2)
    end if
  end subroutine setup_decomposition

  !> Global diagnostics: total heat and maximum temperature.
  subroutine print_summary(grid, field, niter, res, conv, seconds)
    type(grid_t), intent(in) :: grid
    real(dp), intent(in) :: field(0:, 0:)
    integer, intent(in) :: niter
    real(dp), intent(in) :: res, seconds
    logical, intent(in) :: conv
    real(dp) :: local(2), global(2)

    local(1) = sum(field(1:grid%nx, 1:grid%ny)) * grid%dx * grid%dy
    local(2) = maxval(field(1:grid%nx, 1:grid%ny))
    call MPI_Reduce(local(1), global(1), 1, MPI_DOUBLE_PRECISION, MPI_SUM, 0, grid%comm)
    call MPI_Reduce(local(2), global(2), 1, MPI_DOUBLE_PRECISION, MPI_MAX, 0, grid%comm)

    if (grid%rank == 0) then
      if (conv) then
        write (output_unit, '(a, i0, a, es12.4)') &
          'Converged after ', niter, ' iterations, residual = ', res
      else
        write (output_unit, '(a, i0, a, es12.4)') &
          'NOT converged after ', niter, ' iterations, residual = ', res
      end if
      write (output_unit, '(a, f12.6)') 'Total heat      ', global(1)
      write (output_unit, '(a, f12.6)') 'Max temperature ', global(2)
      write (output_unit, '(a, f12.6)') 'Wall time [s]   ', seconds
    end if
  end subroutine print_summary

end program heat_solver
