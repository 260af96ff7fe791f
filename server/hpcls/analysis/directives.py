"""Find OpenMP (and OpenACC) directives in a parsed file and turn them into our own nodes.

Tree-sitter sees a directive as a comment (Fortran `!$omp ...`) or as a preprocessor call (C,
C++, CUDA `#pragma omp ...`). Directives are found by scanning the source for the sentinel at
a line start and asking the tree whether that spot is really a directive (not inside a string,
a comment or a macro body); this also finds the pragmas that error recovery leaves as bare
`preproc_directive` tokens inside ERROR nodes. The text of each directive, continuation lines
joined, is parsed by directives_syntax.parse_body. All offsets are UTF-8 byte offsets.

Fixed-form Fortran arrives through its free-form rewrite (`c$omp` already `!$omp`); raw
fixed-form text with `c$omp`/`*$omp` in column 1 is accepted as well, and is scanned by lines
only, since a column-1 comment character is decided by the line alone.

Not handled: `_Pragma("omp ...")` and `__pragma(...)` operators (they are rare in HPC code
and would need macro expansion to be useful); fixed-form text beyond column 72 is not cut off.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

import tree_sitter

from hpcls.analysis.directives_syntax import (
    Clause,
    Directive,
    Error,
    Logical,
    clause_items,
    parse_body,
)
from hpcls.languages.registry import LanguageKind

__all__ = [
    "Clause",
    "Directive",
    "clause_items",
    "directive_at_line",
    "find_directives",
    "parse_directive_text",
]

_C_PRAGMA = re.compile(rb"^[ \t]*#[ \t]*pragma(?![A-Za-z0-9_])", re.MULTILINE)
_C_SENTINEL = re.compile(rb"#[ \t\f\v]*pragma[ \t\f\v]+(omp|acc)(?![A-Za-z0-9_])")
_C_SPECIAL = re.compile(rb"[\\\n\r/\"']")
_F_FREE = re.compile(rb"^[ \t]*(!\$(?:omp|acc))", re.MULTILINE | re.IGNORECASE)
_F_FIXED = re.compile(rb"^([!c*]\$(?:omp|acc))", re.MULTILINE | re.IGNORECASE)

# Node types a directive's first byte must not sit in: such text only looks like a directive.
_C_NOT_DIRECTIVE = frozenset(
    {
        "comment",
        "string_literal",
        "raw_string_literal",
        "char_literal",
        "string_content",
        "raw_string_content",
        "system_lib_string",
        "preproc_arg",  # a line of a multi-line #define body
    }
)
_F_NOT_DIRECTIVE = frozenset({"string_literal", "string"})
# How far above the innermost node such a literal can sit (string_content in string_literal).
_LITERAL_DEPTH = 4

_Accept = Callable[[int], bool]
# The document's map from source offsets to the tree's (Document.to_parse): the scan reads
# source text, the tree was parsed from the text's LF twin (workspace/line_ends.py).
ToParse = Callable[[int], int] | None


class _Lines:
    def __init__(self, source: bytes) -> None:
        self.source = source
        self.starts = [0, *(m.end() for m in re.finditer(rb"\n", source))]

    def __len__(self) -> int:
        return len(self.starts)

    def of(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def end(self, line: int) -> int:
        """End of the line's text, before its b"\\n" (a b"\\r" stays)."""
        return self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.source)


def _acceptor(
    tree: tree_sitter.Tree | None, rejected: frozenset[str], to_parse: ToParse = None
) -> _Accept:
    if tree is None:
        return lambda _offset: True
    root = tree.root_node

    def accept(offset: int) -> bool:
        at = offset if to_parse is None else to_parse(offset)
        node = root.descendant_for_byte_range(at, at + 1)
        # The rejected kinds are literals and comments: the innermost node or one of its few
        # nearest ancestors. Climbing to the root cost O(depth) per step, O(depth²) in all
        # (5 s for one directive 8,000 blocks deep).
        for _ in range(_LITERAL_DEPTH):
            if node is None:
                break
            if node.type in rejected:
                return False
            node = node.parent
        return True

    return accept


_OMP = re.compile(rb"omp", re.IGNORECASE)


