"""Fortran 2018 intrinsic procedures (clause 16.9): inquiry, array and bit procedures. Rows
as in fortran_intrinsics_numeric."""

from __future__ import annotations

from hpcls.knowledge.fortran_intrinsics_numeric import Row

INQUIRY: tuple[Row, ...] = (
    ("ALLOCATED", "I", "ALLOCATED (ARRAY)\nALLOCATED (SCALAR)", "Whether it is allocated."),
    (
        "ASSOCIATED",
        "I",
        "ASSOCIATED (POINTER [, TARGET])",
        "Whether POINTER is associated (with TARGET, if given). Undefined pointers: undefined.",
    ),
    ("BIT_SIZE", "I", "BIT_SIZE (I)", "Number of bits in the integer model of I's kind."),
    ("COSHAPE", "I", "COSHAPE (COARRAY [, KIND])", "Sizes of the codimensions of COARRAY."),
    ("DIGITS", "I", "DIGITS (X)", "Number of significant digits in the model of X's type."),
    ("EPSILON", "I", "EPSILON (X)", "Smallest e with 1 + e > 1 in X's real kind."),
    (
        "EXTENDS_TYPE_OF",
        "I",
        "EXTENDS_TYPE_OF (A, MOLD)",
        "Whether A's dynamic type extends MOLD's.",
    ),
    ("HUGE", "I", "HUGE (X)", "Largest number of X's type and kind."),
    ("IS_CONTIGUOUS", "I", "IS_CONTIGUOUS (ARRAY)", "Whether ARRAY is contiguous."),
    ("LBOUND", "I", "LBOUND (ARRAY [, DIM, KIND])", "Lower bounds of ARRAY, or along DIM."),
    ("LCOBOUND", "I", "LCOBOUND (COARRAY [, DIM, KIND])", "Lower cobounds of a coarray."),
    ("MAXEXPONENT", "I", "MAXEXPONENT (X)", "Maximum exponent in the model of X's real kind."),
    ("MINEXPONENT", "I", "MINEXPONENT (X)", "Minimum exponent in the model of X's real kind."),
    ("PRECISION", "I", "PRECISION (X)", "Decimal precision of X's real or complex kind."),
    ("PRESENT", "I", "PRESENT (A)", "Whether the optional dummy argument A was passed."),
    ("RADIX", "I", "RADIX (X)", "Base of the model of X's type."),
    ("RANGE", "I", "RANGE (X)", "Decimal exponent range of X's type and kind."),
    ("RANK", "I", "RANK (A)", "Rank of A (also of an assumed-rank dummy)."),
    ("SAME_TYPE_AS", "I", "SAME_TYPE_AS (A, B)", "Whether A and B have the same dynamic type."),
    ("SHAPE", "I", "SHAPE (SOURCE [, KIND])", "Shape of an array or scalar, as a rank-1 array."),
    (
        "SIZE",
        "I",
        "SIZE (ARRAY [, DIM, KIND])",
        "Number of elements of ARRAY, or its extent along DIM.",
    ),
    ("STORAGE_SIZE", "I", "STORAGE_SIZE (A [, KIND])", "Storage size of an element of A, in bits."),
    ("TINY", "I", "TINY (X)", "Smallest positive normal number of X's real kind."),
    ("UBOUND", "I", "UBOUND (ARRAY [, DIM, KIND])", "Upper bounds of ARRAY, or along DIM."),
    ("UCOBOUND", "I", "UCOBOUND (COARRAY [, DIM, KIND])", "Upper cobounds of a coarray."),
)

_DIM_MASK = "{0} (ARRAY, DIM [, MASK])\n{0} (ARRAY [, MASK])"
_LOC = "{0} (ARRAY, DIM [, MASK, KIND, BACK])\n{0} (ARRAY [, MASK, KIND, BACK])"

