"""textDocument/completion: the AI suggestion as one item, for clients without inline
completion (Neovim up to 0.11, Eglot, editors on LSP < 3.18).

The item replaces the word before the cursor with that word plus the suggestion, so the
client's own filtering keeps it while the user types on; the list is incomplete, so the
client asks again, and the service answers from the same suggestion without the model.

The same list carries the HPC knowledge items (knowledge_completion.py) for every client,
before the AI item. They never wait for the model: where there are some, the AI item is
waited for only briefly, and a suggestion that comes later is reused on the next keystroke.
"""

from __future__ import annotations

import asyncio

from lsprotocol import types as lsp

from hpcls.ai.service import Suggestion
from hpcls.protocol.ai_requests import suggest_at
from hpcls.protocol.knowledge_completion import knowledge_items
from hpcls.protocol.server import HpcServer
from hpcls.workspace.lines import decode

_LABEL_CHARS = 60
DETAIL = "hpcls AI completion: parse-checked, not compiled"
# With knowledge items at hand, how long (after the debounce) the AI item may hold them back.
_AI_WAIT_WITH_KNOWLEDGE_S = 0.3


def wanted(ls: HpcServer) -> bool:
    """Whether this client gets the AI item (settings `ai.completion_fallback`)."""
    mode = ls.settings.ai.completion_fallback
    if mode == "never" or not ls.settings.ai.enabled:
        return False
    if mode == "always":
        return True
    text_document = ls.client_capabilities.text_document
    return text_document is None or text_document.inline_completion is None


def word_before(line_prefix: str) -> str:
    """The identifier being typed: what the client filters the item by."""
    start = len(line_prefix)
    while start > 0 and (line_prefix[start - 1].isalnum() or line_prefix[start - 1] == "_"):
        start -= 1
    return line_prefix[start:]


def snippet_escape(text: str) -> str:
    """Plain text as an LSP snippet that inserts exactly that text."""
    return text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")


def snippets_supported(ls: HpcServer) -> bool:
    text_document = ls.client_capabilities.text_document
    completion = text_document.completion if text_document is not None else None
    item = completion.completion_item if completion is not None else None
    return bool(item is not None and item.snippet_support)


def completion_item(
    suggestion: Suggestion, word: str, at: lsp.Position, model: str, snippet: bool = False
) -> lsp.CompletionItem:
    """snippet: send the text as an (escaped) snippet. Clients that support snippets
    apply those whole, while some (Neovim 0.11) insert only the first word of a
    plain-text edit."""
    text = word + suggestion.text
    first = next((line.strip() for line in text.splitlines() if line.strip()), text.strip())
    more = "\n" in suggestion.text.strip("\n")
    label = first if len(first) <= _LABEL_CHARS else first[: _LABEL_CHARS - 1] + "…"
    if more and not label.endswith("…"):
        label += " …"
    # Identifiers are ASCII: the word's length is the same in every position encoding.
    start = lsp.Position(line=at.line, character=at.character - len(word))
    fence = "```"
    return lsp.CompletionItem(
        label=label,
        kind=lsp.CompletionItemKind.Text,
        detail=DETAIL,
        label_details=lsp.CompletionItemLabelDetails(description="AI"),
        documentation=lsp.MarkupContent(
            kind=lsp.MarkupKind.Markdown,
            value=f"{fence}\n{text}\n{fence}\n\nSuggested by {model}: it parses in place; "
            "it was not compiled or run.",
        ),
        filter_text=first,
        sort_text="~",  # after the items a language feature offers
        insert_text_format=lsp.InsertTextFormat.Snippet
        if snippet
        else lsp.InsertTextFormat.PlainText,
        # The suggestion's later lines carry their own indentation: no re-indenting.
        insert_text_mode=lsp.InsertTextMode.AsIs,
        text_edit=lsp.TextEdit(
            range=lsp.Range(start=start, end=at),
            new_text=snippet_escape(text) if snippet else text,
        ),
    )


async def _suggestion_soon(
    ls: HpcServer, uri: str, position: lsp.Position, timeout: float
) -> Suggestion | None:
    """The suggestion if it comes within `timeout`; otherwise None, and the request goes on
    alone so that service.reuse has its answer for the next keystroke."""
    task = asyncio.ensure_future(suggest_at(ls, uri, position))
    try:
        done, _ = await asyncio.wait({task}, timeout=timeout)
    except asyncio.CancelledError:  # $/cancelRequest: stop the model too
        task.cancel()
        raise
    if not done:
        task.add_done_callback(lambda t: None if t.cancelled() else t.exception())
        return None
    return task.result()


def register(server: HpcServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions())
    async def completion(ls: HpcServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        uri = params.text_document.uri
        doc = ls.document(uri)  # the snapshot the suggestion is made for
        offset = ls.offset(doc, params.position)
        snippets = snippets_supported(ls)
        knowledge = knowledge_items(doc, params.position, offset, snippets)
        if not wanted(ls):
            # Knowledge items are filtered by the typed prefix: ask again as it grows.
            return lsp.CompletionList(is_incomplete=bool(knowledge), items=knowledge)
        word = word_before(
            decode(doc.source[doc.lines.line_start(doc.lines.line_of(offset)) : offset])
        )
        if knowledge:
            wait = ls.settings.ai.debounce_ms / 1000 + _AI_WAIT_WITH_KNOWLEDGE_S
            suggestion = await _suggestion_soon(ls, uri, params.position, wait)
        else:
            suggestion = await suggest_at(ls, uri, params.position)
        if suggestion is None or not suggestion.text.strip():
            return lsp.CompletionList(is_incomplete=True, items=knowledge)
        model = ls.completion.engine_name if ls.completion is not None else "the model"
        item = completion_item(suggestion, word, params.position, model, snippets)
        return lsp.CompletionList(is_incomplete=True, items=[*knowledge, item])
