"""The corpus itself is sound: every file's labels read, twins name each other with
opposite race labels, labelled lines hold what they claim, and every program compiles
with OpenMP (`-fsyntax-only`), so the labels describe real code."""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import require_tools
from tests.corpus_labels import SUFFIXES, corpus_files, read_labels

FILES = corpus_files()
_LOOP_HEADER = re.compile(r"^\s*(?:\d+\s+)?(?:\w+\s*:\s*)?(for\b|do\b)", re.IGNORECASE)


def _ids(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_corpus_size_and_mix() -> None:
    by_kind = {kind: 0 for kind in SUFFIXES.values()}
    for path in FILES:
        by_kind[SUFFIXES[path.suffix]] += 1
    assert len(FILES) >= 120, by_kind
    assert all(count >= 10 for count in by_kind.values()), by_kind


@pytest.mark.parametrize("path", FILES, ids=_ids)
def test_labels_are_well_formed(path: Path) -> None:
    labels = read_labels(path)
    lines = path.read_text().splitlines()
    for a, b in labels.pairs:
        for line in (a, b):
            assert 1 <= line <= len(lines), f"pair line {line} out of range"
            assert lines[line - 1].strip(), f"pair line {line} is blank"
    for loop in labels.loops:
        assert _LOOP_HEADER.match(lines[loop.line - 1]), (
            f"line {loop.line} is not a loop header: {lines[loop.line - 1]!r}"
        )
    assert len({loop.line for loop in labels.loops}) == len(labels.loops), "a loop twice"
    if labels.twin is not None:
        twin = path.parent / labels.twin
        assert twin.is_file(), f"twin {labels.twin} missing"
        other = read_labels(twin)
        assert other.twin == path.name, "twins must name each other"
        assert other.race != labels.race, "twins have opposite race labels"


def _compile(path: Path) -> tuple[Path, int, str]:
    compiler = {"c": "gcc", "cpp": "g++", "fortran": "gfortran", "fixed": "gfortran"}[
        SUFFIXES[path.suffix]
    ]
    with tempfile.TemporaryDirectory() as tmp:
        # gfortran writes .mod files even with -fsyntax-only: into tmp, not the corpus.
        modules = [f"-J{tmp}"] if compiler == "gfortran" else []
        done = subprocess.run(
            [compiler, "-fopenmp", "-fsyntax-only", "-Wno-unused", *modules, str(path)],
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    return path, done.returncode, done.stderr


def test_every_program_compiles() -> None:
    require_tools("gcc", "g++", "gfortran")
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        failures = [
            f"{_ids(p)}: {err.strip()[:300]}" for p, rc, err in pool.map(_compile, FILES) if rc
        ]
    assert not failures, "\n".join(failures)
