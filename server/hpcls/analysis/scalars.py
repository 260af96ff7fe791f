"""Scalar classification for one loop: which scalars a parallel version needs private,
lastprivate or as reductions, and which carry a value from one iteration to the next.

Within one statement the reads happen before the write (`s = s + 1`), so accesses are
ordered by (statement, read before write, order)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from hpcls.analysis.ir import Access, ConstructKind, StorageKind, Unit
from hpcls.analysis.loop_facts import LoopScope, ancestors, is_scalar_access, line, trip_extent

_C_OPS = frozenset({"+", "*", "&", "|", "^", "&&", "||", "max", "min"})
_FORTRAN_OPS = frozenset(
    {"+", "*", ".and.", ".or.", ".eqv.", ".neqv.", "max", "min", "iand", "ior", "ieor"}
)
_SAFE_SHARING = frozenset({"private", "firstprivate", "lastprivate", "reduction", "linear"})


class ScalarKind(Enum):
    IMPLICIT = "implicit"  # private without a clause: declared inside, a Fortran DO index
    PRIVATE = "private"
    LASTPRIVATE = "lastprivate"
    REDUCTION = "reduction"
    READ_ONLY = "read-only"  # never written in the loop: shared, fine
    CARRIED = "carried"  # a value flows from one iteration to a later one
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two accesses to one scalar from different iterations, at least one a write."""

    source: Access
    sink: Access
    kind: str  # "flow" | "anti" | "output"
    proven: bool


@dataclass(frozen=True, slots=True)
class ScalarClass:
    name: str
    kind: ScalarKind
    op: str | None = None  # REDUCTION: OpenMP's spelling of the operator
    reason: str = ""  # CARRIED / UNKNOWN: why, in plain words
    conflicts: tuple[Conflict, ...] = ()  # CARRIED: the accesses involved


def order_key(a: Access) -> tuple[int, int, int]:
    return (a.statement, int(a.write), a.order)


def dominated(scope: LoopScope, read: Access, writes: list[Access]) -> bool:
    """Some write before `read` runs every time the innermost construct holding both runs,
    so the read never sees a value from an earlier iteration."""
    for w in writes:
        if order_key(w) >= order_key(read):
            return False
        start = w.context.index(scope.loop)
        common = scope.loop
        for a, b in zip(w.context[start:], read.context[start:], strict=False):
            if a != b:
                break
            common = a
        if scope.unit.every_time(w.context, common):
            return True
    return False


def reduction_op(ops: set[str]) -> str | None:
    """The one OpenMP reduction operator for these update operators, if any. The spelling
    tells the language (`.and.` and `iand` are Fortran's, `&&` and `&` C's), so a lowering
    that leaves Unit.fortran unset still gets its reductions."""
    spelled = {"+" if op == "-" else op for op in ops}
    if len(spelled) != 1:
        return None
    op = spelled.pop()
    return op if op in _C_OPS | _FORTRAN_OPS else None


def inner_indices(scope: LoopScope) -> dict[str, int]:
    """Variables of the loops nested in the analysed one, with their construct."""
    out: dict[str, int] = {}
    for cid in sorted(scope.inner - {scope.loop}):
        info = scope.unit.constructs[cid].loop
        if info is not None and info.var is not None:
            out.setdefault(info.var, cid)
    return out


