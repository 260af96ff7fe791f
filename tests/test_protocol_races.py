"""Data races and the parallelize action through the protocol: the race diagnostic
arrives after the fast diagnostics (the analysis runs in a worker process), names both
accesses, and its quick fix and the parallelize action are titled with their trust rungs."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import open_doc

RACY_C = """#include <stdio.h>
#define N 1000
int main(void) {
  double a[N], b[N], t;
  int i;
  for (i = 0; i < N; i++) a[i] = i;
#pragma omp parallel for
  for (i = 0; i < N; i++) {
    t = a[i] * 2.0;
    b[i] = t + 1.0;
  }
  double s = 0.0;
  for (i = 0; i < N; i++)
    s += b[i];
  printf("%g\\n", s);
  return 0;
}
"""


async def _race_diagnostics(client: LanguageClient, uri: str) -> list[lsp.Diagnostic]:
    """Wait for the publish that carries the race analysis (it follows the fast one)."""
    while True:
        params = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri != uri:
            continue
        races = [d for d in params.diagnostics if d.code == "omp/data-race"]
        if races:
            return races


async def test_race_diagnostic_quick_fix_and_parallelize(
    client: LanguageClient, workspace: Path
) -> None:
    doc = open_doc(client, workspace / "racy.c", "c", RACY_C)
    races = await _race_diagnostics(client, doc)
    assert {d.range.start.line for d in races} == {8}  # `t = ...`
    race = races[0]
    assert race.source == "hpcls" and "`t`" in race.message
    assert isinstance(race.data, dict) and race.data["kind"] == "missing-private"
    assert race.related_information and race.related_information[0].location.range.start.line in (
        8,
        9,
    )

    fixes = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            range=race.range,
            context=lsp.CodeActionContext(diagnostics=[race], only=[lsp.CodeActionKind.QuickFix]),
        )
    )
    assert fixes is not None
    [fix] = [f for f in fixes if isinstance(f, lsp.CodeAction)]
    assert fix.title == "Add `private(t)` to the OpenMP directive (checked: parses, race gone)"
    assert fix.edit is not None and fix.edit.document_changes is not None
    [change] = fix.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    assert change.edits[0].new_text == " private(t)"
    assert change.edits[0].range.start == lsp.Position(line=6, character=24)

    # The serial sum loop (line 13) can be parallelized with a reduction, verified.
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            range=lsp.Range(
                start=lsp.Position(line=12, character=2), end=lsp.Position(line=12, character=2)
            ),
            context=lsp.CodeActionContext(
                diagnostics=[], only=[lsp.CodeActionKind.RefactorRewrite]
            ),
        )
    )
    assert actions is not None
    [action] = [a for a in actions if isinstance(a, lsp.CodeAction)]
    assert action.title.startswith(
        "Parallelize loop with OpenMP (verified: parses, dependence-checked"
    )
    assert action.edit is not None and action.edit.document_changes is not None
    [change] = action.edit.document_changes
    assert isinstance(change, lsp.TextDocumentEdit)
    assert change.edits[0].new_text == "  #pragma omp parallel for reduction(+: s)\n"

    # The loop under the racy directive already has one: no parallelize action there.
    none = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            range=lsp.Range(
                start=lsp.Position(line=7, character=2), end=lsp.Position(line=7, character=2)
            ),
            context=lsp.CodeActionContext(
                diagnostics=[], only=[lsp.CodeActionKind.RefactorRewrite]
            ),
        )
    )
    assert not none


async def test_a_serial_loop_gets_a_disabled_action_with_the_reason(
    client: LanguageClient, workspace: Path
) -> None:
    source = "void f(double *restrict a, int n) {\n  for (int i = 1; i < n; i++)\n    a[i] = a[i - 1] + 1.0;\n}\n"
    doc = open_doc(client, workspace / "serial.c", "c", source)
    actions = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            range=lsp.Range(
                start=lsp.Position(line=1, character=2), end=lsp.Position(line=1, character=2)
            ),
            context=lsp.CodeActionContext(diagnostics=[]),
        )
    )
    assert actions is not None
    [action] = [a for a in actions if isinstance(a, lsp.CodeAction)]
    assert action.edit is None and action.disabled is not None
    assert "loop-carried dependence" in action.disabled.reason


async def test_no_loop_analysis_off_loop_headers(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "racy2.c", "c", RACY_C)
    for line in (0, 3, 8, 14):  # include, declarations, a body statement, printf
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri=doc),
                range=lsp.Range(
                    start=lsp.Position(line=line, character=2),
                    end=lsp.Position(line=line, character=2),
                ),
                context=lsp.CodeActionContext(
                    diagnostics=[], only=[lsp.CodeActionKind.RefactorRewrite]
                ),
            )
        )
        assert not actions, line
