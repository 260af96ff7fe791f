"""The loop-analysis part of `hpcls demo`: the parallelize action on a loop of the legacy
Fortran example, then a directive typed above a recurrence and the race hpcls reports."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from hpcls.workspace.uris import path_to_uri

if TYPE_CHECKING:
    from hpcls.protocol.demo import DemoClient

_TIMEOUT = 60.0
# In examples/legacy/dgtsv_like.f: a verified nest, and the forward substitution.
_PARALLEL = re.compile(r"^ +DO 90 J = 1, NRHS$", re.MULTILINE)
_RECURRENCE = re.compile(r"^ +DO 20 I = 2, N$", re.MULTILINE)


def _line(text: str, pattern: re.Pattern[str]) -> int | None:
    m = pattern.search(text)
    return None if m is None else text.count("\n", 0, m.start())


async def _races(client: DemoClient, uri: str, version: int) -> list[lsp.Diagnostic]:
    """The publish that carries the race analysis (it follows the fast diagnostics)."""
    while True:
        params = await asyncio.wait_for(client.diagnostic_events.get(), _TIMEOUT)
        if params.uri != uri or (params.version or 0) < version:
            continue
        races = [d for d in params.diagnostics if d.code == "omp/data-race"]
        if races:
            return races


async def loop_analysis(client: DemoClient, root: Path, opened: dict[Path, str]) -> None:
    target = next((p for p in opened if p.name == "dgtsv_like.f"), None)
    if target is None:
        return
    text = opened[target]
    uri = path_to_uri(target)
    where = target.relative_to(root) if target.is_relative_to(root) else target
    nest, recurrence = _line(text, _PARALLEL), _line(text, _RECURRENCE)
    if nest is None or recurrence is None:
        return
    print(f"\n── loop analysis: code actions on {where}:{nest + 1}")
    at = lsp.Position(line=nest, character=6)
    actions: Any = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(start=at, end=at),
            context=lsp.CodeActionContext(diagnostics=[]),
        )
    )
    for action in actions or []:
        if not isinstance(action, lsp.CodeAction):
            continue
        print(f"  action: {action.title}")
        changes = action.edit.document_changes if action.edit else None
        for change in changes or []:
            if isinstance(change, lsp.TextDocumentEdit):
                for edit in change.edits:
                    if not isinstance(edit, lsp.TextEdit):
                        continue
                    for line in edit.new_text.rstrip("\n").splitlines():
                        print(f"      + {line}")
    directive = "C$OMP PARALLEL DO\n"
    print(f"\n── typing `{directive.strip()}` above {where}:{recurrence + 1} (a recurrence)")
    start = lsp.Position(line=recurrence, character=0)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=10),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=start, end=start), text=directive
                )
            ],
        )
    )
    for d in await _races(client, uri, 10):
        pos = f"{d.range.start.line + 1}:{d.range.start.character + 1}"
        print(f"  diagnostic {pos} [{d.code}] {d.message}")
        for info in d.related_information or []:
            print(f"      related line {info.location.range.start.line + 1}: {info.message}")
    end = lsp.Position(line=recurrence + 1, character=0)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=11),
            content_changes=[
                lsp.TextDocumentContentChangePartial(range=lsp.Range(start=start, end=end), text="")
            ],
        )
    )