def live_out(scope: LoopScope, name: str, *, loop_variable: bool = False) -> bool:
    """The value left by the loop may be read later: a read after the loop before any write,
    a read elsewhere in an enclosing loop, or storage that outlives the unit. For a
    `loop_variable`, reads inside another loop over the same variable see that loop's
    values, not this one's."""
    sym = scope.symbol(name)
    if sym is None or sym.static or sym.threadprivate or sym.storage is StorageKind.UNKNOWN:
        return True
    if sym.parameter:  # Fortran dummies are passed by reference (C copies: harmless)
        return True
    last = max((e.order for e in scope.unit.inside(scope.loop)), default=-1)
    outside = [
        e
        for e in scope.unit.events
        if isinstance(e, Access) and e.name == name and scope.loop not in e.context
    ]
    if loop_variable:
        outside = [a for a in outside if not _rebound(scope.unit, a, name)]
    later = sorted((a for a in outside if a.order > last), key=order_key)
    if later and not later[0].write:
        return True
    if later and (later[0].subscripts or sym.storage is not StorageKind.SCALAR):
        return True  # a write of some elements (or of unknown ones) leaves the others
    around = set(scope.unit.ancestors(scope.loop))
    if later and any(c not in around and not _runs(scope.unit, c) for c in later[0].context):
        return True  # the write is in a branch or loop of its own: it may not run
    enclosing = {
        c
        for c in ancestors(scope.unit, scope.loop)
        if scope.unit.constructs[c].kind is ConstructKind.LOOP
    }
    return any(not a.write and enclosing & set(a.context) for a in outside)


def loop_variables_kept(scope: LoopScope, names: set[str]) -> list[str]:
    """The loop variables of a parallelized nest (`names`) whose value after the loop is
    read: OpenMP makes them private, so they need `lastprivate` to keep the sequential
    value (`for (i = 0; i < n; i++) ...; use(i);`). Variables declared by the loop
    itself (`for (int i ...)`) do not outlive it."""
    out: list[str] = []
    for name in sorted(names):
        if any(name in scope.unit.constructs[c].locals for c in scope.inner):
            continue  # `for (int i ...)`: a variable of the loop's own
        if live_out(scope, name, loop_variable=True):
            out.append(name)
    return out


def _runs(unit: Unit, construct: int) -> bool:
    """The body of `construct` surely runs once it is reached, up to its first event: a
    counted loop with constant bounds that run at least once, without early exits."""
    info = unit.constructs[construct].loop
    if info is None or info.exits or info.skips:
        return False
    extent = trip_extent(info)
    return extent is not None and extent >= 0


def _rebound(unit: Unit, a: Access, name: str) -> bool:
    """The access is inside (or in the header of) a counted loop over `name`."""
    for c in a.context:
        info = unit.constructs[c].loop
        if info is not None and info.var == name:
            return True
    return False


def _conflicts(scope: LoopScope, accs: list[Access]) -> tuple[Conflict, ...]:
    """Every pair of accesses from two iterations with a write among them."""
    out: list[Conflict] = []
    for i, a in enumerate(accs):
        for b in accs[i:]:
            if not (a.write or b.write) or (a is b and not a.write):
                continue
            pa, pb = scope.protected(a), scope.protected(b)
            if pa is not None and pa == pb:
                continue
            w, other = (a, b) if a.write else (b, a)
            proven = scope.unconditional(a) and scope.unconditional(b)
            if other.write:
                out.append(Conflict(w, other, "output", proven))
            elif order_key(other) < order_key(
                w
            ):  # the read comes first: it sees the last iteration's
                out.append(Conflict(w, other, "flow", proven))
            else:
                out.append(Conflict(other, w, "anti", proven))
    return tuple(out)


def conflicts_of(scope: LoopScope, name: str) -> tuple[Conflict, ...]:
    """Every conflicting pair on scalar `name` when it cannot be given any clause (a
    variable a called procedure shares between calls); () when it is only read."""
    accs = sorted(
        (a for a in scope.accesses if a.name == name and is_scalar_access(scope, a)), key=order_key
    )
    return _conflicts(scope, accs) if any(a.write for a in accs) else ()


