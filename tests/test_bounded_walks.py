"""Tree walks stay bounded on pathological nesting (issue 13): partial results, never a
RecursionError or a hang. Assertions are on results, splits and budgets, never on time."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
import tree_sitter
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from hpcls.analysis import outline_fortran, tree_walk
from hpcls.analysis.checks import check_document
from hpcls.analysis.directives import find_directives
from hpcls.analysis.outline import (
    Symbol,
    declarations,
    document_symbols,
    folding_ranges,
    imports,
)
from hpcls.analysis.tree_walk import Nav, WalkBudget, run_query, wide_errors
from hpcls.knowledge.cuda_hover import cuda_hover
from hpcls.languages.registry import LanguageKind, load_query
from hpcls.workspace.document import Document
from hpcls.workspace.index import WorkspaceIndex
from hpcls.workspace.resolve import definition
from tests.conftest import EXAMPLES, diagnostics_for, open_doc

N = 100_000
OPEN_PARENS = b"int f(void) { return " + b"(" * N + b"1;\n}\n"
OPEN_BRACES = b"void f(void) " + b"{" * N + b"\n"
OPEN_DO = b"program p\n" + b"do i = 1, 2\n" * (N // 10) + b"end program\n"


def _doc(kind: LanguageKind, text: bytes, name: str = "t") -> Document:
    suffix = ".f90" if kind.is_fortran else ".c"
    return Document.create(f"file:///{name}{suffix}", kind, 1, text)


def _depth(symbols: list[Symbol] | tuple[Symbol, ...]) -> int:
    return 1 + max((_depth(s.children) for s in symbols), default=0) if symbols else 0


def _count(symbols: list[Symbol] | tuple[Symbol, ...]) -> int:
    return sum(1 + _count(s.children) for s in symbols)


@pytest.mark.parametrize(
    ("kind", "text", "outline"),
    [
        (LanguageKind.C, OPEN_PARENS, ["f"]),
        (LanguageKind.C, OPEN_BRACES, ["f"]),
        (LanguageKind.FORTRAN, OPEN_DO, ["p"]),
    ],
    ids=["100k-open-parens", "100k-open-braces", "10k-open-do"],
)
def test_pathological_nesting_gives_partial_results(
    kind: LanguageKind, text: bytes, outline: list[str]
) -> None:
    doc = _doc(kind, text)
    assert doc.tree is not None
    # The parser keeps the tokens as the children of one wide ERROR node: the walks split.
    query = load_query(kind, "symbols")
    assert query is not None
    run = run_query(query, doc.tree.root_node)
    assert run.wide and max(w.child_count for w in run.wide) > tree_walk.WIDE_ERROR_CHILDREN
    assert not run.truncated
    args = (doc.tree, doc.parse_source, kind)
    assert [s.name for s in document_symbols(*args)] == outline
    assert isinstance(folding_ranges(*args), list)
    assert imports(*args) == []
    assert [d.name for d in declarations(*args) if d.kind in ("function", "program")] == outline
    assert any(f.code == "syntax/error" for f in check_document(doc))


def test_definition_on_pathological_file() -> None:
    doc = _doc(LanguageKind.C, b"int g(void);\n" + OPEN_PARENS.replace(b"1;", b"g();"))
    index = WorkspaceIndex()
    index.update_open(doc)
    index.ready.set()
    use = doc.source.rindex(b"g()")
    targets = definition(index, doc, use)
    assert [(t.start, t.end) for t in targets] == [(4, 5)]


def test_split_queries_equal_whole_queries(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the split threshold lowered to a handful of children, every outline answer on
    real files with junk pasted in equals the answer of one whole-tree query."""
    rng = random.Random(13)
    junks = [b"(", b"{", b"subroutine s(", b"if (x) then\n", b"int f(void) {", b")", b"end\n"]
    files = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".c", ".f90", ".cu"))
    split = 0
    for path in files:
        source = path.read_bytes()
        kind = LanguageKind.C if path.suffix == ".c" else LanguageKind.FORTRAN
        if path.suffix == ".cu":
            kind = LanguageKind.CUDA
        for _ in range(2):
            cut = rng.randrange(len(source) + 1)
            text = source[:cut] + rng.choice(junks) * rng.randint(20, 60) + source[cut:]
            doc = _doc(kind, text)
            assert doc.tree is not None
            args = (doc.tree, doc.parse_source, kind)
            monkeypatch.setattr(tree_walk, "WIDE_ERROR_CHILDREN", 10**9)
            whole = (document_symbols(*args), declarations(*args), imports(*args))
            whole_folds = folding_ranges(*args)
            monkeypatch.setattr(tree_walk, "WIDE_ERROR_CHILDREN", 3)
            split += bool(wide_errors(doc.tree.root_node, WalkBudget("test", 10**9)))
            assert (document_symbols(*args), declarations(*args), imports(*args)) == whole
            assert folding_ranges(*args) == whole_folds
    assert split >= 5  # the comparison did exercise split runs


