"""The MPI standard's procedures, loaded once from pympistandard into frozen tables.

pympistandard keeps its data in module-level mutable storage and renders bindings
on every access; we render every binding once and keep only immutable values.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

import pympistandard

Direction = Literal["in", "out", "inout"]
SymbolKind = Literal["procedure", "callback", "predefined"]

# Parameters the database leaves without a description (mostly handles and ierror).
_KIND_DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    ("ERROR_CODE", "error code (Fortran only; in C it is the return value)"),
    ("COMMUNICATOR", "communicator"),
    ("WINDOW", "window object"),
    ("REQUEST", "communication request"),
    ("STATUS", "status object"),
    ("F08_STATUS", "Fortran 2008 status object"),
    ("F90_STATUS", "Fortran status array"),
    ("INFO", "info object"),
    ("ERRHANDLER", "error handler"),
    ("SESSION", "session"),
    ("FILE", "file handle"),
    ("GROUP", "group"),
    ("MESSAGE", "message handle"),
    ("OPERATION", "reduction operation"),
    ("DATATYPE", "datatype"),
    ("KEY_INDEX", "index of the key"),
    ("ASSERT", "program assertion"),
    ("VARARGS", "further implementation-defined arguments"),
)

# The database's `deprecated` flag is false everywhere (0.2.0), so the procedures the
# standard deprecates are listed here with their replacement.
_DEPRECATED: tuple[tuple[str, str], ...] = (
    ("MPI_Attr_delete", "MPI_Comm_delete_attr"),
    ("MPI_Attr_get", "MPI_Comm_get_attr"),
    ("MPI_Attr_put", "MPI_Comm_set_attr"),
    ("MPI_Keyval_create", "MPI_Comm_create_keyval"),
    ("MPI_Keyval_free", "MPI_Comm_free_keyval"),
    ("MPI_Info_get", "MPI_Info_get_string"),
    ("MPI_Info_get_valuelen", "MPI_Info_get_string"),
    ("MPI_Sizeof", "Fortran's storage_size or c_sizeof"),
)


@dataclass(frozen=True)
class MpiParameter:
    """One parameter; a *_type is None where that binding omits the parameter."""

    name: str
    direction: Direction
    description: str
    c_type: str | None
    f08_type: str | None
    f90_type: str | None


@dataclass(frozen=True)
class MpiProcedure:
    """A procedure, callback type or predefined function with all its bindings."""

    name: str
    kind: SymbolKind
    c_binding: str | None
    c_large_binding: str | None  # the MPI_Xxx_c large-count variant
    f08_binding: str | None
    f08_large_binding: str | None  # the MPI_COUNT_KIND overload of the same name
    f90_binding: str | None  # `use mpi` and mpif.h
    parameters: tuple[MpiParameter, ...]
    deprecated: str | None  # the replacement, when the standard deprecates it


def _clean(binding: Any) -> str | None:
    if binding is None:
        return None
    # The database writes C varargs in LaTeX.
    return str(binding).replace("\\ldots", "...").expandtabs(4)


def _c_type(param: Any) -> str:
    if param._parseset["kind"] == "VARARGS":
        return "..."
    const = "const " if param.constant else ""
    return f"{const}{param.type}{param.array}".strip()


def _plain(latex: str) -> str:
    """The database's descriptions carry LaTeX macros (\\mpiarg{x}, ---)."""
    text = re.sub(r"\\mpi(?:arg|code|func)\{([^}]*)\}", r"`\1`", latex)
    text = re.sub(r"\\[a-zA-Z]+\{([^}]*)\}", r"\1", text)
    return text.replace("---", " - ").replace("~", " ").replace("\\", "")


def _description(raw: dict[str, Any]) -> str:
    desc = _plain(str(raw["desc"])).strip()
    if desc:
        return desc
    kind = str(raw["kind"])
    return next((text for key, text in _KIND_DESCRIPTIONS if key == kind), "")


def _parameters(symbol: Any) -> tuple[MpiParameter, ...]:
    express = symbol.express
    c_types = {p.name: _c_type(p) for p in express.iso_c.parameters} if express.iso_c else {}
    f08_types = (
        {p.name: str(getattr(p, "descriptor", p.type)) for p in express.f08.parameters}
        if express.f08
        else {}
    )
    f90_types = (
        {p.name.lower(): str(p.type) or "<type>" for p in express.f90.parameters}
        if express.f90
        else {}
    )
    if express.iso_c and any(p["kind"] == "VARARGS" for p in symbol._parseset["parameters"]):
        c_types["varargs"] = "..."
    return tuple(
        MpiParameter(
            name=raw["name"],
            direction=raw["param_direction"],
            description=_description(raw),
            c_type=c_types.get(raw["name"]),
            f08_type=f08_types.get(raw["name"]),
            f90_type=f90_types.get(raw["name"].lower()),
        )
        for raw in symbol._parseset["parameters"]
    )


def _procedure(symbol: Any, kind: SymbolKind) -> MpiProcedure:
    name = str(symbol._parseset["name"])
    express = symbol.express
    big = symbol.has_embiggenment()
    return MpiProcedure(
        name=name,
        kind=kind,
        c_binding=_clean(express.iso_c),
        c_large_binding=_clean(express.embiggen.iso_c) if big else None,
        f08_binding=_clean(express.f08),
        f08_large_binding=_clean(express.embiggen.f08) if big else None,
        f90_binding=_clean(express.f90),
        parameters=_parameters(symbol),
        deprecated=next((new for old, new in _DEPRECATED if old == name), None),
    )


@functools.cache
def _table() -> dict[str, MpiProcedure]:
    """Lower-case name -> procedure; built once, never handed out mutable."""
    pympistandard.use_api_version(1)
    groups: tuple[tuple[Any, SymbolKind], ...] = (
        (pympistandard.PROCEDURES, "procedure"),
        (pympistandard.CALLBACKS, "callback"),
        (pympistandard.PREDEFINED_FUNCTIONS, "predefined"),
    )
    table: dict[str, MpiProcedure] = {}
    for storage, kind in groups:
        for symbol in storage.values():
            proc = _procedure(symbol, kind)
            table[proc.name.lower()] = proc
    return table


def lookup(name: str) -> MpiProcedure | None:
    """Case-insensitive (Fortran); MPI_Xxx_c finds MPI_Xxx when it has a large-count form."""
    table = _table()
    key = name.strip().lower()
    if key.startswith("pmpi_"):  # the profiling interface has the same bindings
        key = key[1:]
    found = table.get(key)
    if found is None and key.endswith("_c"):
        base = table.get(key[:-2])
        if base is not None and base.c_large_binding is not None:
            return base
    return found


def all_procedures() -> tuple[str, ...]:
    """Canonical names of every procedure, callback and predefined function."""
    return tuple(proc.name for proc in _table().values())
