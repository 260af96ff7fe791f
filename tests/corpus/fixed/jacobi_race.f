C HPCLS-RACE: yes
C HPCLS-TWIN: jacobi_ok.f
C HPCLS-PAIR: 27 27
C HPCLS-PAIR: 27 28
C HPCLS-NOTE: in-place 2-D relaxation parallel over rows i: row i reads rows i-1 and i+1 that other threads update
C HPCLS-LOOP: 16 parallel collapse(2)
C HPCLS-LOOP: 17 parallel
C HPCLS-LOOP: 21 parallel
C HPCLS-LOOP: 25 serial
C HPCLS-LOOP: 26 serial
      program jacr
      implicit none
      integer n, i, j
      parameter (n = 200)
      double precision u(0:n+1, 0:n+1)
      do 10 j = 0, n + 1
         do 5 i = 0, n + 1
            u(i, j) = 0.0d0
    5    continue
   10 continue
      do 15 j = 0, n + 1
         u(0, j) = 1.0d0
   15 continue
c$omp parallel do private(j)
      do 30 i = 1, n
         do 20 j = 1, n
            u(i, j) = 0.25d0 * (u(i - 1, j)
     &              + u(i + 1, j)
     &              + u(i, j - 1) + u(i, j + 1))
   20    continue
   30 continue
c$omp end parallel do
      print *, u(n / 2, n / 2)
      end program
