C HPCLS-RACE: yes
C HPCLS-TWIN: barrier_ok.f
C HPCLS-PAIR: 20 23
C HPCLS-NOTE: manual block decomposition: phase 2 reads the neighbour block's edge value v(lo-1) with no barrier after phase 1
C HPCLS-LOOP: 19 parallel
C HPCLS-LOOP: 22 parallel
      program barr
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
      do 20 i = lo, hi
         d(i) = v(i) - v(i - 1)
   20 continue
c$omp end parallel
      print *, sum(d)
      end program