def mentions_openmp(source: bytes) -> bool:
    """A cheap first test before any OpenMP analysis (searches without copying the text)."""
    return _OMP.search(source) is not None


def find_directives(
    tree: tree_sitter.Tree, source: bytes, kind: LanguageKind, to_parse: ToParse = None
) -> list[Directive]:
    """Every OpenMP/OpenACC directive of `source` (parsed as `tree`, whose offsets
    `to_parse` maps source offsets to), in source order."""
    if kind is LanguageKind.FORTRAN_FIXED:
        return _scan_fortran(source, fixed=True, accept=_acceptor(None, _F_NOT_DIRECTIVE))
    if kind.is_fortran:
        accept = _acceptor(tree, _F_NOT_DIRECTIVE, to_parse)
        return _scan_fortran(source, fixed=False, accept=accept)
    return _scan_c(source, accept=_acceptor(tree, _C_NOT_DIRECTIVE, to_parse))


def line_start_before(source: bytes, offset: int, lines: int) -> int:
    at = offset
    for _ in range(lines + 1):
        at = source.rfind(b"\n", 0, at)
        if at < 0:
            return 0
    return at + 1


def line_end_after(source: bytes, offset: int, lines: int) -> int:
    at = offset
    for _ in range(lines + 1):
        at = source.find(b"\n", at)
        if at < 0:
            return len(source)
        at += 1
    return at


def find_directives_near(
    tree: tree_sitter.Tree,
    source: bytes,
    kind: LanguageKind,
    offset: int,
    reach: int = 20,
    to_parse: ToParse = None,
) -> list[Directive]:
    """The directives within `reach` lines of `offset`: what a hover needs, without
    scanning a file with thousands of directives (50 ms at 20,000 lines) per request.
    A directive continued over more than `reach` lines above the offset may be cut."""
    start = line_start_before(source, offset, reach)
    end = line_end_after(source, offset, reach)
    return find_directives_in(tree, source, kind, start, end, to_parse)


def find_directives_in(
    tree: tree_sitter.Tree,
    source: bytes,
    kind: LanguageKind,
    start: int,
    end: int,
    to_parse: ToParse = None,
) -> list[Directive]:
    """The directives that begin in source[start:end], which must be whole lines."""
    data = source[start:end]
    if kind is LanguageKind.FORTRAN_FIXED:
        accept = _acceptor(None, _F_NOT_DIRECTIVE)
    else:
        rejected = _F_NOT_DIRECTIVE if kind.is_fortran else _C_NOT_DIRECTIVE
        accept = _acceptor(tree, rejected, to_parse)

    def accept_here(local: int) -> bool:
        return accept(local + start)

    if kind.is_fortran:
        fixed = kind is LanguageKind.FORTRAN_FIXED
        found = _scan_fortran(data, fixed=fixed, accept=accept_here, base=start)
    else:
        found = _scan_c(data, accept=accept_here, base=start)
    first_line = source.count(b"\n", 0, start)  # the scan numbers lines from the slice
    return [replace(d, lines=tuple(line + first_line for line in d.lines)) for d in found]


def directive_at_line(directives: Sequence[Directive], line: int) -> Directive | None:
    """The directive occupying 0-based `line`; `directives` sorted as find_directives gives."""
    i = bisect_right(directives, line, key=lambda d: d.lines[0]) - 1
    if i >= 0 and directives[i].lines[0] <= line <= directives[i].lines[-1]:
        return directives[i]
    return None


def parse_directive_text(
    text: str, base_offset: int = 0, family_hint: str = "omp", *, fortran: bool = False
) -> Directive | None:
    """Parse one directive given as text, offsets shifted by base_offset and lines counted
    from the text's first line. The text may start with its sentinel (`#pragma omp ...`,
    `!$omp ...` with continuation lines, `c$omp ...` in column 1), or be just the part after
    it (`parallel do private(i)`), which is then read as `family_hint` in C (or Fortran)."""
    if family_hint not in ("omp", "acc"):
        raise ValueError(f"family_hint must be 'omp' or 'acc', not {family_hint!r}")
    data = text.encode()
    if data.lstrip().startswith(b"#"):
        found = _scan_c(data, accept=lambda _o: True, base=base_offset)
    elif _F_FIXED.match(data) and data[:1] != b"!":
        found = _scan_fortran(data, fixed=True, accept=lambda _o: True, base=base_offset)
    elif _F_FREE.match(data):
        found = _scan_fortran(data, fixed=False, accept=lambda _o: True, base=base_offset)
    else:
        if not data.strip():
            return None
        lg = Logical()
        lg.add(data, base_offset)
        sentinel = f"!${family_hint}" if fortran else f"#pragma {family_hint}"
        lines = tuple(range(data.count(b"\n") + 1))
        return parse_body(
            lg, 0, sentinel=sentinel, family=family_hint, fortran=fortran, lines=lines
        )
    return found[0] if found else None


