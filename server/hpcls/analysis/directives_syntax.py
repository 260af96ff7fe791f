"""The text of one OpenMP/OpenACC directive: its name, directive argument and clauses.

Works on a *logical* directive: the continuation lines already joined into one byte string
(`Logical`), with the source byte offset of every byte kept so that every range reported is a
UTF-8 byte range of the original source. Finding directives in a file is directives.py's job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

__all__ = ["Clause", "Directive", "Error", "Logical", "clause_items", "known_names", "parse_body"]

Error = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Clause:
    name: str  # lower-case
    arguments: str | None  # text inside the parentheses, whitespace-normalised; None: no parens
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Directive:
    sentinel: str  # "#pragma omp", "!$omp", "c$omp", "*$omp", "!$acc", "#pragma acc", ...
    family: str  # "omp" | "acc"
    name: str  # canonical lower-case name; the first word(s) when not known
    known: bool
    is_end: bool  # "end ..." (Fortran end directives, C's "end declare target")
    clauses: tuple[Clause, ...]
    directive_argument: str | None  # critical(name), flush(list), threadprivate(list), ...
    start: int
    end: int  # excludes trailing comments and the line break
    name_start: int
    name_end: int
    lines: tuple[int, ...]  # 0-based
    errors: tuple[Error, ...]  # (start, end, message)

    def clause(self, name: str) -> Clause | None:
        """The first clause called `name` (case-insensitive)."""
        key = name.lower()
        return next((c for c in self.clauses if c.name == key), None)

    def clauses_named(self, name: str) -> tuple[Clause, ...]:
        key = name.lower()
        return tuple(c for c in self.clauses if c.name == key)

    def clause_vars(self, name: str) -> tuple[str, ...]:
        """The list items of every clause called `name`, as written (case kept), without
        modifiers (`reduction(inscan, +: a)` gives a) or array sections (`a[0:n]` gives a)."""
        out: list[str] = []
        for c in self.clauses_named(name):
            if c.arguments is not None:
                out.extend(clause_items(c.name, c.arguments))
        return tuple(out)


# --- directive names ------------------------------------------------------------------------

_OMP_BASE = """
allocate; allocators; assume; assumes; atomic; barrier; cancel; cancellation point; critical;
declare mapper; declare reduction; declare simd; declare target; declare variant; depobj;
dispatch; distribute; distribute parallel for; distribute parallel for simd; distribute simd;
error; flush; for; for simd; interop; loop; masked; masked taskloop; masked taskloop simd;
master; master taskloop; master taskloop simd; metadirective; nothing; ordered; parallel;
parallel for; parallel for simd; parallel loop; parallel masked; parallel masked taskloop;
parallel masked taskloop simd; parallel master; parallel master taskloop;
parallel master taskloop simd; parallel sections; requires; scan; scope; section; sections;
simd; single; target; target data; target enter data; target exit data; target parallel;
target parallel for; target parallel for simd; target parallel loop; target simd; target teams;
target teams distribute; target teams distribute parallel for;
target teams distribute parallel for simd; target teams distribute simd; target teams loop;
target update; task; taskgroup; taskloop; taskloop simd; taskwait; taskyield; teams;
teams distribute; teams distribute parallel for; teams distribute parallel for simd;
teams distribute simd; teams loop; threadprivate; tile; unroll
"""
_OMP_C_ONLY = """
begin assumes; end assumes; begin declare target; end declare target; begin declare variant;
end declare variant; begin metadirective
"""
# Directives that never open a block, so Fortran has no "end" form of them.
_OMP_NO_END = """
allocate; assumes; barrier; cancel; cancellation point; declare mapper; declare reduction;
declare simd; declare target; declare variant; depobj; error; flush; interop; nothing; requires;
scan; section; target enter data; target exit data; target update; taskwait; taskyield;
threadprivate
"""
_ACC_BASE = """
parallel; kernels; serial; data; enter data; exit data; host_data; loop; cache; atomic; declare;
init; shutdown; set; update; wait; routine; parallel loop; kernels loop; serial loop
"""
_ACC_BLOCKS = (
    "parallel; kernels; serial; data; host_data; atomic; parallel loop; kernels loop; serial loop"
)


def _names(text: str) -> list[str]:
    return [" ".join(n.split()) for n in text.split(";") if n.strip()]


def _fortran_spelling(name: str) -> str:
    return " ".join("do" if w == "for" else w for w in name.split())


def _omp_names(fortran: bool) -> list[str]:
    if not fortran:
        return _names(_OMP_BASE) + _names(_OMP_C_ONLY)
    base = [_fortran_spelling(n) for n in _names(_OMP_BASE)] + ["workshare", "parallel workshare"]
    no_end = {_fortran_spelling(n) for n in _names(_OMP_NO_END)}
    return base + [f"end {n}" for n in base if n not in no_end]


def _acc_names(fortran: bool) -> list[str]:
    base = _names(_ACC_BASE)
    return base + [f"end {n}" for n in _names(_ACC_BLOCKS)] if fortran else base


@dataclass(frozen=True, slots=True)
class _NameTable:
    regex: re.Pattern[bytes]
    canonical: dict[bytes, str]  # name without blanks -> canonical name


def _table(names: list[str], fortran: bool) -> _NameTable:
    # Fortran blanks between the words are optional (`enddo`, `paralleldo`); C needs one.
    sep = rb"[ \t]*" if fortran else rb"[ \t\f\v]+"
    ordered = sorted(set(names), key=lambda n: -len(n.replace(" ", "")))  # longest match first
    alts = b"|".join(sep.join(re.escape(w.encode()) for w in n.split()) for n in ordered)
    flags = re.IGNORECASE if fortran else 0
    canonical = {n.replace(" ", "").encode(): n for n in ordered}
    return _NameTable(re.compile(rb"(?:" + alts + rb")(?![A-Za-z0-9_])", flags), canonical)


_TABLES = {
    ("omp", False): _table(_omp_names(False), False),
    ("omp", True): _table(_omp_names(True), True),
    ("acc", False): _table(_acc_names(False), False),
    ("acc", True): _table(_acc_names(True), True),
}


def known_names(family: str, fortran: bool) -> frozenset[str]:
    return frozenset(_TABLES[(family, fortran)].canonical.values())


# --- the logical directive ------------------------------------------------------------------


class Logical:
    """A directive's text with continuations joined, and the source offset of each byte."""

    __slots__ = ("buf", "pos")

    def __init__(self) -> None:
        self.buf = bytearray()
        self.pos: list[int] = []

    def add(self, data: bytes, offset: int) -> None:
        self.buf += data
        self.pos.extend(range(offset, offset + len(data)))

    def add_joiner(self, data: bytes, offset: int) -> None:
        """Text standing for something else (a comment, a line break), all mapped to offset."""
        self.buf += data
        self.pos.extend([offset] * len(data))

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Source range of buf[i:j] (empty at the source position of buf[i] when i == j)."""
        if j > i:
            return self.pos[i], self.pos[j - 1] + 1
        at = self.pos[i] if i < len(self.pos) else (self.pos[-1] + 1 if self.pos else 0)
        return at, at


_SPACE = frozenset(b" \t\f\v\r\n")
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_MEMORY_ORDER = frozenset({"acq_rel", "release", "acquire", "seq_cst", "relaxed"})


def _skip(buf: bytes, i: int, n: int, extra: bytes = b"") -> int:
    while i < n and (buf[i] in _SPACE or buf[i] in extra):
        i += 1
    return i


def _matching_paren(buf: bytes, i: int, n: int) -> int:
    """Index of the ')' closing the '(' at buf[i], or -1. Quoted text is skipped."""
    depth = 0
    quote = 0
    while i < n:
        c = buf[i]
        if quote:
            if c == quote:
                quote = 0
            elif c == 0x5C and i + 1 < n:  # backslash escape inside a C string
                i += 1
        elif c in b"\"'":
            quote = c
        elif c == 0x28:  # (
            depth += 1
        elif c == 0x29:  # )
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _normalise(data: bytes) -> str:
    return " ".join(data.decode("utf-8", "replace").split())


def parse_body(
    lg: Logical,
    body: int,
    *,
    sentinel: str,
    family: str,
    fortran: bool,
    lines: tuple[int, ...],
    extra_errors: Sequence[Error] = (),
) -> Directive:
    """Parse lg.buf[body:] (the text after the sentinel) into a Directive; extra_errors are
    the scanner's (continuation problems), in source offsets."""
    buf = bytes(lg.buf)
    n = len(buf)
    while n > 0 and buf[n - 1] in _SPACE:
        n -= 1
    first = _skip(buf, 0, n)
    start, end = lg.span(first, n)
    errors: list[Error] = list(extra_errors)

    i = _skip(buf, body, n)
    m = _TABLES[(family, fortran)].regex.match(buf, i, n)
    if m:
        name_j = m.end()
        name = _TABLES[(family, fortran)].canonical[re.sub(rb"\s+", b"", m.group()).lower()]
        known = True
    else:
        known = False
        w = _WORD.match(buf, i, n)
        name_j = w.end() if w else i
        name = w.group().decode().lower() if w else ""
        if name == "end":  # keep the construct word: "end foo"
            w2 = _WORD.match(buf, _skip(buf, name_j, n), n)
            if w2:
                name, name_j = f"end {w2.group().decode().lower()}", w2.end()
    # An empty name sits at the end of the text, not on a dropped blank after it.
    name_start, name_end = lg.span(i, name_j) if name_j > i else (end, end)
    if not name:
        errors.append((name_start, name_end, "missing directive name"))

    directive_argument: str | None = None
    i = _skip(buf, name_j, n)
    if i < n and buf[i] == 0x28:
        directive_argument, i = _arguments(lg, buf, i, n, errors)
    clauses: list[Clause] = []
    while (i := _skip(buf, i, n, b",")) < n:
        c = buf[i]
        w = _WORD.match(buf, i, n)
        if w:
            cname = w.group().decode().lower()
            k = _skip(buf, w.end(), n)
            if k < n and buf[k] == 0x28:
                if name == "flush" and cname in _MEMORY_ORDER and directive_argument is None:
                    # `flush acq_rel (a, b)`: the list belongs to flush, not to the clause
                    clauses.append(Clause(cname, None, *lg.span(i, w.end())))
                    directive_argument, i = _arguments(lg, buf, k, n, errors)
                    continue
                args, j = _arguments(lg, buf, k, n, errors)
                clauses.append(Clause(cname, args, *lg.span(i, j)))
                i = j
            else:
                clauses.append(Clause(cname, None, *lg.span(i, w.end())))
                i = w.end()
        elif c == 0x28:
            close = _matching_paren(buf, i, n)
            j = n if close < 0 else close + 1
            errors.append((*lg.span(i, j), "argument list without a clause name"))
            i = j
        elif c == 0x29:
            errors.append((*lg.span(i, i + 1), "unbalanced parenthesis: unexpected ')'"))
            i += 1
        else:
            j = i + 1
            while (
                j < n
                and buf[j] not in _SPACE
                and buf[j] not in b",()"
                and not _WORD.match(buf, j, j + 1)
            ):
                j += 1
            errors.append((*lg.span(i, j), f"unexpected {_normalise(buf[i:j])!r}"))
            i = j

    return Directive(
        sentinel=sentinel,
        family=family,
        name=name,
        known=known,
        is_end=name == "end" or name.startswith("end "),
        clauses=tuple(clauses),
        directive_argument=directive_argument,
        start=start,
        end=end,
        name_start=name_start,
        name_end=name_end,
        lines=lines,
        errors=tuple(sorted(errors)),
    )


