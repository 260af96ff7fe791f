"""`omp/map-to-write`: data mapped `to` a device, written there, and read on the host
after the region. The host never sees the device's writes: a mapping bug that loses
results. It is not reported as a data race (each thread may well write its own element);
device scratch that the host does not read afterwards is left alone.
"""

from __future__ import annotations

from hpcls.analysis.directives_syntax import Clause, clause_items
from hpcls.analysis.findings import Finding, Related, Severity
from hpcls.analysis.ir import Access, ConstructKind, Unit
from hpcls.analysis.openmp_sharing import base_name

CODE = "omp/map-to-write"


def _mapped_to(clause: Clause, fortran: bool) -> tuple[str, ...]:
    """The variables of a `map(to: ...)` clause (map-type modifiers allowed)."""
    args = clause.arguments or ""
    head, colon, _ = args.rpartition(":")
    if not colon:
        return ()
    kind = head.split(",")[-1].strip().lower()
    if kind != "to":
        return ()
    names = clause_items("map", args)
    return tuple(n.lower() if fortran else n for n in names)


def map_to_write_findings(unit: Unit) -> list[Finding]:
    out: list[Finding] = []
    for c in unit.constructs:
        directive = c.directive
        if c.kind is not ConstructKind.OMP or directive is None:
            continue
        if "target" not in directive.name.split():
            continue
        fortran = not directive.sentinel.startswith("#")
        inside = list(unit.accesses(c.id))
        last = max((a.order for a in inside), default=-1)
        for clause in directive.clauses_named("map"):
            for name in _mapped_to(clause, fortran):
                write = next((a for a in inside if a.write and base_name(a.name) == name), None)
                if write is None:
                    continue
                read = _host_read_after(unit, name, last, c.id)
                if read is None:
                    continue
                out.append(_finding(write, read, name, clause))
    return out


def _host_read_after(unit: Unit, name: str, after: int, construct: int) -> Access | None:
    """The first read of `name` after the region, outside it, before any host write."""
    for e in unit.events:
        if not isinstance(e, Access) or e.order <= after or construct in e.context:
            continue
        if base_name(e.name) != name:
            continue
        return None if e.write else e
    return None


def _finding(write: Access, read: Access, name: str, clause: Clause) -> Finding:
    message = (
        f"`{name}` is mapped `to` the device and written there (line {write.span.line + 1}), "
        f"but the host reads it at line {read.span.line + 1}: the device's values never come "
        f"back. Map it `tofrom` (or `from`) if the host needs them."
    )
    related = (
        Related(read.span.start, read.span.end, f"the host reads `{name}` here"),
        Related(clause.start, clause.end, "mapped `to` here"),
    )
    return Finding(
        CODE,
        message,
        Severity.WARNING,
        write.span.start,
        write.span.end,
        related,
        {"variable": name},
    )
