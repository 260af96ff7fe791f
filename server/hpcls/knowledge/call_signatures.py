"""Signature help for HPC calls beyond MPI: OpenMP runtime routines, Fortran intrinsics
(one signature per form the standard gives) and CUDA runtime and device functions.

Parameter spans are found in the signature text itself, so each table keeps one string
per form and cannot drift from what hover shows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hpcls.knowledge.cuda import cuda_entry, is_runtime_api
from hpcls.knowledge.fortran_intrinsics import fortran_intrinsic_hover, intrinsic_named
from hpcls.knowledge.openmp_routines import routine_named


@dataclass(frozen=True, slots=True)
class SignatureParameter:
    """A parameter's [start, end) offsets in the label; `optional` for Fortran's `[ ]`."""

    start: int
    end: int
    optional: bool


@dataclass(frozen=True, slots=True)
class CallSignature:
    label: str
    parameters: tuple[SignatureParameter, ...]
    documentation: str


_TRIM = " \t\n[]"


def parameter_spans(label: str, name: str) -> tuple[SignatureParameter, ...]:
    """The parameters of the first `name(...)` in `label`: split at top-level commas,
    each trimmed of blanks and of Fortran's optional-argument brackets. `(void)` and
    `()` have none. A parameter inside an open `[` is optional (`SUM(ARRAY, DIM [, MASK])`)."""
    match = re.search(re.escape(name) + r"\s*\(", label, re.IGNORECASE)
    if match is None:
        return ()
    spans: list[SignatureParameter] = []
    depth = 0
    start = match.end()
    for i in range(match.end(), len(label)):
        ch = label[i]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
        elif depth == 0 and ch in ",)":
            span = _trimmed(label, start, i)
            if span is not None:
                before = label[match.end() : span[0]]
                optional = before.count("[") > before.count("]")
                spans.append(SignatureParameter(span[0], span[1], optional))
            if ch == ")":
                break
            start = i + 1
    return tuple(spans)


def _trimmed(label: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and label[start] in _TRIM:
        start += 1
    while end > start and label[end - 1] in _TRIM:
        end -= 1
    if start == end or label[start:end] == "void":
        return None
    return start, end


def _signature(label: str, name: str, documentation: str) -> CallSignature:
    return CallSignature(label, parameter_spans(label, name), documentation)


def call_signatures(
    name: str, source: bytes, name_start: int, fortran: bool, cuda: bool
) -> tuple[CallSignature, ...]:
    """Signatures for a call of `name` at `name_start`, or () when it is not one of ours.

    Fortran intrinsics count only where the name is used as the intrinsic (the hover's
    rule: a procedure of that name in the file wins). CUDA device functions count in
    CUDA files; runtime API functions also in C and C++ host files."""
    if name.lower().startswith("omp_"):
        routine = routine_named(name)
        if routine is None:
            return ()
        label = routine.signature(fortran)
        return (_signature(label, routine.name, routine.description),)
    if fortran:
        intrinsic = intrinsic_named(name)
        end = name_start + len(name)
        if intrinsic is None or fortran_intrinsic_hover(source, name, name_start, end) is None:
            return ()
        return tuple(
            _signature(form, intrinsic.name, intrinsic.description)
            for form in intrinsic.signature.split("\n")
        )
    entry = cuda_entry(name)
    if entry is None or not (cuda or is_runtime_api(name)) or "(" not in entry.signature:
        return ()
    text = entry.description + (f"\n\n**Pitfall**: {entry.pitfall}" if entry.pitfall else "")
    return (_signature(entry.signature, entry.name, text),)


def active_signature(signatures: tuple[CallSignature, ...], active_parameter: int) -> int:
    """The first form with room for the argument being typed (`CMPLX(X, Y` is the
    two-argument form); the last form when none has."""
    for index, signature in enumerate(signatures):
        if len(signature.parameters) > active_parameter:
            return index
    return len(signatures) - 1
