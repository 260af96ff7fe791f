"""MPI 4.1 predefined constants and handles (standard, Annex A.1) with a one-line description.

pympistandard has procedures only, so these are written out here. Datatypes are split by
language: C programs use the C names and Fortran programs the Fortran names (the standard
lets either side name the other's, but nobody completes MPI_INTEGER in C on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ConstantLanguages = Literal["both", "c", "fortran"]


@dataclass(frozen=True, slots=True)
class MpiConstant:
    name: str
    description: str
    languages: ConstantLanguages = "both"

    def available(self, fortran: bool) -> bool:
        return self.languages == "both" or (self.languages == "fortran") == fortran


def _group(text: str, description: str, languages: ConstantLanguages) -> tuple[MpiConstant, ...]:
    """Names with a shared description pattern; `{}` is replaced by the name's tail."""
    out = []
    for name in text.split():
        tail = name.removeprefix("MPI_").replace("_", " ").lower()
        out.append(MpiConstant(name, description.format(tail), languages))
    return tuple(out)


_K = MpiConstant

_C_TYPES = """MPI_CHAR MPI_SHORT MPI_INT MPI_LONG MPI_LONG_LONG_INT MPI_LONG_LONG
MPI_SIGNED_CHAR MPI_UNSIGNED_CHAR MPI_UNSIGNED_SHORT MPI_UNSIGNED MPI_UNSIGNED_LONG
MPI_UNSIGNED_LONG_LONG MPI_FLOAT MPI_DOUBLE MPI_LONG_DOUBLE MPI_WCHAR MPI_C_BOOL
MPI_INT8_T MPI_INT16_T MPI_INT32_T MPI_INT64_T MPI_UINT8_T MPI_UINT16_T MPI_UINT32_T
MPI_UINT64_T MPI_C_COMPLEX MPI_C_FLOAT_COMPLEX MPI_C_DOUBLE_COMPLEX
MPI_C_LONG_DOUBLE_COMPLEX MPI_CXX_BOOL MPI_CXX_FLOAT_COMPLEX MPI_CXX_DOUBLE_COMPLEX
MPI_CXX_LONG_DOUBLE_COMPLEX MPI_FLOAT_INT MPI_DOUBLE_INT MPI_LONG_INT MPI_2INT MPI_SHORT_INT
MPI_LONG_DOUBLE_INT"""
_F_TYPES = """MPI_INTEGER MPI_REAL MPI_DOUBLE_PRECISION MPI_COMPLEX MPI_DOUBLE_COMPLEX MPI_LOGICAL
MPI_CHARACTER MPI_INTEGER1 MPI_INTEGER2 MPI_INTEGER4 MPI_INTEGER8 MPI_INTEGER16 MPI_REAL2
MPI_REAL4 MPI_REAL8 MPI_REAL16 MPI_COMPLEX4 MPI_COMPLEX8 MPI_COMPLEX16 MPI_COMPLEX32
MPI_2REAL MPI_2DOUBLE_PRECISION MPI_2INTEGER"""
_BOTH_TYPES = "MPI_BYTE MPI_PACKED MPI_AINT MPI_OFFSET MPI_COUNT"

_ERRORS = """MPI_ERR_BUFFER MPI_ERR_COUNT MPI_ERR_TYPE MPI_ERR_TAG MPI_ERR_COMM MPI_ERR_RANK
MPI_ERR_REQUEST MPI_ERR_ROOT MPI_ERR_GROUP MPI_ERR_OP MPI_ERR_TOPOLOGY MPI_ERR_DIMS MPI_ERR_ARG
MPI_ERR_UNKNOWN MPI_ERR_TRUNCATE MPI_ERR_OTHER MPI_ERR_INTERN MPI_ERR_IN_STATUS MPI_ERR_PENDING
MPI_ERR_KEYVAL MPI_ERR_NO_MEM MPI_ERR_BASE MPI_ERR_INFO_KEY MPI_ERR_INFO_VALUE MPI_ERR_INFO_NOKEY
MPI_ERR_SPAWN MPI_ERR_PORT MPI_ERR_SERVICE MPI_ERR_NAME MPI_ERR_WIN MPI_ERR_SIZE MPI_ERR_DISP
MPI_ERR_INFO MPI_ERR_LOCKTYPE MPI_ERR_ASSERT MPI_ERR_RMA_CONFLICT MPI_ERR_RMA_SYNC
MPI_ERR_RMA_RANGE MPI_ERR_RMA_ATTACH MPI_ERR_RMA_SHARED MPI_ERR_RMA_FLAVOR MPI_ERR_FILE
MPI_ERR_NOT_SAME MPI_ERR_AMODE MPI_ERR_UNSUPPORTED_DATAREP MPI_ERR_UNSUPPORTED_OPERATION
MPI_ERR_NO_SUCH_FILE MPI_ERR_FILE_EXISTS MPI_ERR_BAD_FILE MPI_ERR_ACCESS MPI_ERR_NO_SPACE
MPI_ERR_QUOTA MPI_ERR_READ_ONLY MPI_ERR_FILE_IN_USE MPI_ERR_DUP_DATAREP MPI_ERR_CONVERSION
MPI_ERR_IO MPI_ERR_SESSION MPI_ERR_PROC_ABORTED MPI_ERR_VALUE_TOO_LARGE MPI_ERR_ERRHANDLER
MPI_ERR_LASTCODE"""

