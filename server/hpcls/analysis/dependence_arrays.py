"""Facts about one array in a loop that decide how its dependences count: whether two
differently named arrays may overlap, whether OpenMP can reduce it whole, whether it is
per-iteration scratch (private) or a threadprivate array rewritten whole before use."""

from __future__ import annotations

from hpcls.analysis.ir import Access, Affine, StorageKind
from hpcls.analysis.loop_facts import LoopScope, whole_array
from hpcls.analysis.scalars import dominated, live_out, order_key


def may_alias(scope: LoopScope, x: str, y: str) -> bool:
    """Whether two differently named arrays may share memory."""
    for p, q in ((x, y), (y, x)):
        if any(q.startswith(p + sep) for sep in (".", "%", "->", "[")):
            return True  # a member of the other
    sx, sy = scope.symbol(x), scope.symbol(y)
    if (sx is not None and sx.restrict) or (sy is not None and sy.restrict):
        return False
    # C array parameters are lowered as pointers, so an ARRAY is a named array or a
    # Fortran dummy: two of them never overlap.
    px = sx is not None and sx.storage is StorageKind.POINTER
    py = sy is not None and sy.storage is StorageKind.POINTER
    if px == py:
        return px
    other = sy if px else sx
    if other is None or other.storage is StorageKind.UNKNOWN:
        return True  # a global the pointer may point into
    # A pointer can point into a Fortran TARGET or an array outside the function.
    return other.storage is StorageKind.ARRAY and (other.target or other.static)


def reducible(scope: LoopScope, name: str) -> bool:
    """A whole array OpenMP can reduce without an array section: a declared array (C
    array parameters are pointers)."""
    sym = scope.symbol(name)
    return sym is not None and sym.storage is StorageKind.ARRAY and sym.reducible


def privatizable(scope: LoopScope, name: str, accs: list[Access]) -> bool:
    """A local scratch array used at the same elements in every iteration (`w[0]`), each
    read after a write of that element in the same iteration, dead after the loop."""
    sym = scope.symbol(name)
    if sym is None or sym.storage is not StorageKind.ARRAY or sym.parameter:
        return False
    if live_out(scope, name):
        return False
    moving = {info.var for c in scope.inner if (info := scope.unit.constructs[c].loop)}
    for a in accs:
        if a.address_taken or any(
            s is None or s.names() & (scope.written | moving) for s in a.subscripts
        ):
            return False
    ordered = sorted(accs, key=order_key)
    writes = [a for a in ordered if a.write]
    return all(
        dominated(scope, r, [w for w in writes if w.subscripts == r.subscripts])
        for r in ordered
        if not r.write
    )


def rewritten_first(scope: LoopScope, accs: list[Access]) -> bool:
    """Every read of the array follows, in the same iteration, a write of the element
    it reads: a write of the whole array, or a loop `for k in [lo, hi]: x[k] = ...` that
    has finished and covers every subscript the read can take."""
    whole = [a for a in accs if a.write and whole_array(scope, a)]
    covers = [c for a in accs if (c := _cover(scope, a)) is not None]
    return all(
        a.write or dominated(scope, a, whole) or any(_covered(scope, c, a) for c in covers)
        for a in accs
    )


def _cover(scope: LoopScope, w: Access) -> tuple[Access, int, int] | None:
    """`x[k] = ...` directly in a loop over k with constant bounds, step 1, that runs
    whenever the analysed loop's body does: (the write, first k, last k)."""
    if not w.write or len(w.subscripts) != 1 or not w.context or w.context[-1] == scope.loop:
        return None
    info = scope.unit.constructs[w.context[-1]].loop
    if info is None or info.var is None or info.step != 1 or info.exits:
        return None
    if info.lower is None or info.upper is None or w.subscripts[0] != Affine.var(info.var):
        return None
    if not (info.lower.is_constant and info.upper.is_constant) or not scope.unconditional(w):
        return None
    return w, info.lower.constant, info.upper.constant


def _covered(scope: LoopScope, cover: tuple[Access, int, int], r: Access) -> bool:
    w, lo, hi = cover
    outer = w.context[:-1]
    if r.context[: len(outer)] != outer or w.context[-1] in r.context:
        return False  # the filling loop has not finished when r runs
    if order_key(w) >= order_key(r) or len(r.subscripts) != 1 or r.subscripts[0] is None:
        return False
    low = high = Affine.const(r.subscripts[0].constant)
    for monomial, c in r.subscripts[0].terms:
        at = (
            next(
                (
                    x
                    for x in r.context
                    if (lv := scope.unit.constructs[x].loop) and lv.var == monomial[0]
                ),
                None,
            )
            if len(monomial) == 1
            else None
        )
        info = scope.unit.constructs[at].loop if at is not None and at in scope.inner else None
        if (
            info is None
            or at == scope.loop
            or info.lower is None
            or info.upper is None
            or not info.step
        ):
            return False
        first, last = (info.lower, info.upper) if info.step > 0 else (info.upper, info.lower)
        low, high = (
            low + (first if c > 0 else last).scale(c),
            high + (last if c > 0 else first).scale(c),
        )
    return low.is_constant and high.is_constant and lo <= low.constant and high.constant <= hi
