"""Signature help data beyond MPI (knowledge/call_signatures.py): parameter spans cut
from each signature's text, for every OpenMP routine, Fortran intrinsic form and CUDA
function, and the intrinsic rule that a procedure defined in the file wins."""

from __future__ import annotations

import re

import pytest

from hpcls.knowledge.call_signatures import (
    CallSignature,
    active_signature,
    call_signatures,
    parameter_spans,
)
from hpcls.knowledge.cuda import ENTRIES
from hpcls.knowledge.fortran_intrinsics import INTRINSICS
from hpcls.knowledge.openmp_routines import ROUTINES

_NAME = re.compile(r"[A-Za-z_]\w*")


def _pieces(sig: CallSignature) -> list[str]:
    return [sig.label[p.start : p.end] for p in sig.parameters]


def _call(
    name: str, fortran: bool, cuda: bool = False, subroutine: bool = False
) -> tuple[CallSignature, ...]:
    head = (b"  call " if subroutine else b"  x = ") if fortran else b"  "
    return call_signatures(name, head + name.encode() + b"(", len(head), fortran, cuda)


@pytest.mark.parametrize(
    ("label", "name", "expected", "optional"),
    [
        ("SUM (ARRAY, DIM [, MASK])", "SUM", ["ARRAY", "DIM", "MASK"], [False, False, True]),
        ("RANDOM_SEED ([SIZE, PUT, GET])", "RANDOM_SEED", ["SIZE", "PUT", "GET"], [True] * 3),
        ("int omp_get_num_threads(void);", "omp_get_num_threads", [], []),
        ("integer function omp_get_wtick()", "omp_get_wtick", [], []),
        (
            "cudaError_t cudaMemcpy(void* dst, const void* src, size_t count, cudaMemcpyKind k)",
            "cudaMemcpy",
            ["void* dst", "const void* src", "size_t count", "cudaMemcpyKind k"],
            [False] * 4,
        ),
        ("T f(int (*cb)(int, int), int n)", "f", ["int (*cb)(int, int)", "int n"], [False] * 2),
        ("nothing here", "f", [], []),
    ],
)
def test_parameter_spans(label: str, name: str, expected: list[str], optional: list[bool]) -> None:
    spans = parameter_spans(label, name)
    assert [label[p.start : p.end] for p in spans] == expected
    assert [p.optional for p in spans] == optional


@pytest.mark.parametrize("fortran", [False, True], ids=["c", "fortran"])
def test_every_openmp_routine_has_a_signature(fortran: bool) -> None:
    for routine in ROUTINES:
        [sig] = _call(routine.name, fortran)
        label = routine.signature(fortran)
        assert sig.label == label
        arguments = label.split(routine.name, 1)[1].split(")", 1)[0].strip("( ")
        count = 0 if arguments in ("", "void") else arguments.count(",") + 1
        assert len(sig.parameters) == count, routine.name
        for piece in _pieces(sig):
            assert _NAME.findall(piece), (routine.name, piece)


def test_every_intrinsic_form_has_a_signature() -> None:
    for intrinsic in INTRINSICS:
        forms = _call(intrinsic.name, True, subroutine=intrinsic.is_subroutine)
        assert [f.label for f in forms] == intrinsic.signature.split("\n"), intrinsic.name
        for form in forms:
            # Fortran dummy arguments are plain names.
            assert all(_NAME.fullmatch(p) or p == "..." for p in _pieces(form)), form.label


def test_every_cuda_function_has_a_signature_in_cuda_files() -> None:
    functions = [e for e in ENTRIES if "(" in e.signature and e.name + "(" in e.signature]
    assert len(functions) >= 60
    for entry in functions:
        [sig] = _call(entry.name, False, cuda=True)
        assert sig.label == entry.signature
        for piece in _pieces(sig):
            assert _NAME.findall(piece), (entry.name, piece)
    # Runtime API calls are made from host files too; device functions are not.
    assert _call("cudaMalloc", False)
    assert not _call("__syncthreads", False)
    assert _call("__syncthreads", False, cuda=True)


def test_a_procedure_defined_in_the_file_wins_over_the_intrinsic() -> None:
    source = b"x = sum(a, 1)\ncontains\n  function sum(v, n)\n"
    assert call_signatures("sum", source, 4, True, False) == ()
    assert call_signatures("sum", b"x = sum(a, 1)\n", 4, True, False)
    # A subroutine intrinsic needs `call`; a function one must not follow it.
    assert call_signatures("random_seed", b"call random_seed(", 5, True, False)
    assert not call_signatures("random_seed", b"x = random_seed(", 4, True, False)


def test_unknown_names_have_none() -> None:
    for name in ("omp_frobnicate", "printf", "cudaFrobnicate"):
        assert _call(name, False, cuda=True) == ()
    assert _call("NOT_AN_INTRINSIC", True) == ()


def test_active_signature_is_the_first_form_with_room() -> None:
    forms = _call("CMPLX", True)
    assert [len(f.parameters) for f in forms] == [2, 3]
    assert active_signature(forms, 0) == 0
    assert active_signature(forms, 2) == 1
    assert active_signature(forms, 7) == 1
