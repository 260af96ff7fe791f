"""Cancellation storm: 1,000 inline-completion requests sent and cancelled mid-flight.

Nothing may leak: every request gets its answer (a result or RequestCancelled), no
generation is left running, no request is left pending, and the last request, which is
not cancelled, is answered. Run once with the fake engine, slowed down so that cancels
land during generation for sure, and once with a real (tiny) llama.cpp model.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcRequestCancelled
from pytest_lsp import LanguageClient

from tests.ai.tiny_model import write_tiny_model
from tests.conftest import CONFIG, initialize_params, open_doc, wait_index
from tests.test_protocol_ai_fallback import ai_status

N = 1000
SOURCE = (
    "program p\n  implicit none\n  integer :: i\n  real :: a(100), b(100)\n"
    "  do i = 1, 100\n    a(i) = \n    b(i) = \n  end do\nend program p\n"
)
# Two places, so that consecutive requests differ as they do while typing.
POSITIONS = [lsp.Position(line=5, character=11), lsp.Position(line=6, character=11)]


@pytest_lsp.fixture(config=CONFIG)
def bare(lsp_client: LanguageClient) -> None:
    """A client that has not initialized yet."""


async def _start(client: LanguageClient, root: Path, ai: dict[str, object]) -> str:
    params = initialize_params(root)
    params.initialization_options = {"ai": {"debounce_ms": 0, **ai}}
    await client.initialize_session(params)
    await wait_index(client)
    return open_doc(client, root / "p.f90", "fortran", SOURCE)


def _send(client: LanguageClient, doc: str, i: int) -> asyncio.Future[Any]:
    params = lsp.InlineCompletionParams(
        text_document=lsp.TextDocumentIdentifier(uri=doc),
        position=POSITIONS[i % len(POSITIONS)],
        context=lsp.InlineCompletionContext(trigger_kind=lsp.InlineCompletionTriggerKind.Automatic),
    )
    sent = client.protocol.send_request(
        lsp.TEXT_DOCUMENT_INLINE_COMPLETION, params, msg_id=f"storm-{i}"
    )
    return asyncio.wrap_future(sent)


def _cancel(client: LanguageClient, i: int) -> None:
    client.protocol.notify(lsp.CANCEL_REQUEST, lsp.CancelParams(id=f"storm-{i}"))


async def _settle(futures: list[asyncio.Future[Any]]) -> tuple[int, int]:
    """(answered, cancelled): every request must come back one way or the other."""
    answered = cancelled = 0
    for outcome in await asyncio.wait_for(
        asyncio.gather(*futures, return_exceptions=True), timeout=120
    ):
        if isinstance(outcome, JsonRpcRequestCancelled):
            cancelled += 1
        elif isinstance(outcome, BaseException):
            raise outcome
        else:
            answered += 1
    return answered, cancelled


async def _storm(client: LanguageClient, doc: str, midflight_every: int) -> list[Any]:
    """N-1 requests, each cancelled; every `midflight_every`-th only once the engine is
    generating. Returns the futures, the last (not cancelled) one last."""
    futures: list[asyncio.Future[Any]] = []
    for i in range(N - 1):
        midflight = midflight_every and i % midflight_every == 0
        started = (await ai_status(client)).get("requests", 0) if midflight else 0
        futures.append(_send(client, doc, i))
        while midflight and not futures[-1].done():
            # Until the engine has begun a request sent since (each status request is a
            # round trip: this waits on the server). Every request before this one was
            # cancelled, so what it began ends "cancelled": one per such wait, at least.
            status = await ai_status(client)
            if status.get("requests", 0) > started and status.get("active", 0) > 0:
                break
        _cancel(client, i)
    futures.append(_send(client, doc, N - 1))
    return futures


async def _check_no_leak(client: LanguageClient) -> dict[str, Any]:
    status = await ai_status(client)
    assert status["pending"] == 0, status
    assert status["active"] == 0, status
    assert status["failed"] == 0, status
    return status


async def test_storm_fake_engine(bare: LanguageClient, tmp_path: Path) -> None:
    reply = "2.0 * real(i) + 1.0 " + "+ 0.5 " * 30
    ai = {"engine": "fake", "fake_reply": reply, "fake_token_delay_ms": 2}
    doc = await _start(bare, tmp_path, ai)
    futures = await _storm(bare, doc, midflight_every=50)
    last = await asyncio.wait_for(futures[-1], timeout=60)
    assert isinstance(last, lsp.InlineCompletionList) and last.items[0].insert_text
    answered, cancelled = await _settle(futures)
    assert answered + cancelled == N and cancelled > 0
    status = await _check_no_leak(bare)
    # The requests cancelled while generating stopped there: the engine says so.
    assert status["cancelled"] >= (N - 1) // 50
    # Cancelled work never reached the engine or stopped in it; only the last one finished.
    assert status["requests"] - status["cancelled"] - status["timedOut"] <= 1 + answered
    await bare.shutdown_session()


async def test_storm_tiny_llama_model(
    bare: LanguageClient, tmp_path: Path, tiny_model_path: Path
) -> None:
    ai = {"model": str(tiny_model_path), "n_ctx": 256, "max_tokens": 16}
    doc = await _start(bare, tmp_path, ai)
    futures = await _storm(bare, doc, midflight_every=0)
    await asyncio.wait_for(futures[-1], timeout=60)  # answered: a list, or null
    answered, cancelled = await _settle(futures)
    assert answered + cancelled == N
    status = await _check_no_leak(bare)
    assert status["loaded"] and status["error"] is None
    await bare.shutdown_session()


@pytest.fixture(scope="module")
def tiny_model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("storm") / "tiny.gguf")
