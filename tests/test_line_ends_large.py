"""Line ends in texts past line_ends.VECTOR_BYTES, where the line index and the LF view are
numpy passes instead of regex scans (issue 13: a lone-CR or CRLF file costs what an LF one
does). Each pass must give exactly what the regex definition gives, for mixed and pathological
texts, before and after edits; a large styled document must look like its LF twin.
"""

from __future__ import annotations

import random
import re

import pytest

from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Change, Document
from hpcls.workspace.fixed_form import FixedFormView
from hpcls.workspace.line_ends import VECTOR_BYTES, LfView, lf_after_edit, lf_view, splice
from hpcls.workspace.lines import Encoding, LineIndex
from tests.conftest import EXAMPLES
from tests.line_ends import STYLES, restyle, snapshot

_BREAK = re.compile(rb"\r\n|\r|\n")
_LONE_CR = re.compile(rb"\r(?!\n)")


def _reference_starts(data: bytes) -> list[int]:
    return [0, *(m.end() for m in _BREAK.finditer(data))]


def _mixed(rng: random.Random, size: int) -> bytes:
    pieces = [b"\r", b"\n", b"\r\n", b"\n\r", b"x = 1", b"  call f(a, b)  ! note", b""]
    out: list[bytes] = []
    total = 0
    while total < size:
        out.append(rng.choice(pieces))
        total += len(out[-1])
    return b"".join(out)


