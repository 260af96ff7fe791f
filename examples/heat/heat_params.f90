! heat_params.f90 -- kinds, run parameters and the grid/decomposition type
!                    for the 2-D MPI + OpenMP heat-equation solver.
!
! Part of the hpcls example "heat" (Fortran 2008).  Build order:
!   mpif90 -fopenmp -c heat_params.f90 heat_halo.f90 heat_solver.f90
!   mpif90 -fopenmp -o heat heat_params.o heat_halo.o heat_solver.o
!
! We solve  du/dt = alpha * (d2u/dx2 + d2u/dy2)  on the unit square with a
! hot top wall and cold remaining walls, marching explicitly in time until
! the solution stops changing (steady state) or MAX_ITERS is reached.
!
! The global nx_global x ny_global interior is split over a 2-D Cartesian
! process grid.  Every rank stores its block with one ghost layer:
!     u(0:nx+1, 0:ny+1)
! Index i runs along x (contiguous in memory), j along y.
module heat_params
  use, intrinsic :: iso_fortran_env, only: real64, int64, output_unit
  use mpi_f08, only: MPI_Comm, MPI_Datatype, MPI_PROC_NULL
  implicit none
  private

  ! ---------------------------------------------------------------------
  ! Kinds
  ! ---------------------------------------------------------------------
  integer, parameter, public :: dp = real64   !< working precision
  integer, parameter, public :: i8 = int64    !< for point counts

  ! ---------------------------------------------------------------------
  ! Problem and solver parameters (defaults; nx/ny may be overridden on
  ! the command line, see heat_solver.f90)
  ! ---------------------------------------------------------------------
  integer, parameter, public :: NDIMS = 2
  integer, parameter, public :: NX_DEFAULT = 64
  integer, parameter, public :: NY_DEFAULT = 64
  integer, parameter, public :: MAX_ITERS = 20000
  integer, parameter, public :: REPORT_EVERY = 1000

  real(dp), parameter, public :: ALPHA = 1.0_dp        !< diffusivity
  real(dp), parameter, public :: CFL = 0.20_dp         !< < 0.25 for stability
  real(dp), parameter, public :: TOL = 1.0e-5_dp       !< on the RMS update
  real(dp), parameter, public :: T_HOT = 100.0_dp      !< top wall (j = ny+1)
  real(dp), parameter, public :: T_COLD = 0.0_dp       !< other walls

  ! Positions in grid_t%nbr(:)
  integer, parameter, public :: WEST = 1, EAST = 2, SOUTH = 3, NORTH = 4

  ! ---------------------------------------------------------------------
  ! Grid / decomposition descriptor, one per rank
  ! ---------------------------------------------------------------------
  type, public :: grid_t
    ! global problem
    integer  :: nx_global = NX_DEFAULT
    integer  :: ny_global = NY_DEFAULT
    real(dp) :: dx = 0.0_dp, dy = 0.0_dp, dt = 0.0_dp
    ! local block (interior points only, ghosts not counted)
    integer  :: nx = 0, ny = 0
    integer  :: i_off = 0, j_off = 0    !< global index of local (0,0)
    ! process topology
    type(MPI_Comm) :: comm               !< Cartesian communicator
    integer  :: rank = 0, nprocs = 1
    integer  :: dims(NDIMS) = 0
    integer  :: coords(NDIMS) = 0
    integer  :: nbr(4) = MPI_PROC_NULL  !< WEST, EAST, SOUTH, NORTH ranks
    ! derived datatype for a strided x-boundary column (built in heat_halo)
    type(MPI_Datatype) :: column_type
  contains
    procedure :: npoints => grid_npoints
    procedure :: is_on_boundary => grid_is_on_boundary
  end type grid_t

  ! ---------------------------------------------------------------------
  ! Interface blocks
  ! ---------------------------------------------------------------------

  !> Signature of an initial-condition / boundary profile T(x, y).
  abstract interface
    pure function profile_fn(x, y) result(t)
      import :: dp
      real(dp), intent(in) :: x, y
      real(dp) :: t
    end function profile_fn
  end interface

  !> Print a labelled value from rank 0 only (generic over real/integer).
  interface report
    module procedure report_real
    module procedure report_int
  end interface report

  public :: profile_fn, report
  public :: decompose_1d, hot_lid_profile, zero_profile

contains

  !> Number of interior points owned by this rank.
  pure integer(i8) function grid_npoints(self)
    class(grid_t), intent(in) :: self
    grid_npoints = int(self%nx, i8) * int(self%ny, i8)
  end function grid_npoints

  !> True when the block touches the physical domain boundary on side.
  pure logical function grid_is_on_boundary(self, side)
    class(grid_t), intent(in) :: self
    integer, intent(in) :: side
    grid_is_on_boundary = (self%nbr(side) == MPI_PROC_NULL)
  end function grid_is_on_boundary

  !> Block decomposition of n points over nparts parts.  The first
  !> mod(n, nparts) parts get one extra point.  'part' is 0-based;
  !> 'offset' is the number of points owned by parts before it.
  pure subroutine decompose_1d(n, nparts, part, nlocal, offset)
    integer, intent(in)  :: n, nparts, part
    integer, intent(out) :: nlocal, offset
    integer :: base, extra

    base  = n / nparts
    extra = mod(n, nparts)
    nlocal = base
    if (part < extra) nlocal = nlocal + 1
    offset = part * base + min(part, extra)
  end subroutine decompose_1d

  !> Boundary profile: hot lid on y = 1, cold everywhere else.
  pure function hot_lid_profile(x, y) result(t)
    real(dp), intent(in) :: x, y
    real(dp) :: t
    if (y >= 1.0_dp) then
      ! taper towards the corners so the corner values are continuous
      t = T_HOT * sin(acos(-1.0_dp) * x)
    else
      t = T_COLD
    end if
  end function hot_lid_profile

  !> Initial interior state: everything at T_COLD.
  pure function zero_profile(x, y) result(t)
    real(dp), intent(in) :: x, y
    real(dp) :: t
    t = T_COLD + 0.0_dp * (x + y)
  end function zero_profile

  subroutine report_real(rank, label, val)
    integer, intent(in) :: rank
    character(len=*), intent(in) :: label
    real(dp), intent(in) :: val
    if (rank == 0) write (output_unit, '(a, t32, es14.6)') label, val
  end subroutine report_real

  subroutine report_int(rank, label, val)
    integer, intent(in) :: rank
    character(len=*), intent(in) :: label
    integer, intent(in) :: val
    if (rank == 0) write (output_unit, '(a, t32, i14)') label, val
  end subroutine report_int

end module heat_params
