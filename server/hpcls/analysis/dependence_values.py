"""Index arrays whose values the unit shows: `x[idx[i]]` where an earlier loop filled
`idx[j] = e(j)` for every j the later loop reads, and nothing wrote idx (or the names in
e) since. The access is then `x[e(i)]`, and the subscript tests decide it (a reversal
`n - 1 - j` is a permutation: one writer per element)."""

from __future__ import annotations

from dataclasses import replace

from hpcls.analysis.dependence_pairs import substitute
from hpcls.analysis.ir import (
    Access,
    Affine,
    Call,
    ConstructKind,
    Effect,
    Quotient,
    StorageKind,
    Unit,
)


def resolve_indirect(unit: Unit, loop: int) -> Unit:
    """The unit with the indirect subscripts of `loop` that have visible values filled."""
    events = list(unit.events)
    at = {e.order: k for k, e in enumerate(events)}
    changed = False
    for k, a in enumerate(events):
        if not isinstance(a, Access) or loop not in a.context or not a.via:
            continue
        subs = list(a.subscripts)
        quotients = list(a.quotients) + [None] * (len(subs) - len(a.quotients))
        found = False
        for d, (s, v) in enumerate(zip(a.subscripts, a.via, strict=False)):
            read = events[at[v]] if s is None and v is not None and v in at else None
            if isinstance(read, Access) and not read.write:
                value = _value_of(unit, loop, read)
                found = found or value is not None
                if isinstance(value, Quotient):
                    quotients[d] = value
                else:
                    subs[d] = value
        if found:
            events[k] = replace(a, subscripts=tuple(subs), quotients=tuple(quotients))
            changed = True
    return replace(unit, events=tuple(events)) if changed else unit


def _bounds(unit: Unit, read: Access, loop: int, e: Affine) -> tuple[Affine, Affine] | None:
    """Lowest and highest value of `e` over the loops around `read` from `loop` inward."""
    loops = {}
    for c in read.context[read.context.index(loop) :]:
        info = unit.constructs[c].loop
        if info is None or info.var is None or info.lower is None or info.upper is None:
            continue
        if not info.step:
            continue
        loops[info.var] = (info.lower, info.upper) if info.step > 0 else (info.upper, info.lower)
    low = high = Affine.const(e.constant)
    for monomial, c in e.terms:
        if len(monomial) != 1 or monomial[0] not in loops:
            return None
        lo, hi = loops[monomial[0]]
        low, high = low + (lo if c > 0 else hi).scale(c), high + (hi if c > 0 else lo).scale(c)
    return low, high


def _escapes(unit: Unit, name: str) -> bool:
    """The array is used whole somewhere (`p = idx`, `f(idx)`): it may change through
    another name."""
    for e in unit.events:
        if isinstance(e, Access) and e.name == name and (not e.subscripts or e.address_taken):
            return True
        if isinstance(e, Call) and name in e.arguments:
            return True
    return False


def _first(unit: Unit, construct: int) -> int:
    return min((e.order for e in unit.inside(construct)), default=-1)


def _value_of(unit: Unit, loop: int, read: Access) -> Affine | Quotient | None:
    name = read.name
    sym = unit.symbols.get(name)
    if sym is None or sym.storage is not StorageKind.ARRAY or len(read.subscripts) != 1:
        return None
    if sym.target or _escapes(unit, name):
        return None
    e = read.subscripts[0]
    start = _first(unit, loop)
    if e is None or start < 0:
        return None
    writes = [
        x
        for x in unit.events
        if isinstance(x, Access) and x.name == name and (x.write or x.address_taken)
    ]
    before = [w for w in writes if w.order < start]
    if not before or any(loop in w.context for w in writes):
        return None
    w0 = max(before, key=lambda w: w.order)
    fill = w0.context[-1] if w0.context else None
    if fill is None or not isinstance(w0.value, Affine | Quotient) or w0.address_taken:
        return None
    con = unit.constructs[fill]
    info = con.loop
    if con.kind is not ConstructKind.LOOP or info is None or info.var is None or info.exits:
        return None
    if info.step != 1 or info.lower is None or info.upper is None:
        return None
    if w0.subscripts != (Affine.var(info.var),) or fill in read.context:
        return None
    outer = w0.context[:-1]
    if read.context[: len(outer)] != outer:
        return None  # the filling loop must run to its end before the reading one starts
    begin = _first(unit, fill)
    if any(w is not w0 and w.order >= begin for w in before):
        return None
    value = w0.value
    num = value.num if isinstance(value, Quotient) else value
    names = num.names() - {info.var}
    nest_vars = {
        lv.var for c in read.context if (lv := unit.constructs[c].loop) is not None and lv.var
    }
    if names & nest_vars or not _untouched(unit, (begin, w0), loop, names | {name}, sym.static):
        return None
    span = _bounds(unit, read, loop, e)
    if span is None:
        return None
    below, above = span[0] - info.lower, info.upper - span[1]
    if not (below.is_constant and below.constant >= 0 and above.is_constant):
        return None
    if above.constant < 0:
        return None
    if isinstance(value, Quotient):
        return Quotient(substitute(value.num, info.var, e), value.den)
    return substitute(value, info.var, e)


def _untouched(
    unit: Unit, fill: tuple[int, Access], loop: int, names: frozenset[str], shared: bool
) -> bool:
    """Nothing from the filling loop's start to the end of `loop` changes `names` but the
    filling write itself; no call may write them (any call, for a static array)."""
    begin, w0 = fill
    end = max((x.order for x in unit.inside(loop)), default=begin)
    for e in unit.events:
        if e.order < begin or e.order > end or e is w0:
            continue
        if isinstance(e, Access) and e.name in names and (e.write or e.address_taken):
            return False
        if isinstance(e, Call) and not e.pure and (shared or set(e.arguments) & names):
            return False
        if isinstance(e, Effect):  # may change anything
            return False
    return True
