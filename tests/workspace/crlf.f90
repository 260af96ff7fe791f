! Test workspace: CRLF line endings.
module crlf_mod
  implicit none
  integer :: counter = 0
end module crlf_mod
