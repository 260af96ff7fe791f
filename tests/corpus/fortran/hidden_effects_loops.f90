! HPCLS-RACE: no
! HPCLS-NOTE: what the loop text does not show: TARGET dummies the caller may pass the same array to, a defined operator implemented outside this file, volatile and asynchronous data, a string built across iterations; the plain kernels next to them are parallel
! HPCLS-LOOP: 39 unknown
! HPCLS-LOOP: 42 parallel
! HPCLS-LOOP: 45 unknown
! HPCLS-LOOP: 48 parallel
! HPCLS-LOOP: 51 unknown
! HPCLS-LOOP: 54 unknown
! HPCLS-LOOP: 57 parallel
! HPCLS-LOOP: 60 serial
! HPCLS-LOOP: 63 parallel
module hidden_mod
  implicit none
  type :: cplx2
    real :: re, im
  end type cplx2
  interface operator(*)
    function cmul(a, b) result(c)
      import :: cplx2
      type(cplx2), intent(in) :: a, b
      type(cplx2) :: c
    end function cmul
  end interface
contains
  subroutine kernels(src, dst, z, w, names, n)
    integer, intent(in) :: n
    real, target, intent(inout) :: src(:), dst(:)
    type(cplx2), intent(inout) :: z(n), w(n)
    character(len=16), intent(inout) :: names(n)
    character(len=256) :: line
    real :: plain(n)
    real, asynchronous :: inbox(n)
    logical, volatile :: stop_now
    integer :: i
    stop_now = .false.
    line = ''
    inbox = 0.0
    plain = 0.0
    do i = 1, n - 1
      dst(i) = src(i + 1)
    end do
    do i = 1, n - 1
      plain(i) = src(i + 1)
    end do
    do i = 1, n
      z(i) = z(i) * w(i)
    end do
    do i = 1, n
      z(i)%re = z(i)%re * w(i)%re - z(i)%im * w(i)%im
    end do
    do i = 1, n
      if (stop_now) plain(i) = 0.0
    end do
    do i = 1, n
      plain(i) = plain(i) + inbox(i)
    end do
    do i = 1, n
      names(i) = 'cell'
    end do
    do i = 1, n
      line = trim(line) // names(i)(1:1)
    end do
    do i = 1, n
      dst(i) = plain(i) + real(len_trim(names(i)))
    end do
  end subroutine kernels
end module hidden_mod
