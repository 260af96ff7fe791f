C HPCLS-FOUND: output: a verified 'Parallelize loop' edit changes the behaviour (lastprivate, but a CYCLE skips the assignment)
C loop at line 25: hpcls says parallel (verified), edit: !$omp parallel do lastprivate(lst)
C run: OMP_NUM_THREADS=1 OMP_SCHEDULE=static; first difference at output line 1 (serial 1 lines, parallel 1 lines)
C serial output: 'ints 0 0 0 -1000000 1000000 1 -1 0 0'
C parallel output: 'ints 0 0 0 -1000000 1000000 1 0 0 0'
C origin: python -m tests.fuzz --lang f --seed 100579 --count 1 with the generator of 86fa91e (minimized from 166 to 62 lines); fixed in a3bc1a5 (continue/cycle make the rest of an iteration conditional)
C HPCLS-FUZZ: f seed 100579
      program fzmain
      implicit none
      integer n, m, sz
      parameter (n = 37, m = 6, sz = 82)
      integer glob, garr(0:sz-1)
      integer s, t, u, mx, mn, cr, lst, x
      integer i, j, k, q, q2
      integer f1, g1
      s = 0
      t = 0
      u = 0
      mx = -1000000
      mn = 1000000
      cr = 1
      lst = -1
      x = 0
      glob = 0
      do i = 32, 4, -1
          cycle
        lst = mod(f1(i), 1000)
      end do
      write(*, '(A,9(1X,I0))') 'ints', s, t, u, mx, mn, cr, lst, x, glob
      end
      integer function f1(x)
      implicit none
      integer x
      f1 = mod(x * 3 + 1, 101)
      end
      integer function g1(k)
      implicit none
      integer k
      integer n, m, sz
      parameter (n = 37, m = 6, sz = 82)
      integer glob, garr(0:sz-1)
      common /fzg/ glob, garr
      glob = mod(glob + k, 1000)
      g1 = mod(glob, 7)
      end
      subroutine h1(k)
      implicit none
      integer k
      integer n, m, sz
      parameter (n = 37, m = 6, sz = 82)
      integer glob, garr(0:sz-1)
      common /fzg/ glob, garr
      garr(k) = mod(garr(k) + 1, 1000)
      end
      subroutine h2(k)
      implicit none
      integer k
      integer n, m, sz
      parameter (n = 37, m = 6, sz = 82)
      integer glob, garr(0:sz-1)
      common /fzg/ glob, garr
      garr(0) = mod(garr(0) + k, 1000)
      end
      subroutine pr(k)
      implicit none
      integer k
      print *, 'pr', k
      end
