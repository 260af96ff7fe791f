"""Every complete program of tests/corpus through the differential oracle: each loop
hpcls calls parallel with a verified edit gets that edit, and the program built with
-fopenmp must print what the serial build prints, under 1, 3 and 4 threads and static,
dynamic and guided schedules (tests/fuzz/oracle.py).

Racy programs (HPCLS-RACE: yes) and programs whose own OpenMP makes the output
nondeterministic are skipped with the reason. The corpus cannot declare a tolerance, so
a floating-point sum or product that an applied `reduction(+|-|*: ...)` reassociates may
differ in its last digits (relative 1e-6, for single precision): that is what a
reduction means, not a wrong verdict."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import require_tools
from tests.corpus_labels import corpus_files, read_labels
from tests.fuzz.oracle import Oracle
from tests.fuzz.toolchain import COMPILERS

_MAIN = re.compile(r"(?im)\bint\s+main\s*\(|^\s*program\s+\w+")
REASSOCIATION = 1e-6  # single precision reassociates at about 1e-7


def complete_programs() -> list[Path]:
    return [p for p in corpus_files() if _MAIN.search(p.read_text(encoding="utf-8"))]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.slow
@pytest.mark.parametrize("path", complete_programs(), ids=_id)
def test_verified_edits_keep_the_output(path: Path) -> None:
    require_tools(COMPILERS[path.suffix])
    if read_labels(path).race:
        pytest.skip("racy as written (HPCLS-RACE: yes): its output is not a reference")
    report = Oracle(exact=True, reassociation=REASSOCIATION).check(path)
    assert not report.errors, report.errors
    if report.skipped:
        pytest.skip(report.skipped)
    assert not report.discrepancies, "\n\n".join(
        f"{d.summary()}\n{d.detail}" for d in report.discrepancies
    )


def test_some_corpus_programs_have_verified_edits() -> None:
    """The test above is not vacuous: the corpus has programs with a `main` whose loops
    get verified edits."""
    assert len(complete_programs()) >= 50


FOUND = Path(__file__).parent / "fuzz" / "found"


def fixed_cases() -> list[Path]:
    """Cases the fuzzer found whose header says the analysis has been fixed for them."""
    return sorted(
        p
        for p in FOUND.iterdir()
        if p.suffix in COMPILERS and "fixed in" in p.read_text(encoding="utf-8")[:2000]
    )


@pytest.mark.parametrize("path", fixed_cases(), ids=lambda p: p.name)
def test_fixed_fuzz_findings_stay_fixed(path: Path) -> None:
    require_tools(COMPILERS[path.suffix])
    report = Oracle().check(path)
    assert report.skipped is None, report.skipped
    assert not report.discrepancies, "\n".join(d.summary() for d in report.discrepancies)
