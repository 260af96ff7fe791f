"""The reported line-end problems, through the real server: a CRLF Fortran syntax error
whose range took in the "\\r", and a lone-CR `#pragma` line that swallowed the next line
(a lost symbol, a false "unexpected `}`", folds a line off). Every feature answers the
same, in LSP positions, for LF, CRLF and CR."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import diagnostics_for, open_doc
from tests.line_ends import STYLES, restyle

PRAGMA_C = (
    "#include <omp.h>\nint g;\nvoid f(int n, double *a) {\n#pragma omp parallel for\n"
    "  for (int i = 0; i < n; i++) {\n    a[i] = 0;\n  }\n}\nint h(void) {\n  return 0;\n}\n"
)
LOOP_C = "void f(int n, double *a) {\n  for (int i = 0; i < n; i++)\n    a[i] = 2.0 * a[i];\n}\n"
BROKEN_F = "program p\n  call f(1,\n  i = 2\nend program p\n"


def _id(doc: str) -> lsp.TextDocumentIdentifier:
    return lsp.TextDocumentIdentifier(uri=doc)


async def _features(client: LanguageClient, doc: str) -> dict[str, Any]:
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=_id(doc))
    )
    folds = await client.text_document_folding_range_async(
        lsp.FoldingRangeParams(text_document=_id(doc))
    )
    hover = await client.text_document_hover_async(
        lsp.HoverParams(text_document=_id(doc), position=lsp.Position(3, 14))
    )
    return {
        "symbols": [(s.name, s.range, s.selection_range) for s in symbols or []],
        "folds": [(f.start_line, f.end_line) for f in folds or []],
        "hover": None if hover is None else (hover.range, str(hover.contents)),
    }


async def test_pragma_with_every_line_end(client: LanguageClient, workspace: Path) -> None:
    seen: dict[str, Any] = {}
    for style, newline in STYLES.items():
        doc = open_doc(client, workspace / f"pragma_{style}.c", "c", restyle(PRAGMA_C, newline))
        diagnostics = await diagnostics_for(client, doc)
        features = await _features(client, doc)
        features["diagnostics"] = [(d.range, d.message) for d in diagnostics]
        seen[style] = features
    lf = seen["lf"]
    assert lf["diagnostics"] == []
    assert [name for name, _, _ in lf["symbols"]] == ["g", "f", "h"]
    assert lf["folds"] == [(2, 7), (4, 6), (8, 10)]
    assert lf["hover"] is not None and "parallel" in lf["hover"][1]
    assert seen["crlf"] == lf
    assert seen["cr"] == lf


@pytest.mark.parametrize("style", list(STYLES))
async def test_fortran_syntax_error_range_stops_at_the_line_end(
    client: LanguageClient, workspace: Path, style: str
) -> None:
    doc = open_doc(client, workspace / "broken.f90", "fortran", restyle(BROKEN_F, STYLES[style]))
    diagnostics = await diagnostics_for(client, doc)
    [error] = [d for d in diagnostics if "call f(1," in d.message]
    assert error.range == lsp.Range(start=lsp.Position(1, 2), end=lsp.Position(1, 11))


@pytest.mark.parametrize("style", list(STYLES))
async def test_parallelize_edit_uses_the_document_s_line_end(
    client: LanguageClient, workspace: Path, style: str
) -> None:
    newline = STYLES[style]
    doc = open_doc(client, workspace / "loop.c", "c", restyle(LOOP_C, newline))
    await diagnostics_for(client, doc)
    at = lsp.Position(line=1, character=4)
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=_id(doc),
            range=lsp.Range(start=at, end=at),
            context=lsp.CodeActionContext(
                diagnostics=[], only=[lsp.CodeActionKind.RefactorRewrite]
            ),
        )
    )
    assert actions is not None
    [action] = actions
    assert isinstance(action, lsp.CodeAction) and action.edit is not None
    assert action.edit.document_changes is not None
    [change] = action.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    [edit] = change.edits
    assert isinstance(edit, lsp.TextEdit)
    assert edit.range.start == lsp.Position(line=1, character=0)
    assert edit.new_text == f"  #pragma omp parallel for{newline}"
