"""Hand-written plain-language summaries and the key pitfall of common MPI procedures."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class MpiSummary:
    summary: str
    pitfall: str


_S = MpiSummary

# Canonical names as the standard spells them; tests check each is a real procedure.
SUMMARIES: MappingProxyType[str, MpiSummary] = MappingProxyType(
    {
        # Environment
        "MPI_Init": _S(
            "Initializes the MPI world model; most MPI procedures may be called only after it.",
            "Call MPI_Init or MPI_Init_thread at most once per process; if threads call MPI,"
            " use MPI_Init_thread.",
        ),
        "MPI_Init_thread": _S(
            "Initializes MPI and requests a level of thread support.",
            "Check `provided`: it may be lower than `required`, and using MPI beyond that level is"
            " erroneous.",
        ),
        "MPI_Query_thread": _S(
            "Returns the level of thread support MPI actually provides.",
            "Levels are ordered SINGLE < FUNNELED < SERIALIZED < MULTIPLE: compare with <, not ==.",
        ),
        "MPI_Finalize": _S(
            "Shuts down the world model; afterwards only a few calls, e.g. MPI_Finalized, work.",
            "Every process must call it after completing its pending communication; it is"
            " collective and may wait for other processes.",
        ),
        "MPI_Finalized": _S(
            "Tells whether MPI_Finalize has completed on this process.",
            "Callable at any time; guard library cleanup with it, as MPI is unusable afterwards.",
        ),
        "MPI_Initialized": _S(
            "Tells whether MPI_Init or MPI_Init_thread has been called.",
            "It stays true after MPI_Finalize; use MPI_Finalized to test for that.",
        ),
        "MPI_Abort": _S(
            "Tries to terminate every process of the communicator's group (usually the whole job).",
            "Buffered output and file data may be lost; use it for fatal errors, not normal exit.",
        ),
        "MPI_Wtime": _S(
            "Returns elapsed wall-clock seconds since an arbitrary time in the past.",
            "Only differences are meaningful; clocks of different processes need not agree unless"
            " the MPI_WTIME_IS_GLOBAL attribute is true.",
        ),
        "MPI_Wtick": _S(
            "Returns the resolution of MPI_Wtime in seconds.",
            "Intervals shorter than a tick cannot be measured reliably.",
        ),
        "MPI_Get_processor_name": _S(
            "Returns the name of the processor (node) this process runs on.",
            "The buffer must hold MPI_MAX_PROCESSOR_NAME characters.",
        ),
        # Communicators
        "MPI_Comm_rank": _S(
            "Returns the calling process's rank (0..size-1) in the communicator.",
            "A rank is only meaningful in its communicator; the same process may have another rank"
            " in another communicator.",
        ),
        "MPI_Comm_size": _S(
            "Returns the number of processes in the communicator's group.",
            "For an intercommunicator it gives the local group's size.",
        ),
        "MPI_Comm_split": _S(
            "Splits a communicator into disjoint ones by `color`, ranks ordered by `key`.",
            "Collective: every process of comm must call it; MPI_UNDEFINED gives MPI_COMM_NULL.",
        ),
        "MPI_Comm_split_type": _S(
            "Splits a communicator by type, e.g. MPI_COMM_TYPE_SHARED for shared memory.",
            "Collective; a shared-memory domain is usually, but not necessarily, a whole node.",
        ),
        "MPI_Comm_dup": _S(
            "Duplicates a communicator: same group and topology, a new context for its messages.",
            "Collective; messages on the copy never match the original's, and attributes are copied"
            " only as their copy callbacks decide. Free it with MPI_Comm_free.",
        ),
        "MPI_Comm_free": _S(
            "Marks a communicator for deallocation and sets the handle to MPI_COMM_NULL.",
            "Collective over the communicator; never free MPI_COMM_WORLD or MPI_COMM_SELF.",
        ),
        "MPI_Comm_create": _S(
            "Creates a communicator from a subgroup of an existing communicator.",
            "Collective over the whole old communicator; non-members get MPI_COMM_NULL."
            " MPI_Comm_create_group needs only the members.",
        ),
        "MPI_Comm_group": _S(
            "Returns the group of processes of a communicator.",
            "Free the returned group with MPI_Group_free.",
        ),
        "MPI_Group_incl": _S(
            "Creates a group of the listed ranks of an existing group, in the listed order.",
            "Ranks refer to the old group and must be distinct; free it with MPI_Group_free.",
        ),
        "MPI_Cart_create": _S(
            "Creates a communicator with a Cartesian process topology.",
            "With reorder true ranks may change; processes beyond the grid get MPI_COMM_NULL.",
        ),
        "MPI_Cart_shift": _S(
            "Returns the source and destination ranks for a shift along one Cartesian dimension.",
            "At a non-periodic edge the neighbour is MPI_PROC_NULL; it moves no data itself.",
        ),
        "MPI_Cart_coords": _S(
            "Converts a rank in a Cartesian communicator into grid coordinates.",
            "`maxdims` must be at least the number of dimensions.",
        ),
        "MPI_Cart_rank": _S(
            "Converts Cartesian grid coordinates into a rank of the Cartesian communicator.",
            "Out-of-range coordinates wrap in periodic dimensions but are erroneous in others.",
        ),
        "MPI_Cart_sub": _S(
            "Partitions a Cartesian communicator into subgrids of the dimensions kept.",
            "Collective; remain_dims[i] true keeps dimension i; each process gets its own subgrid.",
        ),
        "MPI_Dims_create": _S(
            "Chooses a balanced split of processes over a number of grid dimensions.",
            "Nonzero entries of `dims` on input are kept as constraints, so zero them first.",
        ),
        # Point-to-point
        "MPI_Send": _S(
            "Sends a message in standard mode; returns once the send buffer may be reused.",
            "It may block until the matching receive is posted: pairs of sends can deadlock.",
        ),
        "MPI_Recv": _S(
            "Receives a message matching source, tag and communicator into the buffer.",
            "`count` is the capacity, not the received size (use MPI_Get_count); a longer message"
            " is a truncation error.",
        ),
        "MPI_Ssend": _S(
            "Sends in synchronous mode: completes only once the matching receive has started.",
            "Deadlocks where MPI_Send happened to work by buffering.",
        ),
        "MPI_Bsend": _S(
            "Sends in buffered mode, copying the message into a user-attached buffer.",
            "Needs enough free space in the attached buffer, including MPI_BSEND_OVERHEAD per"
            " message; too little space is an error.",
        ),
        "MPI_Rsend": _S(
            "Sends in ready mode: the matching receive must already be posted.",
            "If the receive is not posted yet the program is erroneous; you must ensure the order.",
        ),
        "MPI_Buffer_attach": _S(
            "Gives MPI a user buffer to hold outgoing messages of buffered-mode sends.",
            "Size it as MPI_Pack_size plus MPI_BSEND_OVERHEAD summed over all pending messages.",
        ),
        "MPI_Buffer_detach": _S(
            "Detaches the buffered-mode send buffer, blocking until its messages are sent.",
            "In C `buffer_addr` is the address of a pointer, although it is declared void *.",
        ),
        "MPI_Isend": _S(
            "Starts a nonblocking standard-mode send and returns a request.",
            "Do not modify the buffer until the request completes (MPI_Wait/MPI_Test).",
        ),
        "MPI_Irecv": _S(
            "Starts a nonblocking receive and returns a request.",
            "Do not read or write the buffer until the request completes.",
        ),
        "MPI_Issend": _S(
            "Starts a nonblocking synchronous send; it completes once the receive has matched.",
            "The buffer stays busy until completion, which can wait for the receiver indefinitely.",
        ),
        "MPI_Sendrecv": _S(
            "Sends one message and receives another in a single call.",
            "Send and receive buffers must not overlap (use MPI_Sendrecv_replace).",
        ),
        "MPI_Sendrecv_replace": _S(
            "Sends and receives using a single buffer, replacing its contents.",
            "The received message must fit in the same count and datatype.",
        ),
        "MPI_Wait": _S(
            "Blocks until the request completes, then frees it (sets it to MPI_REQUEST_NULL).",
            "A persistent request is only made inactive; free it with MPI_Request_free.",
        ),
        "MPI_Waitall": _S(
            "Blocks until all requests in the array complete.",
            "`array_of_statuses` needs `count` entries (or MPI_STATUSES_IGNORE).",
        ),
        "MPI_Waitany": _S(
            "Blocks until one of the requests completes and returns its index.",
            "index is MPI_UNDEFINED when no request is active (all null or inactive); it is 1-based"
            " in Fortran.",
        ),
        "MPI_Waitsome": _S(
            "Blocks until at least one request completes and returns the indices of all that did.",
            "outcount is MPI_UNDEFINED when no request is active; indices are 1-based in Fortran.",
        ),
        "MPI_Test": _S(
            "Checks without blocking whether a request has completed.",
            "A request is only freed when flag is true; keep testing or waiting otherwise.",
        ),
        "MPI_Testall": _S(
            "Checks without blocking whether all requests have completed.",
            "Flag is true only when all completed; otherwise no request is freed.",
        ),
        "MPI_Request_free": _S(
            "Marks a request for deallocation without waiting for it.",
            "You can no longer learn when the operation completes, nor when the buffer is free;"
            " avoid it for receives.",
        ),
        "MPI_Cancel": _S(
            "Marks a pending nonblocking operation for cancellation.",
            "Complete the request and check MPI_Test_cancelled; cancelling sends is deprecated.",
        ),
        "MPI_Probe": _S(
            "Waits for a matching message and returns its status without receiving it.",
            "With several threads another one may receive the message first; use MPI_Mprobe.",
        ),
        "MPI_Mprobe": _S(
            "Waits for a matching message and dequeues it, returning a message handle.",
            "Receive it with MPI_Mrecv or MPI_Imrecv using that handle, not with MPI_Recv.",
        ),
        "MPI_Mrecv": _S(
            "Receives the message identified by a handle from MPI_Mprobe or MPI_Improbe.",
            "A handle can be received only once; it is then set to MPI_MESSAGE_NULL.",
        ),
        "MPI_Iprobe": _S(
            "Checks without blocking whether a matching message is available.",
            "It does not receive the message; with threads, another one may receive it first:"
            " use MPI_Improbe and MPI_Mrecv.",
        ),
        "MPI_Get_count": _S(
            "Returns the number of received elements of a datatype from a status.",
            "Gives MPI_UNDEFINED when the received size is not a whole number of elements.",
        ),
        # Collectives
        "MPI_Barrier": _S(
            "Blocks until every process in the communicator has entered the call.",
            "It does not complete pending nonblocking operations; rarely needed for correctness.",
        ),
        "MPI_Bcast": _S(
            "Broadcasts the root's buffer to every process of the communicator.",
            "All processes must pass the same root and matching count/datatype.",
        ),
        "MPI_Reduce": _S(
            "Combines values from all processes with an operation into the root's recvbuf.",
            "recvbuf is significant only at root; MPI_IN_PLACE as sendbuf is allowed only at root.",
        ),
        "MPI_Allreduce": _S(
            "Combines values from all processes and returns the result to every process.",
            "sendbuf and recvbuf must not alias; pass MPI_IN_PLACE as sendbuf on every process.",
        ),
        "MPI_Gather": _S(
            "Collects equal-sized blocks from all processes into the root's buffer, in rank order.",
            "recvcount is the count from one process, not the total; significant only at root.",
        ),
        "MPI_Gatherv": _S(
            "Gathers blocks of varying size into the root's buffer at given displacements.",
            "recvcounts and displs are in elements of recvtype and matter only at root.",
        ),
        "MPI_Scatter": _S(
            "Splits the root's buffer into equal blocks and sends one to each process.",
            "sendcount is the count per process, not the total; significant only at root.",
        ),
        "MPI_Scatterv": _S(
            "Sends blocks of varying size from the root's buffer to each process.",
            "sendcounts and displs matter only at root; each recvcount must match its sendcounts"
            " entry.",
        ),
        "MPI_Allgather": _S(
            "Gathers equal-sized blocks from all processes and gives the result to all.",
            "recvcount is the count received from each process, not the total.",
        ),
        "MPI_Allgatherv": _S(
            "Gathers blocks of varying size from all processes and gives the result to all.",
            "Every process needs the full recvcounts and displs arrays.",
        ),
        "MPI_Alltoall": _S(
            "Each process sends a distinct equal-sized block to every process.",
            "sendcount and recvcount are per process, not totals; buffers hold size times that.",
        ),
        "MPI_Alltoallv": _S(
            "All-to-all exchange with per-destination counts and displacements.",
            "sendcounts[j] on rank i must match recvcounts[i] on rank j; displs count elements.",
        ),
        "MPI_Scan": _S(
            "Computes an inclusive prefix reduction: rank i gets the result over ranks 0..i.",
            "Use MPI_Exscan for the exclusive form; its result at rank 0 is undefined.",
        ),
        "MPI_Exscan": _S(
            "Computes an exclusive prefix reduction: rank i gets the result over ranks 0..i-1.",
            "recvbuf on rank 0 is undefined, not zero; set it yourself there.",
        ),
        "MPI_Reduce_scatter": _S(
            "Reduces element-wise over all processes and sends recvcounts[i] results to rank i.",
            "recvcounts must be identical everywhere; sendbuf holds the sum of all recvcounts.",
        ),
        "MPI_Reduce_scatter_block": _S(
            "Reduces element-wise over all processes and sends each an equal block of the result.",
            "recvcount is per process; sendbuf must hold size*recvcount elements.",
        ),
        "MPI_Ibcast": _S(
            "Starts a nonblocking broadcast and returns a request.",
            "Until completion do not modify the buffer at root nor read it elsewhere; start"
            " collectives in the same order on every process.",
        ),
        "MPI_Iallreduce": _S(
            "Starts a nonblocking all-reduce and returns a request.",
            "Do not touch sendbuf or read recvbuf before the request completes.",
        ),
        "MPI_Ireduce": _S(
            "Starts a nonblocking reduction to the root and returns a request.",
            "The result is only significant at root and only after completion.",
        ),
        "MPI_Ibarrier": _S(
            "Starts a nonblocking barrier; it completes once every process has entered it.",
            "The call itself synchronizes nothing; only completion of the request does.",
        ),
        # Datatypes
        "MPI_Type_contiguous": _S(
            "Creates a datatype of `count` consecutive copies of an existing type.",
            "Commit it with MPI_Type_commit before using it in communication.",
        ),
        "MPI_Type_vector": _S(
            "Creates a strided datatype: count blocks of blocklength elements, stride apart.",
            "The stride is in elements of oldtype; MPI_Type_create_hvector takes bytes.",
        ),
        "MPI_Type_create_struct": _S(
            "Creates a datatype from blocks of different types at byte displacements.",
            "Compute displacements with MPI_Get_address; padding may require resizing the extent.",
        ),
        "MPI_Type_create_subarray": _S(
            "Creates a datatype describing a subarray of a multidimensional array.",
            "array_of_starts are 0-based even in Fortran; set `order` (MPI_ORDER_C or"
            " MPI_ORDER_FORTRAN) to match the array layout.",
        ),
        "MPI_Type_create_resized": _S(
            "Creates a copy of a datatype with a new lower bound and extent.",
            "Use it so arrays of structs or interleaved items step by the right size; commit it.",
        ),
        "MPI_Type_get_extent": _S(
            "Returns the lower bound and extent (span including gaps) of a datatype.",
            "Extent is not size: use MPI_Type_size for the bytes of data actually transferred.",
        ),
        "MPI_Type_size": _S(
            "Returns the number of bytes of data in one element of a datatype, excluding gaps.",
            "It ignores holes and padding; use MPI_Type_get_extent for the memory layout.",
        ),
        "MPI_Type_commit": _S(
            "Commits a datatype so it can be used in communication.",
            "Needed once per new datatype before use; not needed for predefined types.",
        ),
        "MPI_Type_free": _S(
            "Marks a datatype for deallocation and sets the handle to MPI_DATATYPE_NULL.",
            "Pending operations using it still complete; do not free predefined types.",
        ),
        "MPI_Get_address": _S(
            "Returns the address of a location as an MPI_Aint.",
            "Use it (not & or LOC) for displacements; subtract with MPI_Aint_diff.",
        ),
        "MPI_Op_create": _S(
            "Creates a user-defined reduction operation from a function and a commute flag.",
            "The function must be associative and fold `len` elements of invec into inoutvec.",
        ),
        # One-sided
        "MPI_Win_create": _S(
            "Exposes an existing memory region of each process as a window for one-sided access.",
            "Collective; disp_unit scales target displacements of MPI_Put/MPI_Get.",
        ),
        "MPI_Win_allocate": _S(
            "Allocates memory and creates a window over it in one collective call.",
            "Can be faster than MPI_Win_create, as MPI picks the memory; MPI_Win_free frees it.",
        ),
        "MPI_Win_free": _S(
            "Frees a window collectively; it does not complete RMA operations for you.",
            "End every epoch first (fence, MPI_Win_complete/MPI_Win_wait, unlock); memory given to"
            " MPI_Win_create is not freed.",
        ),
        "MPI_Put": _S(
            "Writes data from the origin buffer into a target process's window.",
            "Completes only when the epoch ends (fence, MPI_Win_complete, unlock) or at a flush;"
            " do not modify the origin buffer before.",
        ),
        "MPI_Get": _S(
            "Reads data from a target process's window into the origin buffer.",
            "The origin buffer holds the data only after the epoch ends (fence, MPI_Win_complete,"
            " unlock) or a flush.",
        ),
        "MPI_Accumulate": _S(
            "Combines origin data into a target window with a predefined reduction operation.",
            "Only predefined operations or MPI_REPLACE; it is atomic only per element and only"
            " against other accumulate calls, not MPI_Put.",
        ),
        "MPI_Get_accumulate": _S(
            "Combines origin data into the target (atomic per element) and returns the old data.",
            "The result buffer is valid only after a flush or the end of the epoch; MPI_NO_OP just"
            " reads.",
        ),
        "MPI_Fetch_and_op": _S(
            "Atomically applies an operation to one target element and returns its old value.",
            "Only one element of a predefined type; the result is valid after a flush or the end of"
            " the epoch.",
        ),
        "MPI_Compare_and_swap": _S(
            "Atomically replaces one target element with origin data if it equals compare data.",
            "Only one integer, logical or byte element; the old value is valid after a flush or the"
            " end of the epoch.",
        ),
        "MPI_Win_fence": _S(
            "Synchronizes all RMA operations on a window collectively (active target).",
            "RMA calls issued after one fence complete at the next; every process of the window's"
            " group must call it, even one that issued no RMA.",
        ),
        "MPI_Win_lock": _S(
            "Starts a passive-target access epoch to one target's window.",
            "It may return before the lock is acquired; operations complete only at MPI_Win_unlock"
            " or a flush.",
        ),
        "MPI_Win_unlock": _S(
            "Ends a passive-target access epoch and completes its RMA operations.",
            "Must match an MPI_Win_lock on the same target and window.",
        ),
        "MPI_Win_flush": _S(
            "Completes all pending RMA operations of this process to one target, at both ends.",
            "Valid only inside a passive-target epoch (lock or lock_all); it does not end it.",
        ),
        # I/O
        "MPI_File_open": _S(
            "Opens a file collectively over all processes of a communicator.",
            "amode must match on all processes; file errors return by default, so check the code.",
        ),
        "MPI_File_set_view": _S(
            "Sets this process's view of a file: byte displacement, etype and filetype.",
            "Collective; it resets the file pointers, and later offsets count etypes, not bytes.",
        ),
        "MPI_File_write_at_all": _S(
            "Writes at an explicit offset, collectively so MPI can merge the accesses.",
            "Offsets count etypes of the view, not bytes; every rank must call it, even count 0.",
        ),
        "MPI_File_read_at_all": _S(
            "Reads at an explicit offset, collectively so MPI can merge the accesses.",
            "Offsets count etypes of the view, not bytes; every rank must call it, even count 0.",
        ),
        "MPI_File_close": _S(
            "Closes a file collectively and frees the file handle.",
            "Complete pending nonblocking I/O first; all processes that opened it must call it.",
        ),
        # Errors
        "MPI_Comm_set_errhandler": _S(
            "Sets the error handler called on errors raised for a communicator.",
            "The default MPI_ERRORS_ARE_FATAL aborts; with MPI_ERRORS_RETURN check return codes,"
            " though MPI may be unusable after an error.",
        ),
        "MPI_Error_string": _S(
            "Returns the text for an MPI error code.",
            "The buffer must hold MPI_MAX_ERROR_STRING characters.",
        ),
    }
)


def summary_of(name: str) -> MpiSummary | None:
    """The hand-written text for a canonical name, if any."""
    return SUMMARIES.get(name)
