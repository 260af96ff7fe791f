*> dgtsv_like.f -- fixed-form Fortran 77 tridiagonal solver (hpcls
*> example "legacy").  LAPACK-style argument conventions, no pivoting,
*> intended for diagonally dominant systems such as implicit diffusion.
*>
*>   TRIFAC  factor  A = L*U  in place (multipliers overwrite DL)
*>   TRISOL  solve   L*U*x = b  for one right-hand side
*>   TRIMRH  factor once, then solve NRHS columns with OpenMP
*>   TRIBD   BLOCK DATA initialising the /TRICOM/ common block
*>   TRIDRV  small self-checking driver (1-D Poisson problem)
*>
*> Build:  gfortran -O2 -fopenmp -ffixed-form dgtsv_like.f -o tridrv
C
C     Revision history (kept in the style of the original code):
C       1994-03  first version, Cray Y-MP, single right-hand side
C       1999-11  TRIMRH added for the multi-column ADI sweeps
C       2006-05  OpenMP directives in TRIMRH
C
************************************************************************
      SUBROUTINE TRIFAC( N, DL, D, DU, INFO )
C
C     .. Scalar Arguments ..
      INTEGER            INFO, N
C     .. Array Arguments ..
      DOUBLE PRECISION   D( * ), DL( * ), DU( * )
