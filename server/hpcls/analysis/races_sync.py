"""What orders two accesses inside a parallel region: the facts race rules share.

For an event in a parallel region this works out who executes it (every thread, one
thread, the iterations of a worksharing loop, one section, a task), which barrier phase
it is in, and what protects it (a named critical section, `atomic`, a held lock,
`ordered`). Two accesses conflict only when they can run at the same time: same region,
same phase, executed by different threads, and not protected by a common lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hpcls.analysis.ir import Access, Call, Construct, ConstructKind, Event, Standalone, Unit

Executor = Literal["all", "one", "loop", "section", "task"]

_REGION = frozenset({"parallel", "teams"})
_WORKSHARING_LOOP = frozenset({"for", "do", "distribute", "taskloop", "loop"})
_ONE = frozenset({"single", "master", "masked"})
_LOCK_SET = frozenset({"omp_set_lock", "omp_set_nest_lock"})
_LOCK_UNSET = frozenset({"omp_unset_lock", "omp_unset_nest_lock"})
# Key of the `barriers` memo under which `place` keeps the indices (in unit.events) of
# the lock calls: construct ids are never negative.
_LOCK_CALLS = -1


def whole(a: Access) -> bool:
    """A whole-array reference (Fortran array syntax `b = 2.0 * a`): every element."""
    written = a.span.end - a.span.start == len(a.name.encode())
    return bool(a.subscripts) and all(s is None for s in a.subscripts) and written


def region_of(unit: Unit, context: tuple[int, ...]) -> Construct | None:
    """The innermost parallel (or teams) construct around an event."""
    for cid in reversed(context):
        c = unit.constructs[cid]
        if c.kind is ConstructKind.OMP and c.words & _REGION:
            return c
    return None


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event runs, relative to its parallel region."""

    region: int
    executor: Executor
    owner: int | None  # the construct that decides the executor (the loop, single, ...)
    phase: int
    criticals: frozenset[str]
    atomic: bool
    locks: frozenset[str]
    ordered: bool


def _nowait(c: Construct) -> bool:
    for d in (c.directive, c.end_directive):
        if d is not None and d.clause("nowait") is not None:
            return True
    return False


def _barrier_ends(unit: Unit, region: Construct) -> list[int]:
    """The orders at which every thread of the region meets a barrier: explicit
    `barrier`s and the ends of worksharing constructs without `nowait`."""
    orders: list[int] = []
    for e in unit.inside(region.id):
        barrier = isinstance(e, Standalone) and e.directive.name == "barrier"
        if barrier and region_of(unit, e.context) is region:
            orders.append(e.order)
    for c in unit.constructs:
        if c.kind is not ConstructKind.OMP or c.parent is None or c.id == region.id:
            continue
        w = c.words
        worksharing = w & (_WORKSHARING_LOOP | {"single", "sections", "workshare", "scope"})
        inside_region = region_of(unit, tuple(reversed(tuple(unit.chain(c.id))))) is region
        if worksharing and not w & _REGION and inside_region and not _nowait(c):
            last = [e.order for e in unit.inside(c.id)]
            if last:
                orders.append(max(last))
    return sorted(orders)


def place(unit: Unit, event: Event, barriers: dict[int, list[int]]) -> Place | None:
    """Where `event` runs; None outside any parallel region. `barriers` caches
    _barrier_ends per region id (and the unit's lock calls)."""
    region = region_of(unit, event.context)
    if region is None:
        return None
    executor: Executor = "all"
    owner: int | None = None
    criticals: set[str] = set()
    atomic = isinstance(event, Access) and event.atomic
    ordered = False
    start = event.context.index(region.id)
    for cid in event.context[start:]:
        c = unit.constructs[cid]
        w = c.words
        if c.kind is ConstructKind.OMP and cid != region.id:
            if w & _WORKSHARING_LOOP and executor == "all":
                executor, owner = "loop", cid
            elif w & _ONE and executor == "all":
                executor, owner = "one", cid
            elif "workshare" in w and executor == "all":
                executor, owner = "loop", cid  # its units of work are divided like a loop
            elif "section" in w and executor == "all":
                executor, owner = "section", cid
            elif w & {"task"}:
                executor, owner = "task", cid
            if "critical" in w and c.directive is not None:
                criticals.add((c.directive.directive_argument or "").strip().lower())
            atomic = atomic or "atomic" in w
            ordered = ordered or "ordered" in w
        elif c.kind is ConstructKind.OMP and w & _WORKSHARING_LOOP:
            executor, owner = "loop", cid  # a combined `parallel for`: the loop splits
    if region.id not in barriers:
        barriers[region.id] = _barrier_ends(unit, region)
    phase = sum(1 for b in barriers[region.id] if b < event.order)
    return Place(
        region.id,
        executor,
        owner,
        phase,
        frozenset(criticals),
        atomic,
        _locks_held(unit, event, barriers),
        ordered,
    )


def _lock_name(call: Call) -> str:
    return call.arguments[0] if call.arguments else ""


def _locks_held(unit: Unit, event: Event, memo: dict[int, list[int]]) -> frozenset[str]:
    """Locks set before the event and not unset since, in the same parallel region
    (by textual order: a lock held on one path only still counts, conservatively for
    recall, but the rule that uses this only ever removes pairs both holding it)."""
    if _LOCK_CALLS not in memo:  # found once per unit, not once per event
        memo[_LOCK_CALLS] = [
            k
            for k, e in enumerate(unit.events)
            if isinstance(e, Call) and e.name.lower() in _LOCK_SET | _LOCK_UNSET
        ]
    held: set[str] = set()
    if not memo[_LOCK_CALLS]:
        return frozenset(held)
    region = region_of(unit, event.context)
    for k in memo[_LOCK_CALLS]:
        e = unit.events[k]
        if e.order >= event.order:
            break
        if isinstance(e, Call) and region_of(unit, e.context) is region:
            if e.name.lower() in _LOCK_SET:
                held.add(_lock_name(e))
            elif e.name.lower() in _LOCK_UNSET:
                held.discard(_lock_name(e))
    return frozenset(held)


def ordered_pair(a: Place, b: Place) -> bool:
    """True when synchronisation orders the two (or they cannot overlap)."""
    if a.region != b.region or a.phase != b.phase:
        return True
    if a.atomic and b.atomic:
        return True
    if a.criticals & b.criticals or a.locks & b.locks:
        return True
    return a.ordered and b.ordered and a.owner == b.owner
