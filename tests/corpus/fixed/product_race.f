C HPCLS-RACE: yes
C HPCLS-TWIN: product_ok.f
C HPCLS-PAIR: 18 18
C HPCLS-NOTE: product of growth factors accumulated into shared gprod without reduction(*:gprod)
C HPCLS-LOOP: 12 parallel
C HPCLS-LOOP: 17 parallel reduction(*:gprod)
      program prodrc
      implicit none
      integer n, i
      parameter (n = 400)
      double precision rate(n), gprod
      do 10 i = 1, n
         rate(i) = 1.0d0 + 1.0d-3 * mod(i, 7)
   10 continue
      gprod = 1.0d0
c$omp parallel do shared(rate, gprod)
      do 20 i = 1, n
         gprod = gprod * rate(i)
   20 continue
c$omp end parallel do
      print *, gprod
      end program
