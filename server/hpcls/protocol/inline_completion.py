"""textDocument/inlineCompletion (LSP 3.18): AI completions as ghost text.

Keystrokes come faster than a model answers, so: a suggestion whose head the user just
typed is reused at once; otherwise the request waits `ai.debounce_ms`, and a newer request
for the same document (or `$/cancelRequest`) cancels it, down to the token being generated.
A model that cannot load is reported once; everything else keeps working.
"""

from __future__ import annotations

import asyncio
import logging

from lsprotocol import types as lsp

from hpcls.ai.service import CompletionService, Suggestion
from hpcls.ai.types import CancelToken, EngineError
from hpcls.protocol.server import HpcServer

log = logging.getLogger(__name__)


def _service(ls: HpcServer) -> CompletionService:
    if ls.completion is None or ls.completion.settings != ls.settings.ai:
        if ls.completion is not None:
            ls.completion.close()
        ls.completion = CompletionService(ls.settings.ai)
        ls.completion_error_shown = False
    return ls.completion


def _answer(suggestion: Suggestion | None, at: lsp.Position) -> lsp.InlineCompletionList | None:
    if suggestion is None or not suggestion.text:
        return None
    item = lsp.InlineCompletionItem(insert_text=suggestion.text, range=lsp.Range(start=at, end=at))
    return lsp.InlineCompletionList(items=[item])


def register(server: HpcServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_INLINE_COMPLETION, lsp.InlineCompletionOptions())
    async def inline_completion(
        ls: HpcServer, params: lsp.InlineCompletionParams
    ) -> lsp.InlineCompletionList | None:
        if not ls.settings.ai.enabled:
            return None
        uri = params.text_document.uri
        doc = ls.document(uri)
        offset = ls.offset(doc, params.position)
        service = _service(ls)
        reused = service.reuse(doc, offset)
        if reused is not None:
            return _answer(reused, params.position)
        token = CancelToken()
        if (older := ls.completion_tokens.get(uri)) is not None:
            older.cancel()  # the newest request for a document wins
        ls.completion_tokens[uri] = token
        try:
            await asyncio.sleep(ls.settings.ai.debounce_ms / 1000)
            if token.cancelled:
                return None
            suggestion = await asyncio.to_thread(service.suggest, doc, offset, ls.index, token)
        except asyncio.CancelledError:  # $/cancelRequest: stop the model too
            token.cancel()
            raise
        except EngineError as exc:
            if not ls.completion_error_shown:
                ls.completion_error_shown = True
                ls.show(f"AI completions are off: {exc}", lsp.MessageType.Error)
            log.warning("completion failed: %s", exc)
            return None
        finally:
            if ls.completion_tokens.get(uri) is token:
                del ls.completion_tokens[uri]
        return None if token.cancelled else _answer(suggestion, params.position)
