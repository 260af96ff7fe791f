"""Line-end styles, and what a document looks like to a user, in LSP terms.

Converting a text between LF, CRLF and CR changes only line-end bytes, so every LSP
position (line, character) stays the same: a snapshot of diagnostics, symbols, folds,
directives and loop findings in positions must be identical for every style. The edit
replay tests compare each styled document with its LF twin through `snapshot`.
"""

from __future__ import annotations

import re
from typing import Any

from hpcls.analysis.checks import check_document
from hpcls.analysis.directives import find_directives
from hpcls.analysis.outline import Symbol, document_symbols, folding_ranges
from hpcls.analysis.races import race_findings
from hpcls.loops_cli import file_loops
from hpcls.workspace.document import Document
from hpcls.workspace.lines import Encoding

STYLES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
_BREAK = re.compile(r"\r\n|\r|\n")


def restyle(text: str, newline: str) -> str:
    """The text with every line end (LF, CRLF or a lone CR) written as `newline`."""
    return _BREAK.sub(newline, text)


def _range(doc: Document, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
    return doc.position_of(start, Encoding.UTF16), doc.position_of(end, Encoding.UTF16)


def _symbols(doc: Document, syms: list[Symbol]) -> list[Any]:
    return [
        (
            s.name,
            s.kind,
            _range(doc, doc.to_source(s.start), doc.to_source(s.end)),
            _range(doc, doc.to_source(s.name_start), doc.to_source(s.name_end)),
            _symbols(doc, list(s.children)),
        )
        for s in syms
    ]


def snapshot(doc: Document, *, loops: bool = True) -> dict[str, Any]:
    """What the user sees of a document, in LSP positions (UTF-16), line-end free."""
    assert doc.tree is not None and doc.language is not None
    kind, parse = doc.language, doc.parse_source
    found = check_document(doc)
    out: dict[str, Any] = {
        "diagnostics": [
            (f.code, f.message, _range(doc, f.start, f.end), [r.message for r in f.related])
            for f in found
        ],
        "symbols": _symbols(doc, document_symbols(doc.tree, parse, kind)),
        "folds": [
            (f.start_line, f.end_line, f.kind) for f in folding_ranges(doc.tree, parse, kind)
        ],
        "directives": [
            (
                d.name,
                d.lines,
                _range(doc, d.start, d.end),
                [(c.name, _range(doc, c.start, c.end)) for c in d.clauses],
                [(_range(doc, s, e), m) for s, e, m in d.errors],
            )
            for d in find_directives(doc.tree, doc.lf_source, kind, doc.to_parse)
        ],
    }
    if loops:
        out["loops"] = file_loops(doc)
        out["races"] = [
            (f.code, f.message, _range(doc, f.start, f.end)) for f in race_findings(doc)
        ]
    return out
