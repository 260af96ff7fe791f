"""The structural facts of a file, as pure functions over a tree-sitter tree.

- document_symbols: the outline (program units, procedures, types, kernels, classes...),
  nested by range containment;
- declarations: every named thing a user can go to, locals and dummies included, with the
  region where each name is visible;
- imports: Fortran `use`/`include`, C-family `#include`;
- folding_ranges: constructs, comment blocks and import blocks.

Candidates come from the queries grammars/<grammar>/symbols.scm and folds.scm; the
per-language modules (outline_fortran, outline_c) decide what each candidate is. All
positions are UTF-8 byte offsets into the `source` the tree was parsed from (for fixed-form
Fortran, the rewritten parse source). Broken code never raises: ERROR nodes are skipped or
read for what they still hold.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import tree_sitter

from hpcls.analysis.outline_c import c_entries
from hpcls.analysis.outline_c_syntax import c_imports
from hpcls.analysis.outline_common import Entry, nest, to_declarations
from hpcls.analysis.outline_folds import folds
from hpcls.analysis.outline_fortran import fortran_entries
from hpcls.analysis.outline_fortran_imports import fortran_imports
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
    "Symbol",
    "declarations",
    "document_symbols",
    "folding_ranges",
    "imports",
]

# Outline and declarations share one pass over the tree; a hover right after an outline
# request on the same tree should not redo it. Keyed by the tree object, checked by source.
_CACHE_SIZE = 8
_cache: OrderedDict[tuple[int, LanguageKind], tuple[tree_sitter.Tree, bytes, list[Entry]]] = (
    OrderedDict()
)
_cache_lock = threading.Lock()


def _entries(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Entry]:
    key = (id(tree), kind)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is tree and hit[1] == source:
            _cache.move_to_end(key)
            return hit[2]
    found = [
        e
        for e in (fortran_entries if kind.is_fortran else c_entries)(tree, source, kind)
        if e.name_end > e.name_start and e.name.strip()  # the parser may invent empty names
    ]
    with _cache_lock:
        _cache[key] = (tree, source, found)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


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
