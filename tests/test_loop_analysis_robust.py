"""The loop analysis never raises on broken code: corpus programs cut short, with lines
deleted or duplicated, or with a directive dropped in at random, go through lowering,
the dependence tests, the race rules and the parallelize action without an exception."""

from __future__ import annotations

import random

import pytest

from hpcls.actions.parallelize import plan
from hpcls.analysis.races import race_findings
from hpcls.languages.registry import language_for
from hpcls.loops_cli import file_loops
from hpcls.workspace.document import Document
from tests.corpus_labels import corpus_files

FILES = corpus_files()


def _mutations(text: str, rng: random.Random) -> list[str]:
    lines = text.splitlines(keepends=True)
    cut = rng.randrange(len(text))
    a = rng.randrange(len(lines))
    b = rng.randrange(len(lines))
    directive = "#pragma omp parallel for\n" if rng.random() < 0.5 else "!$omp parallel do\n"
    return [
        text[:cut],
        "".join(lines[:a] + lines[a + 1 :]),
        "".join([*lines[:a], lines[b], *lines[a:]]),
        "".join([*lines[:a], directive, *lines[a:]]),
        text.replace("(", "", 1).replace("]", "", 1),
    ]


@pytest.mark.parametrize("seed", range(6))
def test_broken_programs_never_raise(seed: int) -> None:
    rng = random.Random(seed)
    for path in rng.sample(FILES, 12):
        kind = language_for(str(path))
        for text in _mutations(path.read_text(), rng):
            doc = Document.create(path.as_uri(), kind, 1, text)
            race_findings(doc)
            for loop in file_loops(doc):
                plan(doc, int(loop["line"]) - 1, compile_rung=False)
