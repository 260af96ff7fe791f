"""Line ends: the three of the LSP ("\\n", "\\r\\n" and a lone "\\r"), read as one.

Tree-sitter grammars and the line scans of the analyses know "\\n" but not the lone "\\r"
of old Mac files, and a grammar's error recovery can even tell "\\r\\n" from "\\n". So:

- the parser reads `LfView.parse_source`: the text's exact LF twin (a CRLF's "\\r" dropped,
  a lone "\\r" read as "\\n"), with offsets mapped back, so a tree never depends on how
  lines end;
- line scans in source offsets read `lf_view(source)`: each lone "\\r" replaced by "\\n",
  byte for byte, so every line ends at a "\\n", perhaps after a "\\r".

Positions and ranges are always computed against the real text.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hpcls.workspace.parse_view import ParseEdit

_LONE_CR = re.compile(rb"\r(?!\n)")
_BREAK = re.compile(rb"\r\n|\r|\n")
_TEXT_BREAK = re.compile(r"\r\n|\r|\n")

# From this size on, whole-text scans are numpy passes: a regex substitution makes one
# Python object per match (31 ms for a 2 MB lone-CR file, against 2 ms).
VECTOR_BYTES = 16 * 1024


def crs_and_lone(a: npt.NDArray[np.uint8]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Offsets of the "\\r"s of a text's bytes, and of those not followed by "\\n" (a last
    one among them)."""
    crs = np.flatnonzero(a == 0x0D)
    if not len(crs):
        return crs, crs
    # A last "\r" reads itself as its next byte: not "\n", so lone.
    return crs, crs[a[np.minimum(crs + 1, len(a) - 1)] != 0x0A]


def lf_view(source: bytes) -> bytes:
    """source with every lone "\\r" read as "\\n"; source itself when there is none."""
    if b"\r" not in source:
        return source
    if len(source) < VECTOR_BYTES:
        return source if _LONE_CR.search(source) is None else _LONE_CR.sub(b"\n", source)
    crs, lone = crs_and_lone(np.frombuffer(source, dtype=np.uint8))
    if not len(lone):
        return source
    if len(lone) == len(crs):  # an old Mac file: every "\r" is a line end
        return source.replace(b"\r", b"\n")
    out = bytearray(source)
    np.frombuffer(out, dtype=np.uint8)[lone] = 0x0A
    return bytes(out)


def splice(data: bytes, start: int, end: int, middle: bytes) -> bytes:
    """data[:start] + middle + data[end:], each byte copied once: `a[:i] + m + a[j:]` copies
    a text three times over, in fresh memory (2.4 ms for 2 MB, against 0.2 ms)."""
    view = memoryview(data)
    return b"".join((view[:start], middle, view[end:]))


def lf_after_edit(
    old_lf: bytes,
    new_source: bytes,
    start: int,
    old_end: int,
    new_end: int,
    *,
    shared: bool = False,
) -> bytes:
    """lf_view(new_source), where old bytes [start, old_end) became [start, new_end), from
    the old view: only the edit, and a "\\r" before it that may have lost or gained its
    "\\n", are read again. `shared`: the old view was the old source itself."""
    if b"\r" not in new_source:  # the common case, at memchr speed
        return new_source
    lo = start - 1 if start > 0 and new_source[start - 1] == 0x0D else start
    # A byte's reading depends on the byte after it: take one more, then drop it.
    middle = lf_view(new_source[lo : new_end + 1])[: new_end - lo]
    if shared and middle == new_source[lo:new_end]:
        return new_source  # no lone "\r" before the edit, in it or after it: no copy
    new_lf = splice(old_lf, lo, old_end, middle)
    # Without a lone "\r" the view is the text itself: one copy of the bytes, not two.
    return new_source if new_lf == new_source else new_lf


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


def _crs(lf: bytes, base: int) -> npt.NDArray[np.int64]:
    """Offsets (plus base) of the "\\r"s of an LF view: each is a CRLF's."""
    if b"\r" not in lf:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(np.frombuffer(lf, dtype=np.uint8) == 0x0D).astype(np.int64) + base


