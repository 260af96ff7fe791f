"""Races through a called procedure: a routine of the same file that writes static
storage (a C `static` local or file-scope variable, a Fortran module variable, COMMON
block member or SAVEd local, including one made SAVE by an initialiser), called where
several threads run it at once (every thread of a region, or the iterations of a
worksharing loop). Static storage is one object for the whole program, so two threads in
the routine write (and read) the same memory; no clause on the caller's directive can
privatise it (only `threadprivate` does).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hpcls.analysis.ir import Access, Affine, Call, ConstructKind, Unit
from hpcls.analysis.races_loops import Race
from hpcls.analysis.races_regions import counters_meet, subscript_gap
from hpcls.analysis.races_sync import place

_PROTECTING = frozenset({"critical", "atomic", "single", "master", "masked", "ordered"})


def _key(name: str, fortran: bool) -> str:
    return name.lower() if fortran else name


def _static_accesses(unit: Unit) -> list[Access]:
    """The callee's accesses to unprotected static, non-threadprivate storage."""
    out: list[Access] = []
    for e in unit.events:
        if not isinstance(e, Access) or e.atomic:
            continue
        symbol = unit.symbols.get(e.name.split("%")[0].split(".")[0])
        if symbol is None or not symbol.static or symbol.threadprivate or symbol.parameter:
            continue
        if any(
            unit.constructs[c].words & _PROTECTING
            for c in e.context
            if unit.constructs[c].kind is ConstructKind.OMP
        ):
            continue
        out.append(e)
    return out


def _invariant(callee: Unit, name: str) -> bool:
    """The same value in every thread's execution of the routine: not an argument and
    never written in it (a constant, a macro, a read-only global)."""
    symbol = callee.symbols.get(name)
    if symbol is not None and symbol.parameter:
        return False
    return not any(isinstance(e, Access) and e.write and e.name == name for e in callee.events)


def _thread_invariant(callee: Unit, expr: Affine, access: Access) -> bool:
    """A subscript that takes the same values in every thread's execution: made of the
    routine's own loop indices (with invariant lower bounds) and invariant names."""
    names = set(expr.names())
    for cid in access.context:
        info = callee.constructs[cid].loop
        if info is not None and info.var in names:
            names.discard(info.var)
            names |= info.lower.names() if info.lower is not None else {info.var}
    return all(_invariant(callee, n) for n in names)


def _ranges(a: Access, source: bytes) -> list[bool]:
    """Per dimension: is the subscript a whole range (`row`, `q(:, j)`, `w(1:m)`)?"""
    text = source[a.span.start : a.span.end].decode(errors="replace")
    if "(" not in text and "[" not in text:
        return [True] * len(a.subscripts)
    inner = text[text.find("(") + 1 : text.rfind(")")] if "(" in text else ""
    pieces, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            pieces.append(inner[start:i])
            start = i + 1
    pieces.append(inner[start:])
    if len(pieces) != len(a.subscripts):
        return [False] * len(a.subscripts)
    return [":" in p and "(" not in p for p in pieces]


def _may_overlap(callee: Unit, a: Access, b: Access, source: bytes) -> bool:
    """Two executions of the routine (one per thread) certainly can touch the same
    element: scalars, whole ranges, and subscripts over the routine's own loops and
    thread-invariant names whose GCD test allows equality."""
    if not a.subscripts and not b.subscripts:
        return True
    if not a.subscripts or not b.subscripts:
        return all(s is not None for s in (*a.subscripts, *b.subscripts))
    if len(a.subscripts) != len(b.subscripts):
        return False
    range_a, range_b = _ranges(a, source), _ranges(b, source)
    for i, (sa, sb) in enumerate(zip(a.subscripts, b.subscripts, strict=True)):
        if (sa is None and not range_a[i]) or (sb is None and not range_b[i]):
            return False
        if sa is None or sb is None:
            continue  # a whole range meets any element
        if not (_thread_invariant(callee, sa, a) and _thread_invariant(callee, sb, b)):
            return False  # `res[r][k]` with argument r: each thread its own row
        if counters_meet(subscript_gap(callee, sa, sb, a, b)) is not True:
            return False
    return True


def _static_pairs(callee: Unit, source: bytes) -> Iterator[tuple[Access, Access]]:
    accesses = _static_accesses(callee)
    # Parameters (`integer, parameter :: m`) are constants: never written, never listed.
    for w in accesses:
        if not w.write:
            continue
        for other in accesses:
            if other.name != w.name or (other.write and other.order < w.order):
                continue
            if _may_overlap(callee, w, other, source):
                yield w, other


def _concurrent_calls(unit: Unit) -> Iterator[Call]:
    """Calls that several threads may execute at the same time."""
    barriers: dict[int, list[int]] = {}
    for e in unit.events:
        if not isinstance(e, Call) or e.pure:
            continue
        p = place(unit, e, barriers)
        if p is None or p.executor not in ("all", "loop"):
            continue
        if p.atomic or p.criticals or p.locks or p.ordered:
            continue
        yield e


def call_races(unit: Unit, units: Mapping[str, Unit], source: bytes) -> list[Race]:
    """Races inside same-file routines that `unit` calls from parallel code. `units` maps
    each unit's name (lower-case for Fortran) to the unit; `source` is the document's."""
    races: list[Race] = []
    seen: set[str] = set()
    for call in _concurrent_calls(unit):
        callee = units.get(_key(call.name, unit.fortran))
        if callee is None or callee is unit or callee.name in seen:
            continue
        seen.add(callee.name)
        for w, other in _static_pairs(callee, source):
            verb = "writes" if other.write else "reads"
            where = f"line {w.span.line + 1}" + (
                "" if other is w else f" and {verb} it at line {other.span.line + 1}"
            )
            why = (
                f"`{w.name}` is static storage, one copy for all threads: `{callee.name}`, "
                f"called by several threads at once (line {call.span.line + 1}), writes it at "
                f"{where}"
            )
            races.append(Race(w, other, "shared-write", why))
    return races
