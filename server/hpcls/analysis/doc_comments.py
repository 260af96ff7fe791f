"""Documentation comments of a declaration, as the usual HPC tools write them.

Doxygen: `!>` (Fortran) and `///`, `//!`, `/** … */` (C family) on the lines just above a
declaration. FORD: `!!` lines just above or just below the declaration's first line (FORD
puts them below). Plain comments are not documentation: they often hold commented-out code.
"""

from __future__ import annotations

from collections.abc import Iterator

# Lines of documentation shown at most: a hover is a summary, not a manual.
MAX_DOC_LINES = 20
# Lines read above a declaration: enough for a long doc block and a cut marker.
_LOOK_BACK = MAX_DOC_LINES * 2 + 2


def _lines_above(source: bytes, start: int) -> Iterator[str]:
    """Lines before the one holding `start`, nearest first, read backwards and lazily: a
    declaration without documentation costs one line, not the file above it."""
    end = source.rfind(b"\n", 0, start)
    for _ in range(_LOOK_BACK):
        if end < 0:
            return
        begin = source.rfind(b"\n", 0, end) + 1
        yield source[begin:end].decode("utf-8", "replace").rstrip("\r")
        end = begin - 1


def _lines_below(source: bytes, start: int) -> Iterator[str]:
    """Lines after the one holding `start`, read lazily."""
    begin = source.find(b"\n", start)
    for _ in range(_LOOK_BACK):
        if begin < 0:
            return
        end = source.find(b"\n", begin + 1)
        yield source[begin + 1 : len(source) if end < 0 else end].decode("utf-8", "replace")
        begin = end


def _marked(line: str, markers: tuple[str, ...]) -> str | None:
    stripped = line.strip()
    for marker in markers:
        if stripped.startswith(marker):
            return stripped[len(marker) :].strip()
    return None


def _block_above(lines: Iterator[str]) -> list[str]:
    """A `/** … */` block ending on the line just above."""
    first = next(lines, None)
    if first is None or not first.strip().endswith("*/"):
        return []
    taken: list[str] = []
    for line in (first, *lines):
        taken.append(line)
        if line.strip().startswith("/**"):
            body = [raw.strip().removeprefix("/**").removesuffix("*/") for raw in reversed(taken)]
            return [b.strip().removeprefix("*").strip() for b in body]
    return []


def doc_comment(source: bytes, start: int, fortran: bool) -> str | None:
    """The documentation of the declaration whose statement starts at byte `start`."""
    markers = ("!>", "!!") if fortran else ("///", "//!")
    found = _marked_run(_lines_above(source, start), markers)
    found.reverse()
    if not found and not fortran:
        found = _block_above(_lines_above(source, start))
    if fortran:
        found += _marked_run(_lines_below(source, start), ("!!",))
    while found and not found[0]:
        found.pop(0)
    while found and not found[-1]:
        found.pop()
    if not found:
        return None
    if len(found) > MAX_DOC_LINES:
        found = [*found[:MAX_DOC_LINES], "…"]
    return "\n".join(found)


def _marked_run(lines: Iterator[str], markers: tuple[str, ...]) -> list[str]:
    """The texts of the marked lines at the start of `lines`."""
    found: list[str] = []
    for line in lines:
        text = _marked(line, markers)
        if text is None:
            break
        found.append(text)
    return found
