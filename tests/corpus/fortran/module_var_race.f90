! HPCLS-RACE: yes
! HPCLS-TWIN: module_var_ok.f90
! HPCLS-PAIR: 17 19
! HPCLS-PAIR: 17 17
! HPCLS-NOTE: the scratch row lives in a module and is shared by all threads that call smooth_row
! HPCLS-LOOP: 18 parallel
! HPCLS-LOOP: 32 serial
module scratch_mod
  implicit none
  integer, parameter :: m = 64
  real :: row(m)
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
end module scratch_mod

program module_var_race
  use scratch_mod
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
end program module_var_race