def test_nav_parent_equals_node_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tree_walk, "WIDE_ERROR_CHILDREN", 3)
    text = b"int a;\nint f(int x) { return ((((((((g(x, 1) + h(2)" + b"(" * 10 + b";\n}\nint b;\n"
    doc = _doc(LanguageKind.C, text)
    assert doc.tree is not None
    query = load_query(LanguageKind.C, "symbols")
    assert query is not None
    run = run_query(query, doc.tree.root_node)
    assert run.wide
    nav = Nav(run)
    seen = 0
    for _, captures in run.matches:
        for nodes in captures.values():
            for node in nodes:
                walked: tree_sitter.Node | None = node
                while walked is not None:
                    expected = walked.parent
                    got = nav.parent(walked)
                    assert (got.id if got else None) == (expected.id if expected else None)
                    walked, seen = expected, seen + 1
    assert seen > 0


def test_outline_nesting_is_capped() -> None:
    depth = tree_walk.SYMBOL_DEPTH + 10  # ~3 tree levels a struct: within QUERY_DEPTH
    body = "".join(f"struct s{i} {{ int a{i}; " for i in range(depth)) + "};" * depth
    doc = _doc(LanguageKind.C, body.encode())
    assert doc.tree is not None
    symbols = document_symbols(doc.tree, doc.parse_source, LanguageKind.C)
    assert _depth(symbols) == tree_walk.SYMBOL_DEPTH + 1
    # Nothing is lost: what lies deeper is listed flat at the cap.
    assert _count(symbols) >= depth


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (LanguageKind.C, b"void f(void) " + b"{ int a; " * 50_000 + b"}" * 50_000),
        (LanguageKind.C, b"void f(int x) {" + b"if (x) {" * 25_000 + b"}" * 25_001),
        (
            LanguageKind.FORTRAN,
            b"program p\n" + b"block\ninteger :: a\n" * 5_000 + b"end block\n" * 5_000 + b"end\n",
        ),
    ],
    ids=["50k-nested-c-blocks", "25k-nested-c-ifs", "5k-nested-fortran-blocks"],
)
def test_deep_nesting_is_looked_at_to_a_depth(
    kind: LanguageKind, text: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """A valid but absurdly deep tree: queries stop QUERY_DEPTH levels down, the outline
    keeps what lies above, and the log says so."""
    doc = _doc(kind, text)
    assert doc.tree is not None and not doc.tree.root_node.has_error
    assert tree_walk.deeper_than(doc.tree.root_node, tree_walk.QUERY_DEPTH)
    args = (doc.tree, doc.parse_source, kind)
    with caplog.at_level(logging.WARNING, logger="hpcls.analysis.tree_walk"):
        symbols = document_symbols(*args)
        locals_ = [d for d in declarations(*args) if d.name == "a"]
        folds = folding_ranges(*args)
    assert [s.name for s in symbols] == ["f" if kind is LanguageKind.C else "p"]
    declared = text.count(b"int a") + text.count(b"integer :: a")
    assert min(declared, 1) <= len(locals_) < tree_walk.QUERY_DEPTH
    assert len(folds) <= tree_walk.QUERY_DEPTH
    assert any("nothing deeper than 256 levels" in r.getMessage() for r in caplog.records)


def test_directive_deep_inside_blocks_is_checked_near_its_literal() -> None:
    """Whether a directive-looking line sits in a comment is decided from the innermost
    nodes, not by climbing to the root (quadratic in the depth)."""
    depth = 20_000
    text = (
        b"void f(int x) {"
        + b"if (x) {" * depth
        + b"\n/*\n#pragma omp parallel\n*/\n#pragma omp parallel for\nfor (;;) x++;\n"
        + b"}" * (depth + 1)
    )
    doc = _doc(LanguageKind.C, text)
    assert doc.tree is not None
    found = find_directives(doc.tree, doc.parse_source, LanguageKind.C)
    assert [d.name for d in found] == ["parallel for"]


def test_cuda_hover_in_a_deep_expression() -> None:
    """Hover looks a few levels up for a `<<<...>>>` launch, not up to the root."""
    depth = 50_000
    text = b"void f(void) { int x = " + b"(" * depth + b"1" + b")" * depth + b"; }\n"
    doc = Document.create("file:///deep.cu", LanguageKind.CUDA, 1, text)
    assert doc.tree is not None
    assert cuda_hover(doc.tree, doc.parse_source, text.index(b"1)")) is None
    launch = b"__global__ void k(int n) {}\nvoid g(void) { k<<<1, 256>>>(4); }\n"
    doc = Document.create("file:///launch.cu", LanguageKind.CUDA, 1, launch)
    assert doc.tree is not None
    found = cuda_hover(doc.tree, doc.parse_source, launch.index(b"256"))
    assert found is not None and found[1] == launch.index(b"<<<")


def test_walk_budget_stops_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    budget = WalkBudget("a test walk", 3)
    with caplog.at_level(logging.WARNING, logger="hpcls.analysis.tree_walk"):
        taken = [budget.take() for _ in range(6)]
    assert taken == [True, True, True, False, False, False]
    assert budget.truncated
    assert [r.getMessage() for r in caplog.records] == [
        "a test walk: stopped at its limit of 3 steps; partial result"
    ]


def test_orphan_units_stop_at_the_sibling_budget(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Hundreds of `subroutine` headers without their `end`, each looking for it among all
    the siblings after it (quadratic): the walk stops at the budget, and the outline still
    lists every unit (those past the budget end with the text the parser gave up on)."""
    monkeypatch.setattr(outline_fortran, "SIBLING_STEPS", 5_000)
    text = b"module m\ncontains\n" + b"subroutine s(a)\ncontains\n" * 500
    doc = _doc(LanguageKind.FORTRAN, text)
    assert doc.tree is not None
    with caplog.at_level(logging.WARNING, logger="hpcls.analysis.tree_walk"):
        symbols = document_symbols(doc.tree, doc.parse_source, LanguageKind.FORTRAN)
    assert _count(symbols) == 501
    assert (
        "fortran: orphaned units looking for their end: stopped at its limit of 5000 steps;"
        " partial result"
    ) in [r.getMessage() for r in caplog.records]


async def test_server_answers_on_100k_open_parens(client: LanguageClient, workspace: Path) -> None:
    """Over LSP: symbols, folding, definition and diagnostics all come back (partial)."""
    text = OPEN_PARENS.decode()
    doc_uri = open_doc(client, workspace / "parens.c", "c", text)
    diags = await diagnostics_for(client, doc_uri)
    assert any(d.code == "syntax/error" for d in diags)
    ident = lsp.TextDocumentIdentifier(uri=doc_uri)
    symbols = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=ident)
    )
    assert symbols is not None and [s.name for s in symbols] == ["f"]
    folds = await client.text_document_folding_range_async(
        lsp.FoldingRangeParams(text_document=ident)
    )
    assert folds is not None
    found = await client.text_document_definition_async(
        lsp.DefinitionParams(text_document=ident, position=lsp.Position(line=0, character=4))
    )
    assert isinstance(found, list) and len(found) == 1
