"""Which Fortran MPI binding a source file uses."""

from __future__ import annotations

import re
from typing import Literal

# `use mpi_f08`, `use :: mpi_f08`, `use, intrinsic :: mpi_f08, only: ...` at a statement start.
_USE_F08 = re.compile(r"^\s*use\b\s*(?:,\s*\w+\s*)?(?:::)?\s*mpi_f08\b", re.IGNORECASE)


def _code_part(line: str) -> str:
    """The line without its `!` comment (a `!` inside a string is not a comment)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "!":
            return line[:index]
    return line


def fortran_mpi_binding(source: str) -> Literal["f08", "f90"]:
    """'f08' when the file has `use mpi_f08` outside comments, else 'f90' (use mpi / mpif.h)."""
    for line in source.splitlines():
        # Fixed form marks whole-line comments with C or * in column 1.
        if line[:1] in ("c", "C", "*"):
            continue
        for statement in _code_part(line).split(";"):
            if _USE_F08.match(statement):
                return "f08"
    return "f90"
