"""Line ends: the three of the LSP ("\\n", "\\r\\n" and a lone "\\r"), read as one.

Tree-sitter grammars and the line scans of the analyses know "\\n" (a "\\r" before it is
whitespace to them) but not the lone "\\r" of old Mac files. So whatever parses or scans
lines reads the LF view of a source: each lone "\\r" replaced by "\\n", byte for byte. Offsets
are unchanged, so positions and ranges are still computed against the real text, and every
line of the view ends at a "\\n", perhaps after a "\\r".
"""

from __future__ import annotations

import re

_LONE_CR = re.compile(rb"\r(?!\n)")
_BREAK = re.compile(rb"\r\n|\r|\n")
_TEXT_BREAK = re.compile(r"\r\n|\r|\n")


def lf_view(source: bytes) -> bytes:
    """source with every lone "\\r" read as "\\n"; source itself when there is none."""
    if b"\r" not in source or _LONE_CR.search(source) is None:
        return source
    return _LONE_CR.sub(b"\n", source)


def lf_after_edit(
    old_lf: bytes, new_source: bytes, start: int, old_end: int, new_end: int
) -> tuple[bytes, int]:
    """The LF view of new_source, where old bytes [start, old_end) became [start, new_end),
    from the old view; and where the views begin to differ: start, or start - 1 when a
    "\\r" there may have lost or gained its "\\n"."""
    lo = start - 1 if start > 0 and new_source[start - 1] == 0x0D else start
    if b"\r" not in new_source:  # the common case, at memchr speed
        return new_source, lo
    # A byte's reading depends on the byte after it: take one more, then drop it.
    middle = lf_view(new_source[lo : new_end + 1])[: new_end - lo]
    new_lf = old_lf[:lo] + middle + old_lf[old_end:]
    # Without a lone "\r" the view is the text itself: one copy of the bytes, not two.
    return (new_source if new_lf == new_source else new_lf), lo


def with_line_ends(text: str, newline: str) -> str:
    """text with every line end, of any style, written as newline."""
    return _TEXT_BREAK.sub(newline, text)


def line_breaks(text: str) -> int:
    """How many line ends text holds, of any style."""
    return len(_TEXT_BREAK.findall(text))


def content_end(data: bytes, offset: int) -> int:
    """End of the text of the line holding offset, before its line end; data is an LF
    view (see lf_view), so a line ends at "\\n" or at the "\\r" of a "\\r\\n"."""
    end = data.find(b"\n", offset)
    if end < 0:
        return len(data)
    return end - 1 if end > offset and data[end - 1] == 0x0D else end


def newline_at(source: bytes, offset: int) -> str:
    """The line end to write on the line holding offset: its own, else (on the last line)
    the one before it, else "\\n". Inserted lines keep a file's style."""
    m = _BREAK.search(source, offset)
    if m is not None:
        return m.group().decode()
    last = max(source.rfind(b"\n", 0, offset), source.rfind(b"\r", 0, offset))
    if last < 0:
        return "\n"
    return "\r\n" if source[last - 1 : last + 1] == b"\r\n" else chr(source[last])
