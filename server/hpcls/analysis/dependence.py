"""Loop dependence analysis on the IR: may the iterations of a loop run in parallel, and
with which data-sharing clauses?

`analyze_loop` infers what a correct `omp parallel for/do` needs (sharing=None) or, given
an existing directive's data-sharing, lists the loop-carried dependences on shared memory
(the data races). Array pairs go through the subscript tests (dependence_tests.py via
dependence_pairs.py), scalars through scalars.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum

from hpcls.analysis.budget import (
    BUDGET_REASON,
    DEFAULT_LIMITS,
    Budget,
    BudgetExceeded,
    Limits,
)
from hpcls.analysis.call_effects import Inlined, Program, inline_calls, program_of
from hpcls.analysis.dependence_arrays import (
    may_alias,
    privatizable,
    reducible,
    rewritten_first,
)
from hpcls.analysis.dependence_effects import blockers, not_reducible
from hpcls.analysis.dependence_fm import (
    carried_impossible,
    carried_witness,
    quotient_collision,
)
from hpcls.analysis.dependence_pairs import pair_dependence
from hpcls.analysis.dependence_shape import between, in_span, invariant_step, nest_vars
from hpcls.analysis.dependence_tests import DirVector
from hpcls.analysis.dependence_values import resolve_indirect
from hpcls.analysis.ir import (
    Access,
    ConstructKind,
    Effect,
    LoopForm,
    Unit,
)
from hpcls.analysis.loop_facts import (
    LoopScope,
    is_scalar_access,
    line,
    render,
    scope_of,
)
from hpcls.analysis.scalars import (
    Conflict,
    ScalarKind,
    classify,
    conflicts_of,
    inner_indices,
    loop_variables_kept,
    reduction_op,
    shared_conflicts,
)

__all__ = [
    "Dependence",
    "LoopVerdict",
    "Program",
    "Reduction",
    "Verdict",
    "analyze_inlined",
    "analyze_loop",
    "analyze_unit",
    "program_of",
]


class Verdict(Enum):
    PARALLEL = "parallel"
    SERIAL = "serial"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Dependence:
    source: Access
    sink: Access
    kind: str  # "flow" | "anti" | "output"
    directions: tuple[str, ...]  # per loop level from the analysed loop inward
    distance: int | None  # iterations, at the analysed loop's level, when constant
    carried: bool  # carried by the analysed loop
    proven: bool = True  # False: only possible (symbolic subscripts, aliasing, conditions)


@dataclass(frozen=True, slots=True)
class Reduction:
    op: str
    vars: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoopVerdict:
    loop: int
    verdict: Verdict
    private: tuple[str, ...]
    lastprivate: tuple[str, ...]
    reductions: tuple[Reduction, ...]
    collapse: int
    reasons: tuple[str, ...]
    carried: tuple[Dependence, ...]


_KIND_ORDER = {"flow": 0, "anti": 1, "output": 2}
_MAX_TOLD = 8  # dependences described in `reasons`; `carried` has them all
_PRIVATE_COPIES = frozenset({"private", "firstprivate", "lastprivate", "reduction"})
_ARROW = {"<": ">", ">": "<", "=": "="}


def _kind(source: Access, sink: Access) -> str:
    if source.write and sink.write:
        return "output"
    return "flow" if source.write else "anti"


def _summary(vectors: Iterable[DirVector]) -> tuple[str, ...]:
    vs = list(vectors)
    return (
        tuple(col[0] if len(set(col)) == 1 else "*" for col in zip(*vs, strict=True)) if vs else ()
    )


def _when(distance: int | None) -> str:
    if distance == 1:
        return "in the next iteration"
    return f"{distance} iterations later" if distance else "in a later iteration"


def describe(dep: Dependence, fortran: bool) -> str:
    """One plain sentence for a loop-carried dependence."""
    src, snk = render(dep.source, fortran), render(dep.sink, fortran)
    at_src, at_snk = f"(line {line(dep.source)})", f"(line {line(dep.sink)})"
    if dep.source.name != dep.sink.name:
        return (
            f"{dep.source.name} {at_src} and {dep.sink.name} {at_snk} may point to the same memory"
        )
    if not dep.proven:
        return (
            f"{src} {at_src} and {snk} {at_snk} may touch the same memory in different iterations"
        )
    when = _when(dep.distance)
    if dep.kind == "flow":
        return f"{src} written {at_src} is read as {snk} {at_snk} {when}"
    if dep.kind == "anti":
        return f"{src} read {at_src} is overwritten as {snk} {at_snk} {when}"
    return f"{src} written {at_src} is written again as {snk} {at_snk} {when}"


def _array_pairs(
    scope: LoopScope, a: Access, b: Access, races: bool, budget: Budget
) -> list[Dependence]:
    """The dependences between two accesses to one array carried by the analysed loop;
    for `races`, not those that atomic / critical / ordered keep apart."""
    budget.spend(1 + len(a.subscripts))
    pa, pb = scope.protected(a), scope.protected(b)
    if races and pa is not None and pa == pb:
        return []
    if a is b and scope.unconditional(a) and quotient_collision(scope, a):
        return [Dependence(a, a, "output", ("<",), None, True, True)]
    outcome = pair_dependence(scope, a, b)
    result = outcome.result
    proven = result.exact and scope.unconditional(a) and scope.unconditional(b)
    d0 = dict(result.distance).get(0)
    out: list[Dependence] = []
    forward = [v for v in result.vectors if v and v[0] == "<"]
    backward = [tuple(_ARROW[x] for x in v) for v in result.vectors if v and v[0] == ">"]
    proofs = {"<": proven, ">": proven}
    if not result.exact:
        # The subscript tests left them possible: the loop bounds may decide.
        for way, found in (("<", forward), (">", backward if a is not b else [])):
            if found and carried_impossible(scope, a, b, way, budget):
                found.clear()
            elif found and scope.unconditional(a) and scope.unconditional(b):
                proofs[way] = carried_witness(scope, a, b, way, budget)
    if forward:
        out.append(Dependence(a, b, _kind(a, b), _summary(forward), d0, True, proofs["<"]))
    if backward and a is not b:
        dist = -d0 if d0 is not None else None
        out.append(Dependence(b, a, _kind(b, a), _summary(backward), dist, True, proofs[">"]))
    return out


def _array_dependences(
    scope: LoopScope,
    sharing: Mapping[str, str] | None,
    reductions: dict[str, list[str]],
    private: list[str],
    pinned: Mapping[str, str],
    budget: Budget,
) -> list[Dependence]:
    """Carried dependences on arrays, possible ones through aliasing included. An array
    whose every access is the same commutative update (`h[b[i]] += 1`) and that has
    carried dependences goes into `reductions` instead (its dependences are then dropped
    unless `sharing` is given: without the clause they are races)."""
    arrays: dict[str, list[Access]] = {}
    for a in scope.accesses:
        if is_scalar_access(scope, a) or a.name in scope.declared_inside:
            continue
        pin = a.name in pinned
        if sharing is not None and sharing.get(a.name) in _PRIVATE_COPIES and not pin:
            continue
        sym = scope.symbol(a.name)
        if sharing is not None and sym is not None and sym.threadprivate:
            continue  # one copy per thread
        arrays.setdefault(a.name, []).append(a)
    deps: list[Dependence] = []
    for name, accs in arrays.items():
        found: list[Dependence] = []
        for i, a in enumerate(accs):
            for b in accs[i:]:
                if a.write or b.write:
                    found += _array_pairs(scope, a, b, sharing is not None, budget)
        sym = scope.symbol(name)
        if sym is not None and sym.threadprivate:
            # Each thread has its copy; a value may still pass from one iteration to the
            # next on the same thread unless every read follows a write of the whole.
            if rewritten_first(scope, accs):
                continue
            found = [replace(d, proven=False) for d in found]
        if name in pinned:
            deps += found
            continue  # a callee's variable: no clause on this loop reaches it
        if found and sharing is None and privatizable(scope, name, accs):
            private.append(name)
            continue
        ops = {a.update_op for a in accs}
        op = None if None in ops else reduction_op({o for o in ops if o})
        guards = {scope.protected(a) for a in accs}
        if found and op is not None and sharing is None and len(guards) == 1 and None not in guards:
            continue  # atomic updates commute; an array reduction would copy the array
        if found and op is not None and reducible(scope, name):
            reductions.setdefault(op, []).append(name)
            if sharing is None:
                continue
        deps += found
    names = sorted(arrays)
    for i, x in enumerate(names):
        for y in names[i + 1 :]:
            wx = next((a for a in arrays[x] if a.write), None)
            wy = next((a for a in arrays[y] if a.write), None)
            if (wx or wy) is None or not may_alias(scope, x, y):
                continue
            src = wx if wx is not None else wy
            assert src is not None
            snk = arrays[y][0] if src.name == x else arrays[x][0]
            deps.append(Dependence(src, snk, _kind(src, snk), ("*",), None, True, False))
    return deps


def _conflict_dependence(scope: LoopScope, c: Conflict) -> Dependence:
    a, b = scope.nest(c.source), scope.nest(c.sink)
    common = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return Dependence(
        c.source, c.sink, c.kind, ("<",) + ("*",) * (common - 1), None, True, c.proven
    )


def _early(loop: int, reasons: list[str]) -> LoopVerdict:
    return LoopVerdict(loop, Verdict.UNKNOWN, (), (), (), 1, tuple(reasons), ())


def analyze_loop(
    unit: Unit,
    loop: int,
    sharing: Mapping[str, str] | None = None,
    program: Program | None = None,
    budget: Budget | None = None,
) -> LoopVerdict:
    """The verdict for LOOP construct `loop`. Without `sharing`, the clauses a correct
    `parallel for/do` needs; with it, races under that data-sharing (everything not listed
    shared) go into `carried`. private / lastprivate / reductions are always the inferred
    ones. With `program` (the file's units and source, `program_of`), calls to procedures
    defined there count with what their bodies do. Past `budget` (by default a fresh
    DEFAULT_LIMITS.loop) the verdict is `unknown` for BUDGET_REASON."""
    work = budget if budget is not None else DEFAULT_LIMITS.for_loop()
    if program is None:
        try:
            return _originals(unit, _analyze(unit, loop, sharing, None, work))
        except BudgetExceeded:
            return _early(loop, [BUDGET_REASON])
    return analyze_inlined(inline_calls(unit, program), loop, sharing, work)


def analyze_inlined(
    inl: Inlined,
    loop: int,
    sharing: Mapping[str, str] | None = None,
    budget: Budget | None = None,
    memo: dict[int, LoopVerdict] | None = None,
) -> LoopVerdict:
    """analyze_loop on a unit whose calls are already inlined (`inline_calls`, done once
    for all the loops of a unit). `memo`: the inferred verdicts (sharing None) that the
    loops around worked out for `collapse`, filled and reused, never told past a budget."""
    work = budget if budget is not None else DEFAULT_LIMITS.for_loop()
    try:
        return _restored(inl, loop, sharing, work, memo)
    except BudgetExceeded:
        return _early(loop, [BUDGET_REASON])


def _originals(unit: Unit, verdict: LoopVerdict) -> LoopVerdict:
    """The dependences told on the unit's own events (resolve_indirect may have filled
    subscripts of copies)."""
    mine = {e.order: e for e in unit.events if isinstance(e, Access)}

    def back(a: Access) -> Access:
        own = mine.get(a.order)
        same = own is not None and (own.name, own.span, own.statement) == (
            a.name,
            a.span,
            a.statement,
        )
        return own if own is not None and same else a

    carried = tuple(replace(d, source=back(d.source), sink=back(d.sink)) for d in verdict.carried)
    return replace(verdict, carried=carried)


def _restored(
    inl: Inlined,
    loop: int,
    sharing: Mapping[str, str] | None,
    budget: Budget,
    memo: dict[int, LoopVerdict] | None = None,
) -> LoopVerdict:
    """The verdict on the inlined unit, its dependences told on the caller's events."""
    known = memo.get(loop) if memo is not None and sharing is None else None
    verdict = known or _analyze(inl.unit, loop, sharing, inl, budget, memo)

    def back(a: Access) -> Access:
        mine = inl.original.get(a.order)
        if mine is not None and (mine.name, mine.span) == (a.name, a.span) and a.statement >= 0:
            return mine
        call = inl.call_of.get(a.order)
        if call is None:
            return a  # made by the analysis (a loop header's write)
        return replace(
            a, order=call.order, statement=call.statement, context=call.context, span=call.span
        )

    carried = tuple(replace(d, source=back(d.source), sink=back(d.sink)) for d in verdict.carried)
    return replace(verdict, carried=carried)


