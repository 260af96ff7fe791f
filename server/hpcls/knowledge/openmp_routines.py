"""OpenMP 5.2 runtime library routines (omp.h, the omp_lib module): C and Fortran
signatures and a one-line description each. Fortran argument kinds are abbreviated
(`integer(omp_lock_kind)`); routines with C pointers use `type(c_ptr)` from iso_c_binding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class OmpRoutine:
    name: str
    c_signature: str
    fortran_signature: str
    description: str

    def signature(self, fortran: bool) -> str:
        return self.fortran_signature if fortran else self.c_signature


def _int_query(name: str, description: str) -> OmpRoutine:
    return OmpRoutine(name, f"int {name}(void);", f"integer function {name}()", description)


def _lock(name: str, nest: bool, c_ret: str, f_kind: str, description: str) -> OmpRoutine:
    ctype = "omp_nest_lock_t" if nest else "omp_lock_t"
    fkind = "omp_nest_lock_kind" if nest else "omp_lock_kind"
    fortran = f"{f_kind} {name}(svar)" if f_kind else f"subroutine {name}(svar)"
    return OmpRoutine(
        name, f"{c_ret} {name}({ctype} *lock);", f"{fortran}; integer({fkind}) svar", description
    )


_R = OmpRoutine

ROUTINES: tuple[OmpRoutine, ...] = (
    # --- threads and teams
    _R(
        "omp_set_num_threads",
        "void omp_set_num_threads(int num_threads);",
        "subroutine omp_set_num_threads(num_threads); integer num_threads",
        "Sets the number of threads for subsequent parallel regions without num_threads.",
    ),
    _int_query(
        "omp_get_num_threads",
        "Number of threads in the current team (1 outside a parallel region).",
    ),
    _int_query(
        "omp_get_max_threads",
        "Upper bound on the team size of a parallel region started here without num_threads.",
    ),
    _int_query(
        "omp_get_thread_num", "The calling thread's number in its team (0 .. team size - 1)."
    ),
    _int_query("omp_get_num_procs", "Number of processors available to the device."),
    _R(
        "omp_in_parallel",
        "int omp_in_parallel(void);",
        "logical function omp_in_parallel()",
        "True inside an active parallel region (one with more than one thread).",
    ),
    _R(
        "omp_set_dynamic",
        "void omp_set_dynamic(int dynamic_threads);",
        "subroutine omp_set_dynamic(dynamic_threads); logical dynamic_threads",
        "Enables or disables dynamic adjustment of the number of threads.",
    ),
    _R(
        "omp_get_dynamic",
        "int omp_get_dynamic(void);",
        "logical function omp_get_dynamic()",
        "Whether dynamic adjustment of the number of threads is enabled.",
    ),
    _R(
        "omp_get_cancellation",
        "int omp_get_cancellation(void);",
        "logical function omp_get_cancellation()",
        "Whether cancellation is enabled (OMP_CANCELLATION).",
    ),
    _R(
        "omp_set_nested",
        "void omp_set_nested(int nested);",
        "subroutine omp_set_nested(nested); logical nested",
        "Deprecated (5.0): enables nested parallelism; use omp_set_max_active_levels.",
    ),
    _R(
        "omp_get_nested",
        "int omp_get_nested(void);",
        "logical function omp_get_nested()",
        "Deprecated (5.0): whether nested parallelism is enabled; use omp_get_max_active_levels.",
    ),
    _R(
        "omp_set_schedule",
        "void omp_set_schedule(omp_sched_t kind, int chunk_size);",
        "subroutine omp_set_schedule(kind, chunk_size); integer(omp_sched_kind) kind; "
        "integer chunk_size",
        "Sets the schedule used by schedule(runtime) loops.",
    ),
    _R(
        "omp_get_schedule",
        "void omp_get_schedule(omp_sched_t *kind, int *chunk_size);",
        "subroutine omp_get_schedule(kind, chunk_size); integer(omp_sched_kind) kind; "
        "integer chunk_size",
        "The schedule used by schedule(runtime) loops.",
    ),
    _int_query(
        "omp_get_thread_limit", "Maximum number of threads available to the contention group."
    ),
    _int_query(
        "omp_get_supported_active_levels",
        "Number of nested active parallel levels the implementation supports.",
    ),
    _R(
        "omp_set_max_active_levels",
        "void omp_set_max_active_levels(int max_levels);",
        "subroutine omp_set_max_active_levels(max_levels); integer max_levels",
        "Limits the number of nested active parallel regions.",
    ),
    _int_query("omp_get_max_active_levels", "Maximum number of nested active parallel regions."),
    _int_query("omp_get_level", "Number of nested parallel regions enclosing the call."),
    _R(
        "omp_get_ancestor_thread_num",
        "int omp_get_ancestor_thread_num(int level);",
        "integer function omp_get_ancestor_thread_num(level); integer level",
        "Thread number of the calling thread's ancestor at the given nesting level.",
    ),
    _R(
        "omp_get_team_size",
        "int omp_get_team_size(int level);",
        "integer function omp_get_team_size(level); integer level",
        "Size of the team of the ancestor at the given nesting level.",
    ),
    _int_query(
        "omp_get_active_level", "Number of nested active parallel regions enclosing the call."
    ),
    _R(
        "omp_in_final",
        "int omp_in_final(void);",
        "logical function omp_in_final()",
        "True when called from a final task region.",
    ),
    _R(
        "omp_get_proc_bind",
        "omp_proc_bind_t omp_get_proc_bind(void);",
        "integer(omp_proc_bind_kind) function omp_get_proc_bind()",
        "The thread affinity policy for the next parallel region.",
    ),
    _int_query("omp_get_num_places", "Number of places in the place list."),
    _int_query("omp_get_place_num", "Place number the calling thread is bound to (-1: none)."),
    _int_query(
        "omp_get_partition_num_places",
        "Number of places in the place partition of the innermost implicit task.",
    ),
    _R(
        "omp_set_num_teams",
        "void omp_set_num_teams(int num_teams);",
        "subroutine omp_set_num_teams(num_teams); integer num_teams",
        "Sets the number of teams for teams constructs without num_teams.",
    ),
    _int_query(
        "omp_get_max_teams",
        "Upper bound on the number of teams of a teams construct without num_teams.",
    ),
    _R(
        "omp_set_teams_thread_limit",
        "void omp_set_teams_thread_limit(int thread_limit);",
        "subroutine omp_set_teams_thread_limit(thread_limit); integer thread_limit",
        "Sets the thread limit of teams constructs without thread_limit.",
    ),
    _int_query(
        "omp_get_teams_thread_limit", "Thread limit of teams constructs without thread_limit."
    ),
    _int_query("omp_get_num_teams", "Number of teams in the current teams region."),
    _int_query("omp_get_team_num", "The calling thread's team number (0 .. num_teams - 1)."),
    _int_query("omp_get_max_task_priority", "Maximum value of the priority clause."),
    # --- devices
    _R(
        "omp_set_default_device",
        "void omp_set_default_device(int device_num);",
        "subroutine omp_set_default_device(device_num); integer device_num",
        "Sets the device used by target constructs without a device clause.",
    ),
    _int_query("omp_get_default_device", "The default target device."),
    _int_query("omp_get_num_devices", "Number of non-host devices available."),
    _int_query("omp_get_device_num", "The device number of the device the call runs on."),
    _R(
        "omp_is_initial_device",
        "int omp_is_initial_device(void);",
        "logical function omp_is_initial_device()",
        "True when running on the host (the initial device).",
    ),
    _int_query("omp_get_initial_device", "Device number of the host."),
    _R(
        "omp_target_alloc",
        "void *omp_target_alloc(size_t size, int device_num);",
        "type(c_ptr) function omp_target_alloc(size, device_num) bind(c); "
        "integer(c_size_t), value :: size; integer(c_int), value :: device_num",
        "Allocates device memory; returns its device address (NULL on failure).",
    ),
    _R(
        "omp_target_free",
        "void omp_target_free(void *device_ptr, int device_num);",
        "subroutine omp_target_free(device_ptr, device_num) bind(c); "
        "type(c_ptr), value :: device_ptr; integer(c_int), value :: device_num",
        "Frees device memory from omp_target_alloc.",
    ),
    _R(
        "omp_target_is_present",
        "int omp_target_is_present(const void *ptr, int device_num);",
        "integer(c_int) function omp_target_is_present(ptr, device_num) bind(c); "
        "type(c_ptr), value :: ptr; integer(c_int), value :: device_num",
        "Whether the host pointer has corresponding storage on the device.",
    ),
    _R(
        "omp_target_memcpy",
        "int omp_target_memcpy(void *dst, const void *src, size_t length, "
        "size_t dst_offset, size_t src_offset, int dst_device_num, int src_device_num);",
        "integer(c_int) function omp_target_memcpy(dst, src, length, dst_offset, src_offset, "
        "dst_device_num, src_device_num) bind(c); type(c_ptr), value :: dst, src; "
        "integer(c_size_t), value :: length, dst_offset, src_offset; "
        "integer(c_int), value :: dst_device_num, src_device_num",
        "Copies bytes between host and device memory (or between devices).",
    ),
    _R(
        "omp_target_memcpy_rect",
        "int omp_target_memcpy_rect(void *dst, const void *src, "
        "size_t element_size, int num_dims, const size_t *volume, const size_t *dst_offsets, "
        "const size_t *src_offsets, const size_t *dst_dimensions, const size_t "
        "*src_dimensions, int dst_device_num, int src_device_num);",
        "integer(c_int) function omp_target_memcpy_rect(dst, src, element_size, num_dims, "
        "volume, dst_offsets, src_offsets, dst_dimensions, src_dimensions, dst_device_num, "
        "src_device_num) bind(c); type(c_ptr), value :: dst, src; "
        "integer(c_size_t), value :: element_size; "
        "integer(c_int), value :: num_dims, dst_device_num, src_device_num; "
        "integer(c_size_t), intent(in) :: volume(*), dst_offsets(*), src_offsets(*), "
        "dst_dimensions(*), src_dimensions(*)",
        "Copies a rectangular subvolume of a multi-dimensional array between devices.",
    ),
    _R(
        "omp_target_associate_ptr",
        "int omp_target_associate_ptr(const void *host_ptr, "
        "const void *device_ptr, size_t size, size_t device_offset, int device_num);",
        "integer(c_int) function omp_target_associate_ptr(host_ptr, device_ptr, size, "
        "device_offset, device_num) bind(c); type(c_ptr), value :: host_ptr, device_ptr; "
        "integer(c_size_t), value :: size, device_offset; integer(c_int), value :: device_num",
        "Maps host storage to existing device storage.",
    ),
    _R(
        "omp_target_disassociate_ptr",
        "int omp_target_disassociate_ptr(const void *ptr, int device_num);",
        "integer(c_int) function omp_target_disassociate_ptr(ptr, device_num) bind(c); "
        "type(c_ptr), value :: ptr; integer(c_int), value :: device_num",
        "Removes an association made by omp_target_associate_ptr.",
    ),
    # --- locks
    _lock("omp_init_lock", False, "void", "", "Initialises a simple lock (unlocked)."),
    _lock("omp_init_nest_lock", True, "void", "", "Initialises a nestable lock (unlocked)."),
    _R(
        "omp_init_lock_with_hint",
        "void omp_init_lock_with_hint(omp_lock_t *lock, omp_sync_hint_t hint);",
        "subroutine omp_init_lock_with_hint(svar, hint); "
        "integer(omp_lock_kind) svar; integer(omp_sync_hint_kind) hint",
        "Initialises a simple lock with a synchronisation hint.",
    ),
    _R(
        "omp_init_nest_lock_with_hint",
        "void omp_init_nest_lock_with_hint(omp_nest_lock_t *lock, omp_sync_hint_t hint);",
        "subroutine omp_init_nest_lock_with_hint(nvar, hint); "
        "integer(omp_nest_lock_kind) nvar; integer(omp_sync_hint_kind) hint",
        "Initialises a nestable lock with a synchronisation hint.",
    ),
    _lock("omp_destroy_lock", False, "void", "", "Uninitialises a simple lock."),
    _lock("omp_destroy_nest_lock", True, "void", "", "Uninitialises a nestable lock."),
    _lock(
        "omp_set_lock", False, "void", "", "Waits until the simple lock is free, then acquires it."
    ),
    _lock(
        "omp_set_nest_lock",
        True,
        "void",
        "",
        "Acquires the nestable lock (again, if this task owns it: the nesting count goes up).",
    ),
    _lock("omp_unset_lock", False, "void", "", "Releases the simple lock."),
    _lock(
        "omp_unset_nest_lock",
        True,
        "void",
        "",
        "Decrements the nesting count; releases the lock at zero.",
    ),
    _lock(
        "omp_test_lock",
        False,
        "int",
        "logical function",
        "Tries to acquire the simple lock without waiting; true on success.",
    ),
    _lock(
        "omp_test_nest_lock",
        True,
        "int",
        "integer function",
        "Tries to acquire the "
        "nestable lock without waiting; returns the new nesting count, 0 on failure.",
    ),
    # --- timing
    _R(
        "omp_get_wtime",
        "double omp_get_wtime(void);",
        "double precision function omp_get_wtime()",
        "Elapsed wall-clock time in seconds since an arbitrary point in the past.",
    ),
    _R(
        "omp_get_wtick",
        "double omp_get_wtick(void);",
        "double precision function omp_get_wtick()",
        "Resolution of omp_get_wtime in seconds.",
    ),
    # --- memory management
    _R(
        "omp_alloc",
        "void *omp_alloc(size_t size, omp_allocator_handle_t allocator);",
        "type(c_ptr) function omp_alloc(size, allocator) bind(c); "
        "integer(c_size_t), value :: size; integer(omp_allocator_handle_kind), value :: allocator",
        "Allocates memory with the given allocator.",
    ),
    _R(
        "omp_aligned_alloc",
        "void *omp_aligned_alloc(size_t alignment, size_t size, omp_allocator_handle_t allocator);",
        "type(c_ptr) function omp_aligned_alloc(alignment, size, allocator) bind(c); "
        "integer(c_size_t), value :: alignment, size; "
        "integer(omp_allocator_handle_kind), value :: allocator",
        "Allocates aligned memory with the given allocator.",
    ),
    _R(
        "omp_calloc",
        "void *omp_calloc(size_t nmemb, size_t size, omp_allocator_handle_t allocator);",
        "type(c_ptr) function omp_calloc(nmemb, size, allocator) bind(c); "
        "integer(c_size_t), value :: nmemb, size; "
        "integer(omp_allocator_handle_kind), value :: allocator",
        "Allocates zero-initialised memory with the given allocator.",
    ),
    _R(
        "omp_realloc",
        "void *omp_realloc(void *ptr, size_t size, omp_allocator_handle_t "
        "allocator, omp_allocator_handle_t free_allocator);",
        "type(c_ptr) function omp_realloc(ptr, size, allocator, free_allocator) bind(c); "
        "type(c_ptr), value :: ptr; integer(c_size_t), value :: size; "
        "integer(omp_allocator_handle_kind), value :: allocator, free_allocator",
        "Reallocates memory obtained from an OpenMP allocator.",
    ),
    _R(
        "omp_free",
        "void omp_free(void *ptr, omp_allocator_handle_t allocator);",
        "subroutine omp_free(ptr, allocator) bind(c); type(c_ptr), value :: ptr; "
        "integer(omp_allocator_handle_kind), value :: allocator",
        "Frees memory obtained from an OpenMP allocator.",
    ),
    _R(
        "omp_init_allocator",
        "omp_allocator_handle_t omp_init_allocator(omp_memspace_handle_t "
        "memspace, int ntraits, const omp_alloctrait_t traits[]);",
        "integer(omp_allocator_handle_kind) function omp_init_allocator(memspace, ntraits, "
        "traits); integer(omp_memspace_handle_kind), intent(in) :: memspace; "
        "integer, intent(in) :: ntraits; type(omp_alloctrait), intent(in) :: traits(*)",
        "Creates an allocator for a memory space with the given traits.",
    ),
    _R(
        "omp_destroy_allocator",
        "void omp_destroy_allocator(omp_allocator_handle_t allocator);",
        "subroutine omp_destroy_allocator(allocator); "
        "integer(omp_allocator_handle_kind), intent(in) :: allocator",
        "Releases an allocator made by omp_init_allocator.",
    ),
    _R(
        "omp_set_default_allocator",
        "void omp_set_default_allocator(omp_allocator_handle_t allocator);",
        "subroutine omp_set_default_allocator(allocator); "
        "integer(omp_allocator_handle_kind), intent(in) :: allocator",
        "Sets the allocator used when none is given.",
    ),
    _R(
        "omp_get_default_allocator",
        "omp_allocator_handle_t omp_get_default_allocator(void);",
        "integer(omp_allocator_handle_kind) function omp_get_default_allocator()",
        "The allocator used when none is given.",
    ),
    # --- events, affinity display, control
    _R(
        "omp_fulfill_event",
        "void omp_fulfill_event(omp_event_handle_t event);",
        "subroutine omp_fulfill_event(event); integer(omp_event_handle_kind) event",
        "Fulfils the event of a detached task, letting the task complete.",
    ),
    _R(
        "omp_display_affinity",
        "void omp_display_affinity(const char *format);",
        "subroutine omp_display_affinity(format); character(len=*) format",
        "Prints the calling thread's affinity information.",
    ),
    _R(
        "omp_capture_affinity",
        "size_t omp_capture_affinity(char *buffer, size_t size, const char *format);",
        "integer function omp_capture_affinity(buffer, format); "
        "character(len=*), intent(out) :: buffer; character(len=*), intent(in) :: format",
        "Writes the calling thread's affinity information into a buffer.",
    ),
    _R(
        "omp_set_affinity_format",
        "void omp_set_affinity_format(const char *format);",
        "subroutine omp_set_affinity_format(format); character(len=*) format",
        "Sets the format of affinity information (OMP_AFFINITY_FORMAT).",
    ),
    _R(
        "omp_get_affinity_format",
        "size_t omp_get_affinity_format(char *buffer, size_t size);",
        "integer function omp_get_affinity_format(buffer); character(len=*), intent(out) :: buffer",
        "The format of affinity information.",
    ),
    _R(
        "omp_display_env",
        "void omp_display_env(int verbose);",
        "subroutine omp_display_env(verbose); logical verbose",
        "Prints the OpenMP version and the internal control variables.",
    ),
    _R(
        "omp_pause_resource",
        "int omp_pause_resource(omp_pause_resource_t kind, int device_num);",
        "integer function omp_pause_resource(kind, device_num); "
        "integer(omp_pause_resource_kind), intent(in) :: kind; integer device_num",
        "Lets the runtime release resources on a device.",
    ),
    _R(
        "omp_pause_resource_all",
        "int omp_pause_resource_all(omp_pause_resource_t kind);",
        "integer function omp_pause_resource_all(kind); "
        "integer(omp_pause_resource_kind), intent(in) :: kind",
        "Lets the runtime release resources on all devices.",
    ),
)

ROUTINE_BY_NAME: Mapping[str, OmpRoutine] = MappingProxyType({r.name: r for r in ROUTINES})


def routine_named(name: str) -> OmpRoutine | None:
    """The routine called `name`; case-insensitive, since Fortran names are."""
    return ROUTINE_BY_NAME.get(name.lower())
