"""Code actions from the loop analysis: "Parallelize loop with OpenMP" on a loop header
(on an inner loop of a parallel nest, for the outermost parallel loop: `plan` picks it),
and the certain fixes of `omp/data-race` findings (add `private(x)` / `reduction(+: s)`
to the directive), each titled with the trust rungs it passed."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from functools import partial

from lsprotocol import types as lsp

from hpcls.actions.parallelize import Parallelization, plan
from hpcls.actions.race_fixes import RaceFix, race_fix
from hpcls.protocol.convert import document_edit
from hpcls.protocol.server import HpcServer
from hpcls.workspace.document import Document
from hpcls.workspace.lines import Encoding


def parallelize_action(
    doc: Document, encoding: Encoding, result: Parallelization
) -> lsp.CodeAction:
    if not result.offered:
        # Shown greyed out with the reason: the user learns why this loop stays serial.
        return lsp.CodeAction(
            title=result.head,
            kind=lsp.CodeActionKind.RefactorRewrite,
            disabled=lsp.CodeActionDisabled(reason=result.why_not),
        )
    return lsp.CodeAction(
        title=result.title,
        kind=lsp.CodeActionKind.RefactorRewrite,
        edit=document_edit(doc, encoding, ((e.at, e.at, e.text) for e in result.edits)),
        data={"trust": "verified" if result.verified else "unverified"},
    )


def race_fix_action(
    doc: Document, encoding: Encoding, fix: RaceFix, diagnostic: lsp.Diagnostic
) -> lsp.CodeAction:
    return lsp.CodeAction(
        title=fix.title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        is_preferred=True,
        edit=document_edit(doc, encoding, [(fix.at, fix.at, fix.text)]),
    )


async def loop_actions(
    ls: HpcServer,
    doc: Document,
    params: lsp.CodeActionParams,
    want_quickfix: bool,
    want_refactor: bool,
) -> list[lsp.CodeAction]:
    """The actions for this request; the slow checks (lowering, the compiler) run in a
    worker thread so the server keeps answering meanwhile."""
    actions: list[lsp.CodeAction] = []
    encoding = ls.encoding
    if want_quickfix:
        # The worker's findings for this very text spare the fix a second analysis.
        found, fresh = ls.races.current(doc)
        for d in params.context.diagnostics:
            if d.code != "omp/data-race" or d.source != "hpcls" or not isinstance(d.data, dict):
                continue
            key = ("fix", doc.uri, str(sorted(d.data.items())))
            work = partial(race_fix, doc, d.data, found if fresh else None)
            fix = await _remembered(key, doc.source, work)
            if isinstance(fix, RaceFix):
                actions.append(race_fix_action(doc, encoding, fix, d))
    line = params.range.start.line
    if want_refactor and _looks_like_loop_header(doc, line):
        key = ("plan", doc.uri, str(line))
        result = await _remembered(key, doc.source, partial(plan, doc, line))
        if isinstance(result, Parallelization):
            actions.append(parallelize_action(doc, encoding, result))
    return actions


# Editors ask for code actions at every cursor move: only a line that can start a loop is
# analysed, and an answer for an unchanged text is kept (re-analysing the edited file and
# the compile rung are the slow parts).
_HEADER = re.compile(rb"^\s*(?:\d+\s+)?(?:\w+\s*:\s*)?(?:for|do)\b", re.IGNORECASE)
_ANSWERS: dict[tuple[str, str, str], tuple[bytes, object]] = {}
_ANSWERS_SIZE = 64


async def _remembered(
    key: tuple[str, str, str], source: bytes, work: Callable[[], object]
) -> object:
    """`work()` in a thread, or its answer for the same key and text."""
    cached = _ANSWERS.get(key)
    if cached is not None and cached[0] == source:
        return cached[1]
    answer = await asyncio.to_thread(work)
    _ANSWERS[key] = (source, answer)
    if len(_ANSWERS) > _ANSWERS_SIZE:
        _ANSWERS.pop(next(iter(_ANSWERS)))
    return answer


def _looks_like_loop_header(doc: Document, line: int) -> bool:
    if line >= doc.lines.line_count:
        return False
    start, end = doc.lines.line_span(doc.source, line)
    return _HEADER.match(doc.source[start:end]) is not None
