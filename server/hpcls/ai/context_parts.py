"""Pieces shared by the per-language context readers: what they return, tree helpers and a
small per-tree cache."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Generic, TypeVar

import tree_sitter

from hpcls.ai.context_text import MAX_BLOCK_LINES, line_range, lines_text
from hpcls.languages.registry import LanguageKind, ts_language
from hpcls.workspace.document import Document

Node = tree_sitter.Node
T = TypeVar("T")

_WORD = re.compile(rb"[A-Za-z_]\w*")


@dataclass(slots=True)
class Parts:
    """Blocks of whole lines found for one cursor, before the budget is applied."""

    header: list[str] = field(default_factory=list)
    own: list[str] = field(default_factory=list)  # the enclosing procedure: kept first
    host: list[str] = field(default_factory=list)  # its host, types it uses: printed first
    signatures: list[str] = field(default_factory=list)


@cache
def compiled_query(kind: LanguageKind, source: str) -> tree_sitter.Query:
    return tree_sitter.Query(ts_language(kind), source)


class TreeCache(Generic[T]):
    """A value computed from a tree, kept for the last few trees (checked by identity)."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[int, tuple[tree_sitter.Tree, T]] = OrderedDict()

    def get(self, tree: tree_sitter.Tree, build: Callable[[], T]) -> T:
        key = id(tree)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] is tree:
                self._items.move_to_end(key)
                return hit[1]
        value = build()
        with self._lock:
            self._items[key] = (tree, value)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def source_range(doc: Document, node: Node) -> tuple[int, int]:
    return doc.to_source(node.start_byte), doc.to_source(node.end_byte)


def block_of(doc: Document, node: Node, max_lines: int = MAX_BLOCK_LINES) -> str:
    """The whole source lines a node spans."""
    first, last = line_range(doc, *source_range(doc, node))
    return lines_text(doc, first, last, max_lines)


def visible(doc: Document, node: Node, window: tuple[int, int]) -> bool:
    """Whether a node (a definition's first statement) lies in the text shown around the
    cursor."""
    start, end = source_range(doc, node)
    return window[0] <= start and end <= window[1]


def first_identifier(node: Node) -> str | None:
    m = _WORD.search(node.text or b"")
    return m.group().decode("ascii") if m else None
