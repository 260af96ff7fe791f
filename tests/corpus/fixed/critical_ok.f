C HPCLS-RACE: no
C HPCLS-TWIN: critical_race.f
C HPCLS-NOTE: compare and update of (best, ibest) happen inside one critical section
C HPCLS-LOOP: 14 serial
      program critok
      implicit none
      integer n, i, ibest
      parameter (n = 5000)
      real e(n), best
      call random_number(e)
      best = 1.0e30
      ibest = 0
!$omp parallel do shared(e, best, ibest)
      do 10 i = 1, n
!$omp critical (bestup)
         if (e(i) .lt. best) then
            best = e(i)
            ibest = i
         end if
!$omp end critical (bestup)
   10 continue
!$omp end parallel do
      print *, best, ibest
      end program
