"""A small delta-debugging minimizer: drop blocks (a loop or `if` with its body), unwrap
`if` blocks (keep the body), and drop single statements of the main program, while the
discrepancy persists.

Units are found from the text's layout, which the generator keeps regular (C blocks
open with `{` at the end of a line and close with a lone `}`; Fortran has `do`/`end
do`, `do 10`/`10 continue`, `if (...) then`/`end if`, fixed-form continuation lines);
a removal that breaks the program is simply not interesting (it no longer builds).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.fuzz.oracle import Oracle
from tests.fuzz.toolchain import COMPILE_TIMEOUT, compiler_for, run

_F_OPEN = re.compile(r"(?i)^\s*(?:\d+\s+)?do\b(?:\s+(\d+))?|^\s*if\s*\(.*\)\s*then\s*$")
_F_CLOSE = re.compile(r"(?i)^\s*end\s*(do|if)\b")
_F_LABEL = re.compile(r"^\s*(\d+)\s+continue\b", re.IGNORECASE)
_F_MIDDLE = re.compile(r"(?i)^\s*else\b")


def _keep(line: str, fortran: bool, fixed: bool) -> bool:
    """Lines never removed on their own: comments, preprocessor lines, blank lines."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("#", "//", "!")):
        return True
    if fortran and stripped.lower().startswith("implicit none"):  # no implicit typing
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


_MAIN = re.compile(r"(?i)^\s*(int\s+main\s*\(|program\s+\w+)")


def _main_region(lines: list[str], fixed: bool) -> range:
    """The lines of the main program: the routines it calls stay whole (a function
    without its `return` or result assignment would make the program undefined)."""
    start = next((n for n, line in enumerate(lines) if _MAIN.match(line)), 0)
    end = len(lines)
    if fixed:  # external routines follow the program's `end`
        end = next((n for n in range(start, end) if lines[n].strip().lower() == "end"), end)
    return range(start + 1, end)


def units(lines: list[str], fortran: bool, fixed: bool) -> list[frozenset[int]]:
    """Removable sets of line numbers in the main program, in source order, a block
    before its parts."""
    out: list[frozenset[int]] = []
    region = _main_region(lines, fixed)
    for n, line in enumerate(lines):
        if n not in region or _keep(line, fortran, fixed):
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
        if close is not None and close in region:
            out.append(frozenset(range(n, close + 1)))
            if re.match(r"\s*(}\s*else\s*)?if\b", line, re.IGNORECASE):
                # unwrap an `if`, keeping its body; never a loop, whose variable would
                # then be read after it (a different fault from the one being kept)
                out.append(frozenset({n, close}))
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
    """The smallest text reached (by removing units) for which `interesting` holds.
    Big units go first (a whole loop nest at once); a unit that failed is not retried
    until a pass without progress, which clears the memory once."""
    lines = text.splitlines()
    deadline = time.monotonic() + budget_s
    failed: set[tuple[str, ...]] = set()
    cleared = False
    while time.monotonic() < deadline:
        order = sorted(units(lines, fortran, fixed), key=lambda u: (-len(u), min(u)))
        for unit in order:
            signature = tuple(lines[k] for k in sorted(unit))
            if signature in failed:
                continue
            if time.monotonic() >= deadline:
                break
            candidate = [line for k, line in enumerate(lines) if k not in unit]
            if interesting("\n".join(candidate) + "\n"):
                lines, cleared = candidate, False
                break
            failed.add(signature)
        else:
            if cleared or not failed:
                break
            failed.clear()  # earlier removals may have made a failed unit removable
            cleared = True
    return "\n".join(lines) + "\n"


# Two ways to fill uninitialized locals: a program that prints the same under both
# reads none of them (what -Wuninitialized cannot promise).
_FILLS = {
    True: (["-finit-local-zero"], ["-finit-integer=-4242", "-finit-real=inf"]),
    False: (["-ftrivial-auto-var-init=zero"], ["-ftrivial-auto-var-init=pattern"]),
}


def defined(text: str, suffix: str) -> bool:
    """Does the serial program print the same whatever its uninitialized locals hold? (A
    removal that leaves one read makes serial and parallel outputs differ for no fault
    of the edit.)"""
    compiler = compiler_for(suffix)
    if compiler is None:
        return False
    outputs = []
    with tempfile.TemporaryDirectory(prefix="hpcls-min-") as tmp:
        src = Path(tmp) / f"m{suffix}"
        src.write_text(text, encoding="utf-8")
        for n, fill in enumerate(_FILLS[suffix in (".f90", ".f")]):
            exe = Path(tmp) / f"m{n}"
            try:
                out = subprocess.run(
                    [compiler, "-O1", "-w", *fill, str(src), "-o", str(exe)],
                    cwd=tmp,
                    capture_output=True,
                    timeout=COMPILE_TIMEOUT,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                return False
            if out.returncode != 0:
                return False
            ran = run(exe)
            if ran.rc != 0 or ran.timed_out:
                return False
            outputs.append(ran.stdout)
    return outputs[0] == outputs[1]


def still_wrong(
    suffix: str, kind: str, headers: tuple[str, ...], directive: str
) -> Callable[[str], bool]:
    """The oracle as a predicate: the verified edit of the same loop (its header line's
    text), with the same directive, still changes the behaviour in the same way (output,
    status, ...), and no variable is used uninitialized. Holding on to the loop and its
    clauses keeps the search from drifting to another fault."""
    oracle = Oracle(stop_early=True)

    def check(text: str) -> bool:
        if not defined(text, suffix):
            return False
        report = oracle.check_source(text, suffix, "min")
        return any(
            d.kind == kind and d.headers == headers and d.directive == directive
            for d in report.discrepancies
        )

    return check
