"""Fortran 2018 intrinsic procedures (clause 16.9): system, coarray and atomic procedures,
and the procedures of the intrinsic modules ISO_C_BINDING and ISO_FORTRAN_ENV. Rows as in
fortran_intrinsics_numeric."""

from __future__ import annotations

from hpcls.knowledge.fortran_intrinsics_numeric import Row

SYSTEM: tuple[Row, ...] = (
    ("COMMAND_ARGUMENT_COUNT", "T", "COMMAND_ARGUMENT_COUNT ()", "Number of command arguments."),
    ("CPU_TIME", "S", "CPU_TIME (TIME)", "Processor time in seconds (negative if unavailable)."),
    (
        "DATE_AND_TIME",
        "S",
        "DATE_AND_TIME ([DATE, TIME, ZONE, VALUES])",
        "Current date, time and UTC offset, as strings and/or an integer array VALUES(8).",
    ),
    (
        "EXECUTE_COMMAND_LINE",
        "S",
        "EXECUTE_COMMAND_LINE (COMMAND [, WAIT, EXITSTAT, CMDSTAT, CMDMSG])",
        "Runs a shell command, synchronously unless WAIT is false.",
    ),
    (
        "GET_COMMAND",
        "S",
        "GET_COMMAND ([COMMAND, LENGTH, STATUS, ERRMSG])",
        "The whole command line that started the program.",
    ),
    (
        "GET_COMMAND_ARGUMENT",
        "S",
        "GET_COMMAND_ARGUMENT (NUMBER [, VALUE, LENGTH, STATUS, ERRMSG])",
        "Command argument NUMBER (0 is the command name).",
    ),
    (
        "GET_ENVIRONMENT_VARIABLE",
        "S",
        "GET_ENVIRONMENT_VARIABLE (NAME [, VALUE, LENGTH, STATUS, TRIM_NAME, ERRMSG])",
        "Value of an environment variable.",
    ),
    ("IS_IOSTAT_END", "E", "IS_IOSTAT_END (I)", "Whether an IOSTAT value means end of file."),
    ("IS_IOSTAT_EOR", "E", "IS_IOSTAT_EOR (I)", "Whether an IOSTAT value means end of record."),
    (
        "MOVE_ALLOC",
        "PS",
        "MOVE_ALLOC (FROM, TO [, STAT, ERRMSG])",
        "Moves an allocation from FROM to TO without copying; FROM becomes deallocated.",
    ),
    (
        "RANDOM_INIT",
        "S",
        "RANDOM_INIT (REPEATABLE, IMAGE_DISTINCT)",
        "Initializes the random number generator's seed (per image).",
    ),
    ("RANDOM_NUMBER", "S", "RANDOM_NUMBER (HARVEST)", "Pseudorandom numbers uniform in [0, 1)."),
    ("RANDOM_SEED", "S", "RANDOM_SEED ([SIZE, PUT, GET])", "Queries or sets the random seed."),
    (
        "SYSTEM_CLOCK",
        "S",
        "SYSTEM_CLOCK ([COUNT, COUNT_RATE, COUNT_MAX])",
        "Wall-clock counter; COUNT_RATE ticks per second (rate depends on COUNT's kind).",
    ),
)

_COLL = "{0} (A [, RESULT_IMAGE, STAT, ERRMSG])"

COARRAY: tuple[Row, ...] = (
    ("CO_BROADCAST", "CS", "CO_BROADCAST (A, SOURCE_IMAGE [, STAT, ERRMSG])", "Broadcasts A."),
    ("CO_MAX", "CS", _COLL.format("CO_MAX"), "Maximum of A across the images of the team."),
    ("CO_MIN", "CS", _COLL.format("CO_MIN"), "Minimum of A across the images of the team."),
    (
        "CO_REDUCE",
        "CS",
        "CO_REDUCE (A, OPERATION [, RESULT_IMAGE, STAT, ERRMSG])",
        "Reduction of A across the images with the pure function OPERATION.",
    ),
    ("CO_SUM", "CS", _COLL.format("CO_SUM"), "Sum of A across the images of the team."),
    (
        "EVENT_QUERY",
        "S",
        "EVENT_QUERY (EVENT, COUNT [, STAT])",
        "Event count of an event variable.",
    ),
    (
        "FAILED_IMAGES",
        "T",
        "FAILED_IMAGES ([TEAM, KIND])",
        "Indices of images known to have failed.",
    ),
    ("GET_TEAM", "T", "GET_TEAM ([LEVEL])", "A team value (current, parent or initial team)."),
    (
        "IMAGE_INDEX",
        "I",
        "IMAGE_INDEX (COARRAY, SUB)\nIMAGE_INDEX (COARRAY, SUB, TEAM)\n"
        "IMAGE_INDEX (COARRAY, SUB, TEAM_NUMBER)",
        "Image index for the cosubscripts SUB, or 0 if they are out of range.",
    ),
    (
        "IMAGE_STATUS",
        "E",
        "IMAGE_STATUS (IMAGE [, TEAM])",
        "Whether an image has failed or stopped.",
    ),
    (
        "NUM_IMAGES",
        "T",
        "NUM_IMAGES ()\nNUM_IMAGES (TEAM)\nNUM_IMAGES (TEAM_NUMBER)",
        "Number of images (in the current or the given team).",
    ),
    ("STOPPED_IMAGES", "T", "STOPPED_IMAGES ([TEAM, KIND])", "Indices of images that stopped."),
    ("TEAM_NUMBER", "T", "TEAM_NUMBER ([TEAM])", "Team number of the current or given team."),
    (
        "THIS_IMAGE",
        "T",
        "THIS_IMAGE ([TEAM])\nTHIS_IMAGE (COARRAY [, TEAM])\nTHIS_IMAGE (COARRAY, DIM [, TEAM])",
        "Index of the executing image, or its cosubscripts for COARRAY.",
    ),
)

