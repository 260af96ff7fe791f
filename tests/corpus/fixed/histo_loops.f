C HPCLS-RACE: no
C HPCLS-NOTE: binning, minimum search and calls into an external solver whose source is not here
C HPCLS-LOOP: 17 parallel lastprivate(k)
C HPCLS-LOOP: 20 parallel private(k) reduction(+:h)
C HPCLS-LOOP: 24 unknown
C HPCLS-LOOP: 28 parallel reduction(min:xmin)
C HPCLS-LOOP: 31 parallel lastprivate(w, last)
C HPCLS-LOOP: 36 unknown
      program histl
      implicit none
      integer n, nb, i, k, ib(5000), last
      parameter (n = 5000, nb = 32)
      real x(n), h(nb), g(n), xmin, w
      external smooth
      call random_number(x)
      read (*, *) ib
      do 10 k = 1, nb
         h(k) = 0.0
   10 continue
      do 20 i = 1, n
         k = int(x(i) * nb) + 1
         h(k) = h(k) + 1.0
   20 continue
      do 30 i = 1, n
         g(ib(i)) = x(i)
   30 continue
      xmin = 1.0e30
      do 40 i = 1, n
         xmin = min(xmin, x(i))
   40 continue
      do 50 i = 1, n
         w = 2.0 * x(i) - 1.0
         last = i
         x(i) = w * w
   50 continue
      do 60 k = 1, 4
         call smooth(x, n, k)
   60 continue
      print *, h(1), xmin, w, last, g(1)
      end program
