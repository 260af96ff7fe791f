! HPCLS-RACE: yes
! HPCLS-TWIN: lock_ok.f90
! HPCLS-PAIR: 23 31
! HPCLS-PAIR: 23 29
! HPCLS-PAIR: 24 30
! HPCLS-NOTE: the lock is taken around the push but not around the pop in the other section; both touch top and stack
! HPCLS-LOOP: 21 serial
! HPCLS-LOOP: 28 serial
program lock_race
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
    if (top > 0) then
      got = got + stack(top)
      top = top - 1
    end if
  end do
  !$omp end parallel sections
  call omp_destroy_lock(lck)
  print *, top, got
end program lock_race