_MODES = """MPI_MODE_RDONLY MPI_MODE_RDWR MPI_MODE_WRONLY MPI_MODE_CREATE MPI_MODE_EXCL
MPI_MODE_DELETE_ON_CLOSE MPI_MODE_UNIQUE_OPEN MPI_MODE_SEQUENTIAL MPI_MODE_APPEND"""
_RMA_ASSERTS = (
    "MPI_MODE_NOCHECK MPI_MODE_NOSTORE MPI_MODE_NOPUT MPI_MODE_NOPRECEDE MPI_MODE_NOSUCCEED"
)

CONSTANTS: tuple[MpiConstant, ...] = (
    # --- communicators, groups and other null handles
    _K("MPI_COMM_WORLD", "Communicator of all processes started together"),
    _K("MPI_COMM_SELF", "Communicator containing only the calling process"),
    _K("MPI_COMM_NULL", "Null communicator handle"),
    _K("MPI_GROUP_EMPTY", "The group with no members"),
    _K("MPI_GROUP_NULL", "Null group handle"),
    _K("MPI_DATATYPE_NULL", "Null datatype handle"),
    _K("MPI_OP_NULL", "Null reduction operation handle"),
    _K("MPI_REQUEST_NULL", "Null request handle: what a completed request is set to"),
    _K("MPI_INFO_NULL", "Null info handle: pass it where no hints are given"),
    _K("MPI_INFO_ENV", "Info object with the arguments the processes were started with"),
    _K("MPI_WIN_NULL", "Null window handle"),
    _K("MPI_FILE_NULL", "Null file handle"),
    _K("MPI_MESSAGE_NULL", "Null message handle"),
    _K("MPI_MESSAGE_NO_PROC", "Message handle of a matched receive from MPI_PROC_NULL"),
    _K("MPI_ERRHANDLER_NULL", "Null error handler handle"),
    _K("MPI_SESSION_NULL", "Null session handle"),
    # --- error handlers
    _K("MPI_ERRORS_ARE_FATAL", "Error handler that aborts on error (the default)"),
    _K("MPI_ERRORS_RETURN", "Error handler that returns the error code to the caller"),
    _K("MPI_ERRORS_ABORT", "Error handler that aborts the processes of the communicator"),
    # --- datatypes
    *_group(_C_TYPES, "C datatype: {}", "c"),
    *_group(_F_TYPES, "Fortran datatype: {}", "fortran"),
    *_group(_BOTH_TYPES, "Datatype: {}", "both"),
    # --- reduction operations
    _K("MPI_SUM", "Reduction: sum"),
    _K("MPI_PROD", "Reduction: product"),
    _K("MPI_MAX", "Reduction: maximum"),
    _K("MPI_MIN", "Reduction: minimum"),
    _K("MPI_MAXLOC", "Reduction: maximum and the rank (index) holding it; pair datatypes"),
    _K("MPI_MINLOC", "Reduction: minimum and the rank (index) holding it; pair datatypes"),
    _K("MPI_LAND", "Reduction: logical and"),
    _K("MPI_LOR", "Reduction: logical or"),
    _K("MPI_LXOR", "Reduction: logical exclusive or"),
    _K("MPI_BAND", "Reduction: bit-wise and"),
    _K("MPI_BOR", "Reduction: bit-wise or"),
    _K("MPI_BXOR", "Reduction: bit-wise exclusive or"),
    _K("MPI_REPLACE", "One-sided accumulate: replace the target value"),
    _K("MPI_NO_OP", "One-sided accumulate: leave the target value unchanged"),
    # --- wildcards and special values for point-to-point
    _K("MPI_ANY_SOURCE", "Wildcard source rank for receives and probes"),
    _K("MPI_ANY_TAG", "Wildcard tag for receives and probes"),
    _K("MPI_PROC_NULL", "Null process: communication with it completes at once, moves nothing"),
    _K("MPI_ROOT", "Root argument of the root process in an intercommunicator collective"),
    _K("MPI_STATUS_IGNORE", "Pass instead of a status the program does not read"),
    _K("MPI_STATUSES_IGNORE", "Pass instead of an array of statuses the program does not read"),
    _K("MPI_ERRCODES_IGNORE", "Pass instead of the error codes array of MPI_Comm_spawn"),
    _K("MPI_IN_PLACE", "Buffer argument: the collective works in place on the receive buffer"),
    _K("MPI_BOTTOM", "Address zero: buffer base for absolute-address datatypes"),
    _K("MPI_UNDEFINED", "Returned where a value is not defined (e.g. a color excluded by split)"),
    _K("MPI_SOURCE", "Index of the source rank in a status array", "fortran"),
    _K("MPI_TAG", "Index of the tag in a status array", "fortran"),
    _K("MPI_ERROR", "Index of the error code in a status array", "fortran"),
    _K("MPI_STATUS_SIZE", "Size of an INTEGER status array (use mpi / mpif.h)", "fortran"),
    _K("MPI_ADDRESS_KIND", "Integer kind of addresses (MPI_Aint)", "fortran"),
    _K("MPI_OFFSET_KIND", "Integer kind of file offsets (MPI_Offset)", "fortran"),
    _K("MPI_COUNT_KIND", "Integer kind of large counts (MPI_Count)", "fortran"),
    # --- thread support levels
    _K("MPI_THREAD_SINGLE", "Thread support: only one thread runs"),
    _K("MPI_THREAD_FUNNELED", "Thread support: only the main thread makes MPI calls"),
    _K("MPI_THREAD_SERIALIZED", "Thread support: one thread at a time makes MPI calls"),
    _K("MPI_THREAD_MULTIPLE", "Thread support: any thread may call MPI at any time"),
    # --- error codes
    _K("MPI_SUCCESS", "Return code: no error"),
    *_group(_ERRORS, "Error class: {}", "both"),
    # --- limits and attribute keys
    _K("MPI_MAX_PROCESSOR_NAME", "Maximum length of a name from MPI_Get_processor_name"),
    _K("MPI_MAX_ERROR_STRING", "Maximum length of a string from MPI_Error_string"),
    _K("MPI_MAX_OBJECT_NAME", "Maximum length of an object name"),
    _K("MPI_MAX_INFO_KEY", "Maximum length of an info key"),
    _K("MPI_MAX_INFO_VAL", "Maximum length of an info value"),
    _K("MPI_MAX_PORT_NAME", "Maximum length of a port name"),
    _K("MPI_MAX_LIBRARY_VERSION_STRING", "Maximum length of MPI_Get_library_version's string"),
    _K("MPI_TAG_UB", "Attribute key: the largest tag value"),
    _K("MPI_HOST", "Attribute key: rank of the host process (deprecated)"),
    _K("MPI_IO", "Attribute key: rank of a process that can do I/O"),
    _K("MPI_WTIME_IS_GLOBAL", "Attribute key: whether MPI_Wtime is synchronised across ranks"),
    _K("MPI_UNIVERSE_SIZE", "Attribute key: how many processes may usefully run"),
    _K("MPI_APPNUM", "Attribute key: number of the application in MPI_Comm_spawn_multiple"),
    _K("MPI_KEYVAL_INVALID", "Null attribute key"),
    # --- comparison results, topologies, split types
    _K("MPI_IDENT", "Comparison result: identical groups or communicators"),
    _K("MPI_CONGRUENT", "Comparison result: same members in the same order, other context"),
    _K("MPI_SIMILAR", "Comparison result: same members, other order"),
    _K("MPI_UNEQUAL", "Comparison result: different members"),
    _K("MPI_CART", "Topology type: Cartesian"),
    _K("MPI_GRAPH", "Topology type: graph"),
    _K("MPI_DIST_GRAPH", "Topology type: distributed graph"),
    _K("MPI_COMM_TYPE_SHARED", "MPI_Comm_split_type: processes that can share memory"),
    _K("MPI_UNWEIGHTED", "Distributed graph: edges without weights"),
    # --- one-sided and I/O
    _K("MPI_LOCK_EXCLUSIVE", "MPI_Win_lock: exclusive access"),
    _K("MPI_LOCK_SHARED", "MPI_Win_lock: shared access"),
    *_group(_RMA_ASSERTS, "One-sided assertion: {}", "both"),
    *_group(_MODES, "File access mode: {}", "both"),
    _K("MPI_SEEK_SET", "File seek: from the start"),
    _K("MPI_SEEK_CUR", "File seek: from the current position"),
    _K("MPI_SEEK_END", "File seek: from the end"),
    _K("MPI_ORDER_C", "Array order: row major (MPI_Type_create_subarray)"),
    _K("MPI_ORDER_FORTRAN", "Array order: column major (MPI_Type_create_subarray)"),
)

_BY_NAME = {c.name: c for c in CONSTANTS}
assert len(_BY_NAME) == len(CONSTANTS), "duplicate MPI constant"


def constants_for(fortran: bool) -> tuple[MpiConstant, ...]:
    """The constants a C (False) or Fortran (True) program can use."""
    return tuple(c for c in CONSTANTS if c.available(fortran))


def constant_named(name: str) -> MpiConstant | None:
    return _BY_NAME.get(name.upper())
