"""Which call the cursor is in, and which argument: for signature help, also while the
call is still being typed (the tree is broken then, so this reads the text)."""

from __future__ import annotations

from dataclasses import dataclass

# How far back to look for the opening parenthesis: calls longer than this are rare.
_MAX_SCAN = 4000
_OPEN = {ord(")"): ord("("), ord("]"): ord("["), ord("}"): ord("{")}


@dataclass(frozen=True, slots=True)
class CallContext:
    name: str
    name_start: int
    active_parameter: int


def is_word_byte(byte: int) -> bool:
    """A byte of an identifier (letters, digits, `_`; UTF-8 names are rare in HPC code)."""
    return chr(byte).isalnum() or byte == ord("_")


def _fortran_line_continues(source: bytes, newline: int) -> bool:
    """True when the line that ends at `newline` ends with `&` (before any comment)."""
    start = source.rfind(b"\n", 0, newline) + 1
    code = source[start:newline].split(b"!", 1)[0].rstrip()
    return code.endswith(b"&")


def call_at(source: bytes, offset: int, fortran: bool) -> CallContext | None:
    """The innermost unclosed call before `offset`, or None.

    Scans backwards counting brackets; commas at the call's own depth separate its
    arguments. A statement boundary (`;`, `{`, `}` in C; a line without `&` in Fortran)
    ends the search.
    """
    commas = 0
    closers: list[int] = []
    i = min(offset, len(source)) - 1
    stop = max(0, offset - _MAX_SCAN)
    quote: int | None = None
    while i >= stop:
        c = source[i]
        if quote is not None:
            if c == quote:
                quote = None
        elif c in (ord('"'), ord("'")):
            quote = c
        elif c in _OPEN:
            closers.append(_OPEN[c])
        elif c in (ord("("), ord("["), ord("{")):
            if closers:
                if closers.pop() != c:
                    return None
            elif c == ord("("):
                return _named(source, i, commas)
            else:
                return None
        elif not closers and c == ord(","):
            commas += 1
        elif _statement_ends(source, i, fortran, nested=bool(closers)):
            return None
        i -= 1
    return None


def _statement_ends(source: bytes, i: int, fortran: bool, nested: bool) -> bool:
    c = source[i]
    if fortran:
        return c == ord("\n") and not _fortran_line_continues(source, i)
    return c == ord(";") and not nested  # a `for (;;)` header nests its semicolons


def _named(source: bytes, paren: int, commas: int) -> CallContext | None:
    end = paren
    while end > 0 and source[end - 1] in b" \t":
        end -= 1
    start = end
    while start > 0 and is_word_byte(source[start - 1]):
        start -= 1
    if start == end:
        return None
    name = source[start:end].decode("utf-8", "replace")
    return CallContext(name, start, commas)
