"""What keeps a loop without proven dependences from being proven parallel: effects the
IR records but cannot see into (calls with unknown effects, ir.Effect, addresses taken,
C++ references), and reductions OpenMP cannot express. Each is a plain-words reason; the
loop is then `unknown`, never `parallel` (docs/analysis-assumptions.md)."""

from __future__ import annotations

from hpcls.analysis.ir import Call, Effect
from hpcls.analysis.loop_facts import LoopScope, is_scalar_access, line


def blockers(scope: LoopScope) -> list[str]:
    """What keeps a loop without proven dependences from being proven parallel."""
    out: list[str] = []
    for e in scope.unit.inside(scope.loop):
        if isinstance(e, Call) and not e.pure:
            out.append(f"calls {e.name} (line {e.span.line + 1}), which may have side effects")
        elif isinstance(e, Effect):
            out.append(f"{e.reason} (line {e.span.line + 1})")
    for a in scope.accesses:
        if a.address_taken and a.name not in scope.declared_inside:
            out.append(f"the address of {a.name} is taken at line {line(a)}")
    out += _reference_reads(scope)
    return list(dict.fromkeys(out))


def not_reducible(scope: LoopScope, name: str) -> str | None:
    """Why OpenMP cannot reduce `name` without a `declare reduction`, or None."""
    if any(sep in name for sep in (".", "->", "%")):
        return f"{name} is updated like a reduction, but OpenMP cannot reduce a member"
    sym = scope.symbol(name)
    if sym is not None and not sym.reducible:
        return f"{name} is updated like a reduction, but its type is not one OpenMP reduces"
    return None


def _reference_reads(scope: LoopScope) -> list[str]:
    """A C++ reference declared outside the loop names memory the loop may write under
    another name (`double &r = v[0]` while the loop writes v[i])."""
    writes = any(
        a.write and not is_scalar_access(scope, a) and a.name not in scope.declared_inside
        for a in scope.accesses
    )
    out: list[str] = []
    for a in scope.accesses:
        sym = scope.symbol(a.name)
        if sym is None or not sym.reference or sym.name != a.name:
            continue
        if a.name in scope.declared_inside:
            continue
        if a.write or writes:
            out.append(
                f"{a.name} is a reference (line {line(a)}): it may name memory the loop "
                "writes under another name"
            )
    return out
