"""Shared fixtures: a real `hpcls serve` subprocess driven by pytest-lsp's client."""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import NoReturn

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import make_test_lsp_client

REPO = Path(__file__).resolve().parent.parent
WORKSPACE = Path(__file__).resolve().parent / "workspace"
EXAMPLES = REPO / "examples"
SERVER_CMD = [sys.executable, "-m", "hpcls", "serve", "--log-level", "info"]


def unavailable(reason: str) -> NoReturn:
    """Skip a test whose tool is missing; fail instead when $CI is set, since CI installs
    everything (a skipped test there would hide a missing install step)."""
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {reason}", pytrace=False)
    pytest.skip(reason)


def require_tools(*names: str) -> None:
    """`unavailable` unless every command named is on PATH."""
    missing = [name for name in names if shutil.which(name) is None]
    if missing:
        unavailable(f"not installed: {', '.join(missing)}")


def uri(path: Path) -> str:
    from hpcls.workspace.uris import path_to_uri

    return path_to_uri(path)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A private copy of tests/workspace: tests may edit it freely."""
    root = tmp_path / "ws"
    shutil.copytree(WORKSPACE, root)
    return root


def initialize_params(root: Path | None, **kwargs: object) -> lsp.InitializeParams:
    capabilities = client_capabilities("visual-studio-code")
    return lsp.InitializeParams(
        capabilities=capabilities,
        root_uri=uri(root) if root else None,
        workspace_folders=[lsp.WorkspaceFolder(uri=uri(root), name="ws")] if root else None,
        **kwargs,  # type: ignore[arg-type]
    )


async def wait_index(client: LanguageClient) -> None:
    """Wait until the background index reports its end ($/progress kind=end)."""
    while True:
        for reports in client.progress_reports.values():
            if any(isinstance(r, lsp.WorkDoneProgressEnd) for r in reports):
                return
        await client.wait_for_notification("$/progress")


def make_client() -> LanguageClient:
    """pytest-lsp's client, which also accepts `client/registerCapability` (as VS Code does)
    and keeps what the server registered."""
    client = make_test_lsp_client()
    client.registrations = []  # type: ignore[attr-defined]

    def register_capability(params: lsp.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    client.feature(lsp.CLIENT_REGISTER_CAPABILITY)(register_capability)

    # pygls's stop() waits for the server to exit, which it does after `exit` or at the end
    # of its input: a test that fails before shutdown_session() would hang there forever.
    stop = client.stop

    async def stop_without_hanging() -> None:
        server = client._server
        if server is not None and server.returncode is None:
            if server.stdin is not None:
                server.stdin.close()
            try:
                await asyncio.wait_for(server.wait(), timeout=10)
            except TimeoutError:
                server.kill()
        await stop()

    client.stop = stop_without_hanging  # type: ignore[method-assign]
    return client


CONFIG = ClientServerConfig(server_command=SERVER_CMD, client_factory=make_client)


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: LanguageClient, workspace: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(initialize_params(workspace))
    await wait_index(lsp_client)
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, path: Path, language_id: str, text: str | None = None) -> str:
    doc_uri = uri(path)
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(
                uri=doc_uri,
                language_id=language_id,
                version=1,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return doc_uri


async def diagnostics_for(
    client: LanguageClient, doc_uri: str, version: int | None = None
) -> list[lsp.Diagnostic]:
    """Wait for the next publishDiagnostics of doc_uri (at `version`, when given).

    Call it right after sending the notification that triggers it: nothing can arrive
    in between, since the client runs on this event loop.
    """
    while True:
        params = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        if params.uri == doc_uri and (version is None or params.version == version):
            return list(params.diagnostics)
