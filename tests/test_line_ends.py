"""LF, CRLF and lone-CR line ends give the same ranges, directives, folds and findings.

The two reported problems come first: a CRLF Fortran syntax error whose range took in the
"\\r", and a lone-CR C `#pragma` line that swallowed the next line. Then every example file
in every style against its LF twin (tests/line_ends.py), the pieces of the one code path
(the LF view and its update after an edit), inserted text in the document's own line end,
and the CLI.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from hpcls.actions.parallelize import plan
from hpcls.actions.race_fixes import race_fix
from hpcls.ai.fake_engine import FakeEngine
from hpcls.ai.service import CompletionService
from hpcls.analysis.checks import check_document
from hpcls.analysis.quick_fixes import missing_token_fixes
from hpcls.analysis.races import race_findings
from hpcls.cli import main
from hpcls.config import AiSettings
from hpcls.languages.registry import LanguageKind
from hpcls.protocol.knowledge_completion import knowledge_items
from hpcls.protocol.knowledge_features import knowledge_hover, signature_help
from hpcls.workspace.document import Change, Document
from hpcls.workspace.line_ends import LfView, lf_after_edit, lf_view, newline_at
from hpcls.workspace.lines import Encoding
from tests.conftest import EXAMPLES
from tests.line_ends import STYLES, restyle, snapshot

PRAGMA_C = (
    "#include <omp.h>\nint g;\nvoid f(int n, double *a) {\n#pragma omp parallel for\n"
    "  for (int i = 0; i < n; i++) {\n    a[i] = 0;\n  }\n}\nint h(void) {\n  return 0;\n}\n"
)
BROKEN_F = "program p\n  call f(1,\n  i = 2\nend program p\n"

EXAMPLE_FILES = {
    "heat/heat_solver.f90": LanguageKind.FORTRAN,
    "heat/heat_halo.f90": LanguageKind.FORTRAN,
    "heat/heat_params.f90": LanguageKind.FORTRAN,
    "legacy/dgtsv_like.f": LanguageKind.FORTRAN_FIXED,
    "jacobi/jacobi.c": LanguageKind.C,
    "jacobi/jacobi.h": LanguageKind.C,
    "mpi/ring.c": LanguageKind.C,
    "stencil/stencil.cpp": LanguageKind.CPP,
    "cuda/saxpy_reduce.cu": LanguageKind.CUDA,
}


def _doc(text: str, kind: LanguageKind, newline: str = "\n") -> Document:
    return Document.create("file:///t", kind, 1, restyle(text, newline))


@pytest.mark.parametrize("style", list(STYLES))
def test_c_pragma_line_ends_at_a_lone_cr(style: str) -> None:
    doc = _doc(PRAGMA_C, LanguageKind.C, STYLES[style])
    got = snapshot(doc)
    assert got["diagnostics"] == []
    assert [s[0] for s in got["symbols"]] == ["g", "f", "h"]
    assert [(a, b) for a, b, _ in got["folds"]] == [(2, 7), (4, 6), (8, 10)]
    [pragma] = got["directives"]
    assert pragma[0] == "parallel for" and pragma[1] == (3,)
    assert got == snapshot(_doc(PRAGMA_C, LanguageKind.C))


@pytest.mark.parametrize("kind", [LanguageKind.FORTRAN, LanguageKind.FORTRAN_FIXED])
@pytest.mark.parametrize("style", list(STYLES))
def test_fortran_syntax_error_range_ends_before_the_line_end(
    style: str, kind: LanguageKind
) -> None:
    text = BROKEN_F
    if kind is LanguageKind.FORTRAN_FIXED:
        text = "".join("      " + line for line in text.splitlines(keepends=True))
    doc = _doc(text, kind, STYLES[style])
    [error] = [f for f in snapshot(doc)["diagnostics"] if "call f(1," in f[1]]
    (sl, sc), (el, ec) = error[2]
    content = restyle(text, "\n").split("\n")[1]
    assert (sl, sc) == (1, content.index("call"))
    assert el == 1 and ec == len(content)  # the "\r" is not part of the range
    [finding] = [f for f in check_document(doc) if "call f(1," in f.message]
    assert doc.source[finding.start : finding.end] == b"call f(1,"


@pytest.mark.parametrize("style", ["crlf", "cr"])
@pytest.mark.parametrize("relative", list(EXAMPLE_FILES))
def test_examples_look_the_same_in_every_style(relative: str, style: str) -> None:
    text = (EXAMPLES / relative).read_text()
    kind = EXAMPLE_FILES[relative]
    assert snapshot(_doc(text, kind, STYLES[style])) == snapshot(_doc(text, kind))


def test_position_inside_crlf_is_the_line_end() -> None:
    doc = _doc("ab\ncd\n", LanguageKind.C, "\r\n")
    assert doc.position_of(2, Encoding.UTF16) == (0, 2)  # at "\r"
    assert doc.position_of(3, Encoding.UTF16) == (0, 2)  # between "\r" and "\n"
    assert doc.position_of(4, Encoding.UTF16) == (1, 0)


# --- the LF view ------------------------------------------------------------------------------


def test_lf_view_maps_lone_cr_only() -> None:
    assert lf_view(b"a\rb\r\nc\nd\r") == b"a\nb\r\nc\nd\n"
    plain = b"a\r\nb\n"
    assert lf_view(plain) is plain  # no copy when nothing changes


@pytest.mark.parametrize("seed", range(200))
def test_views_after_an_edit_equal_fresh_ones(seed: int) -> None:
    rng = random.Random(seed)
    pieces = [b"\r", b"\n", b"\r\n", b"x", b"\\", b""]
    source = b"".join(rng.choice(pieces) for _ in range(rng.randrange(12)))
    lf = lf_view(source)
    view = LfView.of(source)
    for _ in range(6):
        start = rng.randrange(len(source) + 1)
        end = rng.randrange(start, len(source) + 1)
        data = b"".join(rng.choice(pieces) for _ in range(rng.randrange(4)))
        new = source[:start] + data + source[end:]
        lf = lf_after_edit(lf, new, start, end, start + len(data), shared=lf is source)
        assert lf == lf_view(new)
        view, edit = view.after_edit(new, start, end, start + len(data))
        fresh = LfView.of(new)
        assert view.parse_source == fresh.parse_source == restyle(new.decode(), "\n").encode()
        assert (view.dropped, view.at) == (fresh.dropped, fresh.at)
        assert edit.start <= view.to_parse(start)
        assert edit.new_end == view.to_parse(start + len(data))
        source = new


def test_the_twin_maps_offsets_both_ways() -> None:
    source = b"ab\r\ncd\ref\r\n"
    view = LfView.of(source)
    assert view.parse_source == b"ab\ncd\nef\n"
    # "\r" and "\n" of a CRLF are both the twin's "\n", which maps back to the "\r".
    assert [view.to_parse(o) for o in range(len(source) + 1)] == [
        0,
        1,
        2,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        8,
        9,
    ]
    assert [view.to_source(p) for p in range(len(view.parse_source) + 1)] == [
        0,
        1,
        2,
        4,
        5,
        6,
        7,
        8,
        9,
        11,
    ]
    plain = b"ab\ncd\r"
    assert LfView.of(plain).parse_source == b"ab\ncd\n"
    lf_only = b"ab\ncd"
    assert LfView.of(lf_only).parse_source is lf_only  # no copy


def test_newline_at_is_the_line_s_own_end() -> None:
    assert newline_at(b"a\r\nb\r\n", 0) == "\r\n"
    assert newline_at(b"a\rb\r", 2) == "\r"
    assert newline_at(b"a\nb", 2) == "\n"  # the last line: the one before
    assert newline_at(b"a\r\nb", 3) == "\r\n"
    assert newline_at(b"ab", 1) == "\n"


# --- inserted text uses the document's line end -----------------------------------------------

LOOP_C = "void f(int n, double *a) {\n  for (int i = 0; i < n; i++)\n    a[i] = 2.0 * a[i];\n}\n"
LOOP_F = (
    "subroutine s(n, a)\n  integer :: n, i\n  real :: a(n)\n  do i = 1, n\n"
    "    a(i) = 2.0 * a(i)\n  end do\nend subroutine s\n"
)


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize(
    ("text", "kind", "line"), [(LOOP_C, LanguageKind.C, 1), (LOOP_F, LanguageKind.FORTRAN, 3)]
)
def test_parallelize_inserts_the_document_s_line_end(
    style: str, text: str, kind: LanguageKind, line: int
) -> None:
    newline = STYLES[style]
    result = plan(_doc(text, kind, newline), line, compile_rung=False)
    lf_result = plan(_doc(text, kind), line, compile_rung=False)
    assert result is not None and lf_result is not None and result.edits
    assert result.verified == lf_result.verified and result.verified
    for edit, lf_edit in zip(result.edits, lf_result.edits, strict=True):
        assert edit.text == lf_edit.text.replace("\n", newline)
        assert restyle(edit.text, "\n") == lf_edit.text


RACY_F = (
    "subroutine s(n, a)\n  integer :: n, i\n  real :: a(n), t\n"
    f"  !$omp parallel do {' '.join(['shared(a)'] * 12)}\n"
    "  do i = 1, n\n    t = a(i)\n    a(i) = t * 2\n  end do\n  !$omp end parallel do\n"
    "end subroutine s\n"
)


@pytest.mark.parametrize("style", list(STYLES))
def test_race_fix_continues_the_directive_with_the_document_s_line_end(style: str) -> None:
    """The directive line is too long for `private(t)`: it goes on a continuation line."""
    newline = STYLES[style]
    doc = _doc(RACY_F, LanguageKind.FORTRAN, newline)
    races = race_findings(doc)
    assert [f.data["line"] for f in races] == ["6", "7"]
    fix = race_fix(doc, races[0].data, races)
    assert fix is not None
    assert fix.text == " &\n  !$omp& private(t)".replace("\n", newline)


@pytest.mark.parametrize("style", list(STYLES))
def test_missing_token_fix_in_every_style(style: str) -> None:
    doc = _doc("int main(void) {\n  int x = 1\n  return x;\n}\n", LanguageKind.C, STYLES[style])
    [fix] = missing_token_fixes(doc, 0, len(doc.source))
    [edit] = fix.edits
    assert edit.text == ";" and doc.position_of(edit.start, Encoding.UTF16) == (1, 11)


@pytest.mark.parametrize("style", list(STYLES))
def test_ai_suggestion_takes_the_document_s_line_end(style: str) -> None:
    """The model writes LF; a block suggested into a CRLF or CR file is written in its style."""
    newline = STYLES[style]
    head = "int f(int n) {\n  int s = 0;\n  for (int i = 0; i < n; i++) {\n    "
    doc = _doc(head + "\n  }\n  return s;\n}\n", LanguageKind.C, newline)
    service = CompletionService(AiSettings(), engine=FakeEngine("s += i;\n    s *= 2;\n"))
    suggestion = service.suggest(doc, len(restyle(head, newline)), None)
    assert suggestion is not None
    assert suggestion.text == f"s += i;{newline}    s *= 2;"


CONTINUED_F = (
    "program p\n  use mpi\n  integer :: i\n!$omp parallel do &\n!$omp& \n  do i = 1, 10\n"
    "    call mpi_send(buf, & ! the data\n      n, \n  end do\nend program p\n"
)


@pytest.mark.parametrize("style", list(STYLES))
def test_completion_hover_and_signature_on_continued_lines(style: str) -> None:
    """Each reads the lines before the cursor: a lone CR must end them as LF does."""
    doc = _doc(CONTINUED_F, LanguageKind.FORTRAN, STYLES[style])

    def offset(line: int, character: int) -> int:
        return doc.offset_at(line, character, Encoding.UTF16)

    items = knowledge_items(doc, lsp.Position(4, 7), offset(4, 7), False)
    assert {"collapse", "private", "reduction"} <= {item.label for item in items}
    hover = knowledge_hover(doc, offset(3, 8))
    assert hover is not None and "parallel do" in hover[0]
    assert [doc.position_of(o, Encoding.UTF16) for o in hover[1:]] == [(3, 6), (3, 14)]
    signature = signature_help(doc, offset(7, 9))
    assert signature is not None and signature.active_parameter == 2


# --- edits into a styled document --------------------------------------------------------------


@pytest.mark.parametrize("style", list(STYLES))
def test_typing_a_break_after_a_lone_cr(style: str) -> None:
    """A "\\n" typed right after a "\\r" joins them into one line end: the parse follows."""
    newline = STYLES[style]
    doc = _doc(PRAGMA_C, LanguageKind.C, newline)
    line = 3  # the pragma line: break it into "#pragma omp" + CR + "parallel for"
    doc, _ = doc.apply([Change((line, 11, line, 12), "\r")], 2, Encoding.UTF16)
    doc, _ = doc.apply([Change((line + 1, 0, line + 1, 0), "\n")], 3, Encoding.UTF16)
    fresh = Document.create("file:///t", LanguageKind.C, 3, doc.source)
    assert doc.parse_source == fresh.parse_source == restyle(doc.text, "\n").encode()
    assert doc.lf_source == fresh.lf_source == lf_view(doc.source)
    assert snapshot(doc) == snapshot(fresh)


# --- the CLI ----------------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    main(list(args))
    out = json.loads(capsys.readouterr().out)
    for file in out["files"]:
        file.pop("path")
    return out


@pytest.mark.parametrize("style", ["crlf", "cr"])
@pytest.mark.parametrize("relative", ["heat/heat_solver.f90", "jacobi/jacobi.c"])
def test_cli_check_and_loops_in_every_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], relative: str, style: str
) -> None:
    text = (EXAMPLES / relative).read_text()
    name = Path(relative).name
    lf, styled = tmp_path / "lf", tmp_path / style
    lf.mkdir()
    styled.mkdir()
    (lf / name).write_bytes(text.encode())
    (styled / name).write_bytes(restyle(text, STYLES[style]).encode())
    for command in ("check", "loops"):
        want = _cli(capsys, command, "--format", "json", str(lf / name))
        assert _cli(capsys, command, "--format", "json", str(styled / name)) == want
