"""textDocument/completion items from the HPC API knowledge: MPI procedures and constants,
OpenMP directive names, clauses and runtime routines (hpcls.knowledge.completion*)."""

from __future__ import annotations

from lsprotocol import types as lsp

from hpcls.knowledge.completion import Candidate, CandidateKind, word_before
from hpcls.knowledge.completion_context import candidates_at
from hpcls.knowledge.mpi_hover import Binding
from hpcls.knowledge.mpi_scope import fortran_mpi_binding
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document
from hpcls.workspace.lines import decode

# How far back a directive's continuation lines are looked for.
_CONTEXT_LINES = 40

_KINDS: dict[CandidateKind, lsp.CompletionItemKind] = {
    "function": lsp.CompletionItemKind.Function,
    "constant": lsp.CompletionItemKind.Constant,
    "keyword": lsp.CompletionItemKind.Keyword,
    "property": lsp.CompletionItemKind.Property,
}


def _item(
    candidate: Candidate, index: int, edit_range: lsp.Range, snippets: bool
) -> lsp.CompletionItem:
    snippet = candidate.snippet if snippets else None
    return lsp.CompletionItem(
        label=candidate.label,
        kind=_KINDS[candidate.kind],
        detail=candidate.detail,
        documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=candidate.documentation)
        if candidate.documentation
        else None,
        sort_text=f"0{index:04d}",  # in our order, before the AI item ("~")
        insert_text_format=lsp.InsertTextFormat.Snippet
        if snippet is not None
        else lsp.InsertTextFormat.PlainText,
        text_edit=lsp.TextEdit(range=edit_range, new_text=snippet or candidate.text),
    )


def knowledge_items(
    doc: Document, position: lsp.Position, offset: int, snippets: bool
) -> list[lsp.CompletionItem]:
    """The knowledge items at the cursor (`offset` is `position` in bytes); pure lookups."""
    if doc.language is None:
        return []
    fortran = doc.language.is_fortran
    line = doc.lines.line_of(offset)
    start = doc.lines.line_start(max(0, line - _CONTEXT_LINES))
    lines = decode(doc.lf_source[start:offset]).split("\n")  # a lone "\r" is "\n" there
    lines = [text.removesuffix("\r") for text in lines[:-1]] + lines[-1:]

    def binding() -> Binding:
        return fortran_mpi_binding(doc.text) if fortran else "c"

    fixed = doc.language is LanguageKind.FORTRAN_FIXED
    candidates = candidates_at(lines, fortran, fixed, binding)
    if not candidates:
        return []
    # Identifiers are ASCII: the word's length is the same in every position encoding.
    word = word_before(lines[-1])
    edit_range = lsp.Range(
        start=lsp.Position(line=position.line, character=position.character - len(word)),
        end=position,
    )
    return [_item(c, i, edit_range, snippets) for i, c in enumerate(candidates)]