ARRAY: tuple[Row, ...] = (
    ("ALL", "T", "ALL (MASK [, DIM])", "Whether all elements of MASK are true (along DIM)."),
    ("ANY", "T", "ANY (MASK [, DIM])", "Whether any element of MASK is true (along DIM)."),
    ("COUNT", "T", "COUNT (MASK [, DIM, KIND])", "Number of true elements of MASK (along DIM)."),
    ("CSHIFT", "T", "CSHIFT (ARRAY, SHIFT [, DIM])", "Circular shift of ARRAY along DIM."),
    (
        "DOT_PRODUCT",
        "T",
        "DOT_PRODUCT (VECTOR_A, VECTOR_B)",
        "Dot product of two vectors (conjugates VECTOR_A when complex).",
    ),
    (
        "EOSHIFT",
        "T",
        "EOSHIFT (ARRAY, SHIFT [, BOUNDARY, DIM])",
        "End-off shift of ARRAY along DIM, filling with BOUNDARY.",
    ),
    (
        "FINDLOC",
        "T",
        "FINDLOC (ARRAY, VALUE, DIM [, MASK, KIND, BACK])\n"
        "FINDLOC (ARRAY, VALUE [, MASK, KIND, BACK])",
        "Location of the first (last if BACK) element equal to VALUE; zeros if none.",
    ),
    ("IALL", "T", _DIM_MASK.format("IALL"), "Bitwise AND of the elements (along DIM)."),
    ("IANY", "T", _DIM_MASK.format("IANY"), "Bitwise OR of the elements (along DIM)."),
    ("IPARITY", "T", _DIM_MASK.format("IPARITY"), "Bitwise XOR of the elements (along DIM)."),
    ("MATMUL", "T", "MATMUL (MATRIX_A, MATRIX_B)", "Matrix product (rank 1 or 2 operands)."),
    ("MAXLOC", "T", _LOC.format("MAXLOC"), "Location of the (first) maximum element."),
    ("MAXVAL", "T", _DIM_MASK.format("MAXVAL"), "Maximum element value (along DIM)."),
    ("MERGE", "E", "MERGE (TSOURCE, FSOURCE, MASK)", "TSOURCE where MASK is true, else FSOURCE."),
    ("MINLOC", "T", _LOC.format("MINLOC"), "Location of the (first) minimum element."),
    ("MINVAL", "T", _DIM_MASK.format("MINVAL"), "Minimum element value (along DIM)."),
    (
        "PACK",
        "T",
        "PACK (ARRAY, MASK [, VECTOR])",
        "Elements of ARRAY where MASK is true, as a vector.",
    ),
    ("PARITY", "T", "PARITY (MASK [, DIM])", "Whether an odd number of MASK's elements are true."),
    ("PRODUCT", "T", _DIM_MASK.format("PRODUCT"), "Product of the elements (along DIM)."),
    (
        "REDUCE",
        "T",
        "REDUCE (ARRAY, OPERATION, DIM [, MASK, IDENTITY, ORDERED])\n"
        "REDUCE (ARRAY, OPERATION [, MASK, IDENTITY, ORDERED])",
        "General reduction of ARRAY with the pure binary function OPERATION.",
    ),
    ("RESHAPE", "T", "RESHAPE (SOURCE, SHAPE [, PAD, ORDER])", "SOURCE's elements in a new shape."),
    ("SPREAD", "T", "SPREAD (SOURCE, DIM, NCOPIES)", "SOURCE replicated along a new dimension."),
    ("SUM", "T", _DIM_MASK.format("SUM"), "Sum of the elements (along DIM)."),
    ("TRANSPOSE", "T", "TRANSPOSE (MATRIX)", "Transpose of a rank-2 array."),
    (
        "UNPACK",
        "T",
        "UNPACK (VECTOR, MASK, FIELD)",
        "VECTOR's elements where MASK is true, else FIELD.",
    ),
    ("NULL", "T", "NULL ([MOLD])", "A disassociated pointer or unallocated allocatable."),
)

BIT: tuple[Row, ...] = (
    ("BGE", "E", "BGE (I, J)", "I >= J, comparing the bit sequences as unsigned."),
    ("BGT", "E", "BGT (I, J)", "I > J, comparing the bit sequences as unsigned."),
    ("BLE", "E", "BLE (I, J)", "I <= J, comparing the bit sequences as unsigned."),
    ("BLT", "E", "BLT (I, J)", "I < J, comparing the bit sequences as unsigned."),
    ("BTEST", "E", "BTEST (I, POS)", "Whether bit POS of I is set."),
    ("DSHIFTL", "E", "DSHIFTL (I, J, SHIFT)", "Left shift of the concatenation of I and J."),
    ("DSHIFTR", "E", "DSHIFTR (I, J, SHIFT)", "Right shift of the concatenation of I and J."),
    ("IAND", "E", "IAND (I, J)", "Bitwise AND."),
    ("IBCLR", "E", "IBCLR (I, POS)", "I with bit POS cleared."),
    ("IBITS", "E", "IBITS (I, POS, LEN)", "LEN bits of I starting at bit POS, right-adjusted."),
    ("IBSET", "E", "IBSET (I, POS)", "I with bit POS set."),
    ("IEOR", "E", "IEOR (I, J)", "Bitwise exclusive OR."),
    ("IOR", "E", "IOR (I, J)", "Bitwise inclusive OR."),
    ("ISHFT", "E", "ISHFT (I, SHIFT)", "Logical shift (left if SHIFT > 0), zero fill."),
    ("ISHFTC", "E", "ISHFTC (I, SHIFT [, SIZE])", "Circular shift of the rightmost SIZE bits."),
    ("LEADZ", "E", "LEADZ (I)", "Number of leading zero bits."),
    ("MASKL", "E", "MASKL (I [, KIND])", "Integer with its leftmost I bits set."),
    ("MASKR", "E", "MASKR (I [, KIND])", "Integer with its rightmost I bits set."),
    ("MERGE_BITS", "E", "MERGE_BITS (I, J, MASK)", "Bits of I where MASK is 1, of J elsewhere."),
    (
        "MVBITS",
        "ES",
        "MVBITS (FROM, FROMPOS, LEN, TO, TOPOS)",
        "Copies LEN bits of FROM at FROMPOS into TO at TOPOS.",
    ),
    ("NOT", "E", "NOT (I)", "Bitwise complement."),
    ("POPCNT", "E", "POPCNT (I)", "Number of set bits."),
    ("POPPAR", "E", "POPPAR (I)", "Parity of the set bits: 1 if odd, 0 if even."),
    ("SHIFTA", "E", "SHIFTA (I, SHIFT)", "Arithmetic right shift (sign bit replicated)."),
    ("SHIFTL", "E", "SHIFTL (I, SHIFT)", "Left shift, zero fill."),
    ("SHIFTR", "E", "SHIFTR (I, SHIFT)", "Logical right shift, zero fill."),
    ("TRAILZ", "E", "TRAILZ (I)", "Number of trailing zero bits."),
)
