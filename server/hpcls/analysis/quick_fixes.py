"""Quick fixes whose result is certain: pure functions from a snapshot to edits.

Every fix is checked on the trust ladder's first rung (docs/architecture.md): the edited
text is parsed again, and a fix that leaves a new syntax error, or does not remove the one
it fixes, is never offered.
"""

from __future__ import annotations

from dataclasses import dataclass

from hpcls.analysis.call_context import is_word_byte
from hpcls.analysis.checks import syntax_errors
from hpcls.analysis.findings import Finding
from hpcls.workspace.document import Document


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace source bytes [start, end) with text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class QuickFix:
    title: str
    finding: Finding
    edits: tuple[Edit, ...]
    # The highest rung of the trust ladder the edited text passed.
    checked: str


def _apply(source: bytes, edit: Edit) -> bytes:
    return source[: edit.start] + edit.text.encode("utf-8") + source[edit.end :]


def _insertion(source: bytes, at: int, token: str) -> str:
    """The token, spaced so that a keyword does not fuse with the word before or after it."""
    text = token
    word = is_word_byte(ord(token[0]))
    if word and at > 0 and is_word_byte(source[at - 1]):
        text = " " + text
    if word and at < len(source) and is_word_byte(source[at]):
        text = text + " "
    return text


def _parses_better(doc: Document, edit: Edit, before: list[Finding]) -> bool:
    """True when the edited text has fewer syntax errors and none that was not there before.

    Errors after the edit are compared shifted by the inserted length; tree-sitter's error
    recovery may word an untouched error differently, and then the fix is not offered.
    """
    edited = Document.create(doc.uri, doc.language, doc.version, _apply(doc.source, edit))
    after = syntax_errors(edited)
    if len(after) >= len(before):
        return False
    shift = len(edit.text.encode("utf-8")) - (edit.end - edit.start)

    def key(f: Finding, moved: int) -> tuple[str, int, int]:
        return (f.message, f.start + moved, f.end + moved)

    known = {key(f, shift if f.start >= edit.end else 0) for f in before}
    return all(key(f, 0) in known for f in after)


def missing_token_fixes(doc: Document, start: int, end: int) -> list[QuickFix]:
    """Fixes for "missing `;`"-style errors that touch source bytes [start, end]."""
    if doc.tree is None or doc.language is None or not doc.tree.root_node.has_error:
        return []
    before = syntax_errors(doc)
    fixes: list[QuickFix] = []
    for finding in before:
        token = finding.data.get("token")
        if finding.data.get("kind") != "missing" or not token:
            continue
        if finding.end < start or finding.start > end:
            continue
        edit = Edit(finding.start, finding.start, _insertion(doc.source, finding.start, token))
        if _parses_better(doc, edit, before):
            fixes.append(QuickFix(f"Insert missing `{token}`", finding, (edit,), "parses"))
    return fixes
