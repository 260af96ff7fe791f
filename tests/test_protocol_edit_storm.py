"""A storm of random edits over LSP: the server lives, and its final diagnostics equal those
of a fresh check of the same text (what the editor shows never depends on edit history).
Each storm runs on the file written with LF, CRLF and CR line ends (tests/line_ends.py), and
the result must also show, position for position, what its LF twin shows: diagnostics,
symbols and folds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from hpcls.analysis.checks import check_document
from hpcls.languages.registry import LanguageKind
from hpcls.protocol.convert import diagnostic
from hpcls.workspace.document import Document
from hpcls.workspace.lines import Encoding
from tests.conftest import EXAMPLES, diagnostics_for, open_doc
from tests.line_ends import STYLES, restyle

PIECES = [
    "x",
    " = ",
    "(",
    ")",
    "\n",
    "\r\n",
    ";",
    "{",
    "}",
    "end do\n",
    "!$omp do\n",
    "#pragma omp for\n",
    "é",
    "𝛼",
    "&",
    "     &  ",
    "call f(",
    "'",
    '"',
    "\t",
    "",
]


_BREAK = re.compile(r"\r\n|\r|\n")


def _offset(text: str, line: int, character: int) -> int:
    """The LSP rule, written the slow, obvious way: a line past the end means the end of the
    text, a character past the line's end means the line's end (UTF-16 units)."""
    starts = [0] + [m.end() for m in _BREAK.finditer(text)]
    if line >= len(starts):
        return len(text)
    begin = starts[line]
    m = _BREAK.search(text, begin)
    end = m.start() if m else len(text)
    units = 0
    for i in range(begin, end):
        if units >= character:
            return i
        units += 2 if ord(text[i]) > 0xFFFF else 1
    return end


def apply_reference(text: str, change: lsp.TextDocumentContentChangePartial) -> str:
    r = change.range
    start = _offset(text, r.start.line, r.start.character)
    end = max(start, _offset(text, r.end.line, r.end.character))
    return text[:start] + change.text + text[end:]


async def _shown(client: LanguageClient, doc_uri: str) -> tuple[object, object]:
    """The document's outline and folds, as the editor gets them."""
    document = lsp.TextDocumentIdentifier(uri=doc_uri)
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=document)
    )
    folds = await client.text_document_folding_range_async(
        lsp.FoldingRangeParams(text_document=document)
    )
    return symbols, folds


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize(
    ("relative", "language_id", "kind"),
    [
        ("heat/heat_solver.f90", "fortran", LanguageKind.FORTRAN),
        ("legacy/dgtsv_like.f", "FortranFixedForm", LanguageKind.FORTRAN_FIXED),
        ("jacobi/jacobi.c", "c", LanguageKind.C),
        ("cuda/saxpy_reduce.cu", "cuda-cpp", LanguageKind.CUDA),
    ],
)
async def test_edit_storm(
    client: LanguageClient,
    workspace: Path,
    relative: str,
    language_id: str,
    kind: LanguageKind,
    style: str,
) -> None:
    rng = random.Random(relative)
    newline = STYLES[style]
    text = restyle((EXAMPLES / relative).read_text(), newline)
    pieces = [restyle(p, newline) for p in PIECES] + ["\r"]  # "\n", "\r\n" stay: files mix
    path = workspace / Path(relative).name
    doc_uri = open_doc(client, path, language_id, text)
    await diagnostics_for(client, doc_uri, version=1)
    lines = _BREAK.split(text)
    version = 1
    final = text
    for _ in range(300):
        version += 1
        line = rng.randrange(len(lines) + 3)  # now and then past the end: clamped
        col = rng.randrange(90)
        end_line = line + rng.choice([0, 0, 0, 1])
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(
                start=lsp.Position(line, col), end=lsp.Position(end_line, col + rng.randrange(4))
            ),
            text="".join(rng.choice(pieces) for _ in range(rng.randrange(3))),
        )
        final = apply_reference(final, change)
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=doc_uri, version=version),
                content_changes=[change],
            )
        )
    # Save: diagnostics for the final version come at once.
    client.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=doc_uri))
    )
    published = await diagnostics_for(client, doc_uri, version=version)

    symbols, folds = await _shown(client, doc_uri)
    assert symbols is not None
    fresh = Document.create(doc_uri, kind, version, final)
    expected = [diagnostic(fresh, f, Encoding.UTF16) for f in check_document(fresh)]
    assert expected, "300 random edits leave syntax errors: the comparison is not vacuous"
    assert [(d.range, d.message) for d in published] == [(d.range, d.message) for d in expected]

    # The LF twin of the final text, opened beside it, shows the very same things.
    twin_uri = open_doc(
        client, path.with_stem(path.stem + "_lf"), language_id, restyle(final, "\n")
    )
    twin = await diagnostics_for(client, twin_uri, version=1)
    assert [(d.range, d.message, d.code) for d in published] == [
        (d.range, d.message, d.code) for d in twin
    ]
    assert (symbols, folds) == await _shown(client, twin_uri)
