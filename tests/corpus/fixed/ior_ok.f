C HPCLS-RACE: no
C HPCLS-TWIN: ior_race.f
C HPCLS-NOTE: reduction(ior:mask) combines the per-thread masks
C HPCLS-LOOP: 10 parallel
C HPCLS-LOOP: 17 parallel reduction(ior:mask)
      program iorok
      implicit none
      integer n, i, mask, flags(2000)
      parameter (n = 2000)
      do 10 i = 1, n
         flags(i) = 0
         if (mod(i, 97) .eq. 0) flags(i) = 1
         if (mod(i, 331) .eq. 0) flags(i) = flags(i) + 4
   10 continue
      mask = 0
c$omp parallel do shared(flags) reduction(ior:mask)
      do 20 i = 1, n
         mask = ior(mask, flags(i))
   20 continue
c$omp end parallel do
      print *, mask
      end program
