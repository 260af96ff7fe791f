C HPCLS-RACE: no
C HPCLS-TWIN: product_race.f
C HPCLS-NOTE: reduction(*:gprod) multiplies per-thread partial products
C HPCLS-LOOP: 11 parallel
C HPCLS-LOOP: 16 parallel reduction(*:gprod)
      program prodok
      implicit none
      integer n, i
      parameter (n = 400)
      double precision rate(n), gprod
      do 10 i = 1, n
         rate(i) = 1.0d0 + 1.0d-3 * mod(i, 7)
   10 continue
      gprod = 1.0d0
c$omp parallel do shared(rate) reduction(*:gprod)
      do 20 i = 1, n
         gprod = gprod * rate(i)
   20 continue
c$omp end parallel do
      print *, gprod
      end program
