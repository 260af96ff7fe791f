! heat_halo.f90 -- ghost-cell (halo) exchange for the 2-D heat solver.
!
! Part of the hpcls example "heat" (Fortran 2008, MPI via mpi_f08).
!
! Layout reminder (see heat_params.f90):  u(0:nx+1, 0:ny+1), i along x is
! the contiguous index.  Hence
!   * south/north boundaries  u(1:nx, 1) / u(1:nx, ny)  are contiguous
!     and are sent as nx MPI_DOUBLE_PRECISION values;
!   * west/east boundaries    u(1, 1:ny) / u(nx, 1:ny)  have stride nx+2
!     and use the vector type g%column_type built by halo_setup.
!
! Two exchange variants are provided; the solver picks one at run time:
!   exchange_sendrecv     -- four blocking MPI_Sendrecv calls (simple)
!   exchange_nonblocking  -- MPI_Irecv/MPI_Isend + MPI_Waitall (overlappable)
module heat_halo
  use heat_params
  use mpi_f08
  implicit none
  private

  integer, parameter :: TAG_EW = 101   !< east/west messages
  integer, parameter :: TAG_NS = 102   !< north/south messages

  public :: halo_setup, halo_free
  public :: exchange_sendrecv, exchange_nonblocking
  public :: apply_physical_bc

contains

  !> Create and commit the strided column datatype for this block.
  subroutine halo_setup(g)
    type(grid_t), intent(inout) :: g

    ! ny blocks of 1 element, consecutive blocks nx+2 elements apart
    call MPI_Type_vector(g%ny, 1, g%nx + 2, MPI_DOUBLE_PRECISION, g%column_type)
    call MPI_Type_commit(g%column_type)
  end subroutine halo_setup

  subroutine halo_free(g)
    type(grid_t), intent(inout) :: g
    call MPI_Type_free(g%column_type)
  end subroutine halo_free

  !> Blocking exchange.  Every rank shifts data in one direction at a
  !> time, so MPI_Sendrecv cannot deadlock; MPI_PROC_NULL neighbours on
  !> the physical boundary turn the corresponding transfers into no-ops.
  subroutine exchange_sendrecv(g, u)
    type(grid_t), intent(in) :: g
    real(dp), intent(inout) :: u(0:, 0:)
    integer :: nx, ny

    nx = g%nx
    ny = g%ny

    ! send east edge to the east neighbour, receive west ghosts
    call MPI_Sendrecv(u(nx, 1), 1, g%column_type, g%nbr(EAST), TAG_EW, &
                      u(0, 1), 1, g%column_type, g%nbr(WEST), TAG_EW, &
                      g%comm, MPI_STATUS_IGNORE)
    ! send west edge to the west neighbour, receive east ghosts
    call MPI_Sendrecv(u(1, 1), 1, g%column_type, g%nbr(WEST), TAG_EW, &
                      u(nx + 1, 1), 1, g%column_type, g%nbr(EAST), TAG_EW, &
                      g%comm, MPI_STATUS_IGNORE)
    ! send north edge north, receive south ghosts
    call MPI_Sendrecv(u(1, ny), nx, MPI_DOUBLE_PRECISION, g%nbr(NORTH), TAG_NS, &
                      u(1, 0), nx, MPI_DOUBLE_PRECISION, g%nbr(SOUTH), TAG_NS, &
                      g%comm, MPI_STATUS_IGNORE)
    ! send south edge south, receive north ghosts
    call MPI_Sendrecv(u(1, 1), nx, MPI_DOUBLE_PRECISION, g%nbr(SOUTH), TAG_NS, &
                      u(1, ny + 1), nx, MPI_DOUBLE_PRECISION, g%nbr(NORTH), TAG_NS, &
                      g%comm, MPI_STATUS_IGNORE)
  end subroutine exchange_sendrecv

  !> Nonblocking exchange: post all receives first, then all sends, then
  !> wait for the eight requests together.  The buffer is ASYNCHRONOUS
  !> and is synchronised with MPI_F_sync_reg as MPI-3.0 sec. 17.1.16
  !> recommends when MPI_ASYNC_PROTECTS_NONBLOCKING is .false.
  subroutine exchange_nonblocking(g, u)
    type(grid_t), intent(in) :: g
    real(dp), intent(inout), asynchronous :: u(0:, 0:)
    type(MPI_Request) :: reqs(8)
    integer :: nx, ny

    nx = g%nx
    ny = g%ny

    ! receives into the four ghost strips
    call MPI_Irecv(u(0, 1), 1, g%column_type, g%nbr(WEST), TAG_EW, &
                   g%comm, reqs(1))
    call MPI_Irecv(u(nx + 1, 1), 1, g%column_type, g%nbr(EAST), TAG_EW, &
                   g%comm, reqs(2))
    call MPI_Irecv(u(1, 0), nx, MPI_DOUBLE_PRECISION, g%nbr(SOUTH), TAG_NS, &
                   g%comm, reqs(3))
    call MPI_Irecv(u(1, ny + 1), nx, MPI_DOUBLE_PRECISION, g%nbr(NORTH), TAG_NS, &
                   g%comm, reqs(4))

    ! sends of the four interior edge strips
    call MPI_Isend(u(1, 1), 1, g%column_type, g%nbr(WEST), TAG_EW, &
                   g%comm, reqs(5))
    call MPI_Isend(u(nx, 1), 1, g%column_type, g%nbr(EAST), TAG_EW, &
                   g%comm, reqs(6))
    call MPI_Isend(u(1, 1), nx, MPI_DOUBLE_PRECISION, g%nbr(SOUTH), TAG_NS, &
                   g%comm, reqs(7))
    call MPI_Isend(u(1, ny), nx, MPI_DOUBLE_PRECISION, g%nbr(NORTH), TAG_NS, &
                   g%comm, reqs(8))

    call MPI_Waitall(size(reqs), reqs, MPI_STATUSES_IGNORE)
    if (.not. MPI_ASYNC_PROTECTS_NONBLOCKING) call MPI_F_sync_reg(u)
  end subroutine exchange_nonblocking

  !> Fill the ghost layer on the physical boundary from a profile
  !> function.  Sides with a real neighbour are left to the halo exchange.
  subroutine apply_physical_bc(g, u, bc)
    type(grid_t), intent(in) :: g
    real(dp), intent(inout) :: u(0:, 0:)
    procedure(profile_fn) :: bc
    integer :: i, j
    real(dp) :: x, y

    if (g%is_on_boundary(WEST)) then
      do j = 0, g%ny + 1
        y = (g%j_off + j) * g%dy
        u(0, j) = bc(0.0_dp, y)
      end do
    end if
    if (g%is_on_boundary(EAST)) then
      do j = 0, g%ny + 1
        y = (g%j_off + j) * g%dy
        u(g%nx + 1, j) = bc(1.0_dp, y)
      end do
    end if
    if (g%is_on_boundary(SOUTH)) then
      do i = 0, g%nx + 1
        x = (g%i_off + i) * g%dx
        u(i, 0) = bc(x, 0.0_dp)
      end do
    end if
    if (g%is_on_boundary(NORTH)) then
      do i = 0, g%nx + 1
        x = (g%i_off + i) * g%dx
        u(i, g%ny + 1) = bc(x, 1.0_dp)
      end do
    end if
  end subroutine apply_physical_bc

end module heat_halo
