"""Fixed-form Fortran seen as free form, so the free-form grammar can parse it.

Each source line is rewritten on its own, in place and at the same length: comment markers in
column 1 become `!`, `c$omp`-style sentinels become `!$omp`, a continuation mark in column 6
becomes `&`, a `0` in column 6 becomes a blank, and column 73 (where sequence numbers start)
becomes `!` (columns 73+ become blanks when a string is open there). The one change of length
is the `&` that free form needs at the end of a line that is continued: it is inserted before
the line's trailing comment, or before its line break. So every line has at most one inserted
byte, and offsets map through per-line prefix sums.

Left out: Hollerith constants, tabs after column 6 counted as one column, and character
literals padded with blanks to column 72 when continued.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

import numpy as np

from hpcls.workspace.line_ends import splice
from hpcls.workspace.parse_view import ParseEdit

# Line kinds. BLANK, COMMENT and PREPROC lines are skipped when looking for the line that a
# continuation line continues; free form allows comment lines in between.
BLANK, COMMENT, PREPROC, CODE, DIRECTIVE = range(5)

_SENTINELS = (b"$omp", b"$acc")
_FIELD = 66  # columns 7-72: the statement field
_SPECIAL = re.compile(rb"['\"!]")
_QUOTE = {1: 0x27, 2: 0x22}  # string state -> the byte that closes it


class _Line(NamedTuple):
    kind: int
    cont: bool  # a continuation line
    has_cont: bool  # the next line of its kind continues it: it gets a `&` inserted
    in_state: int  # string open at its start (0, 1 `'`, 2 `"`), from the line it continues
    out_state: int  # string open at the end of its statement field
    ins: int  # where in the line the `&` was inserted, or -1


class _Static(NamedTuple):
    content: bytes
    term: bytes  # the line break, kept as it is
    kind: int
    cont: bool
    field_start: int  # index where the statement field begins


def _split(text: bytes, final: bool) -> list[bytes]:
    """Lines with their breaks (bytes.splitlines only knows \\n, \\r\\n and \\r). A whole
    text (final) always ends with a line without a break, possibly empty."""
    lines = text.splitlines(keepends=True)
    if final and (not lines or lines[-1].endswith((b"\n", b"\r"))):
        lines.append(b"")
    return lines


def _classify(line: bytes) -> _Static:
    if line.endswith(b"\r\n"):
        content, term = line[:-2], line[-2:]
    elif line.endswith((b"\n", b"\r")):
        content, term = line[:-1], line[-1:]
    else:
        content, term = line, b""
    stripped = content.lstrip(b" \t")
    if not stripped:
        return _Static(content, term, BLANK, False, 0)
    first = content[:1]
    if first in (b"C", b"c", b"*", b"!") and content[1:5].lower() in _SENTINELS:
        return _Static(content, term, DIRECTIVE, content[5:6] not in (b"", b" ", b"\t", b"0"), 6)
    if first in (b"C", b"c", b"*", b"!", b"D", b"d"):
        return _Static(content, term, COMMENT, False, 0)
    if first == b"#":
        return _Static(content, term, PREPROC, False, 0)
    bang = len(content) - len(stripped)
    if stripped[:1] == b"!" and (bang != 5 or b"\t" in content[:5]):
        return _Static(content, term, COMMENT, False, 0)  # `!` in column 6 is a continuation mark
    tab = content.find(b"\t", 0, 6)
    if tab == 0 and len(content) > 1 and content[1:2] in b"123456789":
        return _Static(content, term, CODE, True, 2)  # DEC: TAB then a nonzero digit continues
    if tab >= 0:
        return _Static(content, term, CODE, False, tab + 1)  # DEC: TAB starts the statement field
    cont = content[5:6] not in (b"", b" ", b"0") and not content[:5].strip(b" ")
    return _Static(content, term, CODE, cont, 6)


def _scan(content: bytes, pos: int, end: int, state: int) -> tuple[int, int]:
    """Where the code part of content[pos:end] ends (at a `!` outside strings, else end), and
    the string state there."""
    while pos < end:
        if state:
            k = content.find(_QUOTE[state], pos, end)
            if k < 0:
                return end, state
            if k + 1 < end and content[k + 1] == _QUOTE[state]:
                pos = k + 2  # a doubled quote stays inside the string
                continue
            state, pos = 0, k + 1
        else:
            m = _SPECIAL.search(content, pos, end)
            if m is None:
                return end, 0
            ch = content[m.start()]
            if ch == 0x21:  # `!`
                return m.start(), 0
            state, pos = (1 if ch == 0x27 else 2), m.start() + 1
    return end, state


def _rewrite(st: _Static, in_state: int, has_cont: bool) -> tuple[bytes, _Line]:
    content, kind = st.content, st.kind
    if kind == COMMENT and content[:1] != b"!":
        return b"!" + content[1:] + st.term, _Line(kind, False, False, 0, 0, -1)
    if kind not in (CODE, DIRECTIVE):
        return content + st.term, _Line(kind, False, False, 0, 0, -1)
    out = bytearray(content)
    fs = st.field_start
    if kind == DIRECTIVE:
        out[0:5] = b"!" + content[1:5].lower()
    if st.cont:
        out[fs - 1] = 0x26  # `&`: free form continues right after it
    elif fs == 6 and content[5:6] == b"0":
        out[5] = 0x20
    if not st.cont:
        in_state = 0
    end = min(len(content), fs + _FIELD)
    code_end, out_state = _scan(content, min(fs, end), end, in_state)
    if len(content) > fs + _FIELD and code_end == end:  # columns 73+ are ignored
        if out_state:
            out[end:] = b" " * (len(content) - end)  # `!` would land inside the string
        else:
            out[end] = 0x21
    ins = -1
    if has_cont:
        out.insert(code_end, 0x26)
        ins = code_end
    return bytes(out) + st.term, _Line(kind, st.cont, has_cont, in_state, out_state, ins)


def _has_cont(
    statics: list[_Static], pending_code: bool, pending_dir: bool
) -> tuple[list[bool], bool, bool]:
    """Backward pass: which lines are continued. pending_code says the next code line after
    `statics` is a continuation; pending_dir that the next non-comment line is a continued
    directive. Returns the flags and the pending values before the first line."""
    flags = [False] * len(statics)
    for i in range(len(statics) - 1, -1, -1):
        st = statics[i]
        if st.kind == CODE:
            flags[i] = pending_code
            pending_code, pending_dir = st.cont, False
        elif st.kind == DIRECTIVE:
            flags[i] = pending_dir
            pending_dir = st.cont
    return flags, pending_code, pending_dir


@dataclass(frozen=True, slots=True)
class FixedFormView:
    """A fixed-form source and its free-form rewrite (satisfies ParseView)."""

    source: bytes = field(repr=False)
    parse_source: bytes = field(repr=False)
    # Machine ints: an edit shifts every later line's start at C speed, not in a Python
    # loop (10 ms per keystroke in a 2 MB file).
    src_starts: array[int] = field(repr=False)  # per line, plus len(source) at the end
    parse_starts: array[int] = field(repr=False)  # the same in parse_source
    lines: tuple[_Line, ...] = field(repr=False)

    @classmethod
    def from_source(cls, source: bytes) -> FixedFormView:
        raw = _split(source, final=True)
        statics = [_classify(line) for line in raw]
        flags, _, _ = _has_cont(statics, False, False)
        parts: list[bytes] = []
        lines: list[_Line] = []
        last = {CODE: -1, DIRECTIVE: -1}  # the line a continuation of each kind continues
        for st, has in zip(statics, flags, strict=True):
            p = last.get(st.kind, -1)
            text, line = _rewrite(st, lines[p].out_state if st.cont and p >= 0 else 0, has)
            parts.append(text)
            lines.append(line)
            if st.kind == CODE:
                last[CODE], last[DIRECTIVE] = len(lines) - 1, -1
            elif st.kind == DIRECTIVE:
                last[DIRECTIVE] = len(lines) - 1
        return cls(
            source,
            b"".join(parts),
            array("q", accumulate(map(len, raw), initial=0)),
            array("q", accumulate(map(len, parts), initial=0)),
            tuple(lines),
        )

    def to_source(self, parse_offset: int) -> int:
        p = min(max(parse_offset, 0), len(self.parse_source))
        i = bisect_right(self.parse_starts, p, 0, len(self.lines)) - 1
        rel = p - self.parse_starts[i]
        ins = self.lines[i].ins
        return self.src_starts[i] + (rel - 1 if 0 <= ins < rel else rel)

    def to_parse(self, source_offset: int) -> int:
        """The inserted `&` sits before the offset it was inserted at: text before the
        position stays the same in both spaces."""
        o = min(max(source_offset, 0), len(self.source))
        i = bisect_right(self.src_starts, o, 0, len(self.lines)) - 1
        rel = o - self.src_starts[i]
        ins = self.lines[i].ins
        return self.parse_starts[i] + (rel + 1 if 0 <= ins < rel else rel)

    def after_edit(
        self, new_source: bytes, start: int, old_end: int, new_end: int
    ) -> tuple[FixedFormView, ParseEdit]:
        if not (0 <= start <= old_end <= len(self.source) and start <= new_end) or (
            len(new_source) - new_end != len(self.source) - old_end
        ):
            raise ValueError(f"edit ({start}, {old_end}, {new_end}) does not fit the sources")
        old, starts, n_old = self.lines, self.src_starts, len(self.lines)
        # Re-split whole lines around the edit. The previous line joins in when the edit
        # starts a line: it may end in `\r` that an inserted `\n` completes.
        a = bisect_right(starts, start, 0, n_old) - 1
        if a > 0 and starts[a] == start:
            a -= 1
        b = bisect_right(starts, old_end, 0, n_old) - 1
        delta = new_end - old_end
        raw = _split(new_source[starts[a] : starts[b + 1] + delta], final=b == n_old - 1)
        statics = [_classify(line) for line in raw]
        m = len(raw)
        shift = b + 1 - (a + m)  # old index of a new line after the region: i + shift

        # Which line is continued depends on the next lines of its kind after the region.
        pending_code = pending_dir = False
        seen = False
        for j in range(b + 1, n_old):
            kind = old[j].kind
            if kind in (CODE, DIRECTIVE) and not seen:
                seen, pending_dir = True, kind == DIRECTIVE and old[j].cont
            if kind == CODE:
                pending_code = old[j].cont
                break
        flags, pending_code, pending_dir = _has_cont(statics, pending_code, pending_dir)

        # The lines before the region that continuations in it may continue.
        lc = ld = -1
        for i in range(a - 1, -1, -1):
            if old[i].kind == CODE:
                lc = i
                break
            if old[i].kind == DIRECTIVE and ld < 0:
                ld = i
        redone: dict[int, tuple[bytes, _Line]] = {}  # new line index -> its rewrite

        def line_at(i: int) -> _Line:
            return redone[i][1] if i in redone else old[i if i < a else i + shift]

        def source_line(i: int) -> bytes:
            j = i if i < a else i + shift
            return self.source[starts[j] : starts[j + 1]]

        for i, has in ((lc, pending_code), (ld, pending_dir)):
            if i >= 0 and old[i].has_cont != has:
                redone[i] = _rewrite(_classify(source_line(i)), old[i].in_state, has)

        last = {CODE: lc, DIRECTIVE: ld}
        for k, (st, has) in enumerate(zip(statics, flags, strict=True)):
            p = last.get(st.kind, -1)
            in_state = line_at(p).out_state if st.cont and p >= 0 else 0
            redone[a + k] = _rewrite(st, in_state, has)
            if st.kind == CODE:
                last[CODE], last[DIRECTIVE] = a + k, -1
            elif st.kind == DIRECTIVE:
                last[DIRECTIVE] = a + k

        # After the region, only continuations whose string state changed need redoing; a
        # line of a kind whose state came out unchanged settles every later line of it.
        settled = {CODE: False, DIRECTIVE: False}
        n_new = n_old - (b + 1 - a) + m
        i = a + m
        while i < n_new and not (settled[CODE] and settled[DIRECTIVE]):
            line = old[i + shift]
            if line.kind in (CODE, DIRECTIVE):
                p = last[line.kind]
                in_state = line_at(p).out_state if line.cont and p >= 0 else 0
                if in_state != line.in_state:
                    redone[i] = _rewrite(_classify(source_line(i)), in_state, line.has_cont)
                settled[line.kind] = line_at(i).out_state == line.out_state
                last[line.kind] = i
                if line.kind == CODE:
                    settled[DIRECTIVE], last[DIRECTIVE] = True, -1
            i += 1

        lo, hi = min(redone), max(redone)
        old_hi = hi + shift if hi >= a + m else b
        mid_parts: list[bytes] = []
        for i in range(lo, hi + 1):
            if i in redone:
                mid_parts.append(redone[i][0])
            else:
                j = i if i < a else i + shift
                mid_parts.append(self.parse_source[self.parse_starts[j] : self.parse_starts[j + 1]])
        mid = b"".join(mid_parts)
        p0, p1 = self.parse_starts[lo], self.parse_starts[old_hi + 1]
        parse_source = splice(self.parse_source, p0, p1, mid)
        pdelta = len(mid) - (p1 - p0)

        src_starts = _spliced(
            starts, a, b + 1, accumulate(map(len, raw[:-1]), initial=starts[a]), delta
        )
        parse_starts = _spliced(
            self.parse_starts,
            lo,
            old_hi + 1,
            accumulate(map(len, mid_parts[:-1]), initial=p0),
            pdelta,
        )
        lines = old[:lo] + tuple(line_at(i) for i in range(lo, hi + 1)) + old[old_hi + 1 :]
        view = FixedFormView(new_source, parse_source, src_starts, parse_starts, lines)

        # Report only the bytes that really changed.
        old_mid = self.parse_source[p0:p1]
        pre = _common_prefix(old_mid, mid)
        suf = _common_prefix(old_mid[pre:][::-1], mid[pre:][::-1])
        return view, ParseEdit(p0 + pre, p1 - suf, p0 + len(mid) - suf)


def _spliced(starts: array[int], lo: int, hi: int, middle: Iterable[int], delta: int) -> array[int]:
    """starts[:lo] + middle + (starts[hi:] shifted by delta), the shift a numpy pass."""
    tail = np.frombuffer(starts, dtype=np.int64)[hi:] + delta
    out = starts[:lo]
    out.extend(middle)
    out.frombytes(tail.data.cast("B"))
    return out


def _common_prefix(x: bytes, y: bytes) -> int:
    """Length of the common prefix, by bisection over C-speed comparisons."""
    lo, hi = 0, min(len(x), len(y))
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if x[:mid] == y[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo
