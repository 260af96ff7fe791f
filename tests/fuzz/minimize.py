"""A small delta-debugging minimizer: drop blocks (a loop or `if` with its body), unwrap
them (keep the body), and drop single statements, while the discrepancy persists.

Units are found from the text's layout, which the generator keeps regular (C blocks
open with `{` at the end of a line and close with a lone `}`; Fortran has `do`/`end
do`, `do 10`/`10 continue`, `if (...) then`/`end if`, fixed-form continuation lines);
a removal that breaks the program is simply not interesting (it no longer builds).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from tests.fuzz.oracle import Oracle

_F_OPEN = re.compile(r"(?i)^\s*(?:\d+\s+)?do\b(?:\s+(\d+))?|^\s*if\s*\(.*\)\s*then\s*$")
_F_CLOSE = re.compile(r"(?i)^\s*end\s*(do|if)\b")
_F_LABEL = re.compile(r"^\s*(\d+)\s+continue\b", re.IGNORECASE)
_F_MIDDLE = re.compile(r"(?i)^\s*else\b")


def _keep(line: str, fortran: bool, fixed: bool) -> bool:
    """Lines never removed on their own: comments, preprocessor lines, blank lines."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("#", "//", "!")):
        return True
    return fixed and line[:1] in "cC*"


def _continued(lines: list[str], at: int, fixed: bool) -> int:
    """The last line of the statement starting at `at` (fixed-form continuations)."""
    end = at
    while fixed and end + 1 < len(lines):
        nxt = lines[end + 1]
        if len(nxt) > 5 and nxt[:5].strip() == "" and nxt[5] not in " 0" and nxt[:1] not in "cC*!":
            end += 1
        else:
            break
    return end


def _c_close(lines: list[str], at: int) -> int | None:
    depth = 0
    for n in range(at, len(lines)):
        depth += lines[n].count("{") - lines[n].count("}")
        if depth <= 0 and n > at:
            return n
    return None


def _f_close(lines: list[str], at: int, label: str | None) -> int | None:
    depth = 0
    for n in range(at + 1, len(lines)):
        text = lines[n]
        if label is not None:
            match = _F_LABEL.match(text)
            if match and match.group(1) == label:
                return n
            continue
        opened = _F_OPEN.match(text)
        if opened and not opened.group(1):  # a labelled `do` ends at its label instead
            depth += 1
        elif _F_CLOSE.match(text):
            if depth == 0:
                return n
            depth -= 1
    return None


def units(lines: list[str], fortran: bool, fixed: bool) -> list[frozenset[int]]:
    """Removable sets of line numbers, in source order, a block before its parts."""
    out: list[frozenset[int]] = []
    n = 0
    for n, line in enumerate(lines):
        if _keep(line, fortran, fixed):
            continue
        close: int | None = None
        if fortran:
            match = _F_OPEN.match(line)
            if match:
                close = _f_close(lines, n, match.group(1))
            elif _F_CLOSE.match(line) or _F_LABEL.match(line) or _F_MIDDLE.match(line):
                continue
        elif line.rstrip().endswith("{"):
            close = _c_close(lines, n)
        elif line.strip().startswith("}"):
            continue
        if close is not None:
            out.append(frozenset(range(n, close + 1)))
            out.append(frozenset({n, close}))  # unwrap: keep the body
            continue
        if fortran and _F_OPEN.match(line):
            continue
        out.append(frozenset(range(n, _continued(lines, n, fixed) + 1)))
    return out


def minimize(
    text: str,
    interesting: Callable[[str], bool],
    *,
    fortran: bool,
    fixed: bool,
    budget_s: float = 180.0,
) -> str:
    """The smallest text reached (by removing units) for which `interesting` holds."""
    lines = text.splitlines()
    deadline = time.monotonic() + budget_s
    progress = True
    while progress and time.monotonic() < deadline:
        progress = False
        at = 0
        while time.monotonic() < deadline:
            pending = [u for u in units(lines, fortran, fixed) if min(u) >= at]
            for unit in pending:
                if time.monotonic() >= deadline:
                    break
                candidate = [line for k, line in enumerate(lines) if k not in unit]
                if interesting("\n".join(candidate) + "\n"):
                    lines, at, progress = candidate, min(unit), True
                    break
            else:
                break
    return "\n".join(lines) + "\n"


def still_wrong(suffix: str, kind: str | None) -> Callable[[str], bool]:
    """The oracle as a predicate: some verified edit still changes the behaviour (with the
    same kind of difference, when `kind` is given)."""
    oracle = Oracle(stop_early=True)

    def check(text: str) -> bool:
        report = oracle.check_source(text, suffix, "min")
        return any(kind is None or d.kind == kind for d in report.discrepancies)

    return check
