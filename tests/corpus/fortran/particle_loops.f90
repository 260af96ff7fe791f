! HPCLS-RACE: no
! HPCLS-NOTE: particle kernels on an array of derived type: pairwise forces, leapfrog update, diagnostics
! HPCLS-LOOP: 25 parallel
! HPCLS-LOOP: 30 parallel private(d, r2, fx)
! HPCLS-LOOP: 32 parallel private(d, r2) reduction(+:fx)
! HPCLS-LOOP: 41 parallel
! HPCLS-LOOP: 48 parallel lastprivate(vlast) reduction(+:ekin,nout) reduction(max:vmax)
module particles_mod
  implicit none
  type particle
    real(8) :: x(3), v(3), f(3), m
  end type particle
end module particles_mod

program particle_loops
  use particles_mod
  implicit none
  integer, parameter :: np = 500
  real(8), parameter :: dt = 1.0d-3, box = 10.0d0
  type(particle), allocatable :: p(:)
  real(8) :: d(3), r2, fx(3), ekin, vmax, vlast
  integer :: i, j, nout

  allocate(p(np))
  do i = 1, np
    p(i)%x = [mod(i, 10), mod(i / 10, 10), i / 100] * 1.0d0
    p(i)%v = 0.0d0
    p(i)%m = 1.0d0
  end do
  do i = 1, np
    fx = 0.0d0
    do j = 1, np
      if (j /= i) then
        d = p(j)%x - p(i)%x
        r2 = sum(d * d) + 1.0d-2
        fx = fx + d / (r2 * sqrt(r2))
      end if
    end do
    p(i)%f = fx
  end do
  do i = 1, np
    p(i)%v = p(i)%v + dt * p(i)%f / p(i)%m
    p(i)%x = modulo(p(i)%x + dt * p(i)%v, box)
  end do
  ekin = 0.0d0
  vmax = 0.0d0
  nout = 0
  do i = 1, np
    vlast = sqrt(sum(p(i)%v**2))
    ekin = ekin + 0.5d0 * p(i)%m * vlast**2
    vmax = max(vmax, vlast)
    if (any(p(i)%x > 0.5d0 * box)) nout = nout + 1
  end do
  print *, ekin, vmax, nout, vlast
end program particle_loops
