"""The fixed-form view: rewrite rules, offset mapping, and incremental edits."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import tree_sitter
from hypothesis import given, settings
from hypothesis import strategies as st

from hpcls.languages.registry import LanguageKind, new_parser
from hpcls.workspace.fixed_form import FixedFormView
from hpcls.workspace.parse_view import ParseEdit, ParseView

SEQ = b"00010020"  # sequence numbers in columns 73-80

SAXPY = (
    b"C     SAXPY: Y = A*X + Y, the classic way\n"
    b"      SUBROUTINE SAXPY(N, A, X, Y)\n"
    b"      INTEGER N, I\n"
    b"      REAL A, X(N), Y(N)\n"
    b"* a star comment\n"
    b"D     PRINT *, 'debug'\n"
    b"c$omp parallel do\n"
    b"c$omp& private(I)\n"
    b"C$OMP+ shared(X, Y)\n"
    b"      DO 10 I = 1, N\n"
    b"         Y(I) = A * X(I) ! it's a comment\n"
    b"     &        + Y(I)\n"
    b"   10 CONTINUE\n"
    b"*$omp end parallel do\n"
    b"      CALL REPORT('done! ''really''', N,                                   " + SEQ + b"\n"
    b"     1            0)\n"
    b"      RETURN\n"
    b"      END\n"
)


def _parse(view: ParseView) -> tree_sitter.Tree:
    return new_parser(LanguageKind.FORTRAN_FIXED).parse(view.parse_source)


def _walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _assert_clean(view: ParseView) -> tree_sitter.Tree:
    tree = _parse(view)
    assert not tree.root_node.has_error, str(tree.root_node)
    assert not any(n.is_missing for n in _walk(tree.root_node))
    return tree


def _source_text(view: FixedFormView, node: tree_sitter.Node) -> bytes:
    return view.source[view.to_source(node.start_byte) : view.to_source(node.end_byte)]


def _assert_round_trip(view: FixedFormView) -> None:
    for o in range(len(view.source) + 1):
        assert view.to_source(view.to_parse(o)) == o
    for p in range(len(view.parse_source) + 1):
        o = view.to_source(p)
        assert 0 <= o <= len(view.source)
        assert view.to_parse(o) in (p, p - 1)  # p - 1: p is just after an inserted `&`


def _view(text: bytes) -> bytes:
    return FixedFormView.from_source(text).parse_source


# --- the rules, one at a time ------------------------------------------------------------


@pytest.mark.parametrize("mark", [b"C", b"c", b"*", b"!", b"D", b"d"])
def test_comment_lines(mark: bytes) -> None:
    assert _view(mark + b" note\n      X = 1\n") == b"! note\n      X = 1\n"


def test_blank_and_preprocessor_lines_stay() -> None:
    text = b"\n   \n\t\n#ifdef MPI\n      X = 1\n#endif\n"
    assert _view(text) == text


@pytest.mark.parametrize("sentinel", [b"c$omp", b"C$OMP", b"*$omp", b"!$omp", b"c$acc"])
def test_directive_sentinels(sentinel: bytes) -> None:
    expected = b"!$" + sentinel[2:].lower()
    assert _view(sentinel + b" barrier\n") == expected + b" barrier\n"


def test_directive_continuation() -> None:
    text = b"c$omp parallel do ! why\nc this comment stays\nc$omp+ private(i)\nC$OMP&shared(x)\n"
    assert _view(text) == (
        b"!$omp parallel do &! why\n! this comment stays\n!$omp& private(i)&\n!$omp&shared(x)\n"
    )


def test_directive_continuation_does_not_reach_back_over_code() -> None:
    text = b"c$omp parallel\n      X = 1\nc$omp& private(i)\n"
    assert _view(text) == b"!$omp parallel\n      X = 1\n!$omp& private(i)\n"


def test_labels_stay() -> None:
    text = b"   10 CONTINUE\n  100 FORMAT(I5)\n"
    assert _view(text) == text


def test_continuation_skips_comments_and_respects_strings() -> None:
    text = b"      S = 'a!b' // \"c!d\" ! trailing\nC     a comment between\n\n     + // 'e'\n"
    assert _view(text) == (
        b"      S = 'a!b' // \"c!d\" &! trailing\n!     a comment between\n\n     & // 'e'\n"
    )


def test_continued_string() -> None:
    # The open string carries over: the `!` on the next line is inside it.
    text = b"      S = 'it''s\n     & not ! a comment'\n     & // 'x' ! but this is\n"
    assert _view(text) == (
        b"      S = 'it''s&\n     & not ! a comment'&\n     & // 'x' ! but this is\n"
    )


def test_column_six_zero_and_continuation_marks() -> None:
    assert _view(b"     0X = 1\n") == b"      X = 1\n"
    assert _view(b"      X = 1\n     !+ 2\n") == b"      X = 1&\n     &+ 2\n"


def test_sequence_numbers() -> None:
    code = b"      X = 1".ljust(72)
    assert _view(code + SEQ + b"\n") == code + b"!" + SEQ[1:] + b"\n"
    # Continued: the `&` goes before column 73.
    assert _view(code + SEQ + b"\n     &+2\n") == code + b"&!" + SEQ[1:] + b"\n     &+2\n"
    # Inside an open string the sequence field is blanked, which keeps the string open.
    text = b"      S = 'abc".ljust(72) + SEQ
    assert _view(text) == b"      S = 'abc".ljust(72) + b" " * 8
    # A comment before column 73 already covers it.
    text = b"      X = 1 ! note".ljust(72) + SEQ
    assert _view(text) == text


def test_tabs() -> None:
    text = b"\tX = 1 +\n\t2\n10\tCONTINUE\n\t0\n"
    assert _view(text) == b"\tX = 1 +&\n\t&\n10\tCONTINUE\n\t0\n"
    # After a TAB the statement field is 66 columns long too.
    long = b"10\t" + b"X".ljust(66) + SEQ
    assert _view(long) == b"10\t" + b"X".ljust(66) + b"!" + SEQ[1:]


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_line_endings_are_kept(eol: bytes) -> None:
    text = eol.join([b"c note", b"      X = 1 +", b"     &2", b"      END", b""])
    view = FixedFormView.from_source(text)
    assert view.parse_source == eol.join(
        [b"! note", b"      X = 1 +&", b"     &2", b"      END", b""]
    )
    _assert_round_trip(view)


def test_non_ascii_bytes() -> None:
    text = "C     naïve résumé\n      S = 'ü' //\n     & 'é'\n".encode()
    view = FixedFormView.from_source(text)
    assert view.parse_source == "!     naïve résumé\n      S = 'ü' //&\n     & 'é'\n".encode()
    _assert_round_trip(view)


# --- a real routine, through the parser ----------------------------------------------------


def test_saxpy_parses_cleanly_and_maps_back() -> None:
    view = FixedFormView.from_source(SAXPY)
    tree = _assert_clean(view)
    _assert_round_trip(view)
    names = [
        n
        for n in _walk(tree.root_node)
        if n.type == "name" and n.parent is not None and n.parent.type == "subroutine_statement"
    ]
    assert [_source_text(view, n) for n in names] == [b"SAXPY"]
    assert view.to_source(names[0].start_byte) == SAXPY.index(b"SAXPY(")
    # Every identifier maps back to the same text in the source.
    for n in _walk(tree.root_node):
        if n.type in ("name", "identifier"):
            assert _source_text(view, n) == view.parse_source[n.start_byte : n.end_byte]
    # The directive keeps its `&` continuation for the OpenMP parser.
    assert b"!$omp parallel do&\n!$omp& private(I)&\n!$omp+" not in view.parse_source
    assert b"!$omp parallel do&\n!$omp& private(I)&\n!$omp& shared(X, Y)\n" in view.parse_source
    comments = [n for n in _walk(tree.root_node) if n.type == "comment"]
    assert any(b"it's a comment" in _source_text(view, n) for n in comments)


def test_saxpy_with_crlf_parses_cleanly() -> None:
    view = FixedFormView.from_source(SAXPY.replace(b"\n", b"\r\n"))
    _assert_clean(view)
    _assert_round_trip(view)


def test_inserted_ampersand_maps_to_its_insertion_point() -> None:
    view = FixedFormView.from_source(b"      X = 1 ! c\n     &+2\n")
    amp = view.parse_source.index(b"&")
    bang = view.source.index(b"!")
    assert view.to_source(amp) == bang
    assert view.to_source(amp + 1) == bang
    assert view.to_parse(bang) == amp
    assert view.to_source(len(view.parse_source)) == len(view.source)


# --- incremental edits ----------------------------------------------------------------------


def _check_edit(view: FixedFormView, start: int, old_end: int, text: bytes) -> FixedFormView:
    new_source = view.source[:start] + text + view.source[old_end:]
    new_view, edit = view.after_edit(new_source, start, old_end, start + len(text))
    fresh = FixedFormView.from_source(new_source)
    assert new_view.parse_source == fresh.parse_source
    assert new_view == fresh  # the same per-line mapping, offsets and all
    old_p, new_p = view.parse_source, new_view.parse_source
    assert isinstance(edit, ParseEdit)
    assert 0 <= edit.start <= edit.old_end <= len(old_p)
    assert edit.start <= edit.new_end <= len(new_p)
    assert old_p[: edit.start] == new_p[: edit.start]
    assert old_p[edit.old_end :] == new_p[edit.new_end :]
    assert len(old_p) - edit.old_end == len(new_p) - edit.new_end
    return new_view


@pytest.mark.parametrize(
    ("before", "start", "old_end", "text"),
    [
        (b"      X = 1\n      Y = 2\n", 17, 17, b"&"),  # code line becomes a continuation
        (b"      X = 1\n     &Y\n", 17, 18, b" "),  # and stops being one
        (b"a\r\nb", 2, 2, b"X"),  # splits a \r\n
        (b"a\rb", 2, 2, b"\n"),  # completes one
        (b"      X = 'a\n     &b'\n      Y = 1\n     &!'\n", 11, 12, b""),  # string state
        (b"      X = 1\nc\nc$omp p\n     &2\n", 12, 13, b"     &"),  # comment to continuation
        (b"c$omp p\n\nc$omp& q\n", 8, 8, b"      X\n"),  # code breaks the directive chain
        (b"", 0, 0, b"      X\n     &Y"),
        (SAXPY, 0, len(SAXPY), b""),
    ],
)
def test_edit_cases(before: bytes, start: int, old_end: int, text: bytes) -> None:
    _check_edit(FixedFormView.from_source(before), start, old_end, text)


SMALL = [
    b"c$omp p\nc$omp& q\r\n\n*$omp+ r\n      X = 'a\r     &b' ! c\n\tY\n\t1!'\n      Z\n",
    b"      A = 1\r\nC c\r\n     &  + 'x\r\n     &y'\r\n   10 B\r\n\t2 C\r\n!$omp x\r\n",
]


@pytest.mark.parametrize("source", SMALL)
@pytest.mark.parametrize("text", [b"", b"&", b"\n", b"\r", b"c", b"'", b" ", b"\t1"])
def test_every_small_edit(source: bytes, text: bytes) -> None:
    """Every position, replacing 0-2 bytes: deterministic cover of line-splitting edits."""
    view = FixedFormView.from_source(source)
    for start in range(len(source) + 1):
        for length in (0, 1, 2):
            if (length or text) and start + length <= len(source):
                _check_edit(view, start, start + length, text)


def test_edit_far_from_the_continued_line() -> None:
    head = b"      X = 1\n" + b"C comment\n" * 50
    view = FixedFormView.from_source(head + b"      Y = 2\n")
    at = len(head) + 5
    new_view = _check_edit(view, at, at + 1, b"&")
    assert new_view.parse_source.startswith(b"      X = 1&\n")


def test_bad_edit_is_rejected() -> None:
    view = FixedFormView.from_source(b"      X = 1\n")
    with pytest.raises(ValueError):
        view.after_edit(b"      X = 12\n", 5, 4, 6)


LINES = [
    b"",
    b"   ",
    b"C comment",
    b"c",
    b"* star ' quote",
    b"! bang",
    b"D     debug",
    b"#ifdef X",
    b"      X = 1",
    b"      Y = 'a!b' ! note",
    b"      S = 'open",
    b'      T = "dq""x',
    b"     &  close' ! c",
    b"     1  + 2",
    b"     0  Z = 3",
    b"   10 CONTINUE",
    b"\tW = 4",
    b"\t1 + 5",
    b"10\tCONTINUE",
    b"c$omp parallel do",
    b"C$OMP& private(i) ! x",
    b"*$omp+ shared(y)",
    b"!$acc kernels",
    b"c$omp& 'open",
    b"      CALL F(A, B,".ljust(72) + SEQ,
    b"      S = 'long".ljust(72) + b"'2345678",
    "      S = 'é' // \"ü\"".encode(),
]
EOLS = [b"\n", b"\r\n", b"\r"]
PIECES = [
    b"\n",
    b"\r",
    b"\r\n",
    b"&",
    b"'",
    b'"',
    b"!",
    b"c",
    b"C$OMP",
    b" ",
    b"     ",
    b"1",
    b"\t",
    b"x",
]


# Groups of lines whose rewrites depend on each other, so that edits often cut through them.
BLOCKS = [
    [b"c$omp parallel do", b"C$OMP& private(i) ! x"],
    [b"!$acc kernels", b"c a comment", b"*$omp+ shared(y)"],
    [b"      X = 1 +", b"", b"     &  2"],
    [b"      S = 'open", b"     &  close' ! c"],
    [b"\tW = 4 !", b"\t1 + 5"],
]


@st.composite
def _sources(draw: st.DrawFn) -> bytes:
    groups = draw(
        st.lists(
            st.one_of(st.sampled_from(BLOCKS), st.sampled_from(LINES).map(lambda x: [x])),
            max_size=8,
        )
    )
    lines = [line for group in groups for line in group]
    text = b"".join(line + draw(st.sampled_from(EOLS)) for line in lines)
    return text + draw(st.sampled_from([b"", *LINES]))


@st.composite
def _edits(draw: st.DrawFn) -> tuple[float, int, bytes]:
    where = draw(st.floats(0, 1))
    length = draw(st.integers(0, 12))
    text = b"".join(draw(st.lists(st.sampled_from(PIECES), max_size=4)))
    if draw(st.booleans()):
        text += draw(st.sampled_from(LINES))
    return where, length, text


@settings(max_examples=300, deadline=None)
@given(_sources(), st.lists(_edits(), min_size=1, max_size=6))
def test_incremental_matches_fresh(source: bytes, edits: list[tuple[float, int, bytes]]) -> None:
    view = FixedFormView.from_source(source)
    _assert_round_trip(view)
    for where, length, text in edits:
        start = int(where * len(view.source))
        old_end = min(len(view.source), start + length)
        view = _check_edit(view, start, old_end, text)
        _assert_round_trip(view)


@settings(max_examples=300, deadline=None)
@given(_sources())
def test_round_trip(source: bytes) -> None:
    _assert_round_trip(FixedFormView.from_source(source))
