"""textDocument/inlineCompletion over LSP: the fake engine for the protocol, the embedded
default model end to end."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from hpcls.ai.model_store import default_model_path
from tests.conftest import CONFIG, EXAMPLES, initialize_params, open_doc, wait_index


@pytest_lsp.fixture(config=CONFIG)
def bare(lsp_client: LanguageClient) -> None:
    """A client that has not initialized yet."""


SOURCE = "program p\n  implicit none\n  integer :: i\n  real :: a(10)\n  do i = 1, 10\n    a(i) = \n  end do\nend program p\n"
CURSOR = lsp.Position(line=5, character=11)


async def _start(client: LanguageClient, root: Path, ai: dict[str, object]) -> str:
    params = initialize_params(root)
    params.initialization_options = {"ai": {"debounce_ms": 0, **ai}}
    await client.initialize_session(params)
    await wait_index(client)
    return open_doc(client, root / "p.f90", "fortran", SOURCE)


def _params(doc: str, at: lsp.Position) -> lsp.InlineCompletionParams:
    return lsp.InlineCompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc),
        position=at,
        context=lsp.InlineCompletionContext(trigger_kind=lsp.InlineCompletionTriggerKind.Automatic),
    )


async def test_fake_engine_suggestion_and_reuse(bare: LanguageClient, tmp_path: Path) -> None:
    doc = await _start(bare, tmp_path, {"engine": "fake", "fake_reply": "2.0 * i\n  end do\n"})
    result = await bare.text_document_inline_completion_async(_params(doc, CURSOR))
    assert isinstance(result, lsp.InlineCompletionList)
    item = result.items[0]
    assert item.insert_text == "2.0 * i"  # one line: the cursor is mid-statement
    assert item.range == lsp.Range(start=CURSOR, end=CURSOR)

    # The user types "2": the rest of the suggestion comes back without asking the model.
    bare.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=2),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=CURSOR, end=CURSOR), text="2"
                )
            ],
        )
    )
    after = lsp.Position(line=5, character=12)
    result = await bare.text_document_inline_completion_async(_params(doc, after))
    assert isinstance(result, lsp.InlineCompletionList)
    assert result.items[0].insert_text == ".0 * i"
    await bare.shutdown_session()


async def test_suggestion_that_breaks_the_parse_is_not_offered(
    bare: LanguageClient, tmp_path: Path
) -> None:
    doc = await _start(bare, tmp_path, {"engine": "fake", "fake_reply": "((( ]]"})
    assert await bare.text_document_inline_completion_async(_params(doc, CURSOR)) is None
    await bare.shutdown_session()


async def test_missing_model_is_reported_once_and_the_rest_works(
    bare: LanguageClient, tmp_path: Path
) -> None:
    doc = await _start(bare, tmp_path, {"model": str(tmp_path / "missing.gguf")})
    for _ in range(2):
        assert await bare.text_document_inline_completion_async(_params(doc, CURSOR)) is None
    errors = [m for m in bare.messages if "AI completions are off" in m.message]
    assert len(errors) == 1 and "missing.gguf" in errors[0].message
    symbols = await bare.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert symbols and symbols[0].name == "p"
    await bare.shutdown_session()


async def test_disabled(bare: LanguageClient, tmp_path: Path) -> None:
    doc = await _start(bare, tmp_path, {"enabled": False, "engine": "fake", "fake_reply": "1"})
    assert await bare.text_document_inline_completion_async(_params(doc, CURSOR)) is None
    await bare.shutdown_session()


@pytest.mark.slow
@pytest.mark.skipif(not default_model_path().is_file(), reason="default model not assembled")
async def test_default_model_end_to_end(bare: LanguageClient, tmp_path: Path) -> None:
    """The embedded Gemma 3 270M through the LSP, on examples/: what it offers parses."""
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    params = initialize_params(root)
    params.initialization_options = {"ai": {"debounce_ms": 0, "time_limit_ms": 20000}}
    await bare.initialize_session(params)
    await wait_index(bare)
    from hpcls.languages.registry import language_for
    from hpcls.workspace.document import Document

    offered = 0
    for relative, needle in [
        ("heat/heat_solver.f90", "call halo_setup("),
        ("stencil/stencil.cpp", "#include "),
        ("cuda/saxpy_reduce.cu", "#include "),
    ]:
        path = root / relative
        text = path.read_text()
        cut = text.index(needle) + len(needle)
        text = text[:cut] + text[text.index("\n", cut) :]  # as if just typed
        doc = open_doc(bare, path, "fortran" if path.suffix == ".f90" else "cpp", text)
        line = text.count("\n", 0, cut)
        at = lsp.Position(line=line, character=cut - (text.rfind("\n", 0, cut) + 1))
        result = await bare.text_document_inline_completion_async(_params(doc, at))
        if result is None:
            continue
        assert isinstance(result, lsp.InlineCompletionList)
        completion = result.items[0].insert_text
        assert isinstance(completion, str) and completion.strip()
        offered += 1
        # What is offered parses: no more syntax errors than the text without it.
        kind = language_for(str(path))
        edited = text[:cut] + completion + text[cut:]
        before = Document.create("file:///x", kind, 1, text)
        after = Document.create("file:///x", kind, 1, edited)
        from hpcls.analysis.checks import check_document

        assert len(check_document(after)) <= len(check_document(before))
    assert offered >= 1
    await bare.shutdown_session()
