"""What the parser sees of a document.

Every document is parsed through a view, with byte offsets mapped both ways. The first is
always the LF twin of the text (line_ends.LfView: line ends never change a tree). Fixed-form
Fortran does not fit the free-form grammar, so its twin is then rewritten line by line into
free form (see fixed_form.py), a view of a view. All offsets here are UTF-8 byte offsets; a
ParseEdit is what `Tree.edit` needs, in parse-space bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class ParseEdit:
    start: int
    old_end: int
    new_end: int


class ParseView(Protocol):
    @property
    def parse_source(self) -> bytes:
        """The bytes handed to tree-sitter."""
        ...

    def to_source(self, parse_offset: int) -> int:
        """Map a byte offset in parse_source to the original source."""
        ...

    def to_parse(self, source_offset: int) -> int:
        """Map a byte offset in the original source to parse_source."""
        ...

    def after_edit(
        self, new_source: bytes, start: int, old_end: int, new_end: int
    ) -> tuple[ParseView, ParseEdit]:
        """The view of new_source, where old source bytes [start, old_end) became
        new_source[start:new_end]; and that change expressed in parse space."""
        ...


@dataclass(frozen=True, slots=True)
class ChainedView:
    """`inner` parses what `outer` makes of the source."""

    outer: ParseView
    inner: ParseView

    @property
    def parse_source(self) -> bytes:
        return self.inner.parse_source

    def to_source(self, parse_offset: int) -> int:
        return self.outer.to_source(self.inner.to_source(parse_offset))

    def to_parse(self, source_offset: int) -> int:
        return self.inner.to_parse(self.outer.to_parse(source_offset))

    def after_edit(
        self, new_source: bytes, start: int, old_end: int, new_end: int
    ) -> tuple[ChainedView, ParseEdit]:
        outer, edit = self.outer.after_edit(new_source, start, old_end, new_end)
        inner, inner_edit = self.inner.after_edit(
            outer.parse_source, edit.start, edit.old_end, edit.new_end
        )
        return ChainedView(outer, inner), inner_edit
