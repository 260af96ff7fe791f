"""find_directives, remembered per document between edits.

A keystroke changes one region of a file, but scanning every directive of a file with
thousands of them costs ~50 ms (pure Python per directive): too much for each diagnostics
run. The result for the previous text of the same document is reused when the edit is small
and types nothing that could change how text far away reads (quotes,
comment and continuation marks, `#`): directives before the window of lines around the
edit stay, those after it are shifted, and only the window is scanned again. Any other
edit, or a directive crossing the window's edge, scans the whole file. The answer equals
a whole-file scan; the tests compare the two on random edits.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace

import tree_sitter

from hpcls.analysis.directives import (
    ToParse,
    find_directives,
    find_directives_in,
    line_end_after,
    line_start_before,
)
from hpcls.analysis.directives_syntax import Directive
from hpcls.languages.registry import LanguageKind

_DOCUMENTS = 64  # documents remembered (open editors, not the whole workspace)
_REACH = 20  # lines rescanned on each side of a change
_BLOCK = 4096


@dataclass(frozen=True, slots=True)
class _Scan:
    kind: LanguageKind
    source: bytes
    directives: tuple[Directive, ...]


_memo: OrderedDict[str, _Scan] = OrderedDict()


def _changed(old: bytes, new: bytes) -> tuple[int, int, int]:
    """(a, old_end, new_end): old[a:old_end] became new[a:new_end]. Compares in blocks:
    memcmp speed, not a Python loop over a megabyte."""
    limit = min(len(old), len(new))
    a = 0
    while a < limit and old[a : a + _BLOCK] == new[a : a + _BLOCK]:
        a += _BLOCK
    while a < limit and old[a] == new[a]:
        a += 1
    a = min(a, limit)
    tail = 0
    room = limit - a
    while (
        tail + _BLOCK <= room
        and old[len(old) - tail - _BLOCK : len(old) - tail]
        == new[len(new) - tail - _BLOCK : len(new) - tail]
    ):
        tail += _BLOCK
    while tail < room and old[len(old) - tail - 1] == new[len(new) - tail - 1]:
        tail += 1
    return a, len(old) - tail, len(new) - tail


def _shift(d: Directive, by: int, lines: int) -> Directive:
    return replace(
        d,
        clauses=tuple(replace(c, start=c.start + by, end=c.end + by) for c in d.clauses),
        start=d.start + by,
        end=d.end + by,
        name_start=d.name_start + by,
        name_end=d.name_end + by,
        lines=tuple(line + lines for line in d.lines),
        errors=tuple((s + by, e + by, m) for s, e, m in d.errors),
    )


def _incremental(
    prev: _Scan, tree: tree_sitter.Tree, source: bytes, kind: LanguageKind, to_parse: ToParse
) -> list[Directive] | None:
    """The directives after a small edit (see _safe_edit), or None."""
    a, old_end, new_end = _changed(prev.source, source)
    by = new_end - old_end
    lines = source.count(b"\n", a, new_end) - prev.source.count(b"\n", a, old_end)
    start = line_start_before(source, a, _REACH)
    end = line_end_after(source, new_end, _REACH)
    old_end_window = end - by
    for d in prev.directives:
        if d.start < start <= d.end or d.start < old_end_window <= d.end:
            return None  # a directive crosses the window's edge: scan the whole file
    before = [d for d in prev.directives if d.end < start]
    after = [_shift(d, by, lines) for d in prev.directives if d.start >= old_end_window]
    middle = find_directives_in(tree, source, kind, start, end, to_parse)
    return before + middle + after


def directives_of(
    uri: str, tree: tree_sitter.Tree, source: bytes, kind: LanguageKind, to_parse: ToParse = None
) -> list[Directive]:
    """find_directives(tree, source, kind, to_parse), reusing the scan of this uri's
    previous text."""
    prev = _memo.pop(uri, None)
    found: list[Directive] | None = None
    if prev is not None and prev.kind is kind and prev.source == source:
        found = list(prev.directives)
    elif prev is not None and prev.kind is kind and _safe_edit(prev.source, source, kind):
        found = _incremental(prev, tree, source, kind, to_parse)
    if found is None:
        found = find_directives(tree, source, kind, to_parse)
    _memo[uri] = _Scan(kind, source, tuple(found))
    while len(_memo) > _DOCUMENTS:
        _memo.popitem(last=False)
    return found


def forget(uri: str) -> None:
    """Drop the document's scan (it was closed): a closed file keeps no directives here."""
    _memo.pop(uri, None)


# Bytes whose typing can change how text far away is read: comments, strings, line
# continuations, preprocessor lines. (A line break only renumbers the lines after it.)
_UNSAFE_C = frozenset(b"\"'/*\\#")
_UNSAFE_FORTRAN = frozenset(b"\"'!&#")  # `*` and `c` in column 1 change only their own line


def _safe_edit(old: bytes, new: bytes, kind: LanguageKind) -> bool:
    """A small edit that cannot change how the text beyond its window reads."""
    a, old_end, new_end = _changed(old, new)
    touched = old[a:old_end] + new[a:new_end]
    unsafe = _UNSAFE_FORTRAN if kind.is_fortran else _UNSAFE_C
    return len(touched) < 256 and not any(c in unsafe for c in touched)