def classify(scope: LoopScope, name: str) -> ScalarClass:
    """How a correct `parallel for/do` must treat scalar `name`."""
    unit, loop = scope.unit, scope.loop
    accs = sorted(
        (a for a in scope.accesses if a.name == name and is_scalar_access(scope, a)), key=order_key
    )
    indices = inner_indices(scope)
    if name in scope.declared_inside or (name in indices and unit.fortran):
        return ScalarClass(name, ScalarKind.IMPLICIT)
    if name in indices:
        return ScalarClass(name, ScalarKind.PRIVATE)
    writes = [a for a in accs if a.write]
    taken = next((a for a in accs if a.address_taken), None)
    if taken is not None:
        return ScalarClass(
            name, ScalarKind.UNKNOWN, reason=f"the address of {name} is taken at line {line(taken)}"
        )
    if not writes:
        return ScalarClass(name, ScalarKind.READ_ONLY)
    deref = next((a for a in scope.accesses if a.name == name and a.subscripts), None)
    if name in scope.reassigned and deref is not None:
        why = (
            f"pointer {name} is moved at line {line(writes[0])}: "
            "each iteration starts where the last one left it"
        )
        return ScalarClass(
            name,
            ScalarKind.CARRIED,
            reason=why,
            conflicts=(Conflict(writes[-1], deref, "flow", True),),
        )
    ops = {a.update_op for a in accs if a.update_op is not None}
    all_updates = all(a.update_op is not None for a in accs)
    op = reduction_op(ops) if all_updates else None
    sym = scope.symbol(name)
    if op is not None and not (sym is not None and sym.threadprivate):
        return ScalarClass(name, ScalarKind.REDUCTION, op=op)
    reads = [a for a in accs if not a.write]
    exposed = [r for r in reads if not dominated(scope, r, writes)]
    if not exposed:
        if sym is not None and sym.threadprivate:
            return ScalarClass(name, ScalarKind.IMPLICIT)
        if not live_out(scope, name):
            return ScalarClass(name, ScalarKind.PRIVATE)
        if any(unit.every_time(w.context, loop) and not scope.skipped(w) for w in writes):
            return ScalarClass(name, ScalarKind.LASTPRIVATE)
        why = (
            f"{name} is written only conditionally (line {line(writes[0])}) and used after the loop"
        )
        return ScalarClass(
            name, ScalarKind.UNKNOWN, reason=why, conflicts=_conflicts(scope, writes)
        )
    read = exposed[0]
    write = writes[-1]
    if op is None and all_updates:
        used = ", ".join(sorted(ops))
        why = f"{name} is updated with different operators ({used}), so it is no reduction"
    elif order_key(read) < order_key(writes[0]):
        why = (
            f"{name} is read at line {line(read)} before it is written at line {line(write)}: "
            "each iteration uses the value from the previous one"
        )
    else:
        why = (
            f"{name} is written only conditionally (line {line(writes[0])}) and read at line "
            f"{line(read)}: the value can come from an earlier iteration"
        )
    evidence = Conflict(write, read, "flow", True)
    return ScalarClass(name, ScalarKind.CARRIED, reason=why, conflicts=(evidence,))


def shared_conflicts(
    scope: LoopScope, name: str, sharing: Mapping[str, str]
) -> tuple[Conflict, ...]:
    """Races on scalar `name` under an existing directive's data-sharing clauses."""
    given = sharing.get(name) or (sharing.get(name.lower()) if scope.unit.fortran else None)
    if given in _SAFE_SHARING or name in scope.declared_inside:
        return ()
    if scope.unit.fortran and name in inner_indices(scope):
        return ()
    accs = sorted(
        (a for a in scope.accesses if a.name == name and is_scalar_access(scope, a)), key=order_key
    )
    inner = inner_indices(scope).get(name)
    if inner is not None and not any(a.write for a in accs):
        accs.insert(0, _header_write(scope, name, inner))
    return _conflicts(scope, accs)


def _header_write(scope: LoopScope, name: str, loop: int) -> Access:
    """The write of an inner loop's index by its header, for lowerings that record none:
    a shared C index is written by every thread."""
    con = scope.unit.constructs[loop]
    span = con.header or con.span
    context = (*reversed(ancestors(scope.unit, loop)), loop)
    first = next(scope.unit.inside(loop), None)
    order = first.order if first is not None else 0
    return Access(name, (), True, span, order, -1, context)
