"""Facts about one loop of a Unit that the dependence analysis and the scalar rules share:
its nest, what it writes, what is declared inside it, which accesses always run, and how
to name an access in a message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from hpcls.analysis.ir import (
    Access,
    Affine,
    ConstructKind,
    LoopInfo,
    StorageKind,
    Symbol,
    Unit,
)


@dataclass(frozen=True, slots=True)
class LoopScope:
    """What the analysis needs to know about loop `loop` of `unit`, computed once."""

    unit: Unit
    loop: int
    inner: frozenset[int]  # the constructs inside the loop, itself included
    accesses: tuple[Access, ...]
    written: frozenset[str]  # names written somewhere in the loop, inner loop indices too
    declared_inside: frozenset[str]  # names declared in the loop's body: private per iteration
    # Pointers assigned in the loop (`p++`, `p => t`): `p[0]` is another element each time.
    reassigned: frozenset[str] = frozenset()
    extents: Mapping[int, int | None] = field(default_factory=dict)  # trip_extent per loop
    # Subscripts already rewritten over iteration counters, by (nest, subscript, side):
    # a cache filled while the pairs are tested, never part of the result.
    rewritten: dict[tuple[tuple[int, ...], Affine, str], Affine] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def info(self) -> LoopInfo:
        info = self.unit.constructs[self.loop].loop
        assert info is not None
        return info

    def symbol(self, name: str) -> Symbol | None:
        return self.unit.symbols.get(name)

    def nest(self, access: Access) -> tuple[int, ...]:
        """The LOOP constructs around `access` from the analysed loop inward."""
        ctx = access.context
        start = ctx.index(self.loop)
        return tuple(c for c in ctx[start:] if self.unit.constructs[c].kind is ConstructKind.LOOP)

    def unconditional(self, access: Access) -> bool:
        """The access runs on every iteration of the analysed loop, assuming inner loops
        run: no branch in between (OpenMP constructs run their body in a serial reading)."""
        ctx = access.context
        return not self.skipped(access) and all(
            self.unit.constructs[c].kind is not ConstructKind.BRANCH
            for c in ctx[ctx.index(self.loop) + 1 :]
        )

    def skipped(self, access: Access) -> bool:
        """A `continue`/`cycle` (or a jump within the body) of the analysed loop or of a
        loop inside it comes before the access: the rest of that iteration may not run."""
        ctx = access.context
        for c in ctx[ctx.index(self.loop) :]:
            info = self.unit.constructs[c].loop
            if info is not None and any(s <= access.order for s in info.skips):
                return True
        return False

    def protected(self, access: Access) -> str | None:
        """'atomic' or 'critical <name>' when the access cannot race with another access
        protected the same way."""
        if access.atomic:
            return "atomic"
        for c in access.context:
            d = self.unit.constructs[c].directive
            if d is not None and d.name in ("critical", "atomic", "ordered"):
                return f"{d.name} {d.directive_argument or ''}".strip()
        return None


def scope_of(unit: Unit, loop: int) -> LoopScope:
    inner = _descendants(unit, loop)
    accesses = tuple(a for a in unit.accesses(loop) if not _own_copy(unit, loop, a))
    written = {a.name for a in accesses if a.write or a.address_taken}
    for cid in inner:
        info = unit.constructs[cid].loop
        if cid != loop and info is not None and info.var is not None:
            written.add(info.var)
    declared = {n for cid in inner for n in unit.constructs[cid].locals}
    declared |= {s.name for s in unit.symbols.values() if s.declared_in in inner}
    # A `static` declared in the body is one variable for all iterations.
    declared -= {n for n in declared if (sym := unit.symbols.get(n)) is not None and sym.static}
    info = unit.constructs[loop].loop
    if info is not None and info.var is not None:
        declared.discard(info.var)
    reassigned = {
        a.name for a in accesses if a.write and not a.subscripts and _pointer(unit, a.name)
    }
    extents = {
        cid: trip_extent(info) for cid in inner if (info := unit.constructs[cid].loop) is not None
    }
    return LoopScope(
        unit,
        loop,
        inner,
        accesses,
        frozenset(written),
        frozenset(declared),
        frozenset(reassigned),
        MappingProxyType(extents),
    )


def _descendants(unit: Unit, construct: int) -> frozenset[int]:
    """The construct and those nested in it, walked down (not every construct up)."""
    out = [construct]
    for at in out:  # grows while walked
        out += [c.id for c in unit.children(at)]
    return frozenset(out)


def _own_copy(unit: Unit, loop: int, access: Access) -> bool:
    """The access is to a private copy made by an OpenMP construct inside the loop
    (`task private(t)`, `parallel firstprivate(t)`): not the loop's variable."""
    ctx = access.context
    for c in ctx[ctx.index(loop) + 1 :]:
        d = unit.constructs[c].directive
        if d is None or unit.constructs[c].kind is not ConstructKind.OMP:
            continue
        for clause in ("private", "firstprivate"):
            if any(access.name in (n, n.lower()) for n in d.clause_vars(clause)):
                return True
    return False


def _pointer(unit: Unit, name: str) -> bool:
    sym = unit.symbols.get(name)
    return sym is not None and sym.storage is StorageKind.POINTER


def ancestors(unit: Unit, construct: int) -> tuple[int, ...]:
    """The constructs around `construct`, innermost first (itself excluded)."""
    return unit.ancestors(construct)


def trip_extent(info: LoopInfo) -> int | None:
    """M = trip count - 1 when the bounds differ by a constant; None when unknown."""
    if info.lower is None or info.upper is None or not info.step:
        return None
    diff = info.upper - info.lower
    if not diff.is_constant:
        return None
    return diff.constant // info.step


def whole_array(scope: LoopScope, access: Access) -> bool:
    """A Fortran access without subscripts to an array means every element."""
    sym = scope.symbol(access.name)
    return (
        scope.unit.fortran
        and not access.subscripts
        and sym is not None
        and sym.storage in (StorageKind.ARRAY, StorageKind.POINTER)
    )


def is_scalar_access(scope: LoopScope, access: Access) -> bool:
    return not access.subscripts and not whole_array(scope, access)


# --- messages -------------------------------------------------------------------------------


def render_affine(a: Affine | None) -> str:
    if a is None:
        return "?"
    out = ""
    for monomial, c in a.terms:
        name = "*".join(monomial)
        mag = abs(c)
        text = name if mag == 1 else f"{mag}*{name}"
        out += (
            text
            if not out and c > 0
            else f"-{text}"
            if not out
            else f"{'+' if c > 0 else '-'}{text}"
        )
    if a.constant or not out:
        k = a.constant
        out += str(k) if not out else f"{'+' if k > 0 else '-'}{abs(k)}"
    return out


def render(access: Access, fortran: bool) -> str:
    if not access.subscripts:
        return access.name
    subs = [render_affine(s) for s in access.subscripts]
    if fortran:
        return f"{access.name}({', '.join(subs)})"
    return access.name + "".join(f"[{s}]" for s in subs)


def line(access: Access) -> int:
    return access.span.line + 1
