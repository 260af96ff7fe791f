"""Coverage through the protocol: every pympistandard procedure, called in a C file and
in Fortran files using `mpi_f08` and `mpi`, hovers with its binding and all its
parameters and gets signature help; every OpenMP directive and clause in our data
hovers in a C file and a Fortran file. A real `hpcls serve` answers each request."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from hpcls.knowledge.mpi import all_procedures, lookup
from hpcls.knowledge.openmp import OmpDirective, directives_for
from hpcls.knowledge.openmp_clauses import CLAUSES
from tests.conftest import open_doc
from tests.mpi_expectations import Binding, hover_misses

NAMES = all_procedures()


def _is_fortran_function(name: str) -> bool:
    proc = lookup(name)
    assert proc is not None
    first = (proc.f08_binding or proc.f90_binding or "").split("\n", 1)[0]
    return not first.upper().startswith((name.upper() + "(", "ABSTRACT"))


def _c_source() -> str:
    calls = "".join(f"  {name}();\n" for name in NAMES)
    return f"#include <mpi.h>\nvoid every_mpi_call(void) {{\n{calls}}}\n"


def _fortran_source(module: str) -> str:
    calls = "".join(
        f"  x = {name}()\n" if _is_fortran_function(name) else f"  call {name}()\n"
        for name in NAMES
    )
    return f"subroutine every_mpi_call\n  use {module}\n  implicit none\n{calls}end subroutine\n"


def _at(text: str, line_of: dict[str, int], name: str, delta: int) -> lsp.Position:
    line = line_of[name]
    column = text.split("\n")[line].index(name) + delta
    return lsp.Position(line=line, character=column)


def _lines(text: str) -> dict[str, int]:
    # Each name is called on its own line; map it to that line's number.
    line_of: dict[str, int] = {}
    for number, line in enumerate(text.split("\n")):
        called = line.split("(", 1)[0].split()
        if called:
            line_of[called[-1]] = number
    return line_of


async def _hover(client: LanguageClient, doc: str, at: lsp.Position) -> str | None:
    result = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=doc), position=at)
    )
    if result is None:
        return None
    assert isinstance(result.contents, lsp.MarkupContent)
    return result.contents.value


@pytest.mark.parametrize(
    ("binding", "file", "language_id"),
    [
        ("c", "every_mpi.c", "c"),
        ("f08", "every_mpi_f08.f90", "fortran"),
        ("f90", "every_mpi.f90", "fortran"),
    ],
)
async def test_every_mpi_procedure_hovers_and_has_signature_help(
    client: LanguageClient, workspace: Path, binding: Binding, file: str, language_id: str
) -> None:
    text = (
        _c_source() if binding == "c" else _fortran_source("mpi_f08" if binding == "f08" else "mpi")
    )
    doc = open_doc(client, workspace / file, language_id, text)
    line_of = _lines(text)
    misses: list[str] = []
    for name in NAMES:
        hover = await _hover(client, doc, _at(text, line_of, name, 2))
        misses += hover_misses(name, binding, hover)
        help_ = await client.text_document_signature_help_async(
            lsp.SignatureHelpParams(
                text_document=lsp.TextDocumentIdentifier(uri=doc),
                position=_at(text, line_of, name, len(name) + 1),
            )
        )
        if help_ is None or not help_.signatures:
            misses.append(f"{name}: no signature help")
            continue
        proc = lookup(name)
        assert proc is not None
        expected = [
            p
            for p in proc.parameters
            if {"c": p.c_type, "f08": p.f08_type, "f90": p.f90_type}[binding] is not None
        ]
        own = {"c": proc.c_binding, "f08": proc.f08_binding, "f90": proc.f90_binding}[binding]
        got = help_.signatures[0].parameters or []
        if own is not None and len(got) != len(expected):
            misses.append(f"{name}: {len(got)} signature parameters, expected {len(expected)}")
        if help_.active_parameter != 0:
            misses.append(f"{name}: active parameter {help_.active_parameter}")
    assert not misses, f"{len(misses)} of {len(NAMES)} procedures: {misses[:20]}"


def _omp_lines(directives: tuple[OmpDirective, ...], fortran: bool) -> list[tuple[str, str]]:
    """(directive spelling, clause spelling or "") per line: each directive alone, then
    with each clause it accepts, so every clause is hovered where it is valid."""
    rows = [(d.spelling(fortran), "") for d in directives]
    for d in directives:
        rows += [(d.spelling(fortran), c) for c in d.clause_spellings(fortran)]
    return rows


def _omp_source(rows: list[tuple[str, str]], fortran: bool) -> str:
    if fortran:
        body = "".join(f"  !$omp {d} {c + '(a)' if c else ''}\n" for d, c in rows)
        return f"subroutine s\n  integer :: a\n{body}end subroutine\n"
    body = "".join(f"#pragma omp {d} {c + '(a)' if c else ''}\n  ;\n" for d, c in rows)
    return f"void f(int a) {{\n{body}}}\n"


@pytest.mark.parametrize("fortran", [False, True], ids=["c", "fortran"])
async def test_every_openmp_directive_and_clause_hovers(
    client: LanguageClient, workspace: Path, fortran: bool
) -> None:
    directives = directives_for(fortran)
    rows = _omp_lines(directives, fortran)
    text = _omp_source(rows, fortran)
    doc = open_doc(
        client,
        workspace / ("omp_all.f90" if fortran else "omp_all.c"),
        "fortran" if fortran else "c",
        text,
    )
    sentinel = "!$omp " if fortran else "#pragma omp "
    misses: list[str] = []
    hovered_clauses: set[str] = set()
    lines = text.split("\n")
    row_lines = [i for i, line in enumerate(lines) if sentinel in line]
    assert len(row_lines) == len(rows)
    for (directive, clause), line in zip(rows, row_lines, strict=True):
        column = lines[line].index(sentinel) + len(sentinel)
        target, where = (
            (clause, lines[line].rindex(clause + "(")) if clause else (directive, column)
        )
        hover = await _hover(client, doc, lsp.Position(line=line, character=where + 1))
        if hover is None:
            misses.append(f"{directive} {clause}: no hover")
        elif target.split()[0].lower() not in hover.lower():
            misses.append(f"{directive} {clause}: hover does not name {target}")
        elif clause and "not accept" in hover:
            misses.append(f"{directive} {clause}: said to be rejected")
        if clause and hover is not None:
            hovered_clauses.add(clause)
    assert not misses, f"{len(misses)} of {len(rows)}: {misses[:20]}"
    # Every clause some directive of this language accepts was hovered where it is valid.
    accepted = {c.spelling(fortran) for c in CLAUSES if any(d.accepts(c) for d in directives)}
    assert hovered_clauses == accepted
    assert len(accepted) >= 100
