! Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
! A 2-D cell-centred grid on [0,lx] x [0,ly], split in y across MPI ranks, with the
! halo exchange, the global dot product and the 5-point operator the CG solver needs.
module grid_mod
  use mpi
  implicit none
  private

  integer, parameter, public :: rk = kind(1.0d0)

  type, public :: grid_t
    integer :: nx = 0, ny = 0            ! interior cells owned by this rank
    integer :: ny_global = 0
    integer :: j_offset = 0              ! global row index of local row 0
    real(rk) :: dx = 1.0_rk, dy = 1.0_rk
    integer :: comm = MPI_COMM_NULL
    integer :: rank = 0, nranks = 1
    integer :: north = MPI_PROC_NULL, south = MPI_PROC_NULL
  end type grid_t

  public :: grid_create, grid_destroy, grid_alloc_field, grid_exchange_halo
  public :: grid_dot, grid_apply_operator, grid_cell_centre

contains

  subroutine grid_create(g, nx, ny_global, lx, ly, comm)
    type(grid_t), intent(out) :: g
    integer, intent(in) :: nx, ny_global, comm
    real(rk), intent(in) :: lx, ly
    integer :: ierr, base, extra

    call MPI_Comm_dup(comm, g%comm, ierr)
    call MPI_Comm_rank(g%comm, g%rank, ierr)
    call MPI_Comm_size(g%comm, g%nranks, ierr)
    g%nx = nx
    g%ny_global = ny_global
    base = ny_global / g%nranks
    extra = mod(ny_global, g%nranks)
    g%ny = base
    if (g%rank < extra) g%ny = base + 1
    g%j_offset = g%rank * base + min(g%rank, extra)
    g%dx = lx / real(nx, rk)
    g%dy = ly / real(ny_global, rk)
    if (g%rank > 0) g%south = g%rank - 1
    if (g%rank < g%nranks - 1) g%north = g%rank + 1
  end subroutine grid_create

  subroutine grid_destroy(g)
    type(grid_t), intent(inout) :: g
    integer :: ierr

    if (g%comm /= MPI_COMM_NULL) call MPI_Comm_free(g%comm, ierr)
    g%nx = 0
    g%ny = 0
  end subroutine grid_destroy

  subroutine grid_alloc_field(g, u)
    type(grid_t), intent(in) :: g
    real(rk), allocatable, intent(out) :: u(:, :)

    allocate(u(0:g%nx + 1, 0:g%ny + 1))
    u = 0.0_rk
  end subroutine grid_alloc_field

  subroutine grid_exchange_halo(g, u)
    type(grid_t), intent(in) :: g
    real(rk), intent(inout) :: u(0:, 0:)
    integer, parameter :: tag_up = 11, tag_down = 12
    integer :: ierr, n

    n = g%nx + 2
    call MPI_Sendrecv(u(:, g%ny), n, MPI_DOUBLE_PRECISION, g%north, tag_up, &
                      u(:, 0), n, MPI_DOUBLE_PRECISION, g%south, tag_up, &
                      g%comm, MPI_STATUS_IGNORE, ierr)
    call MPI_Sendrecv(u(:, 1), n, MPI_DOUBLE_PRECISION, g%south, tag_down, &
                      u(:, g%ny + 1), n, MPI_DOUBLE_PRECISION, g%north, tag_down, &
                      g%comm, MPI_STATUS_IGNORE, ierr)
    ! Homogeneous Dirichlet walls: the ghost cell mirrors the first interior cell.
    u(0, :) = -u(1, :)
    u(g%nx + 1, :) = -u(g%nx, :)
    if (g%south == MPI_PROC_NULL) u(:, 0) = -u(:, 1)
    if (g%north == MPI_PROC_NULL) u(:, g%ny + 1) = -u(:, g%ny)
  end subroutine grid_exchange_halo

  function grid_dot(g, a, b) result(total)
    type(grid_t), intent(in) :: g
    real(rk), intent(in) :: a(0:, 0:), b(0:, 0:)
    real(rk) :: total
    real(rk) :: local
    integer :: i, j, ierr

    local = 0.0_rk
    !$omp parallel do collapse(2) reduction(+:local)
    do j = 1, g%ny
      do i = 1, g%nx
        local = local + a(i, j) * b(i, j)
      end do
    end do
    !$omp end parallel do
    call MPI_Allreduce(local, total, 1, MPI_DOUBLE_PRECISION, MPI_SUM, g%comm, ierr)
  end function grid_dot

  ! au = -laplacian(u) on the interior; u's halo must be current.
  subroutine grid_apply_operator(g, u, au)
    type(grid_t), intent(in) :: g
    real(rk), intent(in) :: u(0:, 0:)
    real(rk), intent(inout) :: au(0:, 0:)
    real(rk) :: cx, cy
    integer :: i, j

    cx = 1.0_rk / (g%dx * g%dx)
    cy = 1.0_rk / (g%dy * g%dy)
    !$omp parallel do private(i)
    do j = 1, g%ny
      do i = 1, g%nx
        au(i, j) = cx * (2.0_rk * u(i, j) - u(i - 1, j) - u(i + 1, j)) &
                 + cy * (2.0_rk * u(i, j) - u(i, j - 1) - u(i, j + 1))
      end do
    end do
    !$omp end parallel do
  end subroutine grid_apply_operator

  pure subroutine grid_cell_centre(g, i, j, x, y)
    type(grid_t), intent(in) :: g
    integer, intent(in) :: i, j
    real(rk), intent(out) :: x, y

    x = (real(i, rk) - 0.5_rk) * g%dx
    y = (real(g%j_offset + j, rk) - 0.5_rk) * g%dy
  end subroutine grid_cell_centre

end module grid_mod
