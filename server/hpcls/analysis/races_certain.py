"""When a loop-carried dependence the dependence analysis only calls *possible* is still a
certain race under a loop directive.

The analysis marks a pair "not proven" when a write is conditional or an index is not
affine in the loop variables. For a race report that uncertainty often does not matter:

* a shared scalar has one location, so a conditional write races with an unconditional
  access in another iteration, and with itself when its condition depends on data that
  changes from iteration to iteration (`if (a[i] > mx) mx = a[i]`);
* an element that the loop protects (atomic, critical, lock) on one path is one that
  several iterations reach (why else protect it), so an unprotected access to the same
  element, with the same subscripts, races with it and with itself;
* a mutating method of a shared container (`v.push_back(x)`) changes its size and storage.
"""

from __future__ import annotations

from collections.abc import Iterator

from hpcls.analysis.dependence import Dependence
from hpcls.analysis.ir import (
    Access,
    Affine,
    Call,
    ConstructKind,
    LoopForm,
    LoopInfo,
    StorageKind,
    Unit,
)
from hpcls.analysis.races_sync import Place, place

# Standard-library members that change a container's size (unambiguous names only: a C
# function called `insert` may be anything).
_MUTATORS = frozenset(
    {"push_back", "emplace_back", "push_front", "emplace_front", "pop_back", "pop_front"}
)


def _plain_scalar(unit: Unit, a: Access) -> bool:
    symbol = unit.symbols.get(a.name)
    storage_ok = symbol is None or symbol.storage in (StorageKind.SCALAR, StorageKind.POINTER)
    return not a.subscripts and not a.address_taken and storage_ok


def _varies(unit: Unit, loop: int, a: Access) -> bool:
    """A condition access whose value changes between iterations: an array element or a
    member, or a variable that the loop body writes (the loop indices excluded)."""
    if a.subscripts or "." in a.name or "%" in a.name or "->" in a.name:
        return True
    loops = (unit.constructs[c].loop for c in a.context)
    indices = {info.var for info in loops if info is not None}  # the enclosing loops' only
    if a.name in indices:
        return False
    return any(isinstance(e, Access) and e.write and e.name == a.name for e in unit.inside(loop))


def may_repeat(unit: Unit, loop: int, a: Access | Call) -> bool:
    """The event may run in many iterations: every branch between the loop and it tests
    data that varies from iteration to iteration (not just the loop index)."""
    if loop not in a.context:
        return False
    for cid in a.context[a.context.index(loop) + 1 :]:
        c = unit.constructs[cid]
        if c.kind is not ConstructKind.BRANCH:
            continue
        if c.header is None:
            return False
        start, end = c.header.start, c.header.end
        tested = [
            e
            for e in unit.events
            if isinstance(e, Access) and start <= e.span.start and e.span.end <= end
        ]
        if not any(_varies(unit, loop, e) for e in tested):
            return False
    return True


def _runs(unit: Unit, loop: int, a: Access) -> str:
    if unit.every_time(a.context, loop):
        return "always"
    return "often" if may_repeat(unit, loop, a) else "maybe"


def conditional_scalar(unit: Unit, loop: int, dep: Dependence) -> bool:
    """A shared scalar written conditionally: still one location for all iterations."""
    a, b = dep.source, dep.sink
    if a.name != b.name or not (_plain_scalar(unit, a) and _plain_scalar(unit, b)):
        return False
    ra, rb = _runs(unit, loop, a), _runs(unit, loop, b)
    if a is b:
        return ra != "maybe"
    return "always" in (ra, rb) or (ra == rb == "often")


def _protected(p: Place | None) -> bool:
    return p is not None and (p.atomic or bool(p.criticals) or bool(p.locks))


def partly_protected(
    unit: Unit, loop: int, dep: Dependence, barriers: dict[int, list[int]]
) -> bool:
    """The same element (identical affine subscripts) is protected elsewhere in the loop
    and at least one of the two accesses is not."""
    a, b = dep.source, dep.sink
    if a.name != b.name or not a.subscripts or a.subscripts != b.subscripts:
        return False
    if any(s is None for s in a.subscripts):
        return False
    pa, pb = place(unit, a, barriers), place(unit, b, barriers)
    if _protected(pa) and _protected(pb):
        return False  # both protected: whether they share a lock is _excused's question
    return any(
        isinstance(e, Access)
        and e.name == a.name
        and e.subscripts == a.subscripts
        and _protected(place(unit, e, barriers))
        for e in unit.inside(loop)
    )


def container_updates(unit: Unit, loop: int, shared: set[str]) -> list[tuple[Access, Call]]:
    """Mutating method calls on a shared container, with the access of the object."""
    found: list[tuple[Access, Call]] = []
    if unit.fortran:
        return found
    barriers: dict[int, list[int]] = {}
    for e in unit.inside(loop):
        if not isinstance(e, Call) or e.name.split("::")[-1] not in _MUTATORS:
            continue
        if not e.arguments or e.arguments[0] not in shared or not may_repeat(unit, loop, e):
            continue
        if _protected(place(unit, e, barriers)):
            continue
        obj = next(
            (
                x
                for x in unit.inside(loop)
                if isinstance(x, Access)
                and x.statement == e.statement
                and x.name == e.arguments[0]
                and not x.subscripts
            ),
            None,
        )
        if obj is not None:
            found.append((obj, e))
    return found


# --- a concrete witness for affine subscripts ---------------------------------------------

_SIZE = 12  # the value tried for a symbolic upper bound (`n`, `N`)
_POINTS = 20000  # at most this many loop iterations are enumerated per access
_PER_LOOP = 48  # of each loop, at most this many first iterations


