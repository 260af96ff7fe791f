! HPCLS-RACE: yes
! HPCLS-TWIN: atomic_partial_ok.f90
! HPCLS-PAIR: 22 23
! HPCLS-PAIR: 23 23
! HPCLS-NOTE: histogram: the increment is atomic but the weight update of the same bin is not
! HPCLS-LOOP: 17 parallel private(k) reduction(+:wsum)
program atomic_partial_race
  implicit none
  integer, parameter :: n = 20000, nb = 16
  real :: x(n), wsum(nb)
  integer :: cnt(nb), i, k

  call random_number(x)
  cnt = 0
  wsum = 0.0
  !$omp parallel do private(k)
  do i = 1, n
    k = int(x(i) * nb) + 1
    !$omp atomic
    cnt(k) = cnt(k) + 1
    !$omp atomic
    wsum(k) = wsum(k) + x(i)
    wsum(k) = wsum(k) - 0.5 * x(i)**2
  end do
  !$omp end parallel do
  print *, cnt, wsum
end program atomic_partial_race
