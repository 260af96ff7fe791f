"""OpenMP 5.2 leaf constructs and directives: a one-line description and the clauses each
accepts, as the 5.2 spec lists them (openmp.py derives combined constructs from these)."""

from __future__ import annotations

from typing import Literal

Languages = Literal["both", "c", "fortran"]

_MEMORY_ORDER = "seq_cst acq_rel release acquire relaxed"
_ASSUME = "absent contains holds no_openmp no_openmp_routines no_parallelism"

# (name, description, clauses, languages)
LEAVES: tuple[tuple[str, str, str, Languages], ...] = (
    (
        "parallel",
        "Creates a team of threads that all run the structured block.",
        "if num_threads default private firstprivate shared copyin reduction proc_bind allocate",
        "both",
    ),
    (
        "for",
        "Worksharing loop: the iterations of the associated loop(s) are divided among the "
        "threads of the team.",
        "private firstprivate lastprivate linear reduction schedule "
        "collapse ordered nowait allocate order",
        "both",
    ),
    (
        "sections",
        "Worksharing construct: each enclosed section is run once by one thread.",
        "private firstprivate lastprivate reduction allocate nowait",
        "both",
    ),
    ("section", "One structured block of a sections construct.", "", "both"),
    (
        "single",
        "The block is run by only one thread of the team.",
        "private firstprivate copyprivate allocate nowait",
        "both",
    ),
    (
        "workshare",
        "Divides the Fortran array statements, FORALL and WHERE of the block among the threads.",
        "nowait",
        "fortran",
    ),
    (
        "scope",
        "A block run by all threads of the team, with its own private and reduction variables.",
        "private firstprivate reduction allocate nowait",
        "both",
    ),
    (
        "masked",
        "The block is run only by the thread the filter clause selects (the primary "
        "thread by default).",
        "filter",
        "both",
    ),
    (
        "master",
        "The block is run only by the primary thread (deprecated in 5.1: use masked).",
        "",
        "both",
    ),
    (
        "critical",
        "Mutual exclusion: one thread at a time runs the block (per critical name).",
        "hint",
        "both",
    ),
    (
        "barrier",
        "Explicit barrier: all threads of the team wait here, and their tasks complete.",
        "",
        "both",
    ),
    (
        "taskwait",
        "Waits for the completion of the current task's child tasks (or the depend-listed ones).",
        "depend nowait",
        "both",
    ),
    (
        "taskgroup",
        "Waits at its end for all tasks created in the block and their descendants.",
        "task_reduction allocate",
        "both",
    ),
    ("taskyield", "The current task may be suspended in favour of another task.", "", "both"),
    (
        "atomic",
        "The storage location is read, written or updated atomically.",
        f"read write update capture compare fail weak hint {_MEMORY_ORDER}",
        "both",
    ),
    (
        "flush",
        "Makes the thread's temporary view of memory consistent with memory (a memory fence).",
        "seq_cst acq_rel release acquire",
        "both",
    ),
    (
        "ordered",
        "Block run in the loop's sequential iteration order, or a doacross dependence point.",
        "threads simd depend doacross",
        "both",
    ),
    (
        "simd",
        "The loop's iterations are run concurrently using SIMD instructions.",
        "if safelen simdlen linear aligned nontemporal private lastprivate reduction collapse "
        "order",
        "both",
    ),
    (
        "declare simd",
        "Creates SIMD versions of the function for calls from SIMD loops.",
        "simdlen linear aligned uniform inbranch notinbranch",
        "both",
    ),
    (
        "task",
        "Creates an explicit task from the structured block.",
        "if final untied default mergeable private firstprivate shared in_reduction depend "
        "priority allocate affinity detach",
        "both",
    ),
    (
        "taskloop",
        "The loop's iterations are divided into explicit tasks.",
        "if shared private firstprivate lastprivate reduction in_reduction default grainsize "
        "num_tasks collapse final priority untied mergeable nogroup allocate",
        "both",
    ),
    (
        "target",
        "Maps variables to a device and runs the block there.",
        "if device thread_limit private firstprivate in_reduction map is_device_ptr "
        "has_device_addr defaultmap nowait depend allocate uses_allocators",
        "both",
    ),
    (
        "target data",
        "Maps variables to a device data environment for the extent of the block.",
        "if device map use_device_ptr use_device_addr",
        "both",
    ),
    (
        "target enter data",
        "Maps variables to a device data environment (standalone).",
        "if device map depend nowait",
        "both",
    ),
    (
        "target exit data",
        "Unmaps variables from a device data environment (standalone).",
        "if device map depend nowait",
        "both",
    ),
    (
        "target update",
        "Makes mapped variables consistent between host and device.",
        "if device to from depend nowait",
        "both",
    ),
    (
        "teams",
        "Creates a league of teams; the initial thread of each runs the block.",
        "num_teams thread_limit default private firstprivate shared reduction allocate if",
        "both",
    ),
    (
        "distribute",
        "The loop's iterations are divided among the initial threads of the teams.",
        "private firstprivate lastprivate collapse dist_schedule allocate order",
        "both",
    ),
    (
        "loop",
        "The loop's iterations may run concurrently; the binding region decides how.",
        "bind collapse order private lastprivate reduction",
        "both",
    ),
    (
        "cancel",
        "Requests cancellation of the innermost enclosing region of the given type.",
        "parallel sections for taskgroup if",
        "both",
    ),
    (
        "cancellation point",
        "A point where the task checks for a requested cancellation.",
        "parallel sections for taskgroup",
        "both",
    ),
    (
        "threadprivate",
        "Each thread gets its own copy of the listed global/static variables or common blocks.",
        "",
        "both",
    ),
    ("declare reduction", "Declares a user-defined reduction identifier.", "initializer", "both"),
    ("declare mapper", "Declares a user-defined mapper for a type.", "map", "both"),
    (
        "declare variant",
        "Declares a function variant to call in a given context.",
        "match adjust_args append_args",
        "both",
    ),
    (
        "declare target",
        "Makes the listed (or enclosed) functions and variables available on devices.",
        "to enter link device_type indirect",
        "both",
    ),
    (
        "begin declare target",
        "Starts a region whose declarations are available on devices.",
        "device_type indirect",
        "c",
    ),
    ("end declare target", "Ends a begin/declare target region.", "", "c"),
    ("begin declare variant", "Starts a region of function variants for a context.", "match", "c"),
    ("end declare variant", "Ends a begin declare variant region.", "", "c"),
    (
        "requires",
        "Requirements the implementation must support for the compilation unit.",
        "reverse_offload unified_address unified_shared_memory atomic_default_mem_order "
        "dynamic_allocators",
        "both",
    ),
    (
        "metadirective",
        "Chooses one of several directive variants by context.",
        "when otherwise default",
        "both",
    ),
    (
        "begin metadirective",
        "Metadirective whose variants apply to a delimited block.",
        "when otherwise default",
        "c",
    ),
    ("assume", "Invariants the implementation may assume in the block.", _ASSUME, "both"),
    ("assumes", "Invariants the implementation may assume in the scope.", _ASSUME, "both"),
    ("begin assumes", "Starts a region with assumed invariants.", _ASSUME, "c"),
    ("end assumes", "Ends a begin assumes region.", "", "c"),
    ("allocate", "Allocator (and alignment) for the listed variables.", "allocator align", "both"),
    (
        "allocators",
        "Allocator for the allocations of a Fortran ALLOCATE statement.",
        "allocate",
        "fortran",
    ),
    (
        "error",
        "Reports an error or warning at compile time or at run time.",
        "at severity message",
        "both",
    ),
    ("nothing", "Does nothing (useful as a metadirective variant).", "", "both"),
    (
        "depobj",
        "Initialises, updates or destroys a depend object.",
        "depend destroy update",
        "both",
    ),
    (
        "scan",
        "Separates the input and scan phases of an inscan reduction loop.",
        "inclusive exclusive",
        "both",
    ),
    (
        "interop",
        "Creates, uses or destroys an interop object (foreign runtime handle).",
        "init destroy use depend nowait device",
        "both",
    ),
    (
        "dispatch",
        "Calls the function variant chosen for the dispatch context.",
        "device depend nowait novariants nocontext is_device_ptr has_device_addr",
        "both",
    ),
    ("tile", "Tiles the associated loop nest with the given tile sizes.", "sizes", "both"),
    ("unroll", "Unrolls the associated loop fully or by a factor.", "full partial", "both"),
)


# Combined (C) and composite constructs, in C spelling (Fortran spelling: for -> do).
