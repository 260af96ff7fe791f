"""Conversions from hpcls's plain data (byte offsets) to lsprotocol types.

Used by the server and by the CLI (whose JSON output is LSP Diagnostics), so it imports
lsprotocol only, never pygls.
"""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types as lsp

from hpcls.analysis.findings import Finding
from hpcls.workspace.document import Document
from hpcls.workspace.lines import Encoding


def encoding_of(kind: str | lsp.PositionEncodingKind | None) -> Encoding:
    value = kind.value if isinstance(kind, lsp.PositionEncodingKind) else kind
    if value == "utf-8":
        return Encoding.UTF8
    if value == "utf-32":
        return Encoding.UTF32
    return Encoding.UTF16


def position(doc: Document, offset: int, encoding: Encoding) -> lsp.Position:
    line, character = doc.position_of(offset, encoding)
    return lsp.Position(line=line, character=character)


def byte_range(doc: Document, start: int, end: int, encoding: Encoding) -> lsp.Range:
    return lsp.Range(start=position(doc, start, encoding), end=position(doc, end, encoding))


def parse_range(doc: Document, start: int, end: int, encoding: Encoding) -> lsp.Range:
    """The LSP range of a parse-space byte range (fixed-form Fortran maps back)."""
    return byte_range(doc, doc.to_source(start), doc.to_source(end), encoding)


def diagnostic(doc: Document, finding: Finding, encoding: Encoding) -> lsp.Diagnostic:
    related = [
        lsp.DiagnosticRelatedInformation(
            location=lsp.Location(uri=doc.uri, range=byte_range(doc, r.start, r.end, encoding)),
            message=r.message,
        )
        for r in finding.related
    ]
    return lsp.Diagnostic(
        range=byte_range(doc, finding.start, finding.end, encoding),
        message=finding.message,
        severity=lsp.DiagnosticSeverity(int(finding.severity)),
        code=finding.code,
        source="hpcls",
        related_information=related or None,
        data=dict(finding.data) or None,
    )


def document_edit(
    doc: Document, encoding: Encoding, edits: Iterable[tuple[int, int, str]]
) -> lsp.WorkspaceEdit:
    """Replacements of source bytes [start, end) in `doc`, as an edit of this version of
    it: the client refuses it if the text has changed since."""
    return lsp.WorkspaceEdit(
        document_changes=[
            lsp.TextDocumentEdit(
                text_document=lsp.OptionalVersionedTextDocumentIdentifier(
                    uri=doc.uri, version=doc.version
                ),
                edits=[
                    lsp.TextEdit(range=byte_range(doc, start, end, encoding), new_text=text)
                    for start, end, text in edits
                ],
            )
        ]
    )