def _big(relative: str, size: int = 6 * VECTOR_BYTES) -> str:
    text = (EXAMPLES / relative).read_text()
    return text * (size // len(text) + 1)


@pytest.mark.parametrize("seed", range(20))
def test_index_and_view_of_a_large_mixed_text(seed: int) -> None:
    rng = random.Random(seed)
    data = _mixed(rng, rng.randrange(VECTOR_BYTES, 4 * VECTOR_BYTES))
    data = rng.choice([b"", b"\r", b"\n", b"\r\n"]) + data + rng.choice([b"", b"\r", b"\n"])
    assert LineIndex.of(data).starts.tolist() == _reference_starts(data)
    assert lf_view(data) == _LONE_CR.sub(b"\n", data)
    assert LfView.of(data).parse_source == data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_large_texts_of_one_style(newline: bytes) -> None:
    data = b"      x = 1\n".replace(b"\n", newline) * (2 * VECTOR_BYTES // 12)
    lines = LineIndex.of(data)
    assert lines.line_count == data.count(newline) + 1
    assert lines.starts.tolist() == _reference_starts(data)
    view = lf_view(data)
    if newline == b"\r":
        assert view == data.replace(b"\r", b"\n")
    else:
        assert view is data  # no lone "\r": the view is the text itself, not a copy
    # A CRLF cut in two at the end: its "\r" is a lone one there.
    if newline == b"\r\n":
        assert lf_view(data[:-1]) == data[:-2] + b"\n"
        assert LineIndex.of(data[:-1]).line_count == lines.line_count


@pytest.mark.parametrize("seed", range(12))
def test_large_edits_keep_index_and_views_exact(seed: int) -> None:
    """Pastes and whole-text replacements past VECTOR_BYTES go through the numpy paths."""
    rng = random.Random(seed)
    source = _mixed(rng, 3 * VECTOR_BYTES)
    lines, lf, view = LineIndex.of(source), lf_view(source), LfView.of(source)
    for _ in range(4):
        start = rng.randrange(len(source) + 1)
        end = rng.randrange(start, min(len(source), start + 2 * VECTOR_BYTES) + 1)
        if rng.random() < 0.25:
            start, end = 0, len(source)
        data = _mixed(rng, rng.choice([0, 3, 2 * VECTOR_BYTES]))
        new = splice(source, start, end, data)
        assert new == source[:start] + data + source[end:]
        new_end = start + len(data)
        lines = lines.after_edit(new, start, end, new_end)
        assert lines == LineIndex.of(new)
        assert lines.starts.tolist() == _reference_starts(new)
        new_lf = lf_after_edit(lf, new, start, end, new_end, shared=lf is source)
        assert new_lf == lf_view(new)
        view, _ = view.after_edit(new, start, end, new_end, lf=new_lf)
        fresh = LfView.of(new)
        assert view.parse_source == fresh.parse_source
        assert (view.dropped, view.at) == (fresh.dropped, fresh.at)
        source, lf = new, new_lf


def test_an_old_mac_twin_is_the_lf_view_itself_after_an_edit() -> None:
    """One copy of a lone-CR text's LF bytes, not two (the view and the parser's twin)."""
    source = b"      x = 1\r" * (2 * VECTOR_BYTES // 12)
    view = LfView.of(source)
    assert view.parse_source == lf_view(source)
    new = splice(source, 12, 12, b"      y = 2\r")
    lf = lf_after_edit(lf_view(source), new, 12, 12, 24)
    edited, _ = view.after_edit(new, 12, 12, 24, lf=lf)
    assert edited.parse_source is lf
    assert edited.parse_source == LfView.of(new).parse_source
    # Typing a "\n" after a "\r" makes a CRLF: the twin is no longer the LF view.
    crlf = splice(new, 24, 24, b"\n")
    lf2 = lf_after_edit(lf, crlf, 24, 24, 25)
    twin, _ = edited.after_edit(crlf, 24, 24, 25, lf=lf2)
    assert twin.parse_source == LfView.of(crlf).parse_source != lf2


@pytest.mark.parametrize("style", ["crlf", "cr"])
def test_offsets_of_a_large_styled_text_map_like_its_lf_twin(style: str) -> None:
    text = _big("heat/heat_solver.f90")
    doc = Document.create("file:///t", LanguageKind.FORTRAN, 1, restyle(text, STYLES[style]))
    twin = Document.create("file:///t", LanguageKind.FORTRAN, 1, text)
    assert doc.lines.line_count == twin.lines.line_count
    assert doc.parse_source == twin.source
    for offset in range(0, len(doc.source) + 1, 7):
        parse = doc.to_parse(offset)
        assert doc.position_of(offset, Encoding.UTF16) == twin.position_of(parse, Encoding.UTF16)
        assert doc.to_parse(doc.to_source(parse)) == parse
    for line in range(0, twin.lines.line_count, 5):
        at = doc.offset_at(line, 3, Encoding.UTF16)
        assert doc.to_parse(at) == twin.offset_at(line, 3, Encoding.UTF16)


@pytest.mark.parametrize("style", ["crlf", "cr"])
@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("heat/heat_solver.f90", LanguageKind.FORTRAN),
        ("legacy/dgtsv_like.f", LanguageKind.FORTRAN_FIXED),
        ("jacobi/jacobi.c", LanguageKind.C),
    ],
)
def test_a_large_styled_document_looks_like_its_lf_twin(
    relative: str, kind: LanguageKind, style: str
) -> None:
    """Folds, symbols, diagnostics and directives, in LSP positions, before and after an
    edit in the middle, equal the LF twin's."""
    newline = STYLES[style]
    text = _big(relative)
    doc = Document.create("file:///t", kind, 1, restyle(text, newline))
    twin = Document.create("file:///t", kind, 1, text)
    assert snapshot(doc, loops=False) == snapshot(twin, loops=False)
    line = twin.lines.line_count // 2
    comment = "// x" if kind is LanguageKind.C else "! x"
    doc, _ = doc.apply([Change((line, 0, line, 0), comment + newline)], 2, Encoding.UTF16)
    twin, _ = twin.apply([Change((line, 0, line, 0), comment + "\n")], 2, Encoding.UTF16)
    assert doc.lines == LineIndex.of(doc.source)
    assert doc.lf_source == lf_view(doc.source)
    assert snapshot(doc.canonical(), loops=False) == snapshot(twin.canonical(), loops=False)


def test_fixed_form_starts_after_an_edit_equal_a_fresh_view() -> None:
    text = _big("legacy/dgtsv_like.f").encode()
    view = FixedFormView.from_source(text)
    middle = len(text) // 2
    middle = text.index(b"\n", middle) + 1
    new = splice(text, middle, middle, b"     &  + 1\n")
    edited, _ = view.after_edit(new, middle, middle, middle + 12)
    assert edited == FixedFormView.from_source(new)
