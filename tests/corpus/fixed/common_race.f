C HPCLS-RACE: yes
C HPCLS-TWIN: common_ok.f
C HPCLS-PAIR: 15 18
C HPCLS-PAIR: 15 15
C HPCLS-NOTE: the work array in common /wk/ is one shared copy, used as scratch by every thread calling filt
C HPCLS-LOOP: 14 parallel
C HPCLS-LOOP: 17 parallel
C HPCLS-LOOP: 29 serial
      subroutine filt(x, y, m)
      implicit none
      integer m, i
      real x(m), y(m), w(100)
      common /wk/ w
      do 10 i = 1, m
         w(i) = x(i) * x(i)
   10 continue
      do 20 i = 2, m - 1
         y(i) = w(i - 1) + 2.0 * w(i) + w(i + 1)
   20 continue
      end subroutine

      program commr
      implicit none
      integer j
      real x(100, 50), y(100, 50)
      call random_number(x)
      y = 0.0
c$omp parallel do
      do 30 j = 1, 50
         call filt(x(1, j), y(1, j), 100)
   30 continue
c$omp end parallel do
      print *, sum(y)
      end program
