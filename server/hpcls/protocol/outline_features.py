"""textDocument/documentSymbol and textDocument/foldingRange."""

from __future__ import annotations

from lsprotocol import types as lsp

from hpcls.analysis.outline import Symbol, folding_ranges
from hpcls.protocol.convert import byte_range
from hpcls.protocol.server import HpcServer
from hpcls.workspace.document import Document
from hpcls.workspace.lines import Encoding

SYMBOL_KINDS: dict[str, lsp.SymbolKind] = {
    "program": lsp.SymbolKind.Module,
    "module": lsp.SymbolKind.Module,
    "submodule": lsp.SymbolKind.Module,
    "block_data": lsp.SymbolKind.Module,
    "subroutine": lsp.SymbolKind.Function,
    "function": lsp.SymbolKind.Function,
    "kernel": lsp.SymbolKind.Function,
    "device_function": lsp.SymbolKind.Function,
    "method": lsp.SymbolKind.Method,
    "type": lsp.SymbolKind.Struct,
    "struct": lsp.SymbolKind.Struct,
    "union": lsp.SymbolKind.Struct,
    "class": lsp.SymbolKind.Class,
    "enum": lsp.SymbolKind.Enum,
    "interface": lsp.SymbolKind.Interface,
    "namespace": lsp.SymbolKind.Namespace,
    "macro": lsp.SymbolKind.Constant,
    "constant": lsp.SymbolKind.Constant,
    "variable": lsp.SymbolKind.Variable,
    "common": lsp.SymbolKind.Variable,
    "field": lsp.SymbolKind.Field,
}


def symbol_kind(kind: str) -> lsp.SymbolKind:
    return SYMBOL_KINDS.get(kind, lsp.SymbolKind.Variable)


def to_document_symbol(doc: Document, sym: Symbol, encoding: Encoding) -> lsp.DocumentSymbol:
    """A symbol in source byte offsets (as the workspace index keeps them) for the client."""
    full = byte_range(doc, sym.start, sym.end, encoding)
    name = byte_range(doc, sym.name_start, sym.name_end, encoding)
    return lsp.DocumentSymbol(
        name=sym.name or "<anonymous>",
        kind=symbol_kind(sym.kind),
        detail=sym.detail or None,
        range=full,
        selection_range=name,
        children=[to_document_symbol(doc, c, encoding) for c in sym.children] or None,
    )


def register(server: HpcServer) -> None:
    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(
        ls: HpcServer, params: lsp.DocumentSymbolParams
    ) -> list[lsp.DocumentSymbol]:
        doc = ls.document(params.text_document.uri)
        if not doc.parsed or doc.language is None:
            return []
        encoding = ls.encoding
        # The index's facts of this snapshot: one outline pass shared with hover and
        # go-to-definition, and nothing kept once the next edit arrives.
        facts = ls.index.facts_for(doc)
        syms = facts.symbols if facts is not None else ()
        return [to_document_symbol(doc, s, encoding) for s in syms]

    @server.feature(lsp.TEXT_DOCUMENT_FOLDING_RANGE)
    def folding_range(ls: HpcServer, params: lsp.FoldingRangeParams) -> list[lsp.FoldingRange]:
        doc = ls.document(params.text_document.uri)
        if doc.tree is None or doc.language is None:
            return []
        kinds = {"comment": lsp.FoldingRangeKind.Comment, "imports": lsp.FoldingRangeKind.Imports}
        result = []
        # Fold lines are tree-sitter rows, which are LSP lines: the parser reads the LF
        # view (a lone "\r" is "\n" there) and a fixed-form rewrite adds no line.
        for fold in folding_ranges(doc.tree, doc.parse_source, doc.language):
            start_line, end_line = fold.start_line, fold.end_line
            if end_line > start_line:
                result.append(
                    lsp.FoldingRange(
                        start_line=start_line, end_line=end_line, kind=kinds.get(fold.kind)
                    )
                )
        return result
