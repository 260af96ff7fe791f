"""textDocument/codeAction: quick fixes from analysis/, each titled with its trust label."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types as lsp

from hpcls.analysis.quick_fixes import QuickFix, missing_token_fixes
from hpcls.protocol.convert import diagnostic, document_edit
from hpcls.protocol.loop_actions import loop_actions
from hpcls.protocol.server import HpcServer
from hpcls.workspace.document import Document
from hpcls.workspace.lines import Encoding


def _action(doc: Document, encoding: Encoding, fix: QuickFix, count: int) -> lsp.CodeAction:
    return lsp.CodeAction(
        # The label says how far the edit was checked, so the user knows what they accept.
        title=f"{fix.title} (checked: {fix.checked})",
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(doc, fix.finding, encoding)],
        is_preferred=count == 1,
        edit=document_edit(doc, encoding, ((e.start, e.end, e.text) for e in fix.edits)),
    )


def _wanted(only: Sequence[lsp.CodeActionKind | str] | None, kind: lsp.CodeActionKind) -> bool:
    """LSP kinds are hierarchical: asking for "" or "quickfix" includes "quickfix"."""
    if only is None:
        return True
    asked = [k.value if isinstance(k, lsp.CodeActionKind) else k for k in only]
    return any(a == "" or kind.value == a or kind.value.startswith(a + ".") for a in asked)


def register(server: HpcServer) -> None:
    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(
            code_action_kinds=[lsp.CodeActionKind.QuickFix, lsp.CodeActionKind.RefactorRewrite]
        ),
    )
    async def code_action(
        ls: HpcServer, params: lsp.CodeActionParams
    ) -> list[lsp.CodeAction] | None:
        quickfix = _wanted(params.context.only, lsp.CodeActionKind.QuickFix)
        refactor = _wanted(params.context.only, lsp.CodeActionKind.RefactorRewrite)
        if not quickfix and not refactor:
            return None
        uri = params.text_document.uri
        doc = ls.document(uri)
        if doc.skipped is not None or doc.tree is None:
            return None
        doc = doc.canonical()  # the tree the published diagnostics came from
        start = doc.offset_at(
            params.range.start.line, params.range.start.character, ls.encoding, clamp=True
        )
        end = doc.offset_at(
            params.range.end.line, params.range.end.character, ls.encoding, clamp=True
        )
        fixes = missing_token_fixes(doc, start, end) if quickfix else []
        actions = [_action(doc, ls.encoding, fix, len(fixes)) for fix in fixes]
        actions += await loop_actions(ls, doc, params, quickfix, refactor)
        return actions or None
