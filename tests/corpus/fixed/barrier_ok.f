C HPCLS-RACE: no
C HPCLS-TWIN: barrier_race.f
C HPCLS-NOTE: a barrier separates writing the blocks from reading the neighbour's edge value
C HPCLS-LOOP: 18 parallel
C HPCLS-LOOP: 22 parallel
      program bark
      use omp_lib
      implicit none
      integer n, i, lo, hi, me, nt
      parameter (n = 4096)
      real v(0:n), d(n)
      v(0) = 0.0
c$omp parallel private(i, lo, hi, me, nt) shared(v, d)
      me = omp_get_thread_num()
      nt = omp_get_num_threads()
      lo = me * n / nt + 1
      hi = (me + 1) * n / nt
      do 10 i = lo, hi
         v(i) = sqrt(real(i))
   10 continue
c$omp barrier
      do 20 i = lo, hi
         d(i) = v(i) - v(i - 1)
   20 continue
c$omp end parallel
      print *, sum(d)
      end program
