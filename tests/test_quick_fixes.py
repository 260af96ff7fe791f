"""Quick fixes for missing tokens: offered only when the edited text parses better."""

from __future__ import annotations

import pytest

from hpcls.analysis.checks import check_document
from hpcls.analysis.quick_fixes import _apply, _insertion, missing_token_fixes
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document


def _doc(name: str, text: str) -> Document:
    uri = f"file:///tmp/{name}"
    return Document.create(uri, language_for(uri, None), 1, text)


def _fixed(doc: Document) -> str:
    [fix] = missing_token_fixes(doc, 0, len(doc.source))
    source = doc.source
    for edit in fix.edits:
        source = _apply(source, edit)
    return source.decode()


@pytest.mark.parametrize(
    ("name", "broken", "fixed"),
    [
        ("a.c", "int main(void) {\n  int x = 1\n  return x;\n}\n", "  int x = 1;\n"),
        ("a.cpp", "int f() { return (1 + 2; }\n", "return (1 + 2);"),
        (
            "b.f90",
            "program p\n  integer :: i\n  i = 2\n  if (i > 1 then\n  end if\nend program p\n",
            "if (i > 1) then",
        ),
    ],
)
def test_missing_token_is_inserted_and_the_file_parses(name: str, broken: str, fixed: str) -> None:
    doc = _doc(name, broken)
    [fix] = missing_token_fixes(doc, 0, len(doc.source))
    assert fix.checked == "parses"
    assert fix.title.startswith("Insert missing `")
    after = _fixed(doc)
    assert fixed in after
    assert check_document(_doc(name, after)) == []


def test_only_errors_in_the_requested_range_get_fixes() -> None:
    doc = _doc("a.c", "int main(void) {\n  int x = 1\n  return x;\n}\n")
    line_one_end = doc.source.index(b"\n")
    assert missing_token_fixes(doc, 0, line_one_end) == []
    assert len(missing_token_fixes(doc, line_one_end + 1, line_one_end + 12)) == 1


def test_a_clean_file_and_a_plain_error_get_none() -> None:
    assert missing_token_fixes(_doc("a.c", "int main(void) { return 0; }\n"), 0, 30) == []
    doc = _doc("a.c", "int main(void) { return 0 @@ ; }\n")
    assert [f.data.get("kind") for f in check_document(doc)] == ["error"]
    assert missing_token_fixes(doc, 0, len(doc.source)) == []


def test_a_missing_identifier_has_no_text_to_insert() -> None:
    doc = _doc("a.c", "int main(void) { int a = 1 + ; return a; }\n")
    for finding in check_document(doc):
        if finding.data.get("kind") == "missing":
            assert "token" not in finding.data or not finding.data["token"].isidentifier()
    for fix in missing_token_fixes(doc, 0, len(doc.source)):
        assert not fix.edits[0].text.strip().isidentifier()


def test_a_fix_that_leaves_a_new_error_is_not_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    # An insertion that breaks the file elsewhere must be refused by the parse check.
    import hpcls.analysis.quick_fixes as qf

    doc = _doc("a.c", "int main(void) {\n  int x = 1\n  return x;\n}\n")
    monkeypatch.setattr(qf, "_insertion", lambda source, at, token: "; @@")
    assert qf.missing_token_fixes(doc, 0, len(doc.source)) == []


def test_keywords_are_spaced_from_neighbouring_words() -> None:
    assert _insertion(b"abc def", 3, "then") == " then"
    assert _insertion(b"abc)def", 4, "then") == "then "
    assert _insertion(b"abc", 3, ";") == ";"
