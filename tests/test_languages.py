"""languageIds and extensions map to the right language."""

from __future__ import annotations

import pytest

from hpcls.languages.registry import LanguageKind, language_for

K = LanguageKind


@pytest.mark.parametrize(
    ("path", "language_id", "expected"),
    [
        ("a.f90", "FortranFreeForm", K.FORTRAN),
        ("a.f", "FortranFixedForm", K.FORTRAN_FIXED),
        ("a.f", "fortran", K.FORTRAN_FIXED),
        ("a.F", "fortran", K.FORTRAN_FIXED),
        ("a.F90", "fortran", K.FORTRAN),
        ("a.f08", "f90", K.FORTRAN),
        ("a.for", None, K.FORTRAN_FIXED),
        ("a.FTN", None, K.FORTRAN_FIXED),
        ("a.h", None, K.C),
        ("a.h", "cpp", K.CPP),
        ("a.h", "c++", K.CPP),
        ("a.hpp", None, K.CPP),
        ("a.cu", "cuda-cpp", K.CUDA),
        ("a.cuh", None, K.CUDA),
        ("a.cu", "cpp", K.CPP),  # the client's word wins within the C family
        ("a.c", "f90", K.C),  # Eglot 1.9: one languageId for all buffers of a server
        ("a.f90", "c", K.FORTRAN),
        ("a.txt", "plaintext", None),
        ("noext", "fortran", K.FORTRAN),
        ("file:///x/y%20z/a.F77", None, K.FORTRAN_FIXED),
        ("a.f90", "something-new", K.FORTRAN),
    ],
)
def test_language_for(path: str, language_id: str | None, expected: LanguageKind | None) -> None:
    assert language_for(path, language_id) == expected


def test_query_inheritance() -> None:
    """`; inherits: cpp` makes CUDA's queries C++'s plus its own; C++ folds extend C's."""
    from hpcls.languages.registry import load_query, query_source

    cuda, cpp, c = (query_source(k, "folds") or "" for k in (K.CUDA, K.CPP, K.C))
    assert c in cpp and cpp in cuda
    assert "(class_specifier)" in cpp and "(class_specifier)" not in c
    assert (query_source(K.CPP, "symbols") or "") in (query_source(K.CUDA, "symbols") or "")
    for kind in (K.C, K.CPP, K.CUDA):
        query = load_query(kind, "folds")
        assert query is not None and query.pattern_count >= 3
