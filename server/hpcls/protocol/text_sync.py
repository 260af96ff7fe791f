"""Document synchronization and debounced diagnostics."""

from __future__ import annotations

import asyncio

from lsprotocol import types as lsp

from hpcls.analysis.checks import check_document
from hpcls.analysis.directives_memo import forget as forget_directives
from hpcls.languages.registry import language_for
from hpcls.protocol.convert import diagnostic
from hpcls.protocol.server import HpcServer
from hpcls.workspace.document import Change, Document
from hpcls.workspace.text_diff import first_difference


def publish_diagnostics(ls: HpcServer, uri: str) -> None:
    ls.diagnostic_timers.pop(uri, None)
    doc = ls.documents.get(uri)
    if doc is None:
        return
    diagnostics: list[lsp.Diagnostic] = []
    canonical = doc.canonical()
    if canonical is not doc:
        ls.documents[uri] = doc = canonical
        ls.index.update_open(doc)
    if ls.settings.diagnostics.enabled:
        encoding = ls.encoding
        races, fresh = ls.races.current(doc)
        diagnostics = [diagnostic(doc, f, encoding) for f in (*check_document(doc), *races)]
        if not fresh:
            ls.races.schedule(doc, lambda: publish_diagnostics(ls, uri))
    ls.text_document_publish_diagnostics(
        lsp.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics)
    )


def schedule_diagnostics(ls: HpcServer, uri: str, delay_s: float | None = None) -> None:
    """Publish after the user pauses: each change restarts the document's timer."""
    timers = ls.diagnostic_timers
    if (handle := timers.pop(uri, None)) is not None:
        handle.cancel()
    delay = ls.settings.diagnostics.debounce_ms / 1000 if delay_s is None else delay_s
    loop = asyncio.get_event_loop()
    timers[uri] = loop.call_later(delay, publish_diagnostics, ls, uri)


def _change(c: lsp.TextDocumentContentChangeEvent) -> Change:
    if isinstance(c, lsp.TextDocumentContentChangePartial):
        r = c.range
        return Change((r.start.line, r.start.character, r.end.line, r.end.character), c.text)
    return Change(None, c.text)


def register(server: HpcServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: HpcServer, params: lsp.DidOpenTextDocumentParams) -> None:
        td = params.text_document
        doc = Document.create(td.uri, language_for(td.uri, td.language_id), td.version, td.text)
        ls.documents[td.uri] = doc
        ls.index.update_open(doc)
        ls.release_idle_trees()
        if doc.language is None:
            ls.log(f"{td.uri}: languageId '{td.language_id}' and extension not recognised")
        schedule_diagnostics(ls, td.uri, delay_s=0.0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: HpcServer, params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        doc = ls.documents.get(uri)
        if doc is None:
            ls.log(
                f"didChange for a document that is not open: {uri} (ignored; send didOpen first)",
                lsp.MessageType.Error,
            )
            return
        changes = [_change(c) for c in params.content_changes]
        updated, warnings = doc.apply(changes, params.text_document.version, ls.encoding)
        for warning in warnings:
            ls.log(f"{uri}: {warning}", lsp.MessageType.Warning)
        ls.documents[uri] = updated
        ls.index.update_open(updated)
        if ls.settings.ai.enabled:
            ls.recent_edits.record(uri, updated, first_difference(doc.source, updated.source))
        schedule_diagnostics(ls, uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: HpcServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        if (handle := ls.diagnostic_timers.pop(uri, None)) is not None:
            handle.cancel()
        if ls.documents.pop(uri, None) is None:
            ls.log(f"didClose for a document that is not open: {uri}", lsp.MessageType.Warning)
            return
        ls.index.update_closed(uri)
        ls.recent_edits.forget(uri)
        ls.races.forget(uri)
        forget_directives(uri)
        # Closed documents keep no diagnostics in the editor.
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: HpcServer, params: lsp.DidSaveTextDocumentParams) -> None:
        # Saving is a pause the user chose: publish now instead of waiting for the debounce.
        uri = params.text_document.uri
        if uri in ls.documents:
            if (handle := ls.diagnostic_timers.pop(uri, None)) is not None:
                handle.cancel()
            publish_diagnostics(ls, uri)
