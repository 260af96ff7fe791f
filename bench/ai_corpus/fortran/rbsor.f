C     Part of hpcls's own held-out completion corpus (written for hpcls,
C     not from a public suite).
C     Red-black SOR for the 2-D Poisson problem on an (N+2) x (M+2)
C     array with fixed boundary values, in the style of FORTRAN 77:
C     labelled DO loops, a COMMON block for the controls, no modules.
C
      SUBROUTINE RBSOR(N, M, U, F, H, OMEGA, ITER, RESID)
      IMPLICIT NONE
      INTEGER N, M, ITER
      DOUBLE PRECISION U(0:N+1, 0:M+1), F(0:N+1, 0:M+1)
      DOUBLE PRECISION H, OMEGA, RESID
      INTEGER MAXIT, NPRINT
      DOUBLE PRECISION TOL
      COMMON /SORCTL/ TOL, MAXIT, NPRINT
      INTEGER I, J, K, ICOL
      DOUBLE PRECISION H2, R, RNORM
      DOUBLE PRECISION RESNRM
      EXTERNAL RESNRM
C
      H2 = H * H
      DO 40 K = 1, MAXIT
C        Two half sweeps: cells with I+J even, then odd.
         DO 30 ICOL = 0, 1
!$OMP PARALLEL DO PRIVATE(I, R)
            DO 20 J = 1, M
               DO 10 I = 1 + MOD(J + ICOL, 2), N, 2
                  R = 0.25D0 * (U(I-1,J) + U(I+1,J) + U(I,J-1)
     &                + U(I,J+1) + H2 * F(I,J)) - U(I,J)
                  U(I,J) = U(I,J) + OMEGA * R
   10          CONTINUE
   20       CONTINUE
!$OMP END PARALLEL DO
   30    CONTINUE
         RNORM = RESNRM(N, M, U, F, H)
         IF (NPRINT .GT. 0 .AND. MOD(K, NPRINT) .EQ. 0) THEN
            WRITE (*, 900) K, RNORM
         END IF
         IF (RNORM .LT. TOL) GOTO 50
   40 CONTINUE
      K = MAXIT
   50 ITER = K
      RESID = RNORM
      RETURN
  900 FORMAT (' RBSOR: IT=', I6, '  RES=', 1PE12.4)
      END
C
C     Discrete L2 norm of the residual F + laplacian(U) on the interior.
C
      DOUBLE PRECISION FUNCTION RESNRM(N, M, U, F, H)
      IMPLICIT NONE
      INTEGER N, M
      DOUBLE PRECISION U(0:N+1, 0:M+1), F(0:N+1, 0:M+1), H
      INTEGER I, J
      DOUBLE PRECISION S, R, RH2
C
      RH2 = 1.0D0 / (H * H)
      S = 0.0D0
!$OMP PARALLEL DO PRIVATE(I, R) REDUCTION(+:S)
      DO 20 J = 1, M
         DO 10 I = 1, N
            R = F(I,J) + RH2 * (U(I-1,J) + U(I+1,J) + U(I,J-1)
     &          + U(I,J+1) - 4.0D0 * U(I,J))
            S = S + R * R
   10    CONTINUE
   20 CONTINUE
!$OMP END PARALLEL DO
      RESNRM = SQRT(S * H * H)
      RETURN
      END
C
C     The over-relaxation factor that is optimal for the model problem.
C
      DOUBLE PRECISION FUNCTION OMEGOP(N, M)
      IMPLICIT NONE
      INTEGER N, M
      DOUBLE PRECISION PI, RHO
      PARAMETER (PI = 3.141592653589793D0)
C
      RHO = 0.5D0 * (COS(PI / DBLE(N + 1)) + COS(PI / DBLE(M + 1)))
      OMEGOP = 2.0D0 / (1.0D0 + SQRT(1.0D0 - RHO * RHO))
      RETURN
      END
C
C     Driver: a unit square, f = 1, zero boundary values.
C
      PROGRAM SORDRV
      IMPLICIT NONE
      INTEGER NN, MM
      PARAMETER (NN = 127, MM = 127)
      DOUBLE PRECISION U(0:NN+1, 0:MM+1), F(0:NN+1, 0:MM+1)
      INTEGER MAXIT, NPRINT, ITER, I, J
      DOUBLE PRECISION TOL, H, OMEGA, RESID
      COMMON /SORCTL/ TOL, MAXIT, NPRINT
      DOUBLE PRECISION OMEGOP
      EXTERNAL OMEGOP
C
      TOL = 1.0D-6
      MAXIT = 5000
      NPRINT = 100
      H = 1.0D0 / DBLE(NN + 1)
      DO 20 J = 0, MM + 1
         DO 10 I = 0, NN + 1
            U(I,J) = 0.0D0
            F(I,J) = 1.0D0
   10    CONTINUE
   20 CONTINUE
      OMEGA = OMEGOP(NN, MM)
      CALL RBSOR(NN, MM, U, F, H, OMEGA, ITER, RESID)
      WRITE (*, 910) ITER, RESID, U((NN+1)/2, (MM+1)/2)
  910 FORMAT (' ITERATIONS', I7, '  RESIDUAL', 1PE12.4,
     &        '  CENTRE', E14.6)
      END
