"""directives_of equals a whole-file scan after every edit, whichever path it takes, with
LF, CRLF and CR line ends; and the directives are, position for position, those of the
text's LF twin."""

from __future__ import annotations

import random

import pytest
from bench.gen_fortran import generate

from hpcls.analysis import directives_memo
from hpcls.analysis.directives import Directive, find_directives
from hpcls.analysis.directives_memo import _changed, directives_of
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document
from hpcls.workspace.lines import Encoding
from tests.line_ends import STYLES, restyle

C_SOURCE = "".join(
    f"void f{i}(int n, double *a) {{\n#pragma omp parallel for \\\n    schedule(static)\n"
    f"  for (int i = 0; i < n; i++) a[i] = {i}; /* x */\n}}\n"
    for i in range(40)
)
FIXED_SOURCE = "".join(
    f"      subroutine s{i}(n)\nc$omp parallel do\nc$omp+ private(j)\n      do j = 1, n\n"
    f"      end do\n      end\n"
    for i in range(40)
)
# Typed characters, safe and unsafe ones (newlines, quotes, comment and continuation marks).
ALPHABET = "ab x(),+:1$p#!&'\"/*\\\n\rompragmac"


def _seen(doc: Document, found: list[Directive]) -> list[object]:
    """Directives in LSP positions: what line ends cannot change."""

    def at(offset: int) -> tuple[int, int]:
        return doc.position_of(offset, Encoding.UTF16)

    return [
        (d.name, d.lines, at(d.start), at(d.end), [at(c.start) for c in d.clauses]) for d in found
    ]


@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize(
    ("name", "text"),
    [("g.f90", generate(600).text), ("c.c", C_SOURCE), ("x.f", FIXED_SOURCE)],
)
def test_random_edits_give_the_whole_file_answer(name: str, text: str, style: str) -> None:
    rng = random.Random(7)
    uri = f"file:///memo/{name}"
    kind = language_for(uri)
    assert kind is not None
    source = restyle(text, STYLES[style]).encode()
    for step in range(150):
        at = rng.randrange(len(source))
        if rng.random() < 0.3:
            source = source[:at] + source[at + 1 :]
        else:
            source = source[:at] + rng.choice(ALPHABET).encode() + source[at:]
        doc = Document.create(uri, kind, step, source)
        assert doc.tree is not None
        expected = find_directives(doc.tree, doc.lf_source, kind, doc.to_parse)
        got = directives_of(uri, doc.tree, doc.lf_source, kind, doc.to_parse)
        assert got == expected, step
        if step % 10 == 0 or step == 149:
            twin = Document.create(uri, kind, step, restyle(doc.text, "\n"))
            assert twin.tree is not None
            lf = find_directives(twin.tree, twin.source, kind)
            assert _seen(doc, got) == _seen(twin, lf), step


def test_changed_region() -> None:
    assert _changed(b"abcdef", b"abXdef") == (2, 3, 3)
    assert _changed(b"abc", b"abcd") == (3, 3, 4)
    assert _changed(b"aaaa", b"aa") == (2, 4, 2)
    big = b"x" * 10000
    assert _changed(big + b"1" + big, big + b"22" + big) == (10000, 10001, 10002)


def test_the_memo_is_bounded() -> None:
    doc = Document.create("file:///m/a.c", language_for("file:///m/a.c"), 1, C_SOURCE)
    assert doc.tree is not None and doc.language is not None
    for i in range(100):
        directives_of(f"file:///m/{i}.c", doc.tree, doc.source, doc.language)
    assert len(directives_memo._memo) <= 64


def test_a_closed_document_is_forgotten() -> None:
    doc = Document.create("file:///m/c.c", language_for("file:///m/c.c"), 1, C_SOURCE)
    assert doc.tree is not None and doc.language is not None
    directives_of(doc.uri, doc.tree, doc.source, doc.language)
    assert doc.uri in directives_memo._memo
    directives_memo.forget(doc.uri)
    assert doc.uri not in directives_memo._memo
    directives_memo.forget(doc.uri)  # twice is harmless
