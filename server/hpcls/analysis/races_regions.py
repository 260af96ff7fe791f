"""Races between accesses of a parallel region outside one loop's iterations: shared
variables that every thread writes, a `single`/`master` write read by the others in the
same barrier phase, different `section`s, a `nowait` loop and what follows it, tasks and
the code that creates them.

Only what is certain is reported: an access whose location is unknown (an indirect or
non-affine subscript) is never half of a race here, and an array element indexed by a
variable private to each thread (`a[tid]`) is taken to be that thread's own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from math import gcd

from hpcls.analysis.budget import DEFAULT_LIMITS, Budget, BudgetExceeded, Limits
from hpcls.analysis.ir import Access, Affine, Construct, ConstructKind, Unit
from hpcls.analysis.openmp_sharing import sharing_of
from hpcls.analysis.races_loops import Race
from hpcls.analysis.races_sync import Place, ordered_pair, place, whole


def _same_location_possible(unit: Unit, a: Access, b: Access, pa: Place, pb: Place) -> bool:
    """May two different threads touch the same element? Scalars always; array elements
    only with affine subscripts that are equal for some pair of threads. A subscript with
    a per-thread value (`a[tid]`, the index of a loop over this thread's block) names the
    thread's own element when both accesses write it the same way, and the neighbour's
    when they differ by a constant (`v(i)` and `v(i - 1)`)."""
    if a.name != b.name:
        return False
    if not a.subscripts and not b.subscripts:
        return True
    if pa.executor == pb.executor == "loop" and pa.owner != pb.owner:
        owners = unit.constructs[pa.owner or 0], unit.constructs[pb.owner or 0]
        if any("workshare" in c.words for c in owners):
            # Workshare splits array syntax among threads in no stated way.
            return _whole_meets(a, b)
        return _loops_overlap(unit, a, b, pa, pb)
    if whole(a) or whole(b):
        return _whole_meets(a, b)
    if len(a.subscripts) != len(b.subscripts):
        return False
    for sa, sb in zip(a.subscripts, b.subscripts, strict=True):
        if sa is None or sb is None:
            return False  # unknown location: never reported
        mine, theirs = _per_thread(unit, sa.names(), a), _per_thread(unit, sb.names(), b)
        # A loop that visits a range of elements (run by one thread, or by every thread
        # over the same range) meets the elements that the other side gives each thread.
        sweep_a = _sweeps(unit, sa, a) and (pa.executor == "one" or not mine)
        sweep_b = _sweeps(unit, sb, b) and (pb.executor == "one" or not theirs)
        if (mine and not sweep_a and sweep_b) or (theirs and not sweep_b and sweep_a):
            continue
        threaded = mine | theirs
        if threaded:
            diff = sa - sb
            neighbour = diff.is_constant and diff.constant != 0
            if not (neighbour and _same_per_thread_values(unit, threaded, a, b)):
                return False  # each thread's own element, or not known to meet
            continue
        if not may_meet(unit, sa, sb, a, b):
            return False
    return True


def _whole_meets(a: Access, b: Access) -> bool:
    """A whole array meets the other access unless that one's location is unknown."""
    if whole(a) and whole(b):
        return True
    other = b if whole(a) else a
    return (whole(a) or whole(b)) and None not in other.subscripts


def _sweeps(unit: Unit, expr: Affine, access: Access) -> bool:
    """A subscript made of the indices of loops that each thread runs by itself (no
    worksharing): the loop visits a range of elements, not one per thread."""
    loops = [_loop_of(unit, n, access) for n in expr.names()]
    return bool(loops) and all(
        loop is not None and not _bound_by_worksharing(unit, loop) for loop in loops
    )


def substitute(expr: Affine, name: str, value: Affine) -> Affine:
    """`expr` with every occurrence of `name` replaced by `value`."""
    out = Affine.const(expr.constant)
    for monomial, coefficient in expr.terms:
        term = Affine.const(coefficient)
        for n in monomial:
            term = term * (value if n == name else Affine.var(n))
        out = out + term
    return out


def _iterations(unit: Unit, expr: Affine, access: Access, tag: str) -> Affine:
    """The subscript with each enclosing loop's index written `lower + step*k` (a fresh k
    per loop and side), so loops over different residues never meet."""
    for cid in access.context:
        c = unit.constructs[cid]
        info = c.loop
        if c.kind is not ConstructKind.LOOP or info is None or info.var is None:
            continue
        if info.var not in expr.names():
            continue
        if info.lower is not None and info.step:
            k = Affine.var(f"{tag}{cid}#")
            expr = substitute(expr, info.var, info.lower + k.scale(info.step))
        else:  # unknown iterations: this loop's index relates to no other loop's
            expr = expr.rename(info.var, f"{info.var}?{tag}{cid}")
    return expr


def subscript_gap(unit: Unit, sa: Affine, sb: Affine, a: Access, b: Access) -> Affine:
    """`sa - sb` with the loop indices as iteration counters (names ending in `#`)."""
    return _iterations(unit, sa, a, "@a") - _iterations(unit, sb, b, "@b")


def counters_meet(diff: Affine) -> bool | None:
    """Can a gap over iteration counters be zero? None when other names remain."""
    if diff.is_constant:
        return diff.constant == 0
    if any(len(m) != 1 or not m[0].endswith("#") for m, _ in diff.terms):
        return None
    if len(diff.terms) == 1:  # c*k + d = 0 needs k = -d/c, and counters start at 0
        c = diff.terms[0][1]
        return diff.constant % c == 0 and -diff.constant // c >= 0
    divisor = 0
    for _, c in diff.terms:
        divisor = gcd(divisor, c)
    return diff.constant % divisor == 0


def may_meet(unit: Unit, sa: Affine, sb: Affine, a: Access, b: Access) -> bool:
    """Can subscripts `sa` (of access a) and `sb` (of b) take the same value? False only
    when certain: a non-zero constant difference, or a GCD test over the loops'
    iteration counters that fails."""
    gap = subscript_gap(unit, sa, sb, a, b)
    meet = counters_meet(gap)
    if meet is None:
        return not any("?" in n for n in gap.names())  # unknown iterations: not certain
    return meet


def _same_per_thread_values(unit: Unit, names: frozenset[str], a: Access, b: Access) -> bool:
    """Per-thread names mean the same value in both accesses: private scalars (set once
    per thread), and loop indices only when both loops run the same iterations."""
    for name in names:
        la, lb = _loop_of(unit, name, a), _loop_of(unit, name, b)
        if la is None and lb is None:
            continue
        if la is None or lb is None or la.loop is None or lb.loop is None:
            return False
        if (la.loop.lower, la.loop.upper, la.loop.step) != (
            lb.loop.lower,
            lb.loop.upper,
            lb.loop.step,
        ):
            return False
        if _bound_by_worksharing(unit, la) or _bound_by_worksharing(unit, lb):
            return False  # worksharing iterations: the loop rules decide
    return True


def _loop_of(unit: Unit, name: str, access: Access) -> Construct | None:
    for cid in reversed(access.context):
        c = unit.constructs[cid]
        if c.kind is ConstructKind.LOOP and c.loop is not None and c.loop.var == name:
            return c
    return None


def _bound_by_worksharing(unit: Unit, loop: Construct) -> bool:
    parent = unit.constructs[loop.parent] if loop.parent is not None else None
    return parent is not None and bool(parent.words & {"for", "do", "distribute", "loop"})


def _loop_var(unit: Unit, owner: int | None) -> str | None:
    if owner is None:
        return None
    loop = next((c for c in unit.children(owner) if c.kind is ConstructKind.LOOP), None)
    return loop.loop.var if loop is not None and loop.loop is not None else None


def _static(unit: Unit, owner: int | None) -> bool:
    directive = unit.constructs[owner].directive if owner is not None else None
    schedule = directive.clause("schedule") if directive is not None else None
    return schedule is not None and (schedule.arguments or "").strip().lower() == "static"


def _loops_overlap(unit: Unit, a: Access, b: Access, pa: Place, pb: Place) -> bool:
    """Two worksharing loops in one phase (the first has `nowait`): an element may be
    touched by different threads unless both use schedule(static) over the same
    iterations and the same subscript of their own index (then each thread keeps its
    elements). Unknown subscripts are never reported."""
    va, vb = _loop_var(unit, pa.owner), _loop_var(unit, pb.owner)
    if va is None or vb is None or len(a.subscripts) != len(b.subscripts):
        return False
    if any(s is None for s in (*a.subscripts, *b.subscripts)):
        return False
    la = unit.constructs[next(c.id for c in unit.children(pa.owner or 0) if c.loop)].loop
    lb = unit.constructs[next(c.id for c in unit.children(pb.owner or 0) if c.loop)].loop
    same_iterations = (
        la is not None
        and lb is not None
        and (la.lower, la.upper, la.step) == (lb.lower, lb.upper, lb.step)
    )
    renamed = [
        (sa, sb.rename(vb, va))
        for sa, sb in zip(a.subscripts, b.subscripts, strict=True)
        if sa and sb
    ]
    identical = all(sa == sb for sa, sb in renamed)
    statics = _static(unit, pa.owner) and _static(unit, pb.owner)
    return not (identical and same_iterations and statics)


def _per_thread(unit: Unit, names: frozenset[str], access: Access) -> frozenset[str]:
    """The names in a subscript that hold a different value in every thread: private
    variables (a thread id, a worksharing loop's index), except the index of a loop that
    every thread runs over the same iterations."""
    innermost = access.context[-1] if access.context else None
    if innermost is None:
        return frozenset()
    out: set[str] = set()
    for name in names:
        attribute = sharing_of(unit, innermost, name)
        private = attribute in ("private", "firstprivate", "lastprivate", "linear")
        if private and not _replicated_loop_index(unit, name, access):
            out.add(name)
    return frozenset(out)


def _replicated_loop_index(unit: Unit, name: str, access: Access) -> bool:
    """The index of a loop that every thread runs in full (no worksharing directive, and
    bounds that are the same in every thread): each thread visits the same elements."""
    loop = _loop_of(unit, name, access)
    if loop is None or loop.loop is None or _bound_by_worksharing(unit, loop):
        return False
    bounds = [b for b in (loop.loop.lower, loop.loop.upper) if b is not None]
    return not any(_per_thread(unit, b.names() - {name}, access) for b in bounds)


def _concurrent(a: Access, b: Access, pa: Place, pb: Place) -> bool:
    """Can different threads run these two in the same phase?"""
    if ordered_pair(pa, pb):
        return False
    if pa.executor == "one" and pb.executor == "one":
        return False  # master blocks run on one thread; singles end with a barrier
    if pa.executor == "section" and pb.executor == "section":
        return pa.owner != pb.owner
    if pa.executor == "loop" and pb.executor == "loop" and pa.owner == pb.owner:
        return False  # the loop rule decides iterations of one loop
    if pa.executor == "task" or pb.executor == "task":
        return False  # tasks: races_tasks
    if a is b:
        return pa.executor == "all"
    return True


def _shared_accesses(unit: Unit) -> Iterator[tuple[Access, Place]]:
    barriers: dict[int, list[int]] = {}
    for e in unit.events:
        if not isinstance(e, Access) or not e.context:
            continue
        p = place(unit, e, barriers)
        if p is None:
            continue
        if sharing_of(unit, e.context[-1], e.name) != "shared":
            continue
        yield e, p


def region_races(
    unit: Unit, limits: Limits = DEFAULT_LIMITS, over: list[Construct] | None = None
) -> list[Race]:
    """Races between the shared accesses of each parallel region; a region past its
    budget (`limits.region`) reports none and is added to `over`."""
    # Accesses of different regions never run at the same time: pairs per region only.
    by_region: dict[int, list[tuple[Access, Place]]] = {}
    for a, pa in _shared_accesses(unit):
        by_region.setdefault(pa.region, []).append((a, pa))
    races: list[Race] = []
    seen: set[tuple[str, int, int]] = set()
    for region, accesses in by_region.items():
        found: list[Race] = []
        keys = set(seen)
        try:
            _pairs(unit, accesses, found, keys, limits.for_region())
        except BudgetExceeded:
            if over is not None:
                over.append(unit.constructs[region])
            continue
        races += found
        seen |= keys
    return races


def _pairs(
    unit: Unit,
    accesses: list[tuple[Access, Place]],
    races: list[Race],
    seen: set[tuple[str, int, int]],
    budget: Budget,
) -> None:
    by_name: dict[str, list[int]] = {}
    for k, (a, _) in enumerate(accesses):
        by_name.setdefault(a.name, []).append(k)
    for i, (a, pa) in enumerate(accesses):
        mine = by_name[a.name]  # other names never meet
        same = mine[bisect_left(mine, i) :]
        budget.spend(len(same))
        for b, pb in (accesses[k] for k in same):
            if not (a.write or b.write) or a.name != b.name:
                continue
            if not _concurrent(a, b, pa, pb):
                continue
            if not _same_location_possible(unit, a, b, pa, pb):
                continue
            key = (a.name, a.span.line, b.span.line)
            if key in seen:
                continue
            seen.add(key)
            races.append(Race(a, b, _kind(a, b, pa, pb), _why(a, b, pa, pb)))


def _kind(a: Access, b: Access, pa: Place, pb: Place) -> str:
    if "section" in (pa.executor, pb.executor):
        return "sections"
    if "loop" in (pa.executor, pb.executor):
        return "nowait" if pa.owner != pb.owner else "shared-write"
    if "one" in (pa.executor, pb.executor):
        return "missing-barrier"
    return "shared-write"


def _why(a: Access, b: Access, pa: Place, pb: Place) -> str:
    la, lb = a.span.line + 1, b.span.line + 1
    if a is b:
        return (
            f"every thread writes the shared `{a.name}` at line {la} with nothing "
            "ordering the writes"
        )
    verb_a = "writes" if a.write else "reads"
    verb_b = "writes" if b.write else "reads"
    return (
        f"one thread {verb_a} the shared `{a.name}` at line {la} while another {verb_b} it "
        f"at line {lb}, with no barrier, critical section, atomic or lock between them"
    )
