"""Documentation comments of a declaration, as the usual HPC tools write them.

Doxygen: `!>` (Fortran) and `///`, `//!`, `/** … */` (C family) on the lines just above a
declaration. FORD: `!!` lines just above or just below the declaration's first line (FORD
puts them below). Plain comments are not documentation: they often hold commented-out code.
"""

from __future__ import annotations

# Lines of documentation shown at most: a hover is a summary, not a manual.
MAX_DOC_LINES = 20
# Lines read above a declaration: enough for a long doc block and a cut marker.
_LOOK_BACK = MAX_DOC_LINES * 2 + 2


def _lines_above(source: bytes, start: int) -> list[str]:
    """Up to a screenful of lines before the one holding `start`, nearest first (read
    backwards: decoding the whole file above would cost a millisecond per hover)."""
    lines: list[str] = []
    end = source.rfind(b"\n", 0, start)
    while end >= 0 and len(lines) < _LOOK_BACK:
        begin = source.rfind(b"\n", 0, end) + 1
        lines.append(source[begin:end].decode("utf-8", "replace").rstrip("\r"))
        end = begin - 1
    return lines


def _marked(line: str, markers: tuple[str, ...]) -> str | None:
    stripped = line.strip()
    for marker in markers:
        if stripped.startswith(marker):
            return stripped[len(marker) :].strip()
    return None


def _block_above(lines: list[str]) -> list[str]:
    """A `/** … */` block ending on the line just above."""
    if not lines or not lines[0].strip().endswith("*/"):
        return []
    taken: list[str] = []
    for line in lines:
        taken.append(line)
        if line.strip().startswith("/**"):
            body = [raw.strip().removeprefix("/**").removesuffix("*/") for raw in reversed(taken)]
            return [b.strip().removeprefix("*").strip() for b in body]
        if len(taken) >= _LOOK_BACK:
            break
    return []


def doc_comment(source: bytes, start: int, fortran: bool) -> str | None:
    """The documentation of the declaration whose statement starts at byte `start`."""
    above = _lines_above(source, start)
    markers = ("!>", "!!") if fortran else ("///", "//!")
    found: list[str] = []
    for line in above:
        text = _marked(line, markers)
        if text is None:
            break
        found.append(text)
    found.reverse()
    if not found and not fortran:
        found = _block_above(above)
    if fortran:
        line_end = source.find(b"\n", start)
        if line_end >= 0:
            below = source[line_end + 1 : line_end + 1 + 200 * _LOOK_BACK]
            for line in below.decode("utf-8", "replace").splitlines():
                text = _marked(line, ("!!",))
                if text is None:
                    break
                found.append(text)
    while found and not found[0]:
        found.pop(0)
    while found and not found[-1]:
        found.pop()
    if not found:
        return None
    if len(found) > MAX_DOC_LINES:
        found = [*found[:MAX_DOC_LINES], "…"]
    return "\n".join(found)
