"""Completion inside an OpenMP directive: directive names after the sentinel, and after a
directive name only the clauses that directive accepts (OpenMP 5.2, knowledge/openmp.py).

The directive is read from the text before the cursor alone (continuation lines included),
so a half-typed directive that the file's last parse never saw is completed all the same.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hpcls.analysis.directives import parse_directive_text
from hpcls.knowledge.completion import Candidate, placeholder, word_before
from hpcls.knowledge.openmp import OmpDirective, accepted_clauses, directive_named, directives_for
from hpcls.knowledge.openmp_clauses import OmpClause

_C_START = re.compile(r"^[ \t]*#[ \t]*pragma[ \t]+omp(?=[ \t])")
_FREE_START = re.compile(r"^[ \t]*!\$omp(?=[ \t&])", re.IGNORECASE)
_FIXED_START = re.compile(r"^[!cC*]\$omp(?=.)", re.IGNORECASE)

# Clauses a directive takes at most once: not offered again once written.
_ONCE = frozenset(
    {
        "bind",
        "collapse",
        "default",
        "device",
        "dist_schedule",
        "final",
        "grainsize",
        "if",
        "mergeable",
        "nogroup",
        "nowait",
        "num_tasks",
        "num_teams",
        "num_threads",
        "order",
        "ordered",
        "priority",
        "proc_bind",
        "safelen",
        "schedule",
        "simdlen",
        "thread_limit",
        "untied",
    }
)

# Snippets where the clause's syntax alone gives no useful default.
_SNIPPETS = {
    "reduction": "reduction(${1:+}:${2:var})",
    "in_reduction": "in_reduction(${1:+}:${2:var})",
    "task_reduction": "task_reduction(${1:+}:${2:var})",
    "schedule": "schedule(${1:static})",
    "dist_schedule": "dist_schedule(${1:static})",
    "default": "default(${1:none})",
    "map": "map(${1:tofrom}:${2:var})",
    "depend": "depend(${1:in}:${2:var})",
    "proc_bind": "proc_bind(${1:close})",
    "collapse": "collapse(${1:2})",
    "num_threads": "num_threads(${1:n})",
    "if": "if(${1:condition})",
}


def _sentinel_end(line: str, fortran: bool, fixed: bool) -> int:
    """Where the text after the sentinel starts on a directive line; -1: not one."""
    pattern = _FIXED_START if fixed else _FREE_START if fortran else _C_START
    m = pattern.match(line)
    return -1 if m is None else m.end()


def _continues(prev: str, line: str, fortran: bool, fixed: bool) -> bool:
    """Whether `line` continues the directive line `prev`."""
    if not fortran:
        return prev.rstrip("\r").endswith("\\")
    at = _sentinel_end(prev, fortran, fixed)
    if at < 0:
        return False
    if fixed:  # column 6 not blank and not '0'
        return line[5:6] not in ("", " ", "\t", "0")
    return prev[at:].partition("!")[0].rstrip().endswith("&")


def directive_before(lines: Sequence[str], fortran: bool, fixed: bool) -> str | None:
    """The OpenMP directive the cursor is in, from its sentinel to the cursor. `lines` are
    the document's lines up to the cursor's, that one cut at the cursor. None when the
    cursor is not after the sentinel of an `omp` directive (or is in its comment)."""
    if not lines:
        return None
    k = len(lines) - 1
    if fortran:
        at = _sentinel_end(lines[k], fortran, fixed)
        if at < 0 or "!" in lines[k][at:]:
            return None
        while k > 0 and _continues(lines[k - 1], lines[k], fortran, fixed):
            k -= 1
    else:
        while k > 0 and _continues(lines[k - 1], lines[k], fortran, fixed):
            k -= 1
        if _sentinel_end(lines[k], fortran, fixed) < 0 or "//" in lines[-1]:
            return None
    return "\n".join(lines[k:])


def _name_candidates(head: list[str], fortran: bool) -> list[Candidate]:
    """Directive names that continue the words written so far; the label is the rest."""
    sentinel = "!$omp" if fortran else "#pragma omp"
    out = []
    for d in directives_for(fortran):
        words = d.spelling(fortran).split()
        if len(words) > len(head) and words[: len(head)] == head:
            rest = " ".join(words[len(head) :])
            doc = d.description + (
                f"\n\n*Deprecated*: use `{d.deprecated}`." if d.deprecated else ""
            )
            out.append(Candidate(rest, "keyword", f"{sentinel} {' '.join(words)}", doc, rest))
    return sorted(out, key=lambda c: c.label)


def _default_argument(inside: str) -> str:
    """A tab stop's text from the spec's syntax: optional parts and later alternatives
    dropped (`[conditional:] list` gives var, `teams | parallel | thread` gives teams)."""
    while (shorter := re.sub(r"\[[^\[\]]*\]", "", inside)) != inside:
        inside = shorter
    first = inside.split("|")[0].replace("...", "").strip().strip(",:").strip()
    return "var" if first.endswith("list") else first or "arg"


def clause_snippet(clause: OmpClause, fortran: bool) -> str | None:
    """`private(${1:var})`; None for clauses written without arguments (`nowait`)."""
    if clause.name in _SNIPPETS:
        return _SNIPPETS[clause.name]
    syntax = clause.syntax.split(") | ")[0] + ")" if ") | " in clause.syntax else clause.syntax
    if not syntax.startswith(f"{clause.name}("):
        return None
    inside = syntax[len(clause.name) + 1 : syntax.rfind(")")]
    return f"{clause.spelling(fortran)}({placeholder(1, _default_argument(inside))})"


def _clause_candidates(
    directive: OmpDirective, written: set[str], fortran: bool
) -> list[Candidate]:
    return [
        Candidate(
            c.spelling(fortran),
            "property",
            c.syntax,
            c.description,
            c.spelling(fortran),
            clause_snippet(c, fortran),
        )
        for c in accepted_clauses(directive, fortran)
        if not (c.name in _ONCE and c.name in written)
    ]


def openmp_candidates(directive_text: str, fortran: bool) -> tuple[Candidate, ...]:
    """Candidates at the end of `directive_text` (from directive_before): directive names
    while only names are written, and the clauses the directive accepts."""
    word = word_before(directive_text)
    before = directive_text[: len(directive_text) - len(word)]
    if before.count("(") > before.count(")"):
        return ()  # inside a clause's arguments: variables, not knowledge
    d = parse_directive_text(before, fortran=fortran)
    if d is None or d.family != "omp":
        return ()
    out: list[Candidate] = []
    if not d.clauses and d.directive_argument is None:
        out += _name_candidates(d.name.split(), fortran)
    directive = directive_named(d.name, fortran) if d.known else None
    if directive is not None and before[-1:] in (" ", "\t", ",", ")", "&", "\n"):
        out += _clause_candidates(directive, {c.name for c in d.clauses}, fortran)
    return tuple(out)
