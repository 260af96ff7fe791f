"""Races inside one worksharing or SIMD loop: the loop-carried dependences on shared
memory that remain once the directive's clauses are applied.

The dependence analysis is asked twice: with the clauses as written (what is shared
really conflicts across iterations), and with no clauses (what a correct directive would
need), which turns a conflict on a scalar into "missing private" or "missing reduction"
with a certain fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hpcls.analysis.budget import DEFAULT_LIMITS, Budget, BudgetExceeded, Limits
from hpcls.analysis.call_effects import Inlined, inline_calls
from hpcls.analysis.dependence import (
    Dependence,
    LoopVerdict,
    Program,
    analyze_inlined,
    analyze_loop,
)
from hpcls.analysis.ir import Access, Construct, ConstructKind, Unit
from hpcls.analysis.openmp_sharing import bound_loops, loop_sharing
from hpcls.analysis.races_certain import (
    conditional_scalar,
    container_updates,
    partly_protected,
    pinned_index,
    witnessed,
)
from hpcls.analysis.races_sync import place

_LOOP_WORDS = frozenset({"for", "do", "simd", "distribute", "taskloop", "loop"})


@dataclass(frozen=True, slots=True)
class Race:
    """Two accesses that may run at the same time, at least one a write."""

    first: Access
    second: Access
    kind: str  # loop-carried | missing-private | missing-reduction | shared-write | ...
    why: str
    fix: tuple[str, ...] = ()  # ("private", x) or ("reduction", op, x)
    directive: Construct | None = None


def _safelen(omp: Construct) -> int | None:
    if omp.directive is None:
        return None
    for name in ("safelen", "simdlen"):
        clause = omp.directive.clause(name)
        if clause is not None and clause.arguments and clause.arguments.strip().isdigit():
            return int(clause.arguments)
    return None


def _excused(unit: Unit, omp: Construct, dep: Dependence, barriers: dict[int, list[int]]) -> bool:
    """Synchronisation inside the loop that orders this pair."""
    a = place(unit, dep.source, barriers)
    b = place(unit, dep.sink, barriers)
    if a is not None and b is not None:
        if a.atomic and b.atomic:
            return True
        if a.criticals & b.criticals or a.locks & b.locks:
            return True
        if a.ordered and b.ordered and omp.directive and omp.directive.clause("ordered"):
            return True
    simd_only = "simd" in omp.words and not omp.words & {"for", "do", "distribute", "loop"}
    length = _safelen(omp)
    if simd_only and length is not None and dep.distance is not None:
        return abs(dep.distance) >= length
    return False


def _kind(dep: Dependence, needed: LoopVerdict) -> tuple[str, tuple[str, ...]]:
    name = dep.source.name
    if dep.source.subscripts or dep.sink.subscripts:
        return "loop-carried", ()
    if name in needed.private or name in needed.lastprivate:
        clause = "lastprivate" if name in needed.lastprivate else "private"
        return "missing-private", (clause, name)
    for reduction in needed.reductions:
        if name in reduction.vars:
            return "missing-reduction", ("reduction", reduction.op, name)
    return "loop-carried", ()


def _why(dep: Dependence, kind: str) -> str:
    line_a, line_b = dep.source.span.line + 1, dep.sink.span.line + 1
    name = dep.source.name
    if kind == "missing-private":
        return (
            f"`{name}` is shared, so every thread writes the same `{name}` (line {line_a}) "
            f"and may read another thread's value (line {line_b}); it needs `private`"
        )
    if kind == "missing-reduction":
        return (
            f"`{name}` is updated by the loop's iterations (line {line_a}) without a "
            "`reduction`: "
            "threads overwrite each other's partial results"
        )
    what = {"flow": "read", "anti": "overwritten", "output": "written again"}.get(dep.kind, "used")
    distance = (
        f" {abs(dep.distance)} iteration(s) later" if dep.distance else " in another iteration"
    )
    return (
        f"`{name}` written at line {line_a} is {what} at line {line_b}{distance}: "
        "a loop-carried dependence, and the iterations run on different threads"
    )


def loop_races(
    unit: Unit,
    program: Program | None = None,
    limits: Limits = DEFAULT_LIMITS,
    over: list[Construct] | None = None,
) -> list[Race]:
    """Races in the unit's loop constructs; `program` lets calls to same-file routines be
    looked into. Each construct has a budget of its own (`limits.region`): one that runs
    out of it reports no race and is added to `over`."""
    races: list[Race] = []
    barriers: dict[int, list[int]] = {}
    inlined: list[Inlined] = []  # made on first need, once for all the constructs
    for omp in unit.constructs:
        if omp.kind is not ConstructKind.OMP or not omp.words & _LOOP_WORDS:
            continue
        loops = bound_loops(unit, omp)
        if not loops:
            continue
        if program is not None and not inlined:
            inlined.append(inline_calls(unit, program, limits.for_inlining()))
        budget = limits.for_region()
        try:
            races += _construct_races(
                unit, omp, loops, inlined[0] if inlined else None, budget, barriers
            )
        except BudgetExceeded:
            if over is not None:
                over.append(omp)
    return races


def _verdict(
    unit: Unit,
    loop: int,
    sharing: Mapping[str, str] | None,
    inl: Inlined | None,
    budget: Budget,
) -> LoopVerdict:
    """analyze_loop under the construct's budget; running out of it ends the construct's
    analysis (an `unknown` verdict would hide its races)."""
    if inl is None:
        verdict = analyze_loop(unit, loop, sharing, None, budget)
    else:
        verdict = analyze_inlined(inl, loop, sharing, budget)
    if budget.exceeded:
        raise BudgetExceeded(f"loop {loop}")
    return verdict


def _construct_races(
    unit: Unit,
    omp: Construct,
    loops: tuple[Construct, ...],
    inl: Inlined | None,
    budget: Budget,
    barriers: dict[int, list[int]],
) -> list[Race]:
    races: list[Race] = []
    sharing = loop_sharing(unit, loops[0].id)
    shared = {a.name for a in unit.accesses(loops[0].id)} - set(sharing or {})
    for obj, call in container_updates(unit, loops[0].id, shared):
        why = (
            f"every iteration may call `{call.name}` on the shared `{obj.name}` "
            f"(line {obj.span.line + 1}), which changes its size and storage"
        )
        races.append(Race(obj, obj, "shared-write", why))
    for loop in loops:
        # A collapsed inner loop's iterations are distributed too.
        given = _verdict(unit, loop.id, sharing or {}, inl, budget)
        if not given.carried:
            continue
        needed = _verdict(unit, loop.id, None, inl, budget)
        size = sum(1 for _ in unit.inside(loop.id))
        for dep in given.carried:
            budget.spend(size)  # the certainty rules look over the loop's events
            if _excused(unit, omp, dep, barriers) or not (
                dep.proven
                or conditional_scalar(unit, loop.id, dep)
                or partly_protected(unit, loop.id, dep, barriers)
                or witnessed(unit, loop.id, dep)
                or pinned_index(unit, loop.id, dep)
            ):
                continue
            kind, fix = _kind(dep, needed)
            races.append(Race(dep.source, dep.sink, kind, _why(dep, kind), fix, omp))
    return races
