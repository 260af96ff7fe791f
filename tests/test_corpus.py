"""Every label of the corpus (tests/corpus) against what hpcls reports.

Each file must match its labels: race or not (an `omp/data-race` finding), each labelled
race pair among the reported pairs, each loop's verdict, and for a parallel loop the exact
clauses. The files the analysis does not get right yet are listed in KNOWN with what it
gets wrong; the test fails when a listed file starts to pass (take it off the list) or a
new file fails. Two rules have no exceptions: no race reported on a race-free program and
no loop called `parallel` that is not — the wrong answers users never forgive.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from tests.corpus_eval import FileResult, evaluate
from tests.corpus_labels import CORPUS, corpus_files

FILES = corpus_files()

# file (relative to tests/corpus) → what is still wrong, in short.
KNOWN: dict[str, str] = {
    "c/chunkblur_race.c": "race missed: overlapping chunks whose bound is a ?: in a called function",
    "c/particles_loops.c": "loop 48 unknown, not serial: `near[m++]` records no plain read of m",
    "cpp/deposit_ok.cpp": "loop 24 unknown, not parallel: lock semantics are not in loop verdicts",
    "cpp/deposit_race.cpp": "loop 24 unknown, not parallel: lock semantics are not in loop verdicts",
    "cpp/grid_loops.cpp": "loops 29, 35, 36 unknown: need equal grid sizes, parity, a non-affine start",
    "cpp/hits_ok.cpp": "loop 15 unknown, not serial: a conditional push_back may run once",
    "cpp/hits_race.cpp": "loop 16 unknown, not serial: a conditional push_back may run once",
    "cpp/kernels_loops.cpp": "loop 35 unknown, not serial: a lambda capturing by reference",
    "cpp/pairforce_ok.cpp": "atomic array updates: the label asks reduction(+:f), hpcls none (both safe)",
    "cpp/spmvt_ok.cpp": "needs the values pushed into col (distinct columns in a row)",
    "cpp/spmvt_race.cpp": "race missed and loops unknown: needs the values pushed into col",
    "fixed/common_ok.f": "loop 28 unknown: needs sequence association of a COMMON array",
    "fortran/particle_loops.f90": "loops 30, 32 unknown: whole-array references have unknown subscripts",
    "fortran/task_same_var_ok.f90": "atomic scalar update: the label asks no clause, hpcls reduction",
}


@cache
def _result(path: Path) -> FileResult:
    return evaluate(path)


def _key(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


@pytest.mark.parametrize("path", FILES, ids=_key)
def test_labels(path: Path) -> None:
    result = _result(path)
    key = _key(path)
    if key in KNOWN:
        assert result.problems, f"{key} now matches its labels: take it off KNOWN"
    else:
        assert not result.problems, "; ".join(result.problems)


@pytest.mark.parametrize("path", FILES, ids=_key)
def test_never_a_false_race_or_a_false_parallel(path: Path) -> None:
    result = _result(path)
    if not result.labels.race:
        assert not result.predicted_race, "race reported on a race-free program"
    for loop in result.labels.loops:
        got = result.loops.get(loop.line)
        if got is not None and got["verdict"] == "parallel":
            assert loop.verdict == "parallel", f"loop {loop.line} called parallel"


def test_known_entries_exist() -> None:
    assert set(KNOWN) <= {_key(p) for p in FILES}


def test_scores_do_not_fall() -> None:
    """File-level recall and loop-verdict accuracy over the whole corpus, as
    `python -m tests.corpus_eval` prints them; precision is 1 by the test above."""
    racy = [p for p in FILES if _result(p).labels.race]
    found = sum(_result(p).predicted_race for p in racy)
    loops = [(p, loop) for p in FILES for loop in _result(p).labels.loops]
    right = sum(
        (got := _result(p).loops.get(loop.line)) is not None and got["verdict"] == loop.verdict
        for p, loop in loops
    )
    assert len(racy) >= 60 and len(loops) >= 400
    assert found / len(racy) >= 0.95, f"recall {found}/{len(racy)}"
    assert right / len(loops) >= 0.95, f"loop verdicts {right}/{len(loops)}"
