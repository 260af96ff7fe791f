"""hpcls/aiStatusChanged: the status bar's feed, pushed only to clients that ask for it;
and the editor-only settings sections VS Code sends along."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import CONFIG, initialize_params, open_doc, wait_index
from tests.test_protocol_ai_fallback import ai_status

CHANGED = "hpcls/aiStatusChanged"


@pytest_lsp.fixture(config=CONFIG)
def bare(lsp_client: LanguageClient) -> None:
    """A client that has not initialized yet."""


def _collect(client: LanguageClient) -> list[dict[str, Any]]:
    pushed: list[dict[str, Any]] = []

    @client.feature(CHANGED)
    def changed(params: Any) -> None:
        pushed.append(dict(params._asdict()) if hasattr(params, "_asdict") else dict(params))

    return pushed


async def _start(client: LanguageClient, root: Path, push: bool) -> str:
    params = initialize_params(root)
    if push:
        params.capabilities.experimental = {"hpclsAiStatus": True}
    params.initialization_options = {
        "ai": {"engine": "fake", "fake_reply": "x = 1\n", "debounce_ms": 0}
    }
    await client.initialize_session(params)
    await wait_index(client)
    return open_doc(client, root / "p.f90", "fortran", "program p\n  integer :: x\n\nend\n")


async def _complete(client: LanguageClient, doc: str) -> None:
    await client.text_document_inline_completion_async(
        lsp.InlineCompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=lsp.Position(line=2, character=2),
            context=lsp.InlineCompletionContext(
                trigger_kind=lsp.InlineCompletionTriggerKind.Invoked
            ),
        )
    )


async def test_status_is_pushed_through_load_completion_and_settings(
    bare: LanguageClient, tmp_path: Path
) -> None:
    pushed = _collect(bare)
    doc = await _start(bare, tmp_path, push=True)
    while not pushed:
        await bare.wait_for_notification(CHANGED)
    first = pushed[0]
    assert first["enabled"] is True and first["loaded"] is False and first["loading"] is False
    assert first["lastLatencyMs"] is None

    await _complete(bare, doc)
    await ai_status(bare)  # a round trip: every push sent before it has arrived
    assert any(p["loading"] for p in pushed), pushed
    last = pushed[-1]
    assert last["loaded"] is True and last["loading"] is False and last["engine"] == "fake"
    assert isinstance(last["lastLatencyMs"], int) and last["lastLatencyMs"] >= 0
    assert last == await ai_status(bare)

    count = len(pushed)
    bare.workspace_did_change_configuration(
        lsp.DidChangeConfigurationParams(settings={"hpcls": {"ai": {"enabled": False}}})
    )
    while len(pushed) == count:
        await bare.wait_for_notification(CHANGED)
    assert pushed[-1]["enabled"] is False and pushed[-1]["loaded"] is False
    await bare.shutdown_session()


async def test_nothing_is_pushed_to_a_client_that_did_not_ask(
    bare: LanguageClient, tmp_path: Path
) -> None:
    pushed = _collect(bare)
    doc = await _start(bare, tmp_path, push=False)
    await _complete(bare, doc)
    assert (await ai_status(bare))["loaded"] is True
    assert pushed == []
    await bare.shutdown_session()


async def test_the_editors_own_sections_are_not_reported(
    bare: LanguageClient, tmp_path: Path
) -> None:
    await _start(bare, tmp_path, push=False)
    settings = {
        "hpcls": {
            "server": {"path": "/opt/hpcls/bin/hpcls"},
            "trace": {"server": "verbose"},
            "diagnostics": {"debounce_ms": 50},
            "bogus": {"x": 1},
        }
    }
    bare.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=settings))
    message = await bare.wait_for_notification(lsp.WINDOW_SHOW_MESSAGE)
    assert "unknown setting section 'bogus'" in message.message
    assert all("server" not in m.message and "trace" not in m.message for m in bare.messages)
    await bare.shutdown_session()
