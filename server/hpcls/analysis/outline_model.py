"""The structural facts of a file: what `hpcls.analysis.outline` returns.

Plain frozen values, free of any protocol library, so that every feature (outline, hover,
go-to-definition, folding, workspace index) can share them. All positions are UTF-8 byte
offsets into the source bytes that the tree was parsed from.
"""

from __future__ import annotations

from dataclasses import dataclass

SYMBOL_KINDS = frozenset(
    {
        "program",
        "module",
        "submodule",
        "subroutine",
        "function",
        "type",
        "interface",
        "variable",
        "constant",
        "kernel",
        "device_function",
        "class",
        "struct",
        "union",
        "enum",
        "namespace",
        "macro",
        "field",
        "method",
        "block_data",
        "common",
    }
)
DECLARATION_KINDS = SYMBOL_KINDS | {"parameter", "local"}


@dataclass(frozen=True, slots=True)
class Symbol:
    """One entry of the document outline, with the entries nested inside it."""

    name: str
    kind: str
    detail: str
    start: int
    end: int
    name_start: int
    name_end: int
    children: tuple[Symbol, ...] = ()


@dataclass(frozen=True, slots=True)
class Declaration:
    """A named thing a user can go to: every Symbol, plus dummies/parameters and locals.

    start/end cover the declaring statement (what a hover shows); scope_start/scope_end
    cover the region in which the name is visible.
    """

    name: str
    kind: str
    start: int
    end: int
    name_start: int
    name_end: int
    scope_start: int
    scope_end: int


@dataclass(frozen=True, slots=True)
class Import:
    """A Fortran `use`/`include` or a C-family `#include`."""

    target: str
    kind: str  # "use" | "include" | "system_include"
    start: int
    end: int
    target_start: int
    target_end: int
    scope_start: int
    scope_end: int
    only: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fold:
    """A folding range in 0-based lines; end_line is the construct's last line."""

    start_line: int
    end_line: int
    kind: str  # "region" | "comment" | "imports"
