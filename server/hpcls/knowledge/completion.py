"""Completion candidates from the HPC API knowledge: MPI procedures and constants, OpenMP
runtime routines, and (completion_openmp.py) OpenMP directive names and clauses.

Pure: text before the cursor in, candidates out; the protocol layer makes LSP items of them.
Every lookup is a table scan over a few hundred names, so no request waits on anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from hpcls.knowledge.mpi import MpiParameter, MpiProcedure, all_procedures, lookup
from hpcls.knowledge.mpi_constants import constants_for
from hpcls.knowledge.mpi_hover import Binding
from hpcls.knowledge.mpi_summaries import summary_of
from hpcls.knowledge.openmp_routines import ROUTINES, OmpRoutine

CandidateKind = Literal["function", "constant", "keyword", "property"]


@dataclass(frozen=True, slots=True)
class Candidate:
    label: str
    kind: CandidateKind
    detail: str
    documentation: str  # Markdown; "" for none
    text: str  # what a client without snippets inserts
    snippet: str | None = None  # the LSP snippet for clients that support them


def word_before(line_prefix: str) -> str:
    """The identifier being typed at the end of `line_prefix`."""
    start = len(line_prefix)
    while start > 0 and (line_prefix[start - 1].isalnum() or line_prefix[start - 1] == "_"):
        start -= 1
    return line_prefix[start:]


def placeholder(index: int, text: str) -> str:
    """A snippet tab stop with default text (escaped so that it inserts exactly that)."""
    escaped = text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
    return f"${{{index}:{escaped}}}"


def call_snippet(name: str, params: tuple[str, ...]) -> str:
    args = ", ".join(placeholder(i, p) for i, p in enumerate(params, 1))
    return f"{name}({args})"


# --- MPI ------------------------------------------------------------------------------------


def _mpi_params(proc: MpiProcedure, binding: Binding) -> tuple[str, ...]:
    """The arguments a call writes: C without varargs; mpi_f08 without the optional ierror."""
    if binding == "c":
        return tuple(p.name for p in proc.parameters if p.c_type not in (None, "..."))
    if binding == "f08":
        return tuple(
            p.name for p in proc.parameters if p.f08_type is not None and p.name != "ierror"
        )
    return tuple(p.name for p in proc.parameters if _has_f90(p))


def _has_f90(param: MpiParameter) -> bool:
    return param.f90_type is not None


def _binding_of(proc: MpiProcedure, binding: Binding) -> str | None:
    if binding == "c":
        return proc.c_binding
    return proc.f08_binding if binding == "f08" else proc.f90_binding


def _mpi_procedure(proc: MpiProcedure, binding: Binding) -> Candidate | None:
    text = _binding_of(proc, binding)
    if text is None or proc.kind == "callback":  # callbacks are types, not names to call
        return None
    summary = summary_of(proc.name)
    doc = summary.summary if summary is not None else ""
    if proc.deprecated is not None:
        doc = f"{doc}\n\n**Deprecated**: use {proc.deprecated} instead.".strip()
    detail = text.splitlines()[0].strip()
    if proc.kind == "predefined":  # MPI_COMM_NULL_COPY_FN & co. are passed, not called
        return Candidate(proc.name, "constant", detail, doc, proc.name)
    snippet = call_snippet(proc.name, _mpi_params(proc, binding))
    return Candidate(proc.name, "function", detail, doc, proc.name, snippet)


def mpi_candidates(word: str, binding: Binding) -> tuple[Candidate, ...]:
    """Procedures and constants whose name starts with `word` (at least `MPI_`, any case)."""
    key = word.lower()
    if not key.startswith("mpi_"):
        return ()
    procs = [
        c
        for name in all_procedures()
        if name.lower().startswith(key)
        and (proc := lookup(name)) is not None
        and (c := _mpi_procedure(proc, binding)) is not None
    ]
    constants = [
        Candidate(c.name, "constant", c.description, "", c.name)
        for c in constants_for(binding != "c")
        if c.name.lower().startswith(key)
    ]
    return tuple(sorted(procs + constants, key=lambda c: c.label.lower()))


# --- OpenMP runtime routines ----------------------------------------------------------------

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _routine_params(routine: OmpRoutine, fortran: bool) -> tuple[str, ...]:
    """Argument names from the signature: `int omp_set_lock(omp_lock_t *lock)` gives lock."""
    signature = routine.signature(fortran).split(";")[0]
    inside = signature.partition("(")[2].rpartition(")")[0].strip()
    if not inside or inside == "void":
        return ()
    names = (_IDENT.findall(part) for part in inside.split(","))
    return tuple(found[-1] for found in names if found)


def omp_routine_candidates(word: str, fortran: bool) -> tuple[Candidate, ...]:
    key = word.lower()
    if not key.startswith("omp_"):
        return ()
    return tuple(
        Candidate(
            r.name,
            "function",
            r.signature(fortran),
            r.description,
            r.name,
            call_snippet(r.name, _routine_params(r, fortran)),
        )
        for r in ROUTINES
        if r.name.startswith(key)
    )


# --- where the cursor is --------------------------------------------------------------------

# `use mpi_f08`, `use omp_lib`: module names, not API names to complete.
_USE_LINE = re.compile(r"^\s*use\b", re.IGNORECASE)


_CONDITIONAL = re.compile(r"^\s*!\$(?=[ \t])")  # `!$ x = omp_get_wtime()`: code under OpenMP
_FIXED_CONDITIONAL = re.compile(r"^[!cC*]\$(?=[ \t0-9])")


def _in_comment(line: str, fortran: bool, fixed: bool) -> bool:
    """Whether the cursor at the end of `line` sits in a comment (strings are not looked at)."""
    if not fortran:
        return "//" in line or "/*" in line.rpartition("*/")[2]
    if fixed:
        if _FIXED_CONDITIONAL.match(line):
            line = line[2:]
        elif line[:1] in ("c", "C", "*", "!"):
            return True
    return "!" in _CONDITIONAL.sub("", line)


def api_candidates(
    line_prefix: str, fortran: bool, fixed: bool, binding: Callable[[], Binding]
) -> tuple[Candidate, ...]:
    """MPI and OpenMP runtime names for the word before the cursor, outside directives;
    `binding` is asked only when the word starts with MPI_."""
    word = word_before(line_prefix)
    if len(word) < 4 or _in_comment(line_prefix, fortran, fixed):
        return ()
    if fortran and _USE_LINE.match(line_prefix):
        return ()
    if word.lower().startswith("mpi_"):
        return mpi_candidates(word, binding())
    return omp_routine_candidates(word, fortran)
