"""What the parser sees of a document.

Views are built over the LF view of a document (line_ends.py), never its raw bytes. Most
languages parse that as it is. Fixed-form Fortran does not fit the free-form
grammar, so it is parsed through a view: the source rewritten line by line into free form
(see fixed_form.py), with byte offsets mapped both ways. All offsets here are UTF-8 byte
offsets; a ParseEdit is what `Tree.edit` needs, in parse-space bytes.
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
class IdentityView:
    """The parser sees the (LF view of the) source unchanged."""

    parse_source: bytes

    def to_source(self, parse_offset: int) -> int:
        return parse_offset

    def to_parse(self, source_offset: int) -> int:
        return source_offset

    def after_edit(
        self, new_source: bytes, start: int, old_end: int, new_end: int
    ) -> tuple[IdentityView, ParseEdit]:
        return IdentityView(new_source), ParseEdit(start, old_end, new_end)
