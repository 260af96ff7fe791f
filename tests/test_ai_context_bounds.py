"""The completion context stays bounded on pathological nesting (issue 13): the builders'
queries split around wide ERROR nodes, their climbs stop a few dozen levels up and their
sibling walks index a wide node's children. Assertions are on results and on the work
done (queries split, levels climbed, log lines), never on time. Timed by hand with
`python -m bench.ai_context_nesting`: build_context took 24-32 s on the open parens/braces
and 216-393 s on their closed 100k-deep twins before, ≤ 0.4 s now."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import tree_sitter

from hpcls.ai import context_walk
from hpcls.ai.context import ContextBudget, build_context
from hpcls.ai.context_c import _definitions_query
from hpcls.ai.context_parts import compiled_query
from hpcls.ai.context_walk import CONTEXT_DEPTH, ancestors, named_after, named_before
from hpcls.ai.fake_engine import FakeEngine
from hpcls.ai.service import CompletionService
from hpcls.ai.types import CompletionContext
from hpcls.analysis import tree_walk
from hpcls.config import AiSettings
from hpcls.languages.registry import LanguageKind, language_from_extension
from hpcls.workspace.document import Document
from tests.conftest import EXAMPLES

N = 100_000
OPEN_PARENS = b"int f(void) { return " + b"(" * N + b"1;\n}\n"
OPEN_BRACES = b"void f(void) " + b"{" * N + b"\n"
OPEN_DO = b"program p\n" + b"do i = 1, 2\n" * (N // 10) + b"end program\n"
# Valid but absurdly deep: every Node.parent walks down 100k levels from the root.
CLOSED_BRACES = b"void f(void) " + b"{" * N + b"}" * N + b"\n"
CLOSED_DO = (
    b"program p\n" + b"do i = 1, 2\n" * (N // 10) + b"end do\n" * (N // 10) + b"end program\n"
)
BUDGET = ContextBudget(total_chars=6000, prefix_chars=2400, suffix_chars=800)
LOGGER = "hpcls.analysis.tree_walk"

CASES = {
    "100k-open-parens": (LanguageKind.C, OPEN_PARENS, "int f(void)"),
    "100k-open-braces": (LanguageKind.C, OPEN_BRACES, "void f(void)"),
    "10k-open-do": (LanguageKind.FORTRAN, OPEN_DO, "program p"),
}


def _doc(kind: LanguageKind, text: bytes) -> Document:
    return Document.create(f"file:///t{'.f90' if kind.is_fortran else '.c'}", kind, 1, text)


@pytest.fixture(scope="module", params=list(CASES))
def case(request: pytest.FixtureRequest) -> tuple[Document, str]:
    kind, text, head = CASES[request.param]
    return _doc(kind, text), head


class _Spy:
    """Counts the bounded runner's calls and keeps what they returned."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.runs: list[tree_walk.QueryRun] = []
        real = tree_walk.run_query

        def spy(
            query: tree_sitter.Query, root: tree_walk.Node, what: str = "q"
        ) -> tree_walk.QueryRun:
            run = real(query, root, what)
            self.runs.append(run)
            return run

        monkeypatch.setattr(context_walk, "run_query", spy)


def _check_windows(ctx: CompletionContext, doc: Document, offset: int) -> None:
    text = doc.source.decode()
    assert ctx.prefix and text[:offset].endswith(ctx.prefix)
    assert text[offset:].startswith(ctx.suffix)


