"""textDocument/inlineCompletion (LSP 3.18): AI completions as ghost text."""

from __future__ import annotations

from lsprotocol import types as lsp

from hpcls.protocol.ai_requests import suggest_at
from hpcls.protocol.server import HpcServer


def register(server: HpcServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_INLINE_COMPLETION, lsp.InlineCompletionOptions())
    async def inline_completion(
        ls: HpcServer, params: lsp.InlineCompletionParams
    ) -> lsp.InlineCompletionList | None:
        suggestion = await suggest_at(ls, params.text_document.uri, params.position)
        if suggestion is None or not suggestion.text:
            return None
        at = params.position
        item = lsp.InlineCompletionItem(
            insert_text=suggestion.text, range=lsp.Range(start=at, end=at)
        )
        return lsp.InlineCompletionList(items=[item])