# --- C, C++, CUDA ---------------------------------------------------------------------------


def _scan_c(source: bytes, *, accept: _Accept, base: int = 0) -> list[Directive]:
    lines = _Lines(source)
    out: list[Directive] = []
    done = 0  # source consumed by the previous directive's logical line
    for m in _C_PRAGMA.finditer(source):
        hash_at = source.index(b"#", m.start())
        if hash_at < done or not accept(hash_at):
            continue
        lg, done = _c_logical(source, hash_at, base)
        sm = _C_SENTINEL.match(lg.buf)
        if sm is None:  # another pragma: once, unroll, GCC ..., omp in upper case
            continue
        family = sm.group(1).decode()
        last = len(lg.buf.rstrip()) - 1
        span = range(lines.of(hash_at), lines.of(lg.pos[last] - base) + 1)
        out.append(
            parse_body(
                lg,
                sm.end(),
                sentinel=f"#pragma {family}",
                family=family,
                fortran=False,
                lines=tuple(span),
            )
        )
    return out


def _c_logical(source: bytes, i: int, base: int) -> tuple[Logical, int]:
    """The preprocessor line starting at source[i], after translation phases 1-3: backslash
    newlines spliced, comments replaced by a space (a block comment may span lines)."""
    lg = Logical()
    n = len(source)
    while i < n:
        m = _C_SPECIAL.search(source, i)
        plain_end = m.start() if m else n
        if plain_end > i:  # copy runs of ordinary text at once
            lg.add(source[i:plain_end], base + i)
            i = plain_end
            continue
        c = source[i]
        if c == 0x5C:  # backslash: line splice?
            j = i + 2 if source.startswith(b"\r\n", i + 1) else i + 1
            if j < n and source[j] == 0x0A:
                i = j + 1
                continue
        if c == 0x0A:
            break
        if c == 0x0D:
            i += 1
            continue
        if source.startswith(b"/*", i):
            close = source.find(b"*/", i + 2)
            lg.add_joiner(b" ", base + i)
            i = n if close < 0 else close + 2
            continue
        if source.startswith(b"//", i):
            lg.add_joiner(b" ", base + i)
            while i < n and source[i] != 0x0A:  # to the end of the (spliced) line
                i += (
                    3
                    if source.startswith(b"\\\r\n", i)
                    else 2
                    if source.startswith(b"\\\n", i)
                    else 1
                )
            continue
        if c in b"\"'":
            j = i + 1
            while j < n and source[j] not in (c, 0x0A):
                j += 2 if source[j] == 0x5C else 1
            j = min(j + 1, n)
            lg.add(source[i:j], base + i)
            i = j
            continue
        lg.add(source[i : i + 1], base + i)
        i += 1
    return lg, i


# --- Fortran --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _FLine:
    """One directive line: where its sentinel and its text (comment and '&' left out) are."""

    line: int
    at: int  # sentinel
    sentinel: str
    cont: bool  # a continuation line: `!$omp&` (free form) or column 6 not blank (fixed)
    text_start: int
    text_end: int
    amp: int  # offset of the trailing continuation '&', or -1


