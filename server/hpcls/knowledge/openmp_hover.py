"""Hover text for OpenMP directives, clauses and runtime routines (pure; the protocol layer
finds the directives and the offset)."""

from __future__ import annotations

from collections.abc import Sequence

from hpcls.analysis.directives_syntax import Clause, Directive
from hpcls.knowledge.openmp import OmpDirective, directive_named
from hpcls.knowledge.openmp_clauses import clause_named
from hpcls.knowledge.openmp_routines import routine_named


def openmp_hover_markdown(
    directives: Sequence[Directive], offset: int, fortran: bool
) -> str | None:
    """Markdown for the OpenMP directive name or clause at byte `offset`, else None."""
    d = next((d for d in directives if d.family == "omp" and d.start <= offset <= d.end), None)
    if d is None:
        return None
    known = directive_named(d.name, fortran) if d.known else None
    if d.name_start <= offset < d.name_end and known is not None:
        return _directive_markdown(known, fortran)
    clause = _clause_at(d.clauses, offset)
    if clause is not None:
        return _clause_markdown(clause.name, known, fortran)
    return None


def _clause_at(clauses: Sequence[Clause], offset: int) -> Clause | None:
    return next((c for c in clauses if c.start <= offset < c.end), None)


def _sentinel(fortran: bool) -> str:
    return "!$omp" if fortran else "#pragma omp"


def _directive_markdown(d: OmpDirective, fortran: bool) -> str:
    head = f"**`{_sentinel(fortran)} {d.spelling(fortran)}`** (OpenMP 5.2)\n\n{d.description}"
    if d.deprecated:
        head += f"\n\n*Deprecated*: use `{d.deprecated}`."
    clauses = d.clause_spellings(fortran)
    listed = ", ".join(f"`{c}`" for c in clauses) if clauses else "none"
    return f"{head}\n\nClauses: {listed}"


def _clause_markdown(name: str, directive: OmpDirective | None, fortran: bool) -> str | None:
    clause = clause_named(name, fortran)
    if clause is None:
        return None
    text = f"**`{clause.spelling(fortran)}`** clause (OpenMP 5.2)\n\n{clause.description}\n\n"
    text += f"```\n{clause.syntax}\n```"
    if directive is not None:
        where = f"`{directive.spelling(fortran)}`"
        verdict = "accepts" if directive.accepts(clause) else "does **not** accept"
        text += f"\n\n{where} {verdict} this clause."
    return text


def openmp_routine_markdown(name: str, fortran: bool) -> str | None:
    """Markdown for an OpenMP runtime routine (case-insensitive name), else None."""
    routine = routine_named(name)
    if routine is None:
        return None
    lang = "fortran" if fortran else "c"
    return (
        f"**`{routine.name}`** (OpenMP runtime)\n\n"
        f"```{lang}\n{routine.signature(fortran)}\n```\n\n{routine.description}"
    )
