"""Markdown hovers and signature help for MPI procedures, per language binding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hpcls.knowledge.mpi import MpiParameter, MpiProcedure, lookup
from hpcls.knowledge.mpi_summaries import summary_of

Binding = Literal["c", "f08", "f90"]

_LANGUAGE_NAMES = {"c": "C", "f08": "Fortran 2008 (`use mpi_f08`)", "f90": "Fortran (`use mpi`)"}


@dataclass(frozen=True)
class MpiSignatureParameter:
    """A parameter's [start, end) offsets in the signature label, and its documentation."""

    start: int
    end: int
    documentation: str


@dataclass(frozen=True)
class MpiSignature:
    label: str
    parameters: tuple[MpiSignatureParameter, ...]
    documentation: str


def _binding_text(proc: MpiProcedure, binding: Binding) -> str | None:
    if binding == "c":
        return proc.c_binding
    return proc.f08_binding if binding == "f08" else proc.f90_binding


def _type_of(param: MpiParameter, binding: Binding) -> str | None:
    if binding == "c":
        return param.c_type
    return param.f08_type if binding == "f08" else param.f90_type


def _fence(binding: Binding, code: str) -> str:
    language = "c" if binding == "c" else "fortran"
    return f"```{language}\n{code}\n```"


def _in_binding(proc: MpiProcedure, binding: Binding) -> tuple[MpiParameter, ...]:
    """The parameters this binding has; every parameter when the binding is missing."""
    if _binding_text(proc, binding) is None:
        binding = _shown(proc, binding)
    return tuple(p for p in proc.parameters if _type_of(p, binding) is not None)


def _param_doc(param: MpiParameter) -> str:
    return f"{param.direction.upper()}: {param.description}".rstrip(": ")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _parameter_table(params: tuple[MpiParameter, ...]) -> str:
    rows = [f"| `{p.name}` | {p.direction.upper()} | {_cell(p.description)} |" for p in params]
    return "\n".join(["| Parameter | Direction | Meaning |", "|---|---|---|", *rows])


def _shown(proc: MpiProcedure, binding: Binding) -> Binding:
    """The binding a hover shows: the one asked for, else the first that exists."""
    if _binding_text(proc, binding) is not None:
        return binding
    # Show what exists rather than nothing, e.g. MPI_Sizeof in C or MPI_T_* in Fortran.
    others: tuple[Binding, ...] = ("c", "f08", "f90")
    return next(b for b in others if _binding_text(proc, b) is not None)


def _code_blocks(proc: MpiProcedure, binding: Binding) -> list[str]:
    own = _binding_text(proc, binding)
    if own is None:
        other = _shown(proc, binding)
        text = _binding_text(proc, other) or ""
        note = f"*No {_LANGUAGE_NAMES[binding]} binding; {_LANGUAGE_NAMES[other]}:*"
        return [note, _fence(other, text)]
    blocks = [_fence(binding, own)]
    large = proc.c_large_binding if binding == "c" else None
    if binding == "f08":
        large = proc.f08_large_binding
    if large is not None:
        blocks += ["Large-count variant:", _fence(binding, large)]
    return blocks


def mpi_hover_markdown(name: str, binding: Binding) -> str | None:
    """Hover text for an MPI name in the given binding; None when it is not MPI's."""
    proc = lookup(name)
    if proc is None:
        return None
    parts: list[str] = []
    summary = summary_of(proc.name)
    if summary is not None:
        parts.append(f"**{proc.name}**: {summary.summary}")
    parts += _code_blocks(proc, binding)
    if proc.deprecated is not None:
        parts.append(f"**Deprecated**: use {proc.deprecated} instead.")
    params = _in_binding(proc, binding)
    if params:
        parts.append(_parameter_table(params))
    if summary is not None:
        parts.append(f"**Pitfall:** {summary.pitfall}")
    return "\n\n".join(parts)


def _c_label(proc: MpiProcedure) -> tuple[str, list[tuple[MpiParameter, str]]]:
    """The prototype rebuilt from its pieces so that every parameter's span is known."""
    assert proc.c_binding is not None
    head = proc.c_binding.split("(", 1)[0]
    pieces: list[tuple[MpiParameter, str]] = []
    for param in _in_binding(proc, "c"):
        c_type = param.c_type or ""
        if c_type == "...":
            pieces.append((param, "..."))
            continue
        # Array parameters read `int ranks[]` / `int ranges[][3]`: the brackets follow the name.
        base, bracket, rest = c_type.partition("[")
        pieces.append((param, f"{base.strip()} {param.name}{bracket}{rest}"))
    return head, pieces


def _fortran_label(
    proc: MpiProcedure, binding: Binding
) -> tuple[str, list[tuple[MpiParameter, str]]]:
    return proc.name, [(p, p.name) for p in _in_binding(proc, binding)]


def mpi_signature(name: str, binding: Binding) -> MpiSignature | None:
    """Signature help: the C prototype, or the Fortran call form."""
    proc = lookup(name)
    if proc is None:
        return None
    use_c = binding == "c" and proc.c_binding is not None
    head, pieces = _c_label(proc) if use_c else _fortran_label(proc, binding)
    label = head + "("
    spans: list[MpiSignatureParameter] = []
    for index, (param, text) in enumerate(pieces):
        if index:
            label += ", "
        spans.append(MpiSignatureParameter(len(label), len(label) + len(text), _param_doc(param)))
        label += text
    label += ")"
    if use_c and not pieces:
        label = proc.c_binding or label  # `int MPI_Finalize(void)`
    summary = summary_of(proc.name)
    documentation = "" if summary is None else f"{summary.summary}\n\nPitfall: {summary.pitfall}"
    return MpiSignature(label, tuple(spans), documentation)
