"""Which Fortran MPI binding a file uses, and the hand-written summaries."""

from __future__ import annotations

import pytest

from hpcls.knowledge.mpi import lookup
from hpcls.knowledge.mpi_scope import fortran_mpi_binding
from hpcls.knowledge.mpi_summaries import SUMMARIES


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("program p\n  use mpi_f08\n  implicit none\nend program\n", "f08"),
        ("program p\n  USE MPI_F08, only: MPI_Init, MPI_Comm\nend program\n", "f08"),
        ("module m\n  use :: mpi_f08\nend module\n", "f08"),
        ("program p\n  implicit none; use mpi_f08\nend\n", "f08"),
        ("program p\n  use mpi\n  implicit none\nend program\n", "f90"),
        ("      program p\n      include 'mpif.h'\n      end\n", "f90"),
        ("program p\n  ! use mpi_f08\n  use mpi\nend program\n", "f90"),
        ("program p\n  use mpi ! not use mpi_f08 yet\nend program\n", "f90"),
        ("C     use mpi_f08\n      include 'mpif.h'\n      end\n", "f90"),
        ("program p\n  use mpi_f08_extras\nend program\n", "f90"),
        ("program p\n  print *, 'use mpi_f08'\nend program\n", "f90"),
        ("", "f90"),
    ],
)
def test_fortran_binding(source: str, expected: str) -> None:
    assert fortran_mpi_binding(source) == expected


def test_summary_keys_are_canonical_standard_names() -> None:
    wrong = [name for name in SUMMARIES if (proc := lookup(name)) is None or proc.name != name]
    assert not wrong, wrong


def test_enough_summaries_with_text() -> None:
    assert len(SUMMARIES) >= 100
    empty = [n for n, s in SUMMARIES.items() if not s.summary.strip() or not s.pitfall.strip()]
    assert not empty, empty


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("MPI_Reduce", "root"),
        ("MPI_Isend", "modify"),
        ("MPI_Init_thread", "provided"),
        ("MPI_Allreduce", "MPI_IN_PLACE"),
    ],
)
def test_key_pitfalls(name: str, words: str) -> None:
    assert words in SUMMARIES[name].pitfall
