C HPCLS-RACE: no
C HPCLS-NOTE: BLAS-1/2 style kernels and a tridiagonal solve in FORTRAN 77 form
C HPCLS-LOOP: 21 parallel
C HPCLS-LOOP: 29 parallel
C HPCLS-LOOP: 33 parallel reduction(+:dot)
C HPCLS-LOOP: 37 parallel reduction(max:amax)
C HPCLS-LOOP: 40 parallel collapse(2)
C HPCLS-LOOP: 41 parallel
C HPCLS-LOOP: 45 parallel lastprivate(t)
C HPCLS-LOOP: 47 parallel reduction(+:t)
C HPCLS-LOOP: 54 serial
C HPCLS-LOOP: 59 serial
      program blasl
      implicit none
      integer n, i, j
      parameter (n = 300)
      double precision x(n), y(n), a(n, n), z(n)
      double precision al, dot, amax, t
      double precision dl(n), dd(n), du(n), r(n), cp(n)
      al = 2.5d0
      do 10 i = 1, n
         x(i) = 1.0d0 / i
         y(i) = 1.0d0
         dl(i) = -1.0d0
         dd(i) = 4.0d0
         du(i) = -1.0d0
         r(i) = 1.0d0
   10 continue
      do 20 i = 1, n
         y(i) = y(i) + al * x(i)
   20 continue
      dot = 0.0d0
      do 30 i = 1, n
         dot = dot + x(i) * y(i)
   30 continue
      amax = 0.0d0
      do 40 i = 1, n
         amax = max(amax, abs(y(i)))
   40 continue
      do 60 j = 1, n
         do 50 i = 1, n
            a(i, j) = 1.0d0 / (i + j - 1)
   50    continue
   60 continue
      do 80 i = 1, n
         t = 0.0d0
         do 70 j = 1, n
            t = t + a(i, j) * x(j)
   70    continue
         z(i) = t
   80 continue
      cp(1) = du(1) / dd(1)
      r(1) = r(1) / dd(1)
      do 90 i = 2, n
         t = dd(i) - dl(i) * cp(i - 1)
         cp(i) = du(i) / t
         r(i) = (r(i) - dl(i) * r(i - 1)) / t
   90 continue
      do 100 i = n - 1, 1, -1
         r(i) = r(i) - cp(i) * r(i + 1)
  100 continue
      print *, dot, amax, z(1), r(1)
      end program
