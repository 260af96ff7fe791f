C HPCLS-RACE: yes
C HPCLS-TWIN: dist2_ok.f
C HPCLS-PAIR: 19 20
C HPCLS-NOTE: a(i+2) depends on a(i): a true dependence of distance 2 across threads
C HPCLS-LOOP: 12 parallel
C HPCLS-LOOP: 18 serial
      program dist2r
      implicit none
      integer n, i
      parameter (n = 1000)
      real a(n + 2), b(n)
      do 10 i = 1, n
         b(i) = 1.0 / i
   10 continue
      a(1) = 1.0
      a(2) = 1.0
c$omp parallel do
      do 20 i = 1, n
         a(i + 2) =
     &      a(i) + b(i)
   20 continue
c$omp end parallel do
      print *, a(n + 2)
      end program
