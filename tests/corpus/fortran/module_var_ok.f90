! HPCLS-RACE: no
! HPCLS-TWIN: module_var_race.f90
! HPCLS-NOTE: the module scratch row is threadprivate, so each thread smooths through its own copy
! HPCLS-LOOP: 17 parallel
! HPCLS-LOOP: 31 parallel
module scratch_ok_mod
  implicit none
  integer, parameter :: m = 64
  real :: row(m)
  !$omp threadprivate(row)
contains
  subroutine smooth_row(q, j)
    real, intent(inout) :: q(:,:)
    integer, intent(in) :: j
    integer :: i
    row = q(:, j)
    do i = 2, m - 1
      q(i, j) = (row(i-1) + row(i) + row(i+1)) / 3.0
    end do
  end subroutine smooth_row
end module scratch_ok_mod

program module_var_ok
  use scratch_ok_mod
  implicit none
  real :: q(m, 200)
  integer :: j

  call random_number(q)
  !$omp parallel do
  do j = 1, 200
    call smooth_row(q, j)
  end do
  !$omp end parallel do
  print *, sum(q)
end program module_var_ok