@pytest.mark.parametrize("where", ["middle", "end"])
def test_context_on_wide_error_nodes(
    case: tuple[Document, str], where: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc, head = case
    offset = len(doc.source) // 2 if where == "middle" else len(doc.source) - 1
    spy = _Spy(monkeypatch)
    ctx = build_context(doc, offset, None, None, BUDGET)
    _check_windows(ctx, doc, offset)
    # The enclosing function or program is still found: its signature leads the section.
    assert ctx.enclosing.startswith(head)
    assert len(ctx.enclosing) < BUDGET.total_chars
    # Every top-level query went through the bounded runner, split around the wide node.
    assert spy.runs and all(run.wide for run in spy.runs)
    assert all(not run.truncated for run in spy.runs)


def test_server_path_answers_on_wide_error_nodes(case: tuple[Document, str]) -> None:
    """The same context through the service that textDocument/inlineCompletion uses."""
    doc, _ = case
    reply = "x = 1\n" if doc.language is not None and doc.language.is_fortran else "x = 1;\n"
    service = CompletionService(AiSettings(engine="fake"), engine=FakeEngine(reply))
    engine = service.start()
    assert isinstance(engine, FakeEngine)
    service.suggest(doc, len(doc.source) // 2)  # a suggestion or None: it answers
    (request,) = engine.requests
    assert "f(void)" in request.prompt or "program p" in request.prompt


@pytest.mark.parametrize(
    ("kind", "text", "what"),
    [
        (LanguageKind.C, CLOSED_BRACES, "context: function"),
        (LanguageKind.FORTRAN, CLOSED_DO, "context: units"),
    ],
    ids=["100k-closed-braces", "10k-closed-do"],
)
def test_climbs_stop_in_deep_valid_trees(
    kind: LanguageKind, text: bytes, what: str, caplog: pytest.LogCaptureFixture
) -> None:
    doc = _doc(kind, text)
    offset = len(text) // 2
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ctx = build_context(doc, offset, None, None, BUDGET)
    _check_windows(ctx, doc, offset)
    # The function is 50k levels up: left out (partial), after CONTEXT_DEPTH levels.
    assert ctx.enclosing == ""
    cut = f"{what}: looked {CONTEXT_DEPTH} levels up from the cursor at most; partial result"
    assert cut in [r.getMessage() for r in caplog.records]
    # Near the top the same tree still gives its context (a short prefix window, or the
    # unit's first line would only be shown there).
    top = text.index(b"{{" if kind is LanguageKind.C else b"2\ndo i = 1, 2\ndo") + 16
    small = ContextBudget(total_chars=6000, prefix_chars=8, suffix_chars=8)
    assert build_context(doc, top, None, None, small).enclosing.startswith(
        "void f(void)" if kind is LanguageKind.C else "program p"
    )


def test_ancestors_are_capped(caplog: pytest.LogCaptureFixture) -> None:
    doc = _doc(LanguageKind.C, CLOSED_BRACES)
    assert doc.tree is not None
    p = len(CLOSED_BRACES) // 2
    node = doc.tree.root_node.descendant_for_byte_range(p, p)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert len(list(ancestors(node, "t"))) == CONTEXT_DEPTH
        assert len(list(ancestors(node, "t", 5))) == 5
    assert len(caplog.records) == 2
    caplog.clear()
    shallow = _doc(LanguageKind.C, b"int f(void) { return 1; }\n")
    assert shallow.tree is not None
    leaf = shallow.tree.root_node.descendant_for_byte_range(22, 22)
    chain = [n.type for n in ancestors(leaf, "t")]
    assert chain[-1] == "translation_unit" and not caplog.records


def test_sibling_walks_in_a_wide_node_are_listed_and_capped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    doc = _doc(LanguageKind.FORTRAN, OPEN_DO)
    assert doc.tree is not None
    wide = doc.tree.root_node
    assert context_walk.is_wide(wide)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        before = list(named_before(wide, len(OPEN_DO), 10, "t"))
        assert len(before) == 10 and before[0].start_byte > before[-1].start_byte
        assert [r.getMessage() for r in caplog.records] == [
            "t: looked at 10 statements before the cursor; partial result"
        ]
        whole = list(named_before(wide, len(OPEN_DO), 10**6, "t"))
        assert whole[-1].type == "program_statement"  # every child, from one listing
        after = list(named_after(whole[-1], 7, "u"))
        assert [n.id for n in after] == [n.id for n in whole[-2:-9:-1]]
        assert "u: looked at 7 statements at most; partial result" in caplog.messages


# --- on normal and moderately broken files: the same answers as unbounded walks --------


def _sources() -> Iterator[tuple[LanguageKind, bytes]]:
    for path in sorted(EXAMPLES.rglob("*")):
        kind = language_from_extension(path.name)
        if kind is None or not path.is_file():
            continue
        raw = path.read_bytes()
        yield kind, raw
        yield kind, raw[: len(raw) // 2]  # broken: ERROR nodes the split path enters


def _contexts(docs: list[Document]) -> list[CompletionContext]:
    out = []
    for doc in docs:
        size = len(doc.source)
        for offset in (size // 5, size // 2, 4 * size // 5, size):
            out.append(build_context(doc, offset, None, None, BUDGET))
    return out


def test_split_path_gives_the_plain_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ERROR node taken as wide: queries split, depths filtered, siblings listed."""
    docs = [_doc(kind, text) for kind, text in _sources()]
    plain = _contexts(docs)
    monkeypatch.setattr(tree_walk, "WIDE_ERROR_CHILDREN", 0)
    spy = _Spy(monkeypatch)
    assert _contexts(docs) == plain
    assert any(run.wide for run in spy.runs)


def test_shallow_captures_equal_a_depth_limited_cursor() -> None:
    """On a wide ERROR small enough for the plain cursor (3k parens: quadratic, yet ~10 ms)."""
    head = b"#include <stdio.h>\n#define SQ(x) ((x)*(x))\nstruct s { int b; };\nint g(int);\n"
    text = head + b'#ifdef X\n#include "a.h"\nint h;\n#endif\nint f(void) { return ' + b"(" * 3000
    doc = _doc(LanguageKind.C, text)
    assert doc.tree is not None and context_walk.is_wide(doc.tree.root_node)
    for source, name in (
        ("(preproc_include) @h", "h"),
        (_definitions_query(LanguageKind.C), "def"),
    ):
        query = compiled_query(LanguageKind.C, source)
        cursor = tree_sitter.QueryCursor(query)
        cursor.set_max_start_depth(2)
        plain = sorted(n.id for n in cursor.captures(doc.tree.root_node).get(name, []))
        split = context_walk.shallow_captures(query, doc.tree.root_node, name, 2, "t", lambda i: 1)
        assert sorted(n.id for n in split) == plain and plain
    # Deeper matches that the split run finds are dropped: none deeper than asked.
    query = compiled_query(LanguageKind.C, "(preproc_include) @h")
    top = context_walk.shallow_captures(query, doc.tree.root_node, "h", 0, "t")
    assert top == []
