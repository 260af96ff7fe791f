"""Text helpers of the context builder: whole source lines, the windows around the cursor,
file tags, and fitting blocks of lines into a character budget.

Every piece of context is a block: one or more whole source lines joined by "\\n", without a
final line break. Sections are cut between blocks, never inside a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePath

from hpcls.languages.registry import LanguageKind, path_of
from hpcls.workspace.document import Document

# A block longer than this many lines is cut (at a line boundary): a 300-line derived type
# would otherwise starve everything after it.
MAX_BLOCK_LINES = 40

_BREAKS = re.compile(r"\r\n?")


def decode(data: bytes) -> str:
    return _BREAKS.sub("\n", data.decode("utf-8", "replace"))


def char_start(source: bytes, offset: int) -> int:
    """offset clamped into source and moved back to the first byte of a UTF-8 character."""
    offset = min(max(offset, 0), len(source))
    while 0 < offset < len(source) and (source[offset] & 0xC0) == 0x80:
        offset -= 1
    return offset


def line_range(doc: Document, start: int, end: int) -> tuple[int, int]:
    """First and last line of the source bytes [start, end) (an empty range: its line)."""
    first = doc.lines.line_of(start)
    last = doc.lines.line_of(max(start, end - 1))
    return first, max(first, last)


def lines_bytes(doc: Document, first: int, last: int) -> tuple[int, int]:
    """Byte range of lines first..last, without the last line's break."""
    last = min(last, doc.lines.line_count - 1)
    return doc.lines.line_start(first), doc.lines.line_span(doc.source, last)[1]


def lines_text(doc: Document, first: int, last: int, max_lines: int = MAX_BLOCK_LINES) -> str:
    """Lines first..last (at most max_lines of them), trailing blanks stripped."""
    last = min(last, first + max_lines - 1)
    start, end = lines_bytes(doc, first, last)
    return "\n".join(line.rstrip() for line in decode(doc.source[start:end]).split("\n"))


def line_text(doc: Document, line: int) -> str:
    start, end = doc.lines.line_span(doc.source, line)
    return decode(doc.source[start:end])


def _free_continued(line: str) -> bool:
    code = line.split("!", 1)[0].rstrip()
    return code.endswith("&")


def fixed_continuation(line: str) -> bool:
    """A fixed-form continuation line: a mark in column 6, not a comment line."""
    if len(line) < 6 or line[0] in "cC*!#" or "\t" in line[:6]:
        return False
    return line[5] not in " 0"


def fortran_statement_end(doc: Document, last: int, fixed: bool) -> int:
    """The last line of a Fortran statement whose (known) last line is `last`: follows
    continuation lines, which outline ranges do not always cover."""
    count = doc.lines.line_count
    for _ in range(255):  # the standard's limit on continuation lines
        if last + 1 >= count:
            break
        if fixed:
            if not fixed_continuation(line_text(doc, last + 1)):
                break
        elif not _free_continued(line_text(doc, last)):
            break
        last += 1
    return last


def dedent(block: str) -> str:
    lines = block.split("\n")
    indents = [len(x) - len(x.lstrip()) for x in lines if x.strip()]
    cut = min(indents, default=0)
    return "\n".join(x[cut:] for x in lines) if cut else block


def comment_prefix(kind: LanguageKind | None) -> str:
    return "!" if kind is not None and kind.is_fortran else "//"


def display_path(uri: str, roots: Sequence[Path] = ()) -> str:
    """A file as a tag shows it: relative to the first workspace root holding it, else its
    name."""
    path = PurePath(path_of(uri))
    for root in roots:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.name


def prefix_window(source: bytes, offset: int, limit: int) -> tuple[int, str]:
    """Start and text of at most `limit` characters before offset, starting at a line start
    (unless the cursor's own line is longer than the window)."""
    if limit <= 0:
        return offset, ""
    start = max(0, offset - limit)
    if start > 0 and source[start - 1 : start] != b"\n":
        nl = source.find(b"\n", start, offset)
        start = nl + 1 if nl != -1 else char_start(source, start)
        while 0 < start < offset and (source[start] & 0xC0) == 0x80:
            start += 1
    return start, decode(source[start:offset])


def suffix_window(source: bytes, offset: int, limit: int) -> tuple[int, str]:
    """End and text of at most `limit` characters after offset, ending after a line break
    (unless the cursor's line alone is longer than the window)."""
    if limit <= 0:
        return offset, ""
    end = min(len(source), offset + limit)
    if end < len(source):
        nl = source.rfind(b"\n", offset, end)
        end = nl + 1 if nl != -1 else char_start(source, end)
    return end, decode(source[offset:end])


def fit(blocks: Iterable[str], limit: int) -> str:
    """The blocks that fit in limit characters, in order, each ending with a line break.

    A block that does not fit is left out and the next ones still get their chance: the
    result depends only on the blocks and the limit, never on the cursor.
    """
    out: list[str] = []
    used = 0
    for block in blocks:
        size = len(block) + 1
        if size > 1 and used + size <= limit:
            out.append(block)
            used += size
    return "".join(b + "\n" for b in out)


def unique(blocks: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for b in blocks:
        if b and b not in seen:
            seen.add(b)
            out.append(b)
    return out
