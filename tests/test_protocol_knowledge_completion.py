"""textDocument/completion with the HPC knowledge items: MPI procedures and constants and
OpenMP clauses in C and Fortran, merged with the AI item (fake engine) or alone (AI off)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from hpcls.protocol.completion_fallback import DETAIL
from tests.conftest import CONFIG, initialize_params, open_doc, wait_index


@pytest_lsp.fixture(config=CONFIG)
def bare(lsp_client: LanguageClient) -> None:
    """A client that has not initialized yet."""


REPLY = "d(s, n, MPI_DOUBLE, 0, 0, MPI_COMM_WORLD);\n"
FAKE = {"ai": {"debounce_ms": 0, "engine": "fake", "fake_reply": REPLY}}
AI_OFF = {"ai": {"enabled": False}}

C_SOURCE = (
    "#include <mpi.h>\n"
    "void f(double *s, double *r, int n) {\n"
    "  MPI_Sen\n"
    "  MPI_COMM_W\n"
    "#pragma omp single \n"
    "  {}\n"
    "#pragma omp parallel for \\\n"
    "    sch\n"
    "}\n"
)

F_SOURCE = (
    "program p\n"
    "  use mpi_f08\n"
    "  implicit none\n"
    "  call MPI_Sen\n"
    "  !$omp parallel do private(i) &\n"
    "  !$omp& \n"
    "end program p\n"
)


async def _start(
    client: LanguageClient, root: Path, options: dict[str, Any], snippets: bool = True
) -> None:
    params = initialize_params(root)
    caps = params.capabilities.text_document
    assert caps is not None and caps.completion is not None
    assert caps.completion.completion_item is not None
    caps.completion.completion_item.snippet_support = snippets
    params.initialization_options = options
    await client.initialize_session(params)
    await wait_index(client)


async def _complete(client: LanguageClient, doc: str, line: int, character: int) -> Any:
    result = await client.text_document_completion_async(
        lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=lsp.Position(line=line, character=character),
        )
    )
    assert isinstance(result, lsp.CompletionList)
    return result


def _named(result: lsp.CompletionList, label: str) -> lsp.CompletionItem:
    return next(i for i in result.items if i.label == label)


def _knowledge(result: lsp.CompletionList) -> list[lsp.CompletionItem]:
    return [i for i in result.items if i.detail != DETAIL]


async def test_c_with_the_ai_item(bare: LanguageClient, tmp_path: Path) -> None:
    await _start(bare, tmp_path, FAKE)
    doc = open_doc(bare, tmp_path / "k.c", "c", C_SOURCE)

    result = await _complete(bare, doc, 2, 9)  # after "  MPI_Sen"
    assert result.is_incomplete
    send = _named(result, "MPI_Send")
    assert send.kind == lsp.CompletionItemKind.Function
    assert send.insert_text_format == lsp.InsertTextFormat.Snippet
    assert send.text_edit == lsp.TextEdit(
        range=lsp.Range(start=lsp.Position(line=2, character=2), end=lsp.Position(2, 9)),
        new_text="MPI_Send(${1:buf}, ${2:count}, ${3:datatype}, ${4:dest}, ${5:tag}, ${6:comm})",
    )
    assert send.detail is not None and send.detail.startswith("int MPI_Send(")
    # The AI item stays as it was, sorted after every knowledge item.
    [ai] = [i for i in result.items if i.detail == DETAIL]
    assert ai.sort_text == "~" and result.items[-1] is ai
    assert all((i.sort_text or "") < "~" for i in _knowledge(result))

    world = _named(await _complete(bare, doc, 3, 12), "MPI_COMM_WORLD")
    assert world.kind == lsp.CompletionItemKind.Constant
    assert world.insert_text_format == lsp.InsertTextFormat.PlainText

    single = {i.label for i in _knowledge(await _complete(bare, doc, 4, 19))}
    assert {"copyprivate", "nowait", "private"} <= single
    assert not {"reduction", "schedule"} & single

    sched = _named(await _complete(bare, doc, 7, 7), "schedule")  # on a continuation line
    assert isinstance(sched.text_edit, lsp.TextEdit)
    assert sched.text_edit.new_text == "schedule(${1:static})"
    await bare.shutdown_session()


async def test_fortran_f08_with_ai_off(bare: LanguageClient, tmp_path: Path) -> None:
    await _start(bare, tmp_path, AI_OFF)
    doc = open_doc(bare, tmp_path / "p.f90", "fortran", F_SOURCE)

    result = await _complete(bare, doc, 3, 14)  # after "  call MPI_Sen"
    assert result.is_incomplete and not [i for i in result.items if i.detail == DETAIL]
    send = _named(result, "MPI_Send")
    assert isinstance(send.text_edit, lsp.TextEdit)
    # mpi_f08: ierror is optional and left out.
    assert send.text_edit.new_text.endswith("${5:tag}, ${6:comm})")
    assert send.detail == "MPI_Send(buf, count, datatype, dest, tag, comm, ierror)"

    clauses = {i.label for i in (await _complete(bare, doc, 5, 9)).items}
    assert {"schedule", "reduction", "lastprivate", "collapse"} <= clauses
    assert not {"copyprivate", "nowait", "map"} & clauses
    await bare.shutdown_session()


async def test_fortran_f90_keeps_ierror_and_plain_text(
    bare: LanguageClient, tmp_path: Path
) -> None:
    await _start(bare, tmp_path, AI_OFF, snippets=False)
    source = F_SOURCE.replace("use mpi_f08", "use mpi")
    doc = open_doc(bare, tmp_path / "p.f90", "fortran", source)
    send = _named(await _complete(bare, doc, 3, 14), "MPI_Send")
    assert send.insert_text_format == lsp.InsertTextFormat.PlainText
    assert isinstance(send.text_edit, lsp.TextEdit) and send.text_edit.new_text == "MPI_Send"
    assert send.detail is not None and send.detail.startswith("MPI_SEND(BUF")
    await bare.shutdown_session()


async def test_knowledge_does_not_wait_for_a_slow_model(
    bare: LanguageClient, tmp_path: Path
) -> None:
    slow = {
        "ai": {
            "debounce_ms": 0,
            "engine": "fake",
            "fake_reply": " ".join(["x"] * 40) + "\n",
            "fake_token_delay_ms": 200,
        }
    }
    await _start(bare, tmp_path, slow)
    doc = open_doc(bare, tmp_path / "k.c", "c", C_SOURCE)
    started = time.perf_counter()
    result = await _complete(bare, doc, 2, 9)
    elapsed = time.perf_counter() - started
    assert _named(result, "MPI_Send") and result.is_incomplete
    assert not [i for i in result.items if i.detail == DETAIL]
    assert elapsed < 2.0  # the model would take its whole time limit (3 s)
    await bare.shutdown_session()


async def test_never_still_offers_knowledge(bare: LanguageClient, tmp_path: Path) -> None:
    options = {"ai": {"engine": "fake", "fake_reply": "x\n", "completion_fallback": "never"}}
    await _start(bare, tmp_path, options)
    doc = open_doc(bare, tmp_path / "k.c", "c", C_SOURCE)
    result = await _complete(bare, doc, 2, 9)
    assert _named(result, "MPI_Send") and result.is_incomplete
    assert not [i for i in result.items if i.detail == DETAIL]
    # Nothing to offer and no AI: a complete, empty list, as before.
    empty = await _complete(bare, doc, 1, 0)
    assert not empty.items and not empty.is_incomplete
    await bare.shutdown_session()
