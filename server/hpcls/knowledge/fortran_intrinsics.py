"""Fortran 2018 intrinsic procedures and the ISO_C_BINDING / ISO_FORTRAN_ENV module
procedures: class, signature as in the standard, and a one-line description each."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from hpcls.knowledge.fortran_intrinsics_arrays import ARRAY, BIT, INQUIRY
from hpcls.knowledge.fortran_intrinsics_numeric import CHARACTER, KIND, MATH, NUMERIC, Row
from hpcls.knowledge.fortran_intrinsics_system import (
    ATOMIC,
    COARRAY,
    ISO_C_BINDING,
    ISO_FORTRAN_ENV,
    SYSTEM,
)

CLASSES: Mapping[str, str] = MappingProxyType(
    {
        "E": "elemental function",
        "E/T": "elemental function (transformational in the N1, N2 form)",
        "T": "transformational function",
        "I": "inquiry function",
        "S": "subroutine",
        "ES": "elemental subroutine",
        "PS": "pure subroutine",
        "AS": "atomic subroutine",
        "CS": "collective subroutine",
    }
)


@dataclass(frozen=True, slots=True)
class Intrinsic:
    name: str
    klass: str  # a key of CLASSES
    signature: str  # one form per line
    description: str
    module: str = ""  # the intrinsic module that provides it; "" for intrinsics proper

    @property
    def is_subroutine(self) -> bool:
        return self.klass in ("S", "ES", "PS", "AS", "CS")


def _rows(rows: tuple[Row, ...], module: str = "") -> tuple[Intrinsic, ...]:
    return tuple(Intrinsic(*row, module=module) for row in rows)


INTRINSICS: tuple[Intrinsic, ...] = (
    *_rows(NUMERIC + MATH + CHARACTER + KIND + INQUIRY + ARRAY + BIT + SYSTEM + COARRAY + ATOMIC),
    *_rows(ISO_C_BINDING, "iso_c_binding"),
    *_rows(ISO_FORTRAN_ENV, "iso_fortran_env"),
)

_BY_NAME: Mapping[str, Intrinsic] = MappingProxyType({i.name: i for i in INTRINSICS})


def intrinsic_named(name: str) -> Intrinsic | None:
    """The intrinsic procedure called `name` (Fortran names are case-insensitive)."""
    return _BY_NAME.get(name.upper())


def fortran_intrinsic_markdown(name: str) -> str | None:
    """Hover markdown for a Fortran intrinsic procedure, else None."""
    i = intrinsic_named(name)
    if i is None:
        return None
    where = f"`{i.module}` module procedure" if i.module else "Fortran 2018 intrinsic"
    text = (
        f"**`{i.name}`**: {CLASSES[i.klass]} ({where})\n\n"
        f"```fortran\n{i.signature}\n```\n\n{i.description}"
    )
    if "[" in i.signature:
        text += "\n\nArguments in `[ ]` are optional."
    return text


_CALL_BEFORE = re.compile(rb"\bcall[ \t]+$", re.IGNORECASE)


_DEFINITION = re.compile(rb"\b(?:subroutine|function)[ \t]+([A-Za-z_]\w*)", re.IGNORECASE)


@lru_cache(maxsize=8)
def _defined_procedures(source: bytes) -> frozenset[str]:
    """Procedure names a file defines, once per text (bytes cache their hash: a hover on
    an unchanged file costs a lookup, not a scan of the whole file)."""
    return frozenset(m.group(1).decode("ascii").lower() for m in _DEFINITION.finditer(source))


def _defines_procedure(source: bytes, name: str) -> bool:
    return name.lower() in _defined_procedures(source)


def fortran_intrinsic_hover(source: bytes, name: str, start: int, end: int) -> str | None:
    """Intrinsic hover for the name at source[start:end] only where it is used as one: a
    function followed by `(` (not after `call`), a subroutine after `call`. This runs
    before user symbols are resolved: the rule keeps variables such as `size` or `count`
    out, and a procedure of that name defined in this file wins. One that shadows an
    intrinsic from another file (rare) still gets the intrinsic's text."""
    intrinsic = intrinsic_named(name)
    if intrinsic is None:
        return None
    line_start = source.rfind(b"\n", 0, start) + 1
    called = _CALL_BEFORE.search(source[line_start:start]) is not None
    if intrinsic.is_subroutine:
        used = called
    else:
        used = not called and source[end : end + 80].lstrip(b" \t")[:1] == b"("
    if not used or _defines_procedure(source, name):
        return None
    return fortran_intrinsic_markdown(name)
