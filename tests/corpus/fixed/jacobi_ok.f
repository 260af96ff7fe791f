C HPCLS-RACE: no
C HPCLS-TWIN: jacobi_race.f
C HPCLS-NOTE: the sweep writes unew from u only; the inner index j is private automatically
C HPCLS-LOOP: 14 parallel collapse(2)
C HPCLS-LOOP: 15 parallel
C HPCLS-LOOP: 19 parallel
C HPCLS-LOOP: 23 parallel collapse(2)
C HPCLS-LOOP: 24 parallel
      program jack
      implicit none
      integer n, i, j
      parameter (n = 200)
      double precision u(0:n+1, 0:n+1), unew(n, n)
      do 10 j = 0, n + 1
         do 5 i = 0, n + 1
            u(i, j) = 0.0d0
    5    continue
   10 continue
      do 15 j = 0, n + 1
         u(0, j) = 1.0d0
   15 continue
c$omp parallel do
      do 30 j = 1, n
         do 20 i = 1, n
            unew(i, j) = 0.25d0 * (u(i - 1, j) + u(i + 1, j)
     &                 + u(i, j - 1) + u(i, j + 1))
   20    continue
   30 continue
c$omp end parallel do
      print *, unew(n / 2, n / 2)
      end program
