"""Name the issue-12 pattern behind a discrepancy (C++ streams, std::map, std::string +=,
a reference alias, Fortran I/O), for the failure message: the analysis refuses these
patterns now, so any of them showing up again is a regression, and fails like a new one."""

from __future__ import annotations

import re

from tests.fuzz.oracle import Discrepancy

# (name, language suffixes, a pattern in the loop's text)
KNOWN: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("C++ stream output in the loop", (".cpp",), re.compile(r"std::cout|<<")),
    ("std::map written in the loop", (".cpp",), re.compile(r"\bmp\[|std::map")),
    ("std::string appended in the loop", (".cpp",), re.compile(r"\bstr\s*\+=")),
    ("a reference aliasing an element", (".cpp",), re.compile(r"(?m)^\s*r\s*\+=")),
    (
        "Fortran print/write/read in the loop",
        (".f90", ".f"),
        re.compile(r"(?im)^\s*(print|write|read)\b"),
    ),
)


def known_pattern(d: Discrepancy) -> str | None:
    """The known unsound pattern that explains `d`, or None for a new fault."""
    suffix = "." + d.path.rsplit(".", 1)[-1]
    for name, suffixes, pattern in KNOWN:
        if suffix in suffixes and any(pattern.search(text) for text in d.loops):
            return name
    return None
