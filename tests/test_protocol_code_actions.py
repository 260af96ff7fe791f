"""textDocument/codeAction round trips: the missing-token quick fix, labelled and applied;
the parallelize action on an inner loop of a nest, for the outer loop."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import diagnostics_for, open_doc
from tests.loop_nests import C_NESTS, line_of

BROKEN = "int main(void) {\n  int x = 1\n  return x;\n}\n"


def _params(doc: str, diagnostics: list[lsp.Diagnostic], **context: object) -> lsp.CodeActionParams:
    return lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc),
        range=diagnostics[0].range,
        context=lsp.CodeActionContext(diagnostics=diagnostics, **context),  # type: ignore[arg-type]
    )


async def test_quick_fix_inserts_the_missing_token(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "fix.c", "c", BROKEN)
    diagnostics = await diagnostics_for(client, doc)
    assert [d.code for d in diagnostics] == ["syntax/error"]
    assert diagnostics[0].data == {"kind": "missing", "token": ";"}
    actions = await client.text_document_code_action_async(_params(doc, diagnostics))
    assert actions is not None
    [action] = actions
    assert isinstance(action, lsp.CodeAction)
    assert action.title == "Insert missing `;` (checked: parses)"
    assert action.kind == lsp.CodeActionKind.QuickFix and action.is_preferred
    assert action.diagnostics is not None and action.diagnostics[0].code == "syntax/error"
    assert action.edit is not None and action.edit.document_changes is not None
    [change] = action.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    assert change.text_document.version == 1
    [edit] = change.edits
    assert isinstance(edit, lsp.TextEdit)
    assert edit.new_text == ";" and edit.range.start == lsp.Position(line=1, character=11)

    # Applying it (as the editor would) clears the diagnostic.
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=2),
            content_changes=[lsp.TextDocumentContentChangePartial(range=edit.range, text=";")],
        )
    )
    assert await diagnostics_for(client, doc, version=2) == []
    after = await client.text_document_code_action_async(_params(doc, diagnostics))
    assert after is None


async def test_no_actions_where_nothing_is_certain(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "ok.c", "c", "int main(void) { return 0 @@ ; }\n")
    diagnostics = await diagnostics_for(client, doc)
    assert [d.data for d in diagnostics] == [{"kind": "error"}]
    assert await client.text_document_code_action_async(_params(doc, diagnostics)) is None


async def test_only_filters_by_kind(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "fix.c", "c", BROKEN)
    diagnostics = await diagnostics_for(client, doc)
    refactor = _params(doc, diagnostics, only=[lsp.CodeActionKind.Refactor])
    assert await client.text_document_code_action_async(refactor) is None
    quickfix = _params(doc, diagnostics, only=[lsp.CodeActionKind.QuickFix])
    assert await client.text_document_code_action_async(quickfix)


def _at_line(doc: str, line: int) -> lsp.CodeActionParams:
    at = lsp.Position(line=line - 1, character=4)
    return lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc),
        range=lsp.Range(start=at, end=at),
        context=lsp.CodeActionContext(diagnostics=[], only=[lsp.CodeActionKind.RefactorRewrite]),
    )


async def test_parallelize_on_an_inner_loop_targets_the_outer_loop(
    client: LanguageClient, workspace: Path
) -> None:
    doc = open_doc(client, workspace / "nests.c", "c", C_NESTS)
    await diagnostics_for(client, doc)
    outer, inner = line_of(C_NESTS, "outer"), line_of(C_NESTS, "inner")
    actions = await client.text_document_code_action_async(_at_line(doc, inner))
    assert actions is not None
    [action] = actions
    assert isinstance(action, lsp.CodeAction)
    assert action.title.startswith(
        f"Parallelize the enclosing loop (line {outer}) with OpenMP (verified: parses"
    )
    assert action.edit is not None and action.edit.document_changes is not None
    [change] = action.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    [edit] = change.edits
    assert isinstance(edit, lsp.TextEdit)
    assert edit.range.start == lsp.Position(line=outer - 1, character=0)
    assert edit.new_text == "  #pragma omp parallel for collapse(2)\n"
    # Inside a loop that already has its directive: no action at all.
    under = line_of(C_NESTS, "under-directive")
    assert await client.text_document_code_action_async(_at_line(doc, under)) is None
