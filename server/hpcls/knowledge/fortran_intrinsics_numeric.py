"""Fortran 2018 intrinsic procedures (clause 16.9): numeric, mathematical, character and kind
functions. Rows are (name, class code, signature as in the standard, one-line description);
class codes are spelled out in fortran_intrinsics. `[ ]` marks optional arguments; a
procedure with several forms has one form per line."""

from __future__ import annotations

Row = tuple[str, str, str, str]

NUMERIC: tuple[Row, ...] = (
    ("ABS", "E", "ABS (A)", "Absolute value (modulus for complex A)."),
    ("AIMAG", "E", "AIMAG (Z)", "Imaginary part of a complex number."),
    ("AINT", "E", "AINT (A [, KIND])", "Truncation toward zero to a whole number, as a real."),
    ("ANINT", "E", "ANINT (A [, KIND])", "Nearest whole number, as a real (halves away from 0)."),
    ("CEILING", "E", "CEILING (A [, KIND])", "Least integer greater than or equal to A."),
    ("CMPLX", "E", "CMPLX (X [, KIND])\nCMPLX (X [, Y, KIND])", "Conversion to complex."),
    ("CONJG", "E", "CONJG (Z)", "Complex conjugate."),
    ("DBLE", "E", "DBLE (A)", "Conversion to double precision real."),
    ("DIM", "E", "DIM (X, Y)", "Positive difference: X - Y if positive, else zero."),
    ("DPROD", "E", "DPROD (X, Y)", "Double precision product of two default reals."),
    ("FLOOR", "E", "FLOOR (A [, KIND])", "Greatest integer less than or equal to A."),
    ("INT", "E", "INT (A [, KIND])", "Conversion to integer, truncating toward zero."),
    ("LOGICAL", "E", "LOGICAL (L [, KIND])", "Conversion between kinds of logical."),
    ("MAX", "E", "MAX (A1, A2 [, A3, ...])", "Maximum of the arguments."),
    ("MIN", "E", "MIN (A1, A2 [, A3, ...])", "Minimum of the arguments."),
    ("MOD", "E", "MOD (A, P)", "Remainder A - INT(A/P)*P; takes the sign of A."),
    ("MODULO", "E", "MODULO (A, P)", "Modulo A - FLOOR(A/P)*P; takes the sign of P."),
    ("NINT", "E", "NINT (A [, KIND])", "Nearest integer (halves away from zero)."),
    ("REAL", "E", "REAL (A [, KIND])", "Conversion to real (real part for complex A)."),
    ("SIGN", "E", "SIGN (A, B)", "ABS(A) with the sign of B."),
    ("OUT_OF_RANGE", "E", "OUT_OF_RANGE (X, MOLD [, ROUND])", "Whether X fits MOLD's type."),
    ("TRANSFER", "T", "TRANSFER (SOURCE, MOLD [, SIZE])", "SOURCE's bits reinterpreted as MOLD."),
    # --- floating-point model manipulation
    ("EXPONENT", "E", "EXPONENT (X)", "Exponent part of X in the model representation."),
    ("FRACTION", "E", "FRACTION (X)", "Fractional part of X in the model representation."),
    ("NEAREST", "E", "NEAREST (X, S)", "Nearest representable number to X in S's direction."),
    ("RRSPACING", "E", "RRSPACING (X)", "Reciprocal of the relative spacing of numbers near X."),
    ("SCALE", "E", "SCALE (X, I)", "X multiplied by RADIX(X)**I, exactly."),
    ("SET_EXPONENT", "E", "SET_EXPONENT (X, I)", "X with its model exponent set to I."),
    ("SPACING", "E", "SPACING (X)", "Absolute spacing of model numbers near X."),
)

