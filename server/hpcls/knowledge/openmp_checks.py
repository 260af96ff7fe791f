"""omp/invalid-clause: a clause the OpenMP 5.2 directive does not accept."""

from __future__ import annotations

from collections.abc import Sequence

from hpcls.analysis.directives_syntax import Clause, Directive
from hpcls.analysis.findings import Finding, Severity
from hpcls.knowledge.openmp import OmpDirective, directive_named
from hpcls.knowledge.openmp_clauses import clause_named

_LISTED = 8  # accepted clauses named in a message before "…"


def invalid_clause_findings(directives: Sequence[Directive], fortran: bool) -> list[Finding]:
    """One warning per clause its (known) OpenMP directive does not accept."""
    out: list[Finding] = []
    for d in directives:
        known = directive_named(d.name, fortran) if d.family == "omp" and d.known else None
        if known is None:
            continue
        out.extend(_finding(c, known, fortran) for c in d.clauses if _invalid(c, known, fortran))
    return out


def _invalid(c: Clause, d: OmpDirective, fortran: bool) -> bool:
    if c.name.startswith("ompx_"):  # vendor extensions (LLVM ompx_*) are not ours to judge
        return False
    clause = clause_named(c.name, fortran)
    return clause is None or not d.accepts(clause)


def _finding(c: Clause, d: OmpDirective, fortran: bool) -> Finding:
    accepted = d.clause_spellings(fortran)
    shown = ", ".join(accepted[:_LISTED]) + (", …" if len(accepted) > _LISTED else "")
    what = "is not an OpenMP clause" if clause_named(c.name, fortran) is None else "is not valid"
    message = f"`{c.name}` {what} on `{d.spelling(fortran)}`; " + (
        f"it accepts: {shown}" if accepted else "it takes no clauses"
    )
    return Finding(
        "omp/invalid-clause",
        message,
        Severity.WARNING,
        c.start,
        c.start + len(c.name),
        data={"clause": c.name, "directive": d.spelling(fortran)},
    )
