C HPCLS-RACE: no
C HPCLS-NOTE: FORTRAN 77 loops that write, print or read a record per iteration (the record order is part of the result) next to the same loops with the I/O outside
C HPCLS-LOOP: 15 parallel
C HPCLS-LOOP: 18 unknown
C HPCLS-LOOP: 22 unknown
C HPCLS-LOOP: 26 unknown
C HPCLS-LOOP: 29 parallel
C HPCLS-LOOP: 33 unknown
      program iolp
      implicit none
      integer n, i, ios
      parameter (n = 50)
      double precision t(n), s(n)
      open(unit=11, file='iolp.dat', status='unknown')
      do 10 i = 1, n
         t(i) = 273.15d0 + 0.5d0 * i
   10 continue
      do 20 i = 1, n
         s(i) = t(i) / 300.0d0
         write(11, 900) i, s(i)
   20 continue
      do 30 i = 1, n
         print 900, i, t(i)
   30 continue
      rewind 11
      do 40 i = 1, n
         read(11, *, iostat=ios) s(i)
   40 continue
      do 50 i = 1, n
         s(i) = t(i) / 300.0d0
   50 continue
      write(11, *) s
      do 60 i = 1, n
         if (t(i) .lt. 0.0d0) stop 'negative temperature'
         s(i) = sqrt(t(i))
   60 continue
      close(11)
  900 format(i5, f12.6)
      end
