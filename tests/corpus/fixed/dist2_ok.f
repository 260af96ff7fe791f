C HPCLS-RACE: no
C HPCLS-TWIN: dist2_race.f
C HPCLS-NOTE: the even and odd chains are independent, so the two chains run as two sections while each chain stays sequential
C HPCLS-LOOP: 12 parallel
C HPCLS-LOOP: 19 serial
C HPCLS-LOOP: 23 serial
      program dist2k
      implicit none
      integer n, i
      parameter (n = 1000)
      real a(n + 2), b(n)
      do 10 i = 1, n
         b(i) = 1.0 / i
   10 continue
      a(1) = 1.0
      a(2) = 1.0
c$omp parallel sections private(i)
c$omp section
      do 20 i = 1, n, 2
         a(i + 2) = a(i) + b(i)
   20 continue
c$omp section
      do 30 i = 2, n, 2
         a(i + 2) = a(i) + b(i)
   30 continue
c$omp end parallel sections
      print *, a(n + 2)
      end program
