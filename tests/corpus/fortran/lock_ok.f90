! HPCLS-RACE: no
! HPCLS-TWIN: lock_race.f90
! HPCLS-NOTE: push and pop both hold the same lock while touching top and stack
! HPCLS-LOOP: 18 serial
! HPCLS-LOOP: 25 serial
program lock_ok
  use omp_lib
  implicit none
  integer, parameter :: cap = 1000
  integer :: stack(cap), top, i, got
  integer(kind=omp_lock_kind) :: lck

  call omp_init_lock(lck)
  top = 0
  got = 0
  !$omp parallel sections shared(stack, top, got)
  !$omp section
  do i = 1, 500
    call omp_set_lock(lck)
    top = top + 1
    stack(top) = i
    call omp_unset_lock(lck)
  end do
  !$omp section
  do i = 1, 500
    call omp_set_lock(lck)
    if (top > 0) then
      got = got + stack(top)
      top = top - 1
    end if
    call omp_unset_lock(lck)
  end do
  !$omp end parallel sections
  call omp_destroy_lock(lck)
  print *, top, got
end program lock_ok