def _arguments(lg: Logical, buf: bytes, i: int, n: int, errors: list[Error]) -> tuple[str, int]:
    """The normalised text inside the parentheses opening at buf[i], and the index after them."""
    close = _matching_paren(buf, i, n)
    if close < 0:
        errors.append((*lg.span(i, n), "unbalanced parenthesis: missing ')'"))
        return _normalise(buf[i + 1 : n]), n
    text = _normalise(buf[i + 1 : close])
    if not text:
        errors.append((*lg.span(i, close + 1), "empty argument list"))
    return text, close + 1


# --- clause list items ----------------------------------------------------------------------

# Clauses whose list comes before the ':' (the part after it is a step or an alignment).
_LIST_BEFORE_COLON = frozenset({"linear", "aligned"})


def _top_level(text: str, seps: str) -> list[int]:
    """Indices of the characters of `seps` outside (), [], {} and quotes; `::` is no colon."""
    out: list[int] = []
    depth = 0
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == ":" and text.startswith("::", i):
            i += 2
            continue
        elif depth == 0 and ch in seps:
            out.append(i)
        i += 1
    return out


def _after_shape(item: str) -> str:
    depth = 0
    for k, ch in enumerate(item):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return item[k + 1 :].strip()
    return item


def clause_items(clause_name: str, arguments: str) -> tuple[str, ...]:
    """The list items of a clause's arguments: modifiers before ':' dropped (after ':' for
    linear/aligned), each item cut before its subscript or array section."""
    colons = _top_level(arguments, ":")
    if colons:
        if clause_name in _LIST_BEFORE_COLON:
            arguments = arguments[: colons[0]]
        else:
            arguments = arguments[colons[-1] + 1 :]
    cuts = [-1, *_top_level(arguments, ","), len(arguments)]
    items: list[str] = []
    for a, b in pairwise(cuts):
        item = arguments[a + 1 : b].strip()
        if item.startswith("("):  # C array shaping `([n][m])p`: keep the pointer
            item = _after_shape(item)
        sub = min((k for k in (item.find("["), item.find("(", 1)) if k > 0), default=len(item))
        item = item[:sub].strip()
        if item:
            items.append(item)
    return tuple(items)
