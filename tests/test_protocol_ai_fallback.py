"""The AI suggestion as a textDocument/completion item (clients without inline completion),
model-load $/progress, and hpcls/aiStatus."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from hpcls.protocol.completion_fallback import DETAIL, word_before
from tests.conftest import CONFIG, initialize_params, open_doc, wait_index


@pytest_lsp.fixture(config=CONFIG)
def bare(lsp_client: LanguageClient) -> None:
    """A client that has not initialized yet."""


SOURCE = (
    "program p\n"
    "  use mpi\n"
    "  implicit none\n"
    "  integer :: ierr\n"
    "  real :: s, r\n"
    "  call MPI_Al\n"
    "end program p\n"
)
CURSOR = lsp.Position(line=5, character=13)  # after "call MPI_Al"


async def _start(
    client: LanguageClient,
    root: Path,
    ai: dict[str, object],
    inline_capable: bool = False,
) -> str:
    params = initialize_params(root)
    if inline_capable:
        assert params.capabilities.text_document is not None
        params.capabilities.text_document.inline_completion = (
            lsp.InlineCompletionClientCapabilities()
        )
    params.initialization_options = {"ai": {"debounce_ms": 0, **ai}}
    await client.initialize_session(params)
    await wait_index(client)
    return open_doc(client, root / "p.f90", "fortran", SOURCE)


async def ai_status(client: LanguageClient) -> dict[str, Any]:
    """hpcls/aiStatus as a dict (pygls hands a custom method's result back as a namedtuple)."""
    status = await client.protocol.send_request_async("hpcls/aiStatus", None)
    return dict(status._asdict()) if hasattr(status, "_asdict") else dict(status)


def _completion(doc: str, at: lsp.Position = CURSOR) -> lsp.CompletionParams:
    return lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=doc), position=at)


def _ai_items(result: Any) -> list[lsp.CompletionItem]:
    assert isinstance(result, lsp.CompletionList)
    return [i for i in result.items if i.detail == DETAIL]


REPLY = "lreduce(s, r, 1, MPI_REAL, MPI_SUM, MPI_COMM_WORLD, ierr)\n"


async def test_item_replaces_the_word_being_typed(bare: LanguageClient, tmp_path: Path) -> None:
    doc = await _start(bare, tmp_path, {"engine": "fake", "fake_reply": REPLY})
    result = await bare.text_document_completion_async(_completion(doc))
    assert isinstance(result, lsp.CompletionList) and result.is_incomplete
    [item] = _ai_items(result)
    edit = item.text_edit
    assert isinstance(edit, lsp.TextEdit)
    # The client filters by the word before the cursor, so the edit starts at that word.
    assert edit.range == lsp.Range(start=lsp.Position(line=5, character=7), end=CURSOR)
    assert edit.new_text == "MPI_Allreduce(s, r, 1, MPI_REAL, MPI_SUM, MPI_COMM_WORLD, ierr)"
    assert item.filter_text == edit.new_text
    assert item.insert_text_format == lsp.InsertTextFormat.Snippet  # nothing to escape here
    assert item.label.startswith("MPI_Allreduce(s, r, 1,")
    assert item.label_details is not None and item.label_details.description == "AI"
    assert isinstance(item.documentation, lsp.MarkupContent)
    assert "fake" in item.documentation.value and "not compiled" in item.documentation.value
    await bare.shutdown_session()


async def test_model_load_reports_progress(bare: LanguageClient, tmp_path: Path) -> None:
    doc = await _start(bare, tmp_path, {"engine": "fake", "fake_reply": REPLY})
    await bare.text_document_completion_async(_completion(doc))
    loads = [
        reports
        for reports in bare.progress_reports.values()
        if isinstance(reports[0], lsp.WorkDoneProgressBegin)
        and reports[0].title == "hpcls: loading the AI model"
    ]
    assert len(loads) == 1
    end = loads[0][-1]
    assert isinstance(end, lsp.WorkDoneProgressEnd) and end.message == "ready: fake"
    # The model loads once: a second request reports nothing more.
    await bare.text_document_completion_async(_completion(doc, lsp.Position(line=4, character=0)))
    titles = [r[0].title for r in bare.progress_reports.values() if hasattr(r[0], "title")]
    assert titles.count("hpcls: loading the AI model") == 1
    await bare.shutdown_session()