C
C  Purpose
C  =======
C
C  TRIFAC computes the LU factorisation of the N-by-N tridiagonal
C  matrix with sub-diagonal DL(1:N-1), diagonal D(1:N) and
C  super-diagonal DU(1:N-1).  On exit DL holds the multipliers of L
C  and D the diagonal of U; DU is unchanged (it is U's super-diagonal).
C
C  INFO = 0   success
C       < 0   argument -INFO had an illegal value
C       > 0   U(INFO,INFO) is smaller than PIVMIN in magnitude
C
C     .. Common Blocks ..
      DOUBLE PRECISION   PIVMIN
      INTEGER            NFACT
      COMMON             / TRICOM / PIVMIN, NFACT
C     .. Local Scalars ..
      INTEGER            I
      DOUBLE PRECISION   FACT
C     .. Intrinsic Functions ..
      INTRINSIC          ABS
C
      INFO = 0
      IF( N.LT.0 ) THEN
         INFO = -1
         GO TO 900
      END IF
      IF( N.EQ.0 )
     $   RETURN
C
      NFACT = NFACT + 1
C
C     Gaussian elimination down the diagonal.  The recurrence is
C     inherently sequential, so this loop is not parallelised.
C
      DO 10 I = 1, N - 1
         IF( ABS( D( I ) ).LT.PIVMIN ) THEN
            INFO = I
            GO TO 900
         END IF
         FACT = DL( I ) / D( I )
         DL( I ) = FACT
         D( I+1 ) = D( I+1 ) - FACT*DU( I )
   10 CONTINUE
      IF( ABS( D( N ) ).LT.PIVMIN )
     $   INFO = N
C
  900 CONTINUE
      RETURN
C
C     End of TRIFAC
C
      END
************************************************************************
      SUBROUTINE TRISOL( N, DL, D, DU, B )
C
C     .. Scalar Arguments ..
      INTEGER            N
C     .. Array Arguments ..
      DOUBLE PRECISION   B( * ), D( * ), DL( * ), DU( * )
C
C  Purpose
C  =======
C
C  TRISOL solves A*X = B for one right-hand side, using the factors
C  computed by TRIFAC.  B is overwritten by the solution X.  The
C  factors are only read, so several threads may call TRISOL on
C  different right-hand sides at the same time.
C
C     .. Local Scalars ..
      INTEGER            I
C
      IF( N.LE.0 )
     $   RETURN
C
C     Forward substitution  L*y = b
C
      DO 20 I = 2, N
         B( I ) = B( I ) - DL( I-1 )*B( I-1 )
   20 CONTINUE
C
C     Back substitution  U*x = y
C
      B( N ) = B( N ) / D( N )
      DO 30 I = N - 1, 1, -1
         B( I ) = ( B( I )-DU( I )*B( I+1 ) ) / D( I )
   30 CONTINUE
      RETURN
C
C     End of TRISOL
C
      END
************************************************************************
      SUBROUTINE TRIMRH( N, NRHS, DL, D, DU, B, LDB, INFO )
C
C     .. Scalar Arguments ..
      INTEGER            INFO, LDB, N, NRHS
C     .. Array Arguments ..
      DOUBLE PRECISION   B( LDB, * ), D( * ), DL( * ), DU( * )
C
C  Purpose
C  =======
C
C  TRIMRH solves A*X = B with NRHS right-hand sides stored as the
C  columns of B.  A is factored once by TRIFAC (serial); the columns
C  are independent and are solved in parallel with OpenMP.
C
C     .. Local Scalars ..
      INTEGER            J
C     .. External Subroutines ..
      EXTERNAL           TRIFAC, TRISOL
C     .. Intrinsic Functions ..
      INTRINSIC          MAX
C
      INFO = 0
      IF( N.LT.0 ) THEN
         INFO = -1
      ELSE IF( NRHS.LT.0 ) THEN
         INFO = -2
      ELSE IF( LDB.LT.MAX( 1, N ) ) THEN
         INFO = -7
      END IF
      IF( INFO.NE.0 )
     $   GO TO 900
      IF( N.EQ.0 .OR. NRHS.EQ.0 )
     $   RETURN
C
      CALL TRIFAC( N, DL, D, DU, INFO )
      IF( INFO.NE.0 )
     $   GO TO 900
C
C     One column per iteration; DL, D, DU are read-only from here on.
C
C$OMP PARALLEL DO DEFAULT(NONE) PRIVATE(J)
C$OMP&            SHARED(N, NRHS, DL, D, DU, B) SCHEDULE(STATIC)
      DO 40 J = 1, NRHS
         CALL TRISOL( N, DL, D, DU, B( 1, J ) )
   40 CONTINUE
C$OMP END PARALLEL DO
C
  900 CONTINUE
      RETURN
C
C     End of TRIMRH
C
      END
************************************************************************
      BLOCK DATA TRIBD
C
C     Default pivot threshold and the factorisation counter.
C
      DOUBLE PRECISION   PIVMIN
      INTEGER            NFACT
      COMMON             / TRICOM / PIVMIN, NFACT
      DATA               PIVMIN / 1.0D-300 /, NFACT / 0 /
      END
************************************************************************
      PROGRAM TRIDRV
C
C     Self-check: solve the 1-D Poisson problem  -u'' = f  on (0,1)
C     with u(0) = u(1) = 0 for NRHS different source terms whose exact
C     discrete solutions are known, and report the largest error.
C
      INTEGER            NMAX, NRHS
      PARAMETER          ( NMAX = 200, NRHS = 8 )
      DOUBLE PRECISION   ZERO, ONE, TWO, PI
      PARAMETER          ( ZERO = 0.0D0, ONE = 1.0D0, TWO = 2.0D0,
     $                   PI = 3.14159265358979323846D0 )
C
      DOUBLE PRECISION   PIVMIN
      INTEGER            NFACT
      COMMON             / TRICOM / PIVMIN, NFACT
C
      INTEGER            I, INFO, J, N
      DOUBLE PRECISION   B( NMAX, NRHS ), D( NMAX ), DL( NMAX ),
     $                   DU( NMAX ), ERR, H, LAMBDA, X
      EXTERNAL           TRIMRH
      INTRINSIC          ABS, COS, DBLE, MAX, SIN
C
      N = NMAX
      H = ONE / DBLE( N+1 )
C
C     Matrix  (1/h**2) * tridiag( -1, 2, -1 )
C
      DO 50 I = 1, N
         DL( I ) = -ONE / H**2
         D( I ) = TWO / H**2
         DU( I ) = -ONE / H**2
   50 CONTINUE
C
C     Column J: the discrete eigenvector sin(J*pi*x) scaled by its
C     eigenvalue, so that the exact solution is sin(J*pi*x) itself.
C
      DO 70 J = 1, NRHS
         LAMBDA = ( TWO-TWO*COS( DBLE( J )*PI*H ) ) / H**2
         DO 60 I = 1, N
            X = DBLE( I )*H
            B( I, J ) = LAMBDA*SIN( DBLE( J )*PI*X )
   60    CONTINUE
   70 CONTINUE
C
      CALL TRIMRH( N, NRHS, DL, D, DU, B, NMAX, INFO )
      IF( INFO.NE.0 ) THEN
         WRITE( *, FMT = 9999 ) INFO
         STOP 1
      END IF
C
      ERR = ZERO
      DO 90 J = 1, NRHS
         DO 80 I = 1, N
            X = DBLE( I )*H
            ERR = MAX( ERR, ABS( B( I, J )-SIN( DBLE( J )*PI*X ) ) )
   80    CONTINUE
   90 CONTINUE
C
      WRITE( *, FMT = 9998 ) N, NRHS, NFACT, ERR
      IF( ERR.GT.1.0D-8 )
     $   STOP 2
C
 9999 FORMAT( ' TRIDRV: TRIMRH FAILED, INFO = ', I6 )
 9998 FORMAT( ' TRIDRV: N =', I5, '  NRHS =', I3, '  NFACT =', I3,
     $        '  MAX ERROR =', 1P, E10.3 )
      END
