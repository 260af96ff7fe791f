"""Workspace-level behaviour: settings, include directories, files changed on disk."""

from __future__ import annotations

from pathlib import Path

import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import CONFIG, initialize_params, open_doc, uri, wait_index


@pytest_lsp.fixture(config=CONFIG)
def bare(lsp_client: LanguageClient) -> None:
    """A client that has not initialized yet."""


async def test_files_changed_on_disk_are_reindexed(client: LanguageClient, workspace: Path) -> None:
    extra = workspace / "extra.f90"
    extra.write_text(
        "module extra_mod\ncontains\n  subroutine brand_new_routine()\n  end subroutine\nend module\n"
    )
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=uri(extra), type=lsp.FileChangeType.Created)]
        )
    )
    found = await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="brand_new"))
    assert found and found[0].name == "brand_new_routine"

    extra.unlink()
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=uri(extra), type=lsp.FileChangeType.Deleted)]
        )
    )
    assert await client.workspace_symbol_async(lsp.WorkspaceSymbolParams(query="brand_new")) == []


async def test_include_dirs_setting(bare: LanguageClient, workspace: Path, tmp_path: Path) -> None:
    outside = tmp_path / "third_party" / "include"
    outside.mkdir(parents=True)
    (outside / "blas_lite.h").write_text(
        "double ddot_lite(int n, const double *x, const double *y);\n"
    )
    text = '#include "blas_lite.h"\nint main(void) { double x[1] = {1}; return (int)ddot_lite(1, x, x); }\n'
    params = initialize_params(workspace)
    params.initialization_options = {"index": {"include_dirs": [str(outside.parent / "include")]}}
    await bare.initialize_session(params)
    await wait_index(bare)
    doc = open_doc(bare, workspace / "uses_blas.c", "c", text)
    result = await bare.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc),
            position=lsp.Position(line=1, character=text.splitlines()[1].index("ddot_lite") + 2),
        )
    )
    assert isinstance(result, list) and result
    assert result[0].uri == uri(outside / "blas_lite.h")
    await bare.shutdown_session()


async def test_bad_settings_are_reported_not_fatal(bare: LanguageClient, workspace: Path) -> None:
    (workspace / ".hpcls.toml").write_text(
        "[diagnostics]\ndebounce_ms = 'soon'\n[nonsense]\nx = 1\n"
    )
    params = initialize_params(workspace)
    params.initialization_options = {"diagnostics": {"enabled": "yes"}, "index": 3}
    await bare.initialize_session(params)
    await wait_index(bare)
    messages = " | ".join(m.message for m in bare.messages)
    assert "debounce_ms" in messages and "expected int" in messages
    assert "unknown setting section 'nonsense'" in messages
    assert "'diagnostics.enabled'" in messages
    assert "'index' must be an object" in messages
    # Still a working server.
    doc = open_doc(bare, workspace / "ok.c", "c", "int ok(void) { return 0; }\n")
    symbols = await bare.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert symbols
    await bare.shutdown_session()


async def test_diagnostics_can_be_disabled(bare: LanguageClient, workspace: Path) -> None:
    params = initialize_params(workspace)
    params.initialization_options = {"hpcls": {"diagnostics": {"enabled": False}}}
    await bare.initialize_session(params)
    await wait_index(bare)
    doc = open_doc(bare, workspace / "bad.c", "c", "int f( {\n")
    params_out = await bare.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params_out.uri == doc and list(params_out.diagnostics) == []
    await bare.shutdown_session()


async def test_definition_waits_for_the_first_index(bare: LanguageClient, tmp_path: Path) -> None:
    """A request that arrives while the index is being built is answered once it is ready."""
    root = tmp_path / "big"
    root.mkdir()
    for i in range(400):
        (root / f"m{i:03d}.f90").write_text(
            f"module m{i:03d}\n  integer :: v{i:03d} = {i}\ncontains\n"
            f"  subroutine s{i:03d}()\n  end subroutine\nend module\n" * 3
        )
    main = root / "main.f90"
    text = "program main\n  use m399\n  call s399()\nend program main\n"
    main.write_text(text)
    await bare.initialize_session(initialize_params(root))
    doc = open_doc(bare, main, "fortran", text)
    result = await bare.text_document_definition_async(
        lsp.DefinitionParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=lsp.Position(2, 9)
        )
    )
    assert isinstance(result, list) and result
    assert result[0].uri == uri(root / "m399.f90")
    await bare.shutdown_session()
