"""The certain fix of a data race: add the missing `private(x)` or `reduction(op: x)`
clause to the directive. Offered only when the edited file still parses and the race
analysis, run again on it, no longer finds a race on that variable and finds no new one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hpcls.actions.parallelize_text import FIXED_FORM_WIDTH, FREE_FORM_WIDTH
from hpcls.analysis.checks import syntax_errors
from hpcls.analysis.findings import Finding
from hpcls.analysis.races import BUDGET_CODE, race_findings
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document
from hpcls.workspace.line_ends import newline_at


@dataclass(frozen=True, slots=True)
class RaceFix:
    title: str
    at: int  # source byte offset of the insertion
    text: str


def _insertion(doc: Document, at: int, clause: str, language: LanguageKind) -> str:
    """` clause`, or the clause on a continuation line (ended as the directive's line is)
    when the directive's line would grow past the form's limit."""
    source = doc.source
    line_start = doc.lf_source.rfind(b"\n", 0, at) + 1
    newline = newline_at(source, at)
    width = at - line_start + 1 + len(clause)
    if language is LanguageKind.FORTRAN_FIXED and width > FIXED_FORM_WIDTH:
        return f"{newline}!$omp& {clause}"
    if language.is_fortran and width > FREE_FORM_WIDTH:
        indent = source[line_start:at].split(b"!", 1)[0].decode("utf-8", "replace")
        return f" &{newline}{indent}!$omp& {clause}"
    return f" {clause}"


def race_fix(
    doc: Document, data: Mapping[str, object], before: Sequence[Finding] | None = None
) -> RaceFix | None:
    """The fix the finding's data names, checked; None when it is not certain. `before`:
    the document's findings when the caller has them (the analysis is not repeated)."""
    clause, end, variable = data.get("fix"), data.get("directive_end"), data.get("variable")
    if not isinstance(clause, str) or not isinstance(variable, str):
        return None
    if not isinstance(end, str) or not end.isdigit() or doc.language is None:
        return None
    at = int(end)
    if at > len(doc.source):
        return None
    text = _insertion(doc, at, clause, doc.language)
    source = doc.source[:at] + text.encode("utf-8") + doc.source[at:]
    edited = Document.create(doc.uri, doc.language, doc.version, source)
    if len(syntax_errors(edited)) > len(syntax_errors(doc)):
        return None
    if before is None:
        before = race_findings(doc)
    after = race_findings(edited)
    if any(f.code == BUDGET_CODE for f in after):
        return None  # an unchecked construct proves nothing gone
    if any(f.data.get("variable") == variable for f in after) or len(after) >= len(before):
        return None
    return RaceFix(f"Add `{clause}` to the OpenMP directive (checked: parses, race gone)", at, text)