def _fortran_line(source: bytes, lines: _Lines, line: int, at: int, fixed: bool) -> _FLine | None:
    eol = lines.end(line)
    after = at + 5
    if fixed:  # column 6: blank or '0' on an initial line, anything else continues
        cont = after < eol and source[after] not in b" \t0\r"
        text_start = min(after + 1, eol)
    else:
        if after < eol and source[after] not in b" \t&\r":
            return None  # `!$ompx`, ...: another sentinel
        j = after
        while j < eol and source[j] in b" \t":
            j += 1
        cont = j < eol and source[j] == 0x26
        text_start = j + 1 if cont else after
    # A `!` outside quotes starts a comment; quotes matter for e.g. error message("!").
    quote = 0
    end = text_start
    while end < eol:
        c = source[end]
        if quote:
            quote = 0 if c == quote else quote
        elif c in b"\"'":
            quote = c
        elif c == 0x21:
            break
        end += 1
    while end > text_start and source[end - 1] in b" \t\r":
        end -= 1
    amp = -1
    if end > text_start and source[end - 1] == 0x26:
        amp = end - 1
        end -= 1
        while end > text_start and source[end - 1] in b" \t":
            end -= 1
    sentinel = source[at:after].decode().lower()
    return _FLine(line, at, sentinel, cont, text_start, end, amp)


def _next_significant(
    source: bytes, lines: _Lines, line: int, fixed: bool, accept: _Accept
) -> _FLine | None:
    """The first line from `line` on that is neither blank nor a plain comment, if it is a
    directive line (None: code, a `!$ ` line, the end of the file)."""
    sentinel_re = _F_FIXED if fixed else _F_FREE
    while line < len(lines):
        start, eol = lines.starts[line], lines.end(line)
        text = source[start:eol]
        stripped = text.strip()
        m = sentinel_re.match(source, start, eol)
        if m and accept(m.start(1)):
            return _fortran_line(source, lines, line, m.start(1), fixed)
        comment = stripped.startswith(b"!") and not stripped.startswith(b"!$")
        if fixed and text[:1] in b"cC*!" and text[1:2] != b"$":
            comment = True
        if stripped and not comment:
            return None
        line += 1
    return None


def _scan_fortran(source: bytes, *, fixed: bool, accept: _Accept, base: int = 0) -> list[Directive]:
    lines = _Lines(source)
    out: list[Directive] = []
    done = 0  # source consumed by the previous directive's lines
    for m in (_F_FIXED if fixed else _F_FREE).finditer(source):
        at = m.start(1)
        if at < done or not accept(at):
            continue
        first = _fortran_line(source, lines, lines.of(at), at, fixed)
        if first is None:
            continue
        errors: list[Error] = []
        if first.cont:
            errors.append((at, at + 6, "continuation line with no directive to continue"))
        group = [first]
        while True:
            prev = group[-1]
            nxt = _next_significant(source, lines, prev.line + 1, fixed, accept)
            same_family = nxt is not None and nxt.sentinel[2:] == first.sentinel[2:]
            if nxt is not None and same_family and (nxt.cont or prev.amp >= 0):
                if not fixed and prev.amp < 0:
                    msg = "continuation line, but the previous line does not end with '&'"
                    errors.append((nxt.at, nxt.text_start, msg))
                group.append(nxt)
                continue
            if prev.amp >= 0 and not fixed:
                errors.append((prev.amp, prev.amp + 1, "'&' but no directive line continues it"))
            break
        done = lines.end(group[-1].line)
        out.append(_fortran_directive(source, group, fixed, errors, base))
    return out


def _fortran_directive(
    source: bytes, group: list[_FLine], fixed: bool, errors: list[Error], base: int
) -> Directive:
    first = group[0]
    lg = Logical()
    lg.add(source[first.at : first.at + 5], base + first.at)
    lg.add_joiner(b" ", base + first.text_start)
    lg.add(source[first.text_start : first.text_end], base + first.text_start)
    for prev, ln in pairwise(group):
        # Free form: `&` ending one line and starting the next joins the text with no blank.
        if fixed or prev.amp < 0 or not ln.cont:
            lg.add_joiner(b" ", base + ln.text_start)
        lg.add(source[ln.text_start : ln.text_end], base + ln.text_start)
    family = first.sentinel[2:]
    return parse_body(
        lg,
        5,
        sentinel=first.sentinel,
        family=family,
        fortran=True,
        lines=tuple(range(first.line, group[-1].line + 1)),
        extra_errors=[(s + base, e + base, msg) for s, e, msg in errors],
    )
