"""What an MPI hover must show for one procedure in one binding: shared by the pure
hover test and the protocol coverage test, so both hold the hover to the same bar."""

from __future__ import annotations

from typing import Literal

from hpcls.knowledge.mpi import lookup

Binding = Literal["c", "f08", "f90"]
BINDINGS: tuple[Binding, ...] = ("c", "f08", "f90")


def hover_misses(name: str, binding: Binding, hover: str | None) -> list[str]:
    """Everything the hover for `name` lacks: its binding, a note when the language has
    none, and every parameter the binding declares (by name, with the binding listing it)."""
    proc = lookup(name)
    if proc is None:
        return [f"{name}: not in the database"]
    if hover is None:
        return [f"{name}: no hover"]
    misses: list[str] = []
    own = {"c": proc.c_binding, "f08": proc.f08_binding, "f90": proc.f90_binding}[binding]
    shown = own or proc.c_binding or proc.f08_binding or ""
    if shown not in hover:
        misses.append(f"{name}: binding missing")
    if own is None and "No " not in hover:
        misses.append(f"{name}: no note that the {binding} binding is missing")
    if own is None:
        return misses
    for param in proc.parameters:
        typed = {"c": param.c_type, "f08": param.f08_type, "f90": param.f90_type}[binding]
        if typed is None:
            continue
        if f"`{param.name}`" not in hover:
            misses.append(f"{name}: parameter {param.name}")
        spelled = "..." if typed == "..." else param.name.lower()
        if spelled not in own.lower():
            misses.append(f"{name}: {param.name} not in the binding")
    return misses
