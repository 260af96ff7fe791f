"""OpenMP 5.2 clauses: syntax and a one-line description each (openmp.py says who takes them).

Syntax is written in the spec's notation: `[...]` optional, `|` alternatives. Clauses whose
name differs between C and Fortran (only `for`/`do` of cancel) carry both spellings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class OmpClause:
    name: str  # C spelling, lower-case
    syntax: str
    description: str
    fortran_name: str | None = None  # None: same as name

    def spelling(self, fortran: bool) -> str:
        return self.fortran_name or self.name if fortran else self.name


def _c(name: str, syntax: str, description: str, fortran_name: str | None = None) -> OmpClause:
    return OmpClause(name, syntax, description, fortran_name)


_MEM = "memory order: "

CLAUSES: tuple[OmpClause, ...] = (
    # --- data sharing and data copying
    _c("private", "private(list)", "Each thread or task gets its own uninitialised copy."),
    _c(
        "firstprivate",
        "firstprivate(list)",
        "Private copies initialised with the original value at construct entry.",
    ),
    _c(
        "lastprivate",
        "lastprivate([conditional:] list)",
        "Private copies; the value from the sequentially last iteration or section is copied back.",
    ),
    _c("shared", "shared(list)", "The listed variables are shared by all threads or tasks."),
    _c(
        "default",
        "default(shared | firstprivate | private | none)",
        "Data-sharing attribute of variables referenced but not listed; `none` forces explicit "
        "listing. In metadirective: deprecated spelling of `otherwise`.",
    ),
    _c(
        "reduction",
        "reduction([reduction-modifier,] reduction-identifier : list)",
        "Private copies combined with the operator at the end; modifiers `inscan`, `task`, "
        "`default`.",
    ),
    _c(
        "in_reduction",
        "in_reduction(reduction-identifier : list)",
        "The task participates in a reduction defined by an enclosing taskgroup or task_reduction.",
    ),
    _c(
        "task_reduction",
        "task_reduction(reduction-identifier : list)",
        "Defines a reduction among the tasks of the taskgroup.",
    ),
    _c("copyin", "copyin(list)", "Copies the primary thread's threadprivate values to the team."),
    _c(
        "copyprivate",
        "copyprivate(list)",
        "Broadcasts the single thread's private values to the other threads of the team.",
    ),
    _c(
        "linear",
        "linear(list[: linear-step]) | linear(list : step(s), val | ref | uval)",
        "Private variables whose value is a linear function of the iteration number.",
    ),
    _c(
        "aligned",
        "aligned(list[: alignment])",
        "Asserts the pointed-to data (C) or the variables (Fortran) are aligned as stated.",
    ),
    _c(
        "uniform",
        "uniform(parameter-list)",
        "The arguments have the same value for all concurrent calls of a SIMD function.",
    ),
    _c(
        "allocate",
        "allocate([allocator-simple-modifier:] list) | allocate(allocate-modifier "
        "[, allocate-modifier]: list)",
        "Allocator (and alignment) used for the private copies of the listed variables.",
    ),
    _c(
        "allocator",
        "allocator(allocator)",
        "Memory allocator used by the allocate directive.",
    ),
    _c("align", "align(alignment)", "Byte alignment of the storage the allocate directive makes."),
    # --- parallel, worksharing and loops
    _c(
        "if",
        "if([directive-name-modifier :] scalar-expression)",
        "Run the construct (in "
        "parallel, on the device, as a task, ...) only if the expression is true.",
    ),
    _c("num_threads", "num_threads(integer-expression)", "Number of threads of the team."),
    _c(
        "proc_bind",
        "proc_bind(primary | close | spread)",
        "Thread affinity policy for the team (`master` is the deprecated name of `primary`).",
    ),
    _c(
        "schedule",
        "schedule([modifier [, modifier]:] kind[, chunk_size])",
        "How loop iterations are divided among threads: static, dynamic, guided, auto, runtime.",
    ),
    _c("collapse", "collapse(n)", "Associates the n outermost perfectly nested loops."),
    _c(
        "ordered",
        "ordered[(n)]",
        "The loop may contain ordered regions; with n, the loops form a doacross nest.",
    ),
    _c("nowait", "nowait", "No implied barrier (or task wait) at the end of the construct."),
    _c(
        "order",
        "order([order-modifier :] concurrent)",
        "Iterations may run in any order or concurrently (modifiers reproducible, unconstrained).",
    ),
    _c("bind", "bind(teams | parallel | thread)", "The binding region of a loop construct."),
    _c(
        "safelen",
        "safelen(length)",
        "Maximum distance between iterations run concurrently in SIMD.",
    ),
    _c("simdlen", "simdlen(length)", "Preferred number of iterations run concurrently in SIMD."),
    _c(
        "nontemporal",
        "nontemporal(list)",
        "Accesses to the listed variables have little temporal locality (streaming stores).",
    ),
    _c("inbranch", "inbranch", "The SIMD function is always called from inside a conditional."),
    _c("notinbranch", "notinbranch", "The SIMD function is never called from a conditional."),
    _c("sizes", "sizes(size-list)", "Tile sizes of the tile construct, one per loop."),
    _c("full", "full", "Unroll the loop completely (its trip count must be constant)."),
    _c("partial", "partial[(unroll-factor)]", "Unroll the loop by a factor (chosen if omitted)."),
    _c(
        "filter",
        "filter(thread-num)",
        "Thread number that runs the masked region (0, the primary thread, by default).",
    ),
    # --- tasking
    _c(
        "depend",
        "depend([depend-modifier,] dependence-type : locator-list)",
        "Task dependences: in, out, inout, mutexinoutset, inoutset, depobj (source/sink: "
        "deprecated, use doacross).",
    ),
    _c(
        "doacross",
        "doacross(source : [omp_cur_iteration] | sink : vector)",
        "Cross-iteration dependence of an ordered doacross loop nest.",
    ),
    _c("priority", "priority(priority-value)", "Hint for the order in which tasks are run."),
    _c("grainsize", "grainsize([strict:] grain-size)", "Iterations per taskloop task."),
    _c("num_tasks", "num_tasks([strict:] num-tasks)", "Number of tasks the taskloop creates."),
    _c(
        "final",
        "final(scalar-expression)",
        "If true, the task is final: its child tasks are included and run at once.",
    ),
    _c("untied", "untied", "The task may be resumed by any thread of the team after a suspension."),
    _c(
        "mergeable",
        "mergeable",
        "An undeferred or included task may share the data environment of its creator.",
    ),
    _c("nogroup", "nogroup", "No implicit taskgroup around the taskloop."),
    _c("detach", "detach(event-handle)", "The task completes only when the event is fulfilled."),
    _c(
        "affinity",
        "affinity([aff-modifier :] locator-list)",
        "Hint to run the task close to the listed data.",
    ),
    # --- devices
    _c(
        "map",
        "map([[map-type-modifier[,] ...] map-type :] locator-list)",
        "Maps variables to the device data environment: to, from, tofrom, alloc, release, delete.",
    ),
    _c("device", "device([ancestor | device_num :] integer-expression)", "Target device."),
    _c(
        "is_device_ptr",
        "is_device_ptr(list)",
        "The listed pointers already hold device addresses.",
    ),
    _c(
        "has_device_addr",
        "has_device_addr(list)",
        "The listed variables already have device addresses.",
    ),
    _c(
        "use_device_ptr",
        "use_device_ptr(list)",
        "Inside the region the listed pointers hold the device addresses of their targets.",
    ),
    _c(
        "use_device_addr",
        "use_device_addr(list)",
        "Inside the region references to the listed variables use their device addresses.",
    ),
    _c(
        "defaultmap",
        "defaultmap(implicit-behavior[: variable-category])",
        "Default mapping of variables referenced in a target region but not mapped.",
    ),
    _c("num_teams", "num_teams([lower-bound:] upper-bound)", "Number of teams of the league."),
    _c("thread_limit", "thread_limit(integer-expression)", "Maximum threads per team."),
    _c(
        "dist_schedule",
        "dist_schedule(static[, chunk_size])",
        "How distribute iterations are divided among the teams.",
    ),
    _c(
        "uses_allocators",
        "uses_allocators(allocator[(traits)], ...)",
        "Allocators made available in the target region.",
    ),
    _c(
        "to",
        "to([motion-modifier:] locator-list)",
        "target update: copy to the device. declare target: deprecated spelling of `enter`.",
    ),
    _c("from", "from([motion-modifier:] locator-list)", "Copy from the device (target update)."),
    _c(
        "enter",
        "enter(extended-list)",
        "Declares the listed functions and variables for the device.",
    ),
    _c(
        "link",
        "link(list)",
        "The listed variables are mapped to the device only when used in a map.",
    ),
    _c(
        "device_type",
        "device_type(host | nohost | any)",
        "For which devices a declare target version is made.",
    ),
    _c(
        "indirect",
        "indirect[(bool)]",
        "The function may be called through a pointer on the device.",
    ),
    # --- synchronisation and memory order
    _c(
        "hint",
        "hint(hint-expression)",
        "Synchronisation hint (omp_sync_hint_*) for a critical region, atomic or lock.",
    ),
    _c("read", "read", "Atomic read of the location."),
    _c("write", "write", "Atomic write of the location."),
    _c(
        "update",
        "update | update(dependence-type)",
        "atomic: atomic read-modify-write. depobj: change the object's dependence type.",
    ),
    _c("capture", "capture", "Atomic update that also captures the old or new value."),
    _c("compare", "compare", "Atomic conditional update (compare-and-swap, min/max)."),
    _c("fail", "fail(seq_cst | acquire | relaxed)", "Memory order when the atomic compare fails."),
    _c("weak", "weak", "The atomic compare may fail spuriously."),
    _c("seq_cst", "seq_cst", _MEM + "sequentially consistent."),
    _c("acq_rel", "acq_rel", _MEM + "acquire and release."),
    _c("release", "release", _MEM + "release."),
    _c("acquire", "acquire", _MEM + "acquire."),
    _c("relaxed", "relaxed", _MEM + "relaxed (no ordering)."),
    _c("threads", "threads", "The ordered region orders the threads of a loop."),
    _c("simd", "simd", "The ordered region orders the SIMD lanes of a simd loop."),
    _c("parallel", "parallel", "The cancel applies to the innermost parallel region."),
    _c("sections", "sections", "The cancel applies to the innermost sections region."),
    _c("for", "for | do", "The cancel applies to the innermost worksharing loop.", "do"),
    _c("taskgroup", "taskgroup", "The cancel applies to the innermost taskgroup."),
    _c(
        "inclusive", "inclusive(list)", "Inclusive scan: the current iteration's value is included."
    ),
    _c(
        "exclusive", "exclusive(list)", "Exclusive scan: the current iteration's value is left out."
    ),
    _c("destroy", "destroy[(object)]", "Destroys the depend or interop object."),
    # --- declarations, variants, requirements, utilities
    _c(
        "initializer",
        "initializer(omp_priv = initializer | function-name(argument-list))",
        "How the private copies of a user-defined reduction are initialised.",
    ),
    _c("match", "match(context-selector-specification)", "Context in which the variant is used."),
    _c(
        "adjust_args",
        "adjust_args(need_device_ptr | nothing : argument-list)",
        "How the arguments are changed when the variant is called by dispatch.",
    ),
    _c(
        "append_args",
        "append_args(interop(interop-type) ...)",
        "Interop objects appended to the variant's arguments.",
    ),
    _c(
        "when",
        "when(context-selector-specification : [directive-variant])",
        "Directive variant chosen when the context matches.",
    ),
    _c(
        "otherwise",
        "otherwise([directive-variant])",
        "Directive variant used when no `when` matches.",
    ),
    _c(
        "reverse_offload",
        "reverse_offload",
        "Requires target regions inside device code to run on the host.",
    ),
    _c("unified_address", "unified_address", "Requires one address space for host and devices."),
    _c(
        "unified_shared_memory",
        "unified_shared_memory",
        "Requires host memory accessible from devices without mapping.",
    ),
    _c(
        "atomic_default_mem_order",
        "atomic_default_mem_order(seq_cst | acq_rel | relaxed)",
        "Default memory order of atomic constructs in the compilation unit.",
    ),
    _c(
        "dynamic_allocators",
        "dynamic_allocators",
        "Requires allocators to be usable in target regions without uses_allocators.",
    ),
    _c("at", "at(compilation | execution)", "When the error directive takes effect."),
    _c("severity", "severity(fatal | warning)", "Whether the error directive stops the program."),
    _c("message", "message(msg-string)", "Text the error directive reports."),
    _c(
        "init",
        "init([interop-modifier,] interop-type[, interop-type] : interop-var)",
        "Initialises an interop object.",
    ),
    _c("use", "use(interop-var)", "Interop object used by the interop construct."),
    _c(
        "novariants",
        "novariants(scalar-expression)",
        "If true, dispatch calls the base function, not a variant.",
    ),
    _c(
        "nocontext",
        "nocontext(scalar-expression)",
        "If true, dispatch does not add the dispatch context.",
    ),
    _c("absent", "absent(directive-name-list)", "Assumes the listed directives do not occur."),
    _c("contains", "contains(directive-name-list)", "Assumes the listed directives may occur."),
    _c("holds", "holds(scalar-expression)", "Assumes the expression is true."),
    _c("no_openmp", "no_openmp", "Assumes no OpenMP code is run in the scope."),
    _c("no_openmp_routines", "no_openmp_routines", "Assumes no OpenMP runtime routine is called."),
    _c("no_parallelism", "no_parallelism", "Assumes no parallelism is created."),
)

CLAUSE_BY_NAME: Mapping[str, OmpClause] = MappingProxyType({c.name: c for c in CLAUSES})
# Spelling as written in Fortran -> clause (only `do` differs).
CLAUSE_BY_FORTRAN_NAME: Mapping[str, OmpClause] = MappingProxyType(
    {c.spelling(True): c for c in CLAUSES}
)


def clause_named(name: str, fortran: bool) -> OmpClause | None:
    """The clause spelled `name` (lower-case) in C or in Fortran."""
    return (CLAUSE_BY_FORTRAN_NAME if fortran else CLAUSE_BY_NAME).get(name)