async def test_clients_with_inline_completion_get_no_item(
    bare: LanguageClient, tmp_path: Path
) -> None:
    doc = await _start(bare, tmp_path, {"engine": "fake", "fake_reply": REPLY}, inline_capable=True)
    result = await bare.text_document_completion_async(_completion(doc))
    assert isinstance(result, lsp.CompletionList) and not _ai_items(result)
    # What they do get at `MPI_Al` is the MPI knowledge (test_protocol_knowledge_completion).
    assert all(i.label.startswith("MPI_Al") for i in result.items)
    await bare.shutdown_session()


async def test_always_offers_the_item_to_inline_clients_too(
    bare: LanguageClient, tmp_path: Path
) -> None:
    ai = {"engine": "fake", "fake_reply": REPLY, "completion_fallback": "always"}
    doc = await _start(bare, tmp_path, ai, inline_capable=True)
    assert len(_ai_items(await bare.text_document_completion_async(_completion(doc)))) == 1
    await bare.shutdown_session()


async def test_never_and_disabled(bare: LanguageClient, tmp_path: Path) -> None:
    doc = await _start(
        bare, tmp_path, {"engine": "fake", "fake_reply": REPLY, "completion_fallback": "never"}
    )
    assert not _ai_items(await bare.text_document_completion_async(_completion(doc)))
    status = await ai_status(bare)
    assert status["loaded"] is False  # "never" does not even load the model
    await bare.shutdown_session()


async def test_nothing_useful_is_an_empty_incomplete_list(
    bare: LanguageClient, tmp_path: Path
) -> None:
    doc = await _start(bare, tmp_path, {"engine": "fake", "fake_reply": "((( ]]"})
    # Away from MPI and OpenMP names, where no knowledge item is offered either.
    result = await bare.text_document_completion_async(
        _completion(doc, lsp.Position(line=4, character=14))
    )
    assert isinstance(result, lsp.CompletionList) and result.is_incomplete and not result.items
    result = await bare.text_document_completion_async(_completion(doc))
    assert isinstance(result, lsp.CompletionList) and result.is_incomplete
    assert result.items and not _ai_items(result)
    await bare.shutdown_session()


async def test_ai_status(bare: LanguageClient, tmp_path: Path) -> None:
    doc = await _start(bare, tmp_path, {"engine": "fake", "fake_reply": REPLY})
    before = await ai_status(bare)
    assert before["enabled"] is True and before["loaded"] is False
    await bare.text_document_completion_async(_completion(doc))
    after = await ai_status(bare)
    assert after["loaded"] is True and after["engine"] == "fake"
    assert after["requests"] == 1 and after["active"] == 0 and after["pending"] == 0
    await bare.shutdown_session()


def test_word_before() -> None:
    assert word_before("  call MPI_Al") == "MPI_Al"
    assert word_before("  a(i) = ") == ""
    assert word_before("x_1") == "x_1"
    assert word_before("") == ""


def test_snippet_escape_inserts_the_text_exactly() -> None:
    from hpcls.protocol.completion_fallback import snippet_escape

    assert snippet_escape("a[i] = b{j}; $x \\n") == "a[i] = b{j\\}; \\$x \\\\n"


async def test_plain_text_for_clients_without_snippets(
    bare: LanguageClient, tmp_path: Path
) -> None:
    params = initialize_params(tmp_path)
    caps = params.capabilities.text_document
    assert caps is not None and caps.completion is not None
    assert caps.completion.completion_item is not None
    caps.completion.completion_item.snippet_support = False
    params.initialization_options = {
        "ai": {"debounce_ms": 0, "engine": "fake", "fake_reply": "x = a{1};"}
    }
    await bare.initialize_session(params)
    await wait_index(bare)
    doc = open_doc(bare, tmp_path / "k.cpp", "cpp", "void f() {\n  int \n}\n")
    result = await bare.text_document_completion_async(
        _completion(doc, lsp.Position(line=1, character=6))
    )
    [item] = _ai_items(result)
    assert item.insert_text_format == lsp.InsertTextFormat.PlainText
    assert isinstance(item.text_edit, lsp.TextEdit)
    assert item.text_edit.new_text == "x = a{1};"
    await bare.shutdown_session()