def _analyze(
    unit: Unit,
    loop: int,
    sharing: Mapping[str, str] | None,
    inl: Inlined | None,
    budget: Budget | None = None,
    memo: dict[int, LoopVerdict] | None = None,
) -> LoopVerdict:
    """The verdict; raises BudgetExceeded past `budget` (by default a fresh loop budget)."""
    budget = budget if budget is not None else DEFAULT_LIMITS.for_loop()
    con = unit.constructs[loop]
    if con.kind is not ConstructKind.LOOP or con.loop is None:
        raise ValueError(f"construct {loop} is not a loop")
    info = con.loop
    if info.form is LoopForm.OTHER or info.var is None:
        return _early(loop, ["not a counted loop"])
    reasons: list[str] = [f"leaves the loop early at line {s.line + 1}" for s in info.exits]
    header = con.header
    if info.step == 0 or (info.step is None and not invariant_step(unit, loop)):
        reasons.append("the step is not a constant")
    for a in unit.accesses(loop):
        if a.name == info.var and a.write and (header is None or not in_span(a.span, header)):
            reasons.append(f"the loop variable {a.name} is changed in the body at line {line(a)}")
            break
    if reasons:
        return _early(loop, reasons)
    if any(a.via for a in unit.accesses(loop)):  # only such accesses can change
        unit = resolve_indirect(unit, loop)
        memo = None  # verdicts on this copy are not those of the unit
    scope = scope_of(unit, loop)
    budget.spend(1 + len(scope.accesses))
    reductions: dict[str, list[str]] = {}
    private: list[str] = []
    lastprivate: list[str] = []
    pinned = inl.pinned if inl is not None else {}
    deps = _array_dependences(scope, sharing, reductions, private, pinned, budget)
    doubts = blockers(scope)
    if inl is not None:
        doubts += [why for call, why in inl.doubts if loop in call.context]
    names = {a.name for a in scope.accesses if is_scalar_access(scope, a)}
    scalars = sorted((names | set(inner_indices(scope))) - {info.var})
    for name in scalars:
        budget.spend(len(scope.accesses))  # the scalar rules look at every access
        if name in pinned:
            found = conflicts_of(scope, name)
            deps += [_conflict_dependence(scope, c) for c in found]
            if found and sharing is None:
                why = (
                    f"{name} is one variable for every call of {pinned[name]}: each "
                    "iteration writes it, and no clause on this loop can make it private"
                )
                (reasons if any(c.proven for c in found) else doubts).append(why)
            continue
        cls = classify(scope, name)
        if cls.kind is ScalarKind.PRIVATE:
            private.append(name)
        elif cls.kind is ScalarKind.LASTPRIVATE:
            lastprivate.append(name)
        elif cls.kind is ScalarKind.REDUCTION and cls.op is not None:
            refusal = not_reducible(scope, name)
            if refusal is None:
                reductions.setdefault(cls.op, []).append(name)
            elif sharing is None:
                doubts.append(refusal)
        elif sharing is None and cls.kind in (ScalarKind.CARRIED, ScalarKind.UNKNOWN):
            deps += [_conflict_dependence(scope, c) for c in cls.conflicts]
            (reasons if cls.kind is ScalarKind.CARRIED else doubts).append(cls.reason)
        if sharing is not None:
            conflicts = shared_conflicts(scope, name, sharing)
            deps += [_conflict_dependence(scope, c) for c in conflicts]
    told = 0
    pairs: set[tuple[int, int]] = set()
    for d in sorted(deps, key=lambda d: (not d.proven, _KIND_ORDER.get(d.kind, 3))):
        if sharing is None and d.source.name in scalars and d.source.name == d.sink.name:
            continue  # explained by the scalar's own reason
        pair = (min(d.source.order, d.sink.order), max(d.source.order, d.sink.order))
        if pair in pairs:
            continue  # one sentence per pair of accesses, the flow one first
        pairs.add(pair)
        if told == _MAX_TOLD:
            (reasons if d.proven else doubts).append("and further loop-carried dependences")
        if told < _MAX_TOLD:
            (reasons if d.proven else doubts).append(describe(d, unit.fortran))
        told += 1
    proven = any(d.proven for d in deps)
    verdict = Verdict.SERIAL if proven else Verdict.UNKNOWN if doubts or deps else Verdict.PARALLEL
    if info.form is LoopForm.CONCURRENT:
        if proven:
            reasons.append("this contradicts the do concurrent declaration")
        elif verdict is Verdict.UNKNOWN and not any(
            isinstance(e, Effect) for e in unit.inside(loop)
        ):  # the declaration does not cover effects the IR cannot see (I/O order...)
            verdict = Verdict.PARALLEL
            doubts.append("do concurrent declares its iterations independent")
    parallel = verdict is Verdict.PARALLEL and sharing is None
    collapse = _collapse(unit, loop, inl, budget, memo) if parallel else 1
    folded = nest_vars(unit, loop, collapse)
    if parallel:  # the loop variables are private under the directive
        kept = loop_variables_kept(scope, folded)
        lastprivate += [v for v in kept if v not in lastprivate]
    return LoopVerdict(
        loop,
        verdict,
        tuple(sorted(p for p in private if p not in folded)),
        tuple(lastprivate),
        tuple(Reduction(op, tuple(sorted(vs))) for op, vs in sorted(reductions.items())),
        collapse,
        tuple(dict.fromkeys(reasons + doubts)),
        tuple(deps),
    )