def _nest(unit: Unit, loop: int, a: Access) -> list[LoopInfo] | None:
    """The loops from `loop` inward around `a`; None when a branch may skip the access or
    a loop is not a plain counted loop."""
    if loop not in a.context:
        return None
    nest: list[LoopInfo] = []
    for cid in a.context[a.context.index(loop) :]:
        c = unit.constructs[cid]
        if c.kind is ConstructKind.BRANCH:
            return None
        if c.kind is ConstructKind.LOOP:
            info = c.loop
            if info is None or info.var is None or info.lower is None or info.upper is None:
                return None
            if not info.step or info.form is LoopForm.OTHER:
                return None
            nest.append(info)
    return nest


def _grows_only(info: LoopInfo, symbols: set[str]) -> bool:
    """Symbols appear only linearly, with a positive coefficient, in the far bound, so a
    larger value only adds iterations: a collision found for a small value stays."""
    assert info.lower is not None and info.upper is not None and info.step is not None
    near, far = (info.lower, info.upper) if info.step > 0 else (info.upper, info.lower)
    if near.names() & symbols:
        return False
    sign = 1 if info.step > 0 else -1
    return all(len(m) == 1 and c * sign > 0 for m, c in far.terms if set(m) & symbols)


def _value(expr: Affine, env: dict[str, int]) -> int:
    total = expr.constant
    for m, c in expr.terms:
        term = c
        for n in m:
            term *= env[n]
        total += term
    return total


def _points(nest: list[LoopInfo], env: dict[str, int]) -> Iterator[dict[str, int]]:
    if not nest:
        yield dict(env)
        return
    info, rest = nest[0], nest[1:]
    assert info.lower is not None and info.upper is not None and info.step and info.var
    v, last = _value(info.lower, env), _value(info.upper, env)
    # The first iterations only: a collision among them is still a collision.
    for _ in range(_PER_LOOP):
        if (v > last) if info.step > 0 else (v < last):
            break
        env[info.var] = v
        yield from _points(rest, env)
        v += info.step
    env.pop(info.var, None)


def witnessed(unit: Unit, loop: int, dep: Dependence) -> bool:
    """Two different iterations of `loop` touch the same element: found by running the
    loop nest with each symbolic upper bound set to a small value (only where a larger
    value cannot remove the collision). For affine subscripts over loop indices only."""
    a, b = dep.source, dep.sink
    if a.name != b.name or not a.subscripts or len(a.subscripts) != len(b.subscripts):
        return False
    if None in a.subscripts or None in b.subscripts:
        return False
    na, nb = _nest(unit, loop, a), _nest(unit, loop, b)
    if na is None or nb is None or not na or not nb:
        return False
    indices = {i.var for i in (*na, *nb) if i.var}
    subscripts = [s for s in (*a.subscripts, *b.subscripts) if s is not None]
    if any(s.names() - indices for s in subscripts):
        return False  # a symbol in a subscript: its value decides
    symbols: set[str] = set()
    for info in (*na, *nb):
        assert info.lower is not None and info.upper is not None
        symbols |= (info.lower.names() | info.upper.names()) - indices
    if not all(_grows_only(info, symbols) for info in (*na, *nb)):
        return False
    env = dict.fromkeys(symbols, _SIZE)
    outer = na[0].var or ""
    seen: dict[tuple[int, ...], set[int]] = {}
    for count, point in enumerate(_points(na, dict(env))):
        if count > _POINTS:
            return False
        key = tuple(_value(s, point) for s in a.subscripts if s is not None)
        seen.setdefault(key, set()).add(point[outer])
    for count, point in enumerate(_points(nb, dict(env))):
        if count > _POINTS:
            return False
        key = tuple(_value(s, point) for s in b.subscripts if s is not None)
        if seen.get(key, set()) - {point[outer]}:
            return True
    return False


# --- an index pinned to one value on a path several iterations take -------------------------


def _invariant_statement(unit: Unit, loop: int, p: Access) -> bool:
    """`b = NB - 1`: the statement writing `p` reads only values the loop never writes
    and calls nothing, so every iteration that runs it stores the same value."""
    written = {e.name for e in unit.accesses(loop) if e.write}
    for e in unit.inside(loop):
        if e is p or getattr(e, "statement", None) != p.statement:
            continue
        if isinstance(e, Call) or not isinstance(e, Access) or e.write:
            return False
        if e.name in written or any(s is None or not s.is_constant for s in e.subscripts):
            return False
    return True


def _pinned(unit: Unit, loop: int, w: Access, var: str) -> bool:
    """Some path that two or more iterations may take sets `var` to one value before `w`
    uses it, with no other write of `var` in between."""
    writes = [
        e
        for e in unit.accesses(loop)
        if e.write and e.name == var and not e.subscripts and e.order < w.order
    ]
    if not writes:
        return False
    last = max(writes, key=lambda e: e.order)
    # `w` runs after `last` in the same iteration: it sits in a construct around it.
    after = last.context[: len(w.context)] == w.context
    repeats = unit.every_time(last.context, loop) or may_repeat(unit, loop, last)
    return after and repeats and _invariant_statement(unit, loop, last)


def pinned_index(unit: Unit, loop: int, dep: Dependence) -> bool:
    """`hist[b]++` after `if (b >= NB) b = NB - 1`: iterations taking that path update
    one element."""
    w = dep.source
    if dep.kind != "output" or dep.source != dep.sink or len(w.subscripts) != 1:
        return False
    sub = w.subscripts[0]
    if sub is None or len(sub.names()) != 1 or not unit.every_time(w.context, loop):
        return False
    (var,) = sub.names()
    symbol = unit.symbols.get(var)
    return (
        symbol is not None and symbol.storage is StorageKind.SCALAR and _pinned(unit, loop, w, var)
    )
