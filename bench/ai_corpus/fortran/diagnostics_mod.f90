! Part of hpcls's own held-out completion corpus (written for hpcls, not from a public suite).
! Error norms against the manufactured solution, a residual log kept on rank 0, and a
! wall-clock timer that reports the slowest rank.
module diagnostics_mod
  use mpi
  use grid_mod, only: grid_t, rk, grid_cell_centre
  implicit none
  private

  real(rk), parameter :: pi = 3.14159265358979323846_rk
  integer, parameter :: max_log = 10000

  type, public :: residual_log_t
    integer :: count = 0
    real(rk) :: history(max_log) = 0.0_rk
  end type residual_log_t

  public :: exact_solution, source_term, error_norms, log_residual, write_log, max_time

contains

  elemental function exact_solution(x, y) result(u)
    real(rk), intent(in) :: x, y
    real(rk) :: u

    u = sin(pi * x) * sin(2.0_rk * pi * y)
  end function exact_solution

  ! -laplacian of exact_solution: the right-hand side that makes it the answer.
  elemental function source_term(x, y) result(f)
    real(rk), intent(in) :: x, y
    real(rk) :: f

    f = 5.0_rk * pi * pi * sin(pi * x) * sin(2.0_rk * pi * y)
  end function source_term

  subroutine error_norms(g, u, err_l2, err_max)
    type(grid_t), intent(in) :: g
    real(rk), intent(in) :: u(0:, 0:)
    real(rk), intent(out) :: err_l2, err_max
    real(rk) :: x, y, diff, sum_sq, worst
    integer :: i, j, ierr

    sum_sq = 0.0_rk
    worst = 0.0_rk
    !$omp parallel do private(i, x, y, diff) reduction(+:sum_sq) reduction(max:worst)
    do j = 1, g%ny
      do i = 1, g%nx
        call grid_cell_centre(g, i, j, x, y)
        diff = u(i, j) - exact_solution(x, y)
        sum_sq = sum_sq + diff * diff
        worst = max(worst, abs(diff))
      end do
    end do
    !$omp end parallel do
    call MPI_Allreduce(sum_sq, err_l2, 1, MPI_DOUBLE_PRECISION, MPI_SUM, g%comm, ierr)
    call MPI_Allreduce(worst, err_max, 1, MPI_DOUBLE_PRECISION, MPI_MAX, g%comm, ierr)
    err_l2 = sqrt(err_l2 * g%dx * g%dy)
  end subroutine error_norms

  subroutine log_residual(log, value)
    type(residual_log_t), intent(inout) :: log
    real(rk), intent(in) :: value

    if (log%count >= max_log) return
    log%count = log%count + 1
    log%history(log%count) = value
  end subroutine log_residual

  subroutine write_log(g, log, path)
    type(grid_t), intent(in) :: g
    type(residual_log_t), intent(in) :: log
    character(len=*), intent(in) :: path
    integer :: unit, k

    if (g%rank /= 0) return
    open(newunit=unit, file=path, status='replace', action='write')
    write(unit, '(a)') '# iteration  residual'
    do k = 1, log%count
      write(unit, '(i8, 2x, es14.6)') k, log%history(k)
    end do
    close(unit)
  end subroutine write_log

  function max_time(g, seconds) result(slowest)
    type(grid_t), intent(in) :: g
    real(rk), intent(in) :: seconds
    real(rk) :: slowest
    integer :: ierr

    call MPI_Reduce(seconds, slowest, 1, MPI_DOUBLE_PRECISION, MPI_MAX, 0, g%comm, ierr)
  end function max_time

end module diagnostics_mod