MATH: tuple[Row, ...] = (
    ("ACOS", "E", "ACOS (X)", "Arccosine, in radians."),
    ("ACOSH", "E", "ACOSH (X)", "Inverse hyperbolic cosine."),
    ("ASIN", "E", "ASIN (X)", "Arcsine, in radians."),
    ("ASINH", "E", "ASINH (X)", "Inverse hyperbolic sine."),
    ("ATAN", "E", "ATAN (X)\nATAN (Y, X)", "Arctangent; with two arguments, same as ATAN2."),
    ("ATAN2", "E", "ATAN2 (Y, X)", "Arctangent of Y/X in (-pi, pi], quadrant from the signs."),
    ("ATANH", "E", "ATANH (X)", "Inverse hyperbolic tangent."),
    ("BESSEL_J0", "E", "BESSEL_J0 (X)", "Bessel function of the first kind, order 0."),
    ("BESSEL_J1", "E", "BESSEL_J1 (X)", "Bessel function of the first kind, order 1."),
    (
        "BESSEL_JN",
        "E/T",
        "BESSEL_JN (N, X)\nBESSEL_JN (N1, N2, X)",
        "Bessel function of the first kind, order N (or orders N1..N2 as an array).",
    ),
    ("BESSEL_Y0", "E", "BESSEL_Y0 (X)", "Bessel function of the second kind, order 0."),
    ("BESSEL_Y1", "E", "BESSEL_Y1 (X)", "Bessel function of the second kind, order 1."),
    (
        "BESSEL_YN",
        "E/T",
        "BESSEL_YN (N, X)\nBESSEL_YN (N1, N2, X)",
        "Bessel function of the second kind, order N (or orders N1..N2 as an array).",
    ),
    ("COS", "E", "COS (X)", "Cosine (X in radians)."),
    ("COSH", "E", "COSH (X)", "Hyperbolic cosine."),
    ("ERF", "E", "ERF (X)", "Error function."),
    ("ERFC", "E", "ERFC (X)", "Complementary error function 1 - ERF(X)."),
    ("ERFC_SCALED", "E", "ERFC_SCALED (X)", "EXP(X**2) * ERFC(X), without the overflow."),
    ("EXP", "E", "EXP (X)", "Exponential e**X."),
    ("GAMMA", "E", "GAMMA (X)", "Gamma function."),
    ("HYPOT", "E", "HYPOT (X, Y)", "SQRT(X**2 + Y**2) without undue overflow or underflow."),
    ("LOG", "E", "LOG (X)", "Natural logarithm (principal value for complex X)."),
    ("LOG10", "E", "LOG10 (X)", "Common (base 10) logarithm."),
    ("LOG_GAMMA", "E", "LOG_GAMMA (X)", "Natural logarithm of the absolute value of GAMMA(X)."),
    ("NORM2", "T", "NORM2 (X [, DIM])", "Euclidean (L2) norm of an array, or along DIM."),
    ("SIN", "E", "SIN (X)", "Sine (X in radians)."),
    ("SINH", "E", "SINH (X)", "Hyperbolic sine."),
    ("SQRT", "E", "SQRT (X)", "Square root (principal value for complex X)."),
    ("TAN", "E", "TAN (X)", "Tangent (X in radians)."),
    ("TANH", "E", "TANH (X)", "Hyperbolic tangent."),
)

CHARACTER: tuple[Row, ...] = (
    (
        "ACHAR",
        "E",
        "ACHAR (I [, KIND])",
        "Character at position I of the ASCII collating sequence.",
    ),
    ("ADJUSTL", "E", "ADJUSTL (STRING)", "STRING with leading blanks moved to the end."),
    ("ADJUSTR", "E", "ADJUSTR (STRING)", "STRING with trailing blanks moved to the front."),
    ("CHAR", "E", "CHAR (I [, KIND])", "Character at position I of the processor's sequence."),
    ("IACHAR", "E", "IACHAR (C [, KIND])", "ASCII code of the character C."),
    ("ICHAR", "E", "ICHAR (C [, KIND])", "Processor code of the character C."),
    (
        "INDEX",
        "E",
        "INDEX (STRING, SUBSTRING [, BACK, KIND])",
        "Start position of SUBSTRING in STRING (last occurrence if BACK), 0 if absent.",
    ),
    ("LEN", "I", "LEN (STRING [, KIND])", "Length of a character entity (trailing blanks count)."),
    ("LEN_TRIM", "E", "LEN_TRIM (STRING [, KIND])", "Length of STRING without trailing blanks."),
    ("LGE", "E", "LGE (STRING_A, STRING_B)", "STRING_A >= STRING_B in the ASCII collating order."),
    ("LGT", "E", "LGT (STRING_A, STRING_B)", "STRING_A > STRING_B in the ASCII collating order."),
    ("LLE", "E", "LLE (STRING_A, STRING_B)", "STRING_A <= STRING_B in the ASCII collating order."),
    ("LLT", "E", "LLT (STRING_A, STRING_B)", "STRING_A < STRING_B in the ASCII collating order."),
    ("NEW_LINE", "I", "NEW_LINE (A)", "The newline character of A's kind."),
    ("REPEAT", "T", "REPEAT (STRING, NCOPIES)", "NCOPIES copies of STRING concatenated."),
    (
        "SCAN",
        "E",
        "SCAN (STRING, SET [, BACK, KIND])",
        "Position of the first (last if BACK) character of STRING that is in SET, else 0.",
    ),
    ("TRIM", "T", "TRIM (STRING)", "STRING without trailing blanks."),
    (
        "VERIFY",
        "E",
        "VERIFY (STRING, SET [, BACK, KIND])",
        "Position of the first (last if BACK) character of STRING not in SET, else 0.",
    ),
)

KIND: tuple[Row, ...] = (
    ("KIND", "I", "KIND (X)", "Kind type parameter of X."),
    ("SELECTED_CHAR_KIND", "T", "SELECTED_CHAR_KIND (NAME)", "Kind of a character set by name."),
    (
        "SELECTED_INT_KIND",
        "T",
        "SELECTED_INT_KIND (R)",
        "Kind of an integer type holding all values in (-10**R, 10**R); -1 if none.",
    ),
    (
        "SELECTED_REAL_KIND",
        "T",
        "SELECTED_REAL_KIND ([P, R, RADIX])",
        "Kind of a real type with at least P decimal digits and exponent range R; < 0 if none.",
    ),
)
