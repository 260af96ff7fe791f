"""Definition, references, hover on user symbols, and workspace symbols."""

from __future__ import annotations

import asyncio
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp

from hpcls.analysis.doc_comments import doc_comment
from hpcls.analysis.outline import Symbol
from hpcls.languages.registry import language_for, path_of
from hpcls.protocol.convert import byte_range
from hpcls.protocol.knowledge_features import knowledge_hover
from hpcls.protocol.outline_features import symbol_kind
from hpcls.protocol.server import HpcServer
from hpcls.workspace import resolve
from hpcls.workspace.document import Document

# Requests wait this long for the first workspace index before answering from what exists.
INDEX_WAIT_S = 10.0
_HOVER_MAX_LINES = 12
_WORKSPACE_SYMBOL_LIMIT = 500


async def _index_ready(ls: HpcServer) -> None:
    if not ls.index.ready.is_set():
        await asyncio.to_thread(ls.index.ready.wait, INDEX_WAIT_S)


def _after_index(ls: HpcServer) -> Generator[Any, Any, None]:
    """For generator handlers: wait for the first index only while it is being built.

    Once it is ready a handler runs straight through, answered in the same loop turn
    (an async handler would cost a task and a loop turn per request).
    """
    if not ls.index.ready.is_set():
        yield _index_ready, (ls,), None


def _doc_for_uri(ls: HpcServer, uri: str) -> Document | None:
    """The open document, or the file's text (unparsed: positions and hover text need no tree)."""
    return ls.index.text_document(uri)


def _location(ls: HpcServer, uri: str, start: int, end: int) -> lsp.Location | None:
    doc = _doc_for_uri(ls, uri)
    if doc is None:
        return None
    return lsp.Location(uri=uri, range=byte_range(doc, start, end, ls.encoding))


def _fence(doc: Document) -> str:
    kind = doc.language or language_for(doc.uri)
    if kind is None:
        return ""
    return "fortran" if kind.is_fortran else kind.value


def hover_text(target_doc: Document, target: resolve.Target) -> str | None:
    """The declaration's source, fenced, and where it is (1-based line)."""
    decl = target.decl
    if decl is None:
        return None
    text = target_doc.source[decl.start : decl.end].decode("utf-8", "replace").strip("\r\n")
    lines = text.splitlines()
    if len(lines) > _HOVER_MAX_LINES:
        lines = [*lines[:_HOVER_MAX_LINES], "…"]
    where = Path(path_of(target_doc.uri)).name
    line = target_doc.lines.line_of(decl.name_start) + 1
    kind = decl.kind.replace("_", " ")
    body = "\n".join(lines)
    fence = _fence(target_doc)
    doc = doc_comment(target_doc.lf_source, decl.start, fence == "fortran")
    about = f"{doc}\n\n" if doc else ""
    return f"```{fence}\n{body}\n```\n\n{about}*{kind}* `{decl.name}` — {where}:{line}"


def _flatten(
    symbols: tuple[Symbol, ...], container: str | None
) -> Iterator[tuple[Symbol, str | None]]:
    for s in symbols:
        yield s, container
        yield from _flatten(s.children, s.name)


def register(server: HpcServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    def definition(
        ls: HpcServer, params: lsp.DefinitionParams
    ) -> Generator[Any, Any, list[lsp.Location]]:
        doc = ls.document(params.text_document.uri)
        offset = ls.offset(doc, params.position)
        yield from _after_index(ls)
        # Resolution is table lookups: answered on the loop, without a thread hop.
        targets = resolve.definition(ls.index, doc, offset)
        locations = [_location(ls, t.uri, t.start, t.end) for t in targets]
        return [loc for loc in locations if loc is not None]

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: HpcServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        doc = ls.document(params.text_document.uri)
        offset = ls.offset(doc, params.position)
        await _index_ready(ls)
        found = await asyncio.to_thread(
            resolve.references, ls.index, doc, offset, params.context.include_declaration
        )
        locations = [_location(ls, uri, s, e) for uri, s, e in found]
        return [loc for loc in locations if loc is not None]

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    def hover(ls: HpcServer, params: lsp.HoverParams) -> Generator[Any, Any, lsp.Hover | None]:
        doc = ls.document(params.text_document.uri)
        offset = ls.offset(doc, params.position)
        if (api := knowledge_hover(doc, offset)) is not None:
            api_text, start, end = api
            return lsp.Hover(
                contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=api_text),
                range=byte_range(doc, start, end, ls.encoding),
            )
        tok = resolve.token_at(doc, offset)
        if tok is None:
            return None
        yield from _after_index(ls)
        targets = resolve.definition(ls.index, doc, offset)
        for target in targets:
            target_doc = _doc_for_uri(ls, target.uri)
            if target_doc is None:
                continue
            text = hover_text(target_doc, target)
            if text is not None:
                return lsp.Hover(
                    contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
                    range=byte_range(doc, tok.start, tok.end, ls.encoding),
                )
        return None

    @server.feature(lsp.WORKSPACE_SYMBOL)
    async def workspace_symbol(
        ls: HpcServer, params: lsp.WorkspaceSymbolParams
    ) -> list[lsp.WorkspaceSymbol]:
        await _index_ready(ls)
        query = params.query.lower()
        result: list[lsp.WorkspaceSymbol] = []
        for facts in ls.index.all_facts():
            for sym, container in _flatten(facts.symbols, None):
                if query and not _fuzzy(query, sym.name.lower()):
                    continue
                loc = _location(ls, facts.uri, sym.name_start, sym.name_end)
                if loc is None:
                    break
                result.append(
                    lsp.WorkspaceSymbol(
                        name=sym.name,
                        kind=symbol_kind(sym.kind),
                        location=loc,
                        container_name=container,
                    )
                )
                if len(result) >= _WORKSPACE_SYMBOL_LIMIT:
                    return result
        return result


def _fuzzy(query: str, name: str) -> bool:
    """Every query character appears in the name, in order (as editors filter)."""
    pos = 0
    for ch in query:
        pos = name.find(ch, pos) + 1
        if pos == 0:
            return False
    return True
