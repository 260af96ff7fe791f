"""Symbols, folding, cross-file definition/references, hover and workspace symbols."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import open_doc, uri


def _pos(text: str, needle: str, nth: int = 0, delta: int = 1) -> lsp.Position:
    """Position `delta` characters into the nth occurrence of needle (ASCII text)."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    index += delta
    line = text.count("\n", 0, index)
    return lsp.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def _flat(symbols: list[lsp.DocumentSymbol]) -> list[tuple[str, lsp.SymbolKind, int]]:
    out: list[tuple[str, lsp.SymbolKind, int]] = []

    def walk(items: list[lsp.DocumentSymbol], depth: int) -> None:
        for s in items:
            out.append((s.name, s.kind, depth))
            walk(s.children or [], depth + 1)

    walk(symbols, 0)
    return out


async def test_document_symbols_are_hierarchical(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "constants.f90", "fortran")
    result = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert result is not None
    flat = _flat(result)  # type: ignore[arg-type]
    assert ("constants", lsp.SymbolKind.Module, 0) in flat
    assert ("area", lsp.SymbolKind.Function, 1) in flat
    names = {name for name, _, depth in flat if depth == 1}
    assert {"pi", "nsteps", "area"} <= names


async def test_cuda_kernels_are_marked(client: LanguageClient, workspace: Path) -> None:
    text = (
        "__device__ float twice(float x) { return 2.0f * x; }\n"
        "__global__ void scale(int n, float *y) {\n"
        "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
        "  if (i < n) y[i] = twice(y[i]);\n"
        "}\n"
    )
    doc = open_doc(client, workspace / "k.cu", "cuda-cpp", text)
    result = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    details = {s.name: s.detail for s in result or [] if isinstance(s, lsp.DocumentSymbol)}
    assert "__global__" in (details.get("scale") or "")
    assert "__device__" in (details.get("twice") or "")


async def test_folding_ranges(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "solver.f90", "fortran")
    folds = await client.text_document_folding_range_async(
        lsp.FoldingRangeParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert folds
    spans = {(f.start_line, f.end_line) for f in folds}
    assert (1, 16) in spans  # the program
    assert any(start == 7 for start, _ in spans)  # the do loop


async def test_definition_across_files_through_use(client: LanguageClient, workspace: Path) -> None:
    text = (workspace / "solver.f90").read_text()
    doc = open_doc(client, workspace / "solver.f90", "fortran")
    result = await client.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=_pos(text, "area(pi"),
        )
    )
    assert isinstance(result, list) and len(result) == 1
    target = result[0]
    assert isinstance(target, lsp.Location)
    assert target.uri == uri(workspace / "constants.f90")
    assert target.range.start.line == 7  # `pure function area(r)`

    # The module name in `use constants` goes to the module.
    result = await client.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=_pos(text, "use constants", delta=5),
        )
    )
    assert isinstance(result, list) and result[0].range.start.line == 1


async def test_definition_of_local_and_internal(client: LanguageClient, workspace: Path) -> None:
    text = (workspace / "solver.f90").read_text()
    doc = open_doc(client, workspace / "solver.f90", "fortran")
    result = await client.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=_pos(text, "report(total")
        )
    )
    assert isinstance(result, list) and result[0].range.start.line == 12
    assert result[0].uri == doc


async def test_definition_across_files_through_include(
    client: LanguageClient, workspace: Path
) -> None:
    text = (workspace / "main.c").read_text()
    doc = open_doc(client, workspace / "main.c", "c")
    result = await client.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=_pos(text, "vec_dot(&v")
        )
    )
    assert isinstance(result, list) and result
    uris = {loc.uri for loc in result}
    assert uri(workspace / "vec.h") in uris
    # The include path itself goes to the header.
    result = await client.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=_pos(text, '"vec.h"', delta=2),
        )
    )
    assert isinstance(result, list) and result[0].uri == uri(workspace / "vec.h")


async def test_references_across_files(client: LanguageClient, workspace: Path) -> None:
    text = (workspace / "constants.f90").read_text()
    doc = open_doc(client, workspace / "constants.f90", "fortran")
    result = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=_pos(text, "nsteps"),
            context=lsp.ReferenceContext(include_declaration=True),
        )
    )
    assert result is not None
    where = sorted((Path(loc.uri).name, loc.range.start.line) for loc in result)
    assert where == [("constants.f90", 5), ("solver.f90", 2), ("solver.f90", 7)]

    result = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=_pos(text, "nsteps"),
            context=lsp.ReferenceContext(include_declaration=False),
        )
    )
    assert result is not None and len(result) == 2


async def test_hover_shows_declaration(client: LanguageClient, workspace: Path) -> None:
    text = (workspace / "solver.f90").read_text()
    doc = open_doc(client, workspace / "solver.f90", "fortran")
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=_pos(text, "pi *")
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "real(dp), parameter :: pi = 3.141592653589793_dp" in hover.contents.value
    assert "constants.f90:5" in hover.contents.value

    # Keywords and literals have no hover: a null result, not an error.
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=lsp.Position(0, 0)
        )
    )
    assert hover is None


async def test_workspace_symbols(client: LanguageClient) -> None:
    result = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="vecdot"))
    assert result is not None
    names = {s.name for s in result}
    assert "vec_dot" in names
    result = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="constants"))
    assert result is not None and any(s.kind == lsp.SymbolKind.Module for s in result)


async def test_crlf_positions(client: LanguageClient, workspace: Path) -> None:
    path = workspace / "crlf.f90"
    text = path.read_bytes().decode()
    doc = open_doc(client, path, "fortran", text)
    result = await client.text_document_references_async(
        lsp.ReferenceParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=lsp.Position(line=3, character=14),
            context=lsp.ReferenceContext(include_declaration=True),
        )
    )
    assert result is not None and len(result) == 1
    assert result[0].range == lsp.Range(start=lsp.Position(3, 13), end=lsp.Position(3, 20))


async def test_hover_shows_doc_comments(client: LanguageClient, workspace: Path) -> None:
    text = (
        "module m\ncontains\n  !> Scales the vector in place.\n  subroutine scale(v)\n"
        "    real :: v(:)\n    v = 2 * v\n  end subroutine scale\nend module m\n"
        "program p\n  use m\n  real :: v(3)\n  call scale(v)\nend program p\n"
    )
    doc = open_doc(client, workspace / "doc.f90", "fortran", text)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=_pos(text, "scale(v)\nend")
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "Scales the vector in place." in hover.contents.value
    assert "subroutine scale(v)" in hover.contents.value