def _collapse(
    unit: Unit,
    loop: int,
    inl: Inlined | None,
    budget: Budget,
    memo: dict[int, LoopVerdict] | None = None,
) -> int:
    """Depth of the perfect, rectangular nest of parallel loops starting at `loop`."""
    depth, at, outer_vars = 1, loop, set()
    while True:
        info = unit.constructs[at].loop
        assert info is not None and info.var is not None
        outer_vars.add(info.var)
        kids = list(unit.children(at))
        if len(kids) != 1 or kids[0].kind is not ConstructKind.LOOP or kids[0].loop is None:
            return depth
        inner = kids[0]
        if inl is not None and inner.id >= inl.own:
            return depth  # a loop inside a called procedure
        bounds = inner.loop
        assert bounds is not None
        if (
            bounds.lower is None
            or bounds.upper is None
            or bounds.form is LoopForm.OTHER
            or bounds.exits
        ):
            return depth
        if (bounds.lower.names() | bounds.upper.names()) & outer_vars:
            return depth  # not rectangular
        headers = (unit.constructs[at].header, inner.header)
        if any(between(e, at, headers) for e in unit.inside(at)):
            return depth  # not perfectly nested
        known = memo.get(inner.id) if memo is not None else None
        if known is None:
            try:
                known = _analyze(unit, inner.id, None, inl, budget, memo)
            except BudgetExceeded:
                return depth  # collapsing less is always correct
            if memo is not None:
                memo[inner.id] = known  # the inner loop's own verdict: not worked out twice
        if known.verdict is not Verdict.PARALLEL:
            return depth
        depth, at = depth + 1, inner.id


def analyze_unit(
    unit: Unit, program: Program | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[LoopVerdict, ...]:
    """The inferred verdict of every loop in the unit (see analyze_loop for `program`),
    each loop with a budget of its own (`limits.loop`)."""
    if program is None:
        return tuple(analyze_loop(unit, c.id, budget=limits.for_loop()) for c in unit.loops())
    inl = inline_calls(unit, program, limits.for_inlining())
    memo: dict[int, LoopVerdict] = {}  # outer loops first: their collapse fills it
    return tuple(analyze_inlined(inl, c.id, None, limits.for_loop(), memo) for c in unit.loops())