def _int_array(values: npt.NDArray[np.int64]) -> array[int]:
    # bisect on array('q') is a C loop over machine ints: per-node offset mapping stays cheap.
    # One copy, from the array's own buffer: astype + tobytes made two more (0.5 ms per
    # keystroke for a 70,000-line CRLF file, against 0.02 ms).
    out = array("q")
    out.frombytes(np.ascontiguousarray(values, dtype=np.int64).data.cast("B"))
    return out


_NONE = array("q")


@dataclass(frozen=True, slots=True, eq=False)
class LfView:
    """What the parser reads of a source (a ParseView): its LF twin. `dropped` holds the
    source offsets of the CRLFs' "\\r"s, which the twin leaves out; `at` the twin's offset
    of the "\\n" after each (dropped[i] - i). Without a CRLF both are empty and every
    offset maps to itself."""

    parse_source: bytes
    dropped: array[int]
    at: array[int]

    @classmethod
    def of(cls, source: bytes, lf: bytes | None = None) -> LfView:
        """The view of source; lf is lf_view(source) when the caller has it."""
        lf = lf_view(source) if lf is None else lf
        crs = _crs(lf, 0)
        if not len(crs):
            return cls(lf, _NONE, _NONE)  # the same bytes object: no copy
        # The view's only "\r"s are CRLFs': replacing the one byte is 4 times faster.
        return cls(lf.replace(b"\r", b""), _int_array(crs), _at(crs))

    def to_parse(self, source_offset: int) -> int:
        """A CRLF's "\\r" and "\\n" both map to the twin's "\\n"."""
        if not self.dropped:
            return source_offset
        return source_offset - bisect_left(self.dropped, source_offset)

    def to_source(self, parse_offset: int) -> int:
        """The twin's "\\n" after a dropped "\\r" maps to that "\\r": a range ending
        there ends with its line's text."""
        at = self.at
        if not at:
            return parse_offset
        p = parse_offset
        if not 0 <= p <= len(self.parse_source):  # rare: clamping costs a third of a call
            p = min(max(p, 0), len(self.parse_source))
        return p + bisect_left(at, p)

    def after_edit(
        self,
        new_source: bytes,
        start: int,
        old_end: int,
        new_end: int,
        *,
        lf: bytes | None = None,
    ) -> tuple[LfView, ParseEdit]:
        """`lf`: lf_view(new_source), when the caller has it. A text without a CRLF (an old
        Mac file) then shares it as its twin, as LfView.of does, instead of a second copy."""
        if not self.dropped and b"\r" not in new_source:
            # No "\r" (the common case): the twin is the text itself, shared, not copied.
            return LfView(new_source, _NONE, _NONE), ParseEdit(start, old_end, new_end)
        # A "\r" just before the edit may have gained or lost its "\n": redo it too.
        lo = start - 1 if start > 0 and new_source[start - 1] == 0x0D else start
        # One byte more decides whether a last "\r" of the window is a CRLF's.
        window = lf_view(new_source[lo : new_end + 1])[: new_end - lo]
        crs = _crs(window, lo)
        middle = window.replace(b"\r", b"") if len(crs) else window
        p_lo, p_old_end = self.to_parse(lo), self.to_parse(old_end)
        edit = ParseEdit(p_lo, p_old_end, p_lo + len(middle))
        if not self.dropped and not len(crs):
            twin = lf if lf is not None else splice(self.parse_source, p_lo, p_old_end, middle)
            return LfView(twin, _NONE, _NONE), edit
        parse = splice(self.parse_source, p_lo, p_old_end, middle)
        old = np.frombuffer(self.dropped, dtype=np.int64) if self.dropped else _crs(b"", 0)
        k0, k1 = bisect_left(self.dropped, lo), bisect_left(self.dropped, old_end)
        dropped = np.concatenate((old[:k0], crs, old[k1:] + (new_end - old_end)))
        if not len(dropped):
            return LfView(parse, _NONE, _NONE), edit
        return LfView(parse, _int_array(dropped), _at(dropped)), edit


def _at(dropped: npt.NDArray[np.int64]) -> array[int]:
    return _int_array(dropped - np.arange(len(dropped), dtype=np.int64))
