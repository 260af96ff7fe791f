"""Edits and outputs for the oracle: a `schedule(...)` clause added to a parallelize
edit's directive, several loops' edits applied to one program, and two outputs compared
exactly or within a declared relative tolerance."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from hpcls.actions.parallelize_text import Insertion
from hpcls.languages.registry import LanguageKind

_TOLERANCE = re.compile(r"HPCLS-TOLERANCE:\s*([0-9.eE+-]+)")
_NUMBERS = re.compile(r"([+-]?(?:\d+\.?\d*|\.\d+)(?:[eEdD][+-]?\d+)?)")
_INTEGER = re.compile(r"[+-]?\d+")


def with_schedule(opening: str, language: LanguageKind, schedule: str) -> str:
    """The opening directive text of a parallelize edit with `schedule(<schedule>)` added:
    on the pragma line in C/C++, on a continuation line in Fortran (fixed form: `!$omp&`
    in columns 1-6; free form: `&` at the end of the line before)."""
    newline = "\r\n" if opening.endswith("\r\n") else "\n"
    body = opening.removesuffix(newline)
    clause = f"schedule({schedule})"
    if language is LanguageKind.FORTRAN_FIXED:
        return f"{body}{newline}!$omp& {clause}{newline}"
    if language.is_fortran:
        first = body.split(newline, 1)[0]
        indent = first[: len(first) - len(first.lstrip(" \t"))]
        return f"{body} &{newline}{indent}!$omp& {clause}{newline}"
    return f"{body} {clause}{newline}"


def combine(source: bytes, loops: Sequence[tuple[Insertion, ...]]) -> bytes:
    """Every loop's insertions applied to `source` (offsets are into `source`). Where a
    Fortran `end parallel do` and the next loop's directive land on the same offset, the
    end comes first: a loop's opening is always its first insertion. (hpcls's `apply`
    serves one loop; for several it would put that directive before the end.)"""
    keyed: list[tuple[int, int, str]] = []
    for edits in loops:
        for n, edit in enumerate(edits):
            keyed.append((edit.at, 0 if n else 1, edit.text))
    keyed.sort(key=lambda item: (item[0], item[1]))
    out: list[bytes] = []
    last = 0
    for at, _, text in keyed:
        out += [source[last:at], text.encode("utf-8")]
        last = at
    out.append(source[last:])
    return b"".join(out)


def declared_tolerance(text: str) -> float | None:
    match = _TOLERANCE.search(text)
    return float(match.group(1)) if match else None


def _parts(line: str) -> list[str]:
    """A line split into text and numbers: `fs=2.5e-3,` is ['fs=', '2.5e-3', ',']."""
    return [part for part in _NUMBERS.split(line) if part]


def _close(a: str, b: str, tolerance: float) -> bool:
    if a == b:
        return True
    if not (_NUMBERS.fullmatch(a) and _NUMBERS.fullmatch(b)):
        return False
    # Integers compare exactly; `%g` prints a double that is whole without a fraction
    # (`5` against `5.0000000000000018`), so one whole side still compares as a number.
    if _INTEGER.fullmatch(a) and _INTEGER.fullmatch(b):
        return False
    x, y = (float(t.replace("d", "e").replace("D", "e")) for t in (a, b))
    return math.isclose(x, y, rel_tol=tolerance, abs_tol=tolerance)


def same_output(expected: str, got: str, tolerance: float | None) -> bool:
    """Exact, or where numbers with a fraction or an exponent may differ by the relative
    `tolerance` (integers and all other text always compare exactly)."""
    if expected == got:
        return True
    if tolerance is None:
        return False
    left, right = expected.splitlines(), got.splitlines()
    if len(left) != len(right):
        return False
    for a, b in zip(left, right, strict=True):
        pa, pb = _parts(a.strip()), _parts(b.strip())
        if len(pa) != len(pb):
            return False
        if not all(_close(x.strip(), y.strip(), tolerance) for x, y in zip(pa, pb, strict=True)):
            return False
    return True


def first_difference(expected: str, got: str, context: int = 2) -> str:
    """A few lines around the first line where the outputs differ, for a report."""
    a, b = expected.splitlines(), got.splitlines()
    at = next(
        (n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    lo = max(at - context, 0)
    return (
        f"first difference at output line {at + 1} "
        f"(serial {len(a)} lines, parallel {len(b)} lines)\n"
        f"  serial:   {a[lo : at + context + 1]}\n"
        f"  parallel: {b[lo : at + context + 1]}"
    )
