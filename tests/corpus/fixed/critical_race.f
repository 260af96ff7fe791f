C HPCLS-RACE: yes
C HPCLS-TWIN: critical_ok.f
C HPCLS-PAIR: 17 18
C HPCLS-PAIR: 18 18
C HPCLS-NOTE: the pair (best, ibest) must be updated together; without critical threads interleave the compare and the two writes
C HPCLS-LOOP: 16 serial
      program critrc
      implicit none
      integer n, i, ibest
      parameter (n = 5000)
      real e(n), best
      call random_number(e)
      best = 1.0e30
      ibest = 0
!$omp parallel do shared(e, best, ibest)
      do 10 i = 1, n
         if (e(i) .lt. best) then
            best = e(i)
            ibest = i
         end if
   10 continue
!$omp end parallel do
      print *, best, ibest
      end program
