"""Recently edited regions of open documents: a small ring buffer, newest first.

The text-sync handler calls `record` after each change with the new snapshot and the offset
of the edit; the context builder shows the chunks of the *other* files, since the model
already sees the file being edited. One chunk per document region: editing the same place
again replaces its chunk (and makes it the newest) instead of filling the ring with copies.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from hpcls.ai.context_text import char_start, decode
from hpcls.workspace.document import Document


@dataclass(frozen=True, slots=True)
class RecentChunk:
    uri: str
    first_line: int  # 0-based, of the chunk's first line
    edit_line: int  # the line that was edited
    text: str  # whole lines, without a final line break


class RecentEdits:
    """Thread-safe: text sync records while completion requests read."""

    def __init__(
        self,
        max_chunks: int = 8,
        max_chars: int = 4000,
        context_lines: int = 3,
        max_chunk_chars: int = 800,
    ) -> None:
        self.max_chunks = max(1, max_chunks)
        self.max_chars = max(0, max_chars)
        self.context_lines = max(0, context_lines)
        self.max_chunk_chars = max(1, max_chunk_chars)
        self._lock = threading.Lock()
        self._chunks: list[RecentChunk] = []  # newest first

    def record(self, uri: str, doc: Document, offset: int) -> None:
        """Remember the lines around an edit at byte offset of doc (the snapshot after it)."""
        chunk = self._chunk(uri, doc, offset)
        if chunk is None:
            return
        reach = 2 * self.context_lines + 1
        with self._lock:
            kept = [
                c
                for c in self._chunks
                if c.uri != uri or abs(c.edit_line - chunk.edit_line) > reach
            ]
            kept.insert(0, chunk)
            del kept[self.max_chunks :]
            while len(kept) > 1 and sum(len(c.text) for c in kept) > self.max_chars:
                kept.pop()
            self._chunks = kept

    def chunks(self, exclude_uri: str | None = None) -> list[RecentChunk]:
        """The chunks, newest first, leaving out those of exclude_uri."""
        with self._lock:
            return [c for c in self._chunks if c.uri != exclude_uri]

    def forget(self, uri: str) -> None:
        """Drop a document's chunks (it was closed or deleted)."""
        with self._lock:
            self._chunks = [c for c in self._chunks if c.uri != uri]

    def clear(self) -> None:
        with self._lock:
            self._chunks = []

    def _chunk(self, uri: str, doc: Document, offset: int) -> RecentChunk | None:
        if doc.skipped is not None or not doc.source:
            return None
        offset = char_start(doc.source, offset)
        line = doc.lines.line_of(offset)
        first = max(0, line - self.context_lines)
        last = min(doc.lines.line_count - 1, line + self.context_lines)
        start = doc.lines.line_start(first)
        end = doc.lines.line_span(doc.source, last)[1]
        lines = [x.rstrip() for x in decode(doc.source[start:end]).split("\n")]
        # Over the size limit: keep the edited line and as many neighbours as fit.
        lo, hi = line - first, line - first + 1
        size = len(lines[lo]) + 1
        while True:
            grown = False
            if lo > 0 and size + len(lines[lo - 1]) + 1 <= self.max_chunk_chars:
                lo -= 1
                size += len(lines[lo]) + 1
                grown = True
            if hi < len(lines) and size + len(lines[hi]) + 1 <= self.max_chunk_chars:
                size += len(lines[hi]) + 1
                hi += 1
                grown = True
            if not grown:
                break
        text = "\n".join(lines[lo:hi])[: self.max_chunk_chars]
        if not text.strip():
            return None
        return RecentChunk(uri, first + lo, line, text)
