"""Bounded analysis (issue 12, part 5): work budgets per loop and per OpenMP construct.

Past its budget a loop is `unknown` for "analysis budget exceeded" (never `parallel`) and
the other loops keep their verdicts; a construct past its budget reports no race but an
`omp/analysis-budget` note. Large generated files (smaller variants here) get a verdict
for every loop within the default budgets, and the same text gives the same answer."""

from __future__ import annotations

import json

import pytest

from hpcls.analysis.budget import BUDGET_REASON, Budget, BudgetExceeded, Limits
from hpcls.analysis.dependence import Verdict, analyze_loop, analyze_unit, program_of
from hpcls.analysis.lower import lower_document
from hpcls.analysis.races import BUDGET_CODE, race_findings
from hpcls.languages.registry import LanguageKind
from hpcls.loops_cli import file_loops
from hpcls.workspace.document import Document
from tests.bench.gen_app import generate as generate_app
from tests.bench.gen_tiled import generate as generate_tiled

_BIG_BODY = "\n".join(f"    a[i] = a[i] + b{k}[i];" for k in range(40))
C_TWO_LOOPS = f"""\
void f(int n, double *restrict a, double *restrict c, {", ".join(f"double *restrict b{k}" for k in range(40))})
{{
  for (int i = 0; i < n; i++)
    c[i] = 2.0 * c[i];
  for (int i = 0; i < n; i++) {{
{_BIG_BODY}
  }}
}}
"""

C_RACE = """\
void g(int n, double *a)
{
  #pragma omp parallel for
  for (int i = 1; i < n; i++)
    a[i] = a[i - 1] + 1.0;
}
"""


def _doc(text: str, kind: LanguageKind = LanguageKind.C, name: str = "t.c") -> Document:
    return Document.create(f"file:///{name}", kind, 1, text.encode())


def test_budget_counts_and_raises() -> None:
    budget = Budget(10)
    budget.spend(4)
    assert budget.afford(6) and not budget.afford(1)
    with pytest.raises(BudgetExceeded):
        budget.spend(1)
    assert budget.exceeded


def test_a_loop_past_its_budget_is_unknown_and_the_others_keep_their_verdicts() -> None:
    doc = _doc(C_TWO_LOOPS)
    (unit,) = lower_document(doc)
    program = program_of((unit,), doc.source)
    full = analyze_unit(unit, program)
    assert [v.verdict for v in full] == [Verdict.PARALLEL, Verdict.PARALLEL]
    small, big = analyze_unit(unit, program, Limits(loop=100))
    assert small.verdict is Verdict.PARALLEL  # a few units: within the budget
    assert big.verdict is Verdict.UNKNOWN and big.reasons == (BUDGET_REASON,)
    assert big.private == () and big.reductions == () and big.carried == ()
    # The same through analyze_loop with an explicit budget.
    alone = analyze_loop(unit, big.loop, program=program, budget=Budget(3))
    assert alone.verdict is Verdict.UNKNOWN and alone.reasons == (BUDGET_REASON,)


def test_a_tiny_budget_never_gives_parallel() -> None:
    doc = _doc(generate_tiled(300, 5))
    for unit in lower_document(doc):
        for verdict in analyze_unit(unit, program_of((unit,), doc.source), Limits(loop=3)):
            assert verdict.verdict is not Verdict.PARALLEL
            if verdict.verdict is Verdict.UNKNOWN and BUDGET_REASON not in verdict.reasons:
                assert verdict.reasons  # unknown for its own reason, found early


def test_a_construct_past_its_budget_reports_a_note_instead_of_races() -> None:
    doc = _doc(C_RACE)
    found = race_findings(doc)
    assert [f.code for f in found] == ["omp/data-race"]
    bounded = race_findings(doc, Limits(region=2))
    assert [f.code for f in bounded] == [BUDGET_CODE]
    note = bounded[0]
    assert BUDGET_REASON in note.message and int(note.severity) == 3  # information
    assert doc.source[note.start : note.end].startswith(b"#pragma omp parallel for")


def _loop_count(doc: Document) -> int:
    return sum(1 for unit in lower_document(doc) for _ in unit.loops())


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        (generate_tiled(500, 7), LanguageKind.C, "tiled.c"),
        (generate_tiled(400, 7, kernels_per_function=100), LanguageKind.C, "tiled_one.c"),
        (generate_app(700, 7), LanguageKind.FORTRAN, "app.f90"),
    ],
)
def test_generated_large_files_get_a_verdict_for_every_loop(
    text: str, kind: LanguageKind, name: str
) -> None:
    doc = _doc(text, kind, name)
    loops = file_loops(doc)
    assert len(loops) == _loop_count(doc) > 50
    assert {entry["verdict"] for entry in loops} <= {"parallel", "serial", "unknown"}
    assert any(entry["verdict"] == "parallel" for entry in loops)
    # The default budgets are a safety net, not the common path.
    assert not any(BUDGET_REASON in entry["reasons"] for entry in loops)
    assert not any(f.code == BUDGET_CODE for f in race_findings(doc))


def test_same_text_same_answer() -> None:
    text = generate_tiled(400, 3)
    assert text == generate_tiled(400, 3) and generate_app(500, 3) == generate_app(500, 3)
    first, second = _doc(text), _doc(text)
    assert json.dumps(file_loops(first)) == json.dumps(file_loops(second))
    assert race_findings(first) == race_findings(second)
    bounded = Limits(loop=50, region=50)
    assert race_findings(first, bounded) == race_findings(second, bounded)
    (unit, *_) = lower_document(first)
    assert analyze_unit(unit, limits=bounded) == analyze_unit(unit, limits=bounded)
