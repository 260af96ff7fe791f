"""The structural facts of a file, as pure functions over a tree-sitter tree.

- document_symbols: the outline (program units, procedures, types, kernels, classes...),
  nested by range containment;
- declarations: every named thing a user can go to, locals and dummies included, with the
  region where each name is visible;
- imports: Fortran `use`/`include`, C-family `#include`;
- folding_ranges: constructs, comment blocks and import blocks;
- outline: symbols, declarations and imports from one pass (what the index keeps).

Candidates come from the queries grammars/<grammar>/symbols.scm and folds.scm; the
per-language modules (outline_fortran, outline_c) decide what each candidate is. All
positions are UTF-8 byte offsets into the `source` the tree was parsed from (for fixed-form
Fortran, the rewritten parse source). Broken code never raises: ERROR nodes are skipped or
read for what they still hold.
"""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from hpcls.analysis.outline_c import c_entries, c_outline
from hpcls.analysis.outline_c_syntax import c_imports
from hpcls.analysis.outline_common import Entry, nest, to_declarations
from hpcls.analysis.outline_folds import folds
from hpcls.analysis.outline_fortran import FortranFile, fortran_entries
from hpcls.analysis.outline_fortran_imports import fortran_imports
from hpcls.analysis.outline_fortran_imports import imports_of as fortran_imports_of
from hpcls.analysis.outline_model import (
    DECLARATION_KINDS,
    SYMBOL_KINDS,
    Declaration,
    Fold,
    Import,
    Symbol,
)
from hpcls.languages.registry import LanguageKind

__all__ = [
    "DECLARATION_KINDS",
    "SYMBOL_KINDS",
    "Declaration",
    "Fold",
    "Import",
    "Outline",
    "Symbol",
    "declarations",
    "document_symbols",
    "folding_ranges",
    "imports",
    "outline",
]

# No cache here: a cache keyed by tree kept every edited version's tree, text and entries
# alive (8 of them: ~1 GiB for a 2 MB file edited by whole-text changes). What must be
# shared between requests is remembered per open document, by the workspace index.


@dataclass(frozen=True, slots=True)
class Outline:
    """Everything the outline query tells about one file, from one pass over the tree."""

    symbols: list[Symbol]
    declarations: list[Declaration]
    imports: list[Import]


def _named(entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if e.name_end > e.name_start and e.name.strip()]


def outline(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> Outline:
    """Symbols, declarations and imports of a file (what the workspace index keeps)."""
    if kind.is_fortran:
        f = FortranFile(tree.root_node, source, kind)
        entries, found = f.entries(), fortran_imports_of(f)
    else:
        entries, found = c_outline(tree, source, kind)
    named = _named(entries)  # the parser may invent empty names
    return Outline(nest(named), to_declarations(named), found)


def _entries(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Entry]:
    return _named((fortran_entries if kind.is_fortran else c_entries)(tree, source, kind))


def document_symbols(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Symbol]:
    """The outline of the file: top-level symbols, each with its nested children."""
    return nest(_entries(tree, source, kind))


def declarations(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Declaration]:
    """Every declared name (outline symbols, dummies/parameters, locals), in source order."""
    return to_declarations(_entries(tree, source, kind))


def imports(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Import]:
    """`use` / `include` / `#include` lines, in source order."""
    if kind.is_fortran:
        return fortran_imports(tree, source, kind)
    return c_imports(tree, source, kind)


def folding_ranges(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Fold]:
    """Folding ranges, one per start line (the widest), sorted by start line."""
    return folds(tree, source, kind)
