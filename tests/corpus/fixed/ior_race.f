C HPCLS-RACE: yes
C HPCLS-TWIN: ior_ok.f
C HPCLS-PAIR: 19 19
C HPCLS-NOTE: status bits of all cells are or-ed into the shared mask without reduction(ior:mask)
C HPCLS-LOOP: 11 parallel
C HPCLS-LOOP: 18 parallel reduction(ior:mask)
      program iorrc
      implicit none
      integer n, i, mask, flags(2000)
      parameter (n = 2000)
      do 10 i = 1, n
         flags(i) = 0
         if (mod(i, 97) .eq. 0) flags(i) = 1
         if (mod(i, 331) .eq. 0) flags(i) = flags(i) + 4
   10 continue
      mask = 0
c$omp parallel do shared(flags, mask)
      do 20 i = 1, n
         mask = ior(mask, flags(i))
   20 continue
c$omp end parallel do
      print *, mask
      end program
