"""The call around the cursor, read from text (calls being typed have no tree yet)."""

from __future__ import annotations

import pytest

from hpcls.analysis.call_context import call_at


def _at(marked: str, fortran: bool = False) -> tuple[str, int] | None:
    offset = marked.index("|")
    source = (marked[:offset] + marked[offset + 1 :]).encode()
    call = call_at(source, offset, fortran)
    return None if call is None else (call.name, call.active_parameter)


@pytest.mark.parametrize(
    ("marked", "expected"),
    [
        ("MPI_Send(|", ("MPI_Send", 0)),
        ("MPI_Send(buf, n, MPI_INT, |", ("MPI_Send", 3)),
        ("rc = MPI_Send (buf, count(a, b), |", ("MPI_Send", 2)),
        ("x = f(a[i, j], g(1, 2), |)", ("f", 2)),
        ('printf("a, b, (", |', ("printf", 1)),
        ("for (i = 0; i < n; i++) g(|", ("g", 0)),
        ("MPI_Bcast(&x,\n          1, |", ("MPI_Bcast", 2)),
    ],
)
def test_c_calls(marked: str, expected: tuple[str, int]) -> None:
    assert _at(marked) == expected


@pytest.mark.parametrize("marked", ["int a; b = 3 + |", "f(x); y = |", "{ |", "a[1, |"])
def test_no_call_in_c(marked: str) -> None:
    assert _at(marked) is None


def test_fortran_continuation_lines_belong_to_the_call() -> None:
    marked = "  call MPI_Allreduce(s, r, &  ! partial sums\n      1, |"
    assert _at(marked, fortran=True) == ("MPI_Allreduce", 3)


def test_fortran_statement_ends_at_a_line_without_ampersand() -> None:
    assert _at("  call MPI_Allreduce(s, r)\n  x = |", fortran=True) is None
    assert _at("  call MPI_Barrier(comm\n  x = |", fortran=True) is None
