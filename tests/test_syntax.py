"""syntax/error findings point at the user's mistake, not at the whole recovered region."""

from __future__ import annotations

import pytest

from hpcls.analysis.checks import check_document
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document

CASES = [
    (LanguageKind.FORTRAN, "program p\n  x = (1 +\nend program p\n", 1, "x = (1 +"),
    (
        LanguageKind.FORTRAN,
        "module m\ncontains\n subroutine s()\n  call foo(\n end subroutine\nend module\n",
        3,
        "call foo(",
    ),
    (LanguageKind.FORTRAN_FIXED, "      PROGRAM P\n      X = (1 +\n      END\n", 1, "X = (1 +"),
    (LanguageKind.C, "int main(void) {\n  int x = 1\n  return x;\n}\n", 1, "missing"),
    (LanguageKind.CPP, "class A {\n  int x\n};\n", 1, "missing"),
    (LanguageKind.CUDA, "__global__ void k(int n {\n}\n", 0, ""),
]


@pytest.mark.parametrize(("kind", "text", "line", "words"), CASES)
def test_error_is_reported_on_the_right_line(
    kind: LanguageKind, text: str, line: int, words: str
) -> None:
    doc = Document.create("file:///t", kind, 1, text)
    findings = check_document(doc)
    assert findings, "a syntax error must be reported"
    first = findings[0]
    assert first.code == "syntax/error"
    assert doc.lines.line_of(first.start) == line
    assert words in first.message
    assert first.end >= first.start


def test_clean_sources_have_no_findings() -> None:
    for kind, text in [
        (LanguageKind.FORTRAN, "program p\n  x = 1\nend program p\n"),
        (LanguageKind.C, "int main(void) { return 0; }\n"),
    ]:
        assert check_document(Document.create("file:///t", kind, 1, text)) == []


def test_findings_are_bounded() -> None:
    text = "int f( {\n" * 500
    findings = check_document(Document.create("file:///t.c", LanguageKind.C, 1, text))
    assert 1 <= len(findings) <= 50