_ATOM = "{0} (ATOM, VALUE [, STAT])"
_FETCH = "{0} (ATOM, VALUE, OLD [, STAT])"

ATOMIC: tuple[Row, ...] = (
    ("ATOMIC_ADD", "AS", _ATOM.format("ATOMIC_ADD"), "Atomically adds VALUE to ATOM."),
    ("ATOMIC_AND", "AS", _ATOM.format("ATOMIC_AND"), "Atomic bitwise AND of ATOM with VALUE."),
    (
        "ATOMIC_CAS",
        "AS",
        "ATOMIC_CAS (ATOM, OLD, COMPARE, NEW [, STAT])",
        "Atomic compare-and-swap: ATOM = NEW if ATOM == COMPARE; OLD gets the prior value.",
    ),
    ("ATOMIC_DEFINE", "AS", _ATOM.format("ATOMIC_DEFINE"), "Atomically sets ATOM to VALUE."),
    ("ATOMIC_FETCH_ADD", "AS", _FETCH.format("ATOMIC_FETCH_ADD"), "Atomic add; OLD = prior value."),
    ("ATOMIC_FETCH_AND", "AS", _FETCH.format("ATOMIC_FETCH_AND"), "Atomic AND; OLD = prior value."),
    ("ATOMIC_FETCH_OR", "AS", _FETCH.format("ATOMIC_FETCH_OR"), "Atomic OR; OLD = prior value."),
    ("ATOMIC_FETCH_XOR", "AS", _FETCH.format("ATOMIC_FETCH_XOR"), "Atomic XOR; OLD = prior value."),
    ("ATOMIC_OR", "AS", _ATOM.format("ATOMIC_OR"), "Atomic bitwise OR of ATOM with VALUE."),
    ("ATOMIC_REF", "AS", "ATOMIC_REF (VALUE, ATOM [, STAT])", "Atomically reads ATOM into VALUE."),
    ("ATOMIC_XOR", "AS", _ATOM.format("ATOMIC_XOR"), "Atomic bitwise XOR of ATOM with VALUE."),
)

# Module procedures: they need `use iso_c_binding` / `use iso_fortran_env`.
ISO_C_BINDING: tuple[Row, ...] = (
    (
        "C_ASSOCIATED",
        "I",
        "C_ASSOCIATED (C_PTR_1 [, C_PTR_2])",
        "Whether a C pointer is non-null (and equal to C_PTR_2, if given).",
    ),
    (
        "C_F_POINTER",
        "S",
        "C_F_POINTER (CPTR, FPTR [, SHAPE])",
        "Associates the Fortran pointer FPTR with the target of the C pointer CPTR.",
    ),
    (
        "C_F_PROCPOINTER",
        "S",
        "C_F_PROCPOINTER (CPTR, FPTR)",
        "Associates a Fortran procedure pointer with a C function pointer.",
    ),
    ("C_FUNLOC", "I", "C_FUNLOC (X)", "C function pointer (type(c_funptr)) to procedure X."),
    ("C_LOC", "I", "C_LOC (X)", "C address (type(c_ptr)) of X; X needs TARGET or POINTER."),
    ("C_SIZEOF", "I", "C_SIZEOF (X)", "Size of X in bytes, like C's sizeof."),
)

ISO_FORTRAN_ENV: tuple[Row, ...] = (
    ("COMPILER_OPTIONS", "I", "COMPILER_OPTIONS ()", "The options the program was compiled with."),
    ("COMPILER_VERSION", "I", "COMPILER_VERSION ()", "The compiler's name and version."),
)
