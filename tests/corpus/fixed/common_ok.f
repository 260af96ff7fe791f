C HPCLS-RACE: no
C HPCLS-TWIN: common_race.f
C HPCLS-NOTE: common /wk/ is threadprivate, so each thread's filt works in its own copy of the scratch array
C HPCLS-LOOP: 13 parallel
C HPCLS-LOOP: 16 parallel
C HPCLS-LOOP: 28 parallel
      subroutine filt(x, y, m)
      implicit none
      integer m, i
      real x(m), y(m), w(100)
      common /wk/ w
c$omp threadprivate(/wk/)
      do 10 i = 1, m
         w(i) = x(i) * x(i)
   10 continue
      do 20 i = 2, m - 1
         y(i) = w(i - 1) + 2.0 * w(i) + w(i + 1)
   20 continue
      end subroutine

      program commk
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
