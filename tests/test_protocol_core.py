"""Protocol basics against a real `hpcls serve`: capabilities, encodings, sync, diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import CONFIG, diagnostics_for, initialize_params, open_doc, uri


@pytest_lsp.fixture(config=CONFIG)
def bare(lsp_client: LanguageClient) -> None:
    """A client that has not initialized yet: each test does its own initialize."""


async def test_capabilities_match_registered_features(bare: LanguageClient) -> None:
    result = await bare.initialize_session(initialize_params(None))
    caps = result.capabilities
    assert result.server_info is not None and result.server_info.name == "hpcls"
    sync = caps.text_document_sync
    assert isinstance(sync, lsp.TextDocumentSyncOptions)
    assert sync.change == lsp.TextDocumentSyncKind.Incremental
    assert sync.open_close is True
    assert caps.document_symbol_provider
    assert caps.folding_range_provider
    assert caps.definition_provider
    assert caps.references_provider
    assert caps.hover_provider
    assert caps.workspace_symbol_provider
    assert caps.inline_completion_provider
    assert caps.completion_provider is not None  # the AI item, for clients without inline
    actions = caps.code_action_provider
    assert isinstance(actions, lsp.CodeActionOptions)
    assert list(actions.code_action_kinds or ()) == [
        lsp.CodeActionKind.QuickFix,
        lsp.CodeActionKind.RefactorRewrite,
    ]
    assert caps.position_encoding == lsp.PositionEncodingKind.Utf16
    await bare.shutdown_session()


async def test_utf8_chosen_when_client_offers_it(bare: LanguageClient, workspace: Path) -> None:
    params = initialize_params(None)
    params.capabilities.general = lsp.GeneralClientCapabilities(
        position_encodings=[lsp.PositionEncodingKind.Utf16, lsp.PositionEncodingKind.Utf8]
    )
    result = await bare.initialize_session(params)
    assert result.capabilities.position_encoding == lsp.PositionEncodingKind.Utf8
    # A non-ASCII line: UTF-8 columns count bytes.
    path = workspace / "u.f90"
    text = "program p\n  x = 'é' ; y = z(\nend program p\n"
    doc = open_doc(bare, path, "fortran", text)
    diags = await diagnostics_for(bare, doc)
    assert diags, "the broken call must be reported"
    assert all(d.code == "syntax/error" for d in diags)
    await bare.shutdown_session()


async def test_diagnostics_follow_incremental_edits(
    client: LanguageClient, workspace: Path
) -> None:
    path = workspace / "broken.c"
    text = "int main(void) {\n  int x = 1\n  return x;\n}\n"
    doc = open_doc(client, path, "c", text)
    diags = await diagnostics_for(client, doc, version=1)
    assert len(diags) >= 1
    first = diags[0]
    assert first.source == "hpcls" and first.code == "syntax/error"
    assert first.severity == lsp.DiagnosticSeverity.Error
    assert first.range.start.line in (1, 2)

    # Insert the missing semicolon: the diagnostics at version 2 are empty.
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=2),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=lsp.Position(1, 11), end=lsp.Position(1, 11)), text=";"
                )
            ],
        )
    )
    assert await diagnostics_for(client, doc, version=2) == []

    # Break it again with a whole-document change.
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=3),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="int f( {\n")],
        )
    )
    assert await diagnostics_for(client, doc, version=3)

    client.text_document_did_close(
        lsp.DidCloseTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert await diagnostics_for(client, doc) == []


async def test_keystrokes_are_debounced(client: LanguageClient, workspace: Path) -> None:
    """Ten quick keystrokes give one diagnostics run, for the last version."""
    doc = open_doc(client, workspace / "typing.f90", "fortran", "program p\nend program p\n")
    assert await diagnostics_for(client, doc, version=1) == []
    for i, ch in enumerate("x = 1 + ("):
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=2 + i),
                content_changes=[
                    lsp.TextDocumentContentChangePartial(
                        range=lsp.Range(start=lsp.Position(1, i), end=lsp.Position(1, i)),
                        text=ch,
                    )
                ],
            )
        )
    params = await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert params.version == 10, "only the last keystroke's version is published"
    assert params.diagnostics


@pytest.mark.parametrize(
    ("name", "language_id"),
    [
        ("a.f90", "FortranFreeForm"),
        ("a.f", "FortranFixedForm"),
        ("a.F90", "fortran"),
        ("a.f90", "f90"),
        ("a.c", "c"),
        ("a.cpp", "cpp"),
        ("a.cc", "c++"),
        ("a.cu", "cuda-cpp"),
        ("a.cu", "cuda"),
        ("a.cu", "plaintext"),
    ],
)
async def test_language_ids_of_real_clients(
    client: LanguageClient, workspace: Path, name: str, language_id: str
) -> None:
    """A broken file in each language gets a syntax diagnostic: the language was recognised."""
    broken = {
        ".f90": "program p\n  x = (1 +\nend program p\n",
        ".F90": "program p\n  x = (1 +\nend program p\n",
        ".f": "      PROGRAM P\n      X = (1 +\n      END\n",
        ".c": "int f( {\n",
        ".cpp": "class A { int x };\n",
        ".cc": "class A { int x };\n",
        ".cu": "__global__ void k( {\n",
    }[Path(name).suffix]
    doc = open_doc(client, workspace / name, language_id, broken)
    diags = await diagnostics_for(client, doc)
    assert any(d.code == "syntax/error" for d in diags)


async def test_fixed_form_source_parses_clean(client: LanguageClient, workspace: Path) -> None:
    text = (
        "C     fixed form: comment, label, continuation, sentinel\n"
        "      SUBROUTINE SCALE(N, A, X)\n"
        "      INTEGER N, I\n"
        "      DOUBLE PRECISION A,\n"
        "     &                 X(N)\n"
        "C$OMP PARALLEL DO\n"
        "      DO 10 I = 1, N\n"
        "         X(I) = A * X(I)\n"
        "   10 CONTINUE\n"
        "      END\n"
    )
    doc = open_doc(client, workspace / "scale.f", "fortran", text)
    assert await diagnostics_for(client, doc) == []


async def test_shutdown_then_exit_ends_the_process(bare: LanguageClient) -> None:
    await bare.initialize_session(initialize_params(None))
    await bare.shutdown_session()  # shutdown request, exit notification, process wait
    assert bare._server is not None and bare._server.returncode == 0


def test_uri_helper_roundtrip(tmp_path: Path) -> None:
    from hpcls.workspace.uris import uri_to_path

    p = tmp_path / "dir with space" / "é.f90"
    assert uri_to_path(uri(p)) == p.resolve()


async def test_save_publishes_without_waiting_for_the_debounce(
    bare: LanguageClient, workspace: Path
) -> None:
    params = initialize_params(workspace)
    params.initialization_options = {"diagnostics": {"debounce_ms": 600000}}  # ten minutes
    await bare.initialize_session(params)
    doc = open_doc(bare, workspace / "s.c", "c", "int f(void) { return 0; }\n")
    assert await diagnostics_for(bare, doc, version=1) == []
    bare.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=doc, version=2),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="int f( {\n")],
        )
    )
    bare.text_document_did_save(
        lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=doc))
    )
    assert await diagnostics_for(bare, doc, version=2)
    await bare.shutdown_session()
