"""Settings on initialize, and the background workspace index with $/progress."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp

from hpcls.config import load_project_file, merge
from hpcls.languages.registry import SOURCE_EXTENSIONS
from hpcls.protocol.ai_requests import publish_ai_status, start_ai_status_push
from hpcls.protocol.server import HpcServer
from hpcls.redact import redact
from hpcls.workspace.index import discover
from hpcls.workspace.uris import uri_to_path

log = logging.getLogger(__name__)


def _roots(params: lsp.InitializeParams) -> list[Path]:
    if params.workspace_folders:
        return [uri_to_path(f.uri) for f in params.workspace_folders]
    if params.root_uri:
        return [uri_to_path(params.root_uri)]
    if params.root_path:
        return [Path(params.root_path)]
    return []


def _apply_settings(ls: HpcServer, raw: Any, origin: str) -> None:
    if raw is not None and log.isEnabledFor(logging.DEBUG):
        # Masked here as well as by the handler: settings may carry credentials.
        log.debug("settings from %s: %s", origin, json.dumps(redact(raw), default=repr))
    ls.settings, problems = merge(ls.settings, raw, origin)
    for problem in problems:
        ls.show(problem)
    ls.index.include_dirs = [Path(d) for d in ls.settings.index.include_dirs]
    publish_ai_status(ls)


# Every source extension, in both cases (.F90 is preprocessed Fortran, a common sight).
_WATCHED = sorted({e.lstrip(".") for ext in SOURCE_EXTENSIONS for e in (ext, ext.upper())})
_WATCH_GLOB = "**/*.{" + ",".join(_WATCHED) + "}"


async def _watch_files(ls: HpcServer) -> None:
    """Ask the client to report source files changed outside the editor (git pull, codegen)."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is None or not watched.dynamic_registration:
        return
    options = lsp.DidChangeWatchedFilesRegistrationOptions(
        watchers=[lsp.FileSystemWatcher(glob_pattern=_WATCH_GLOB)]
    )
    registration = lsp.Registration(
        id="hpcls-watch-sources",
        method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    try:
        await ls.client_register_capability_async(
            lsp.RegistrationParams(registrations=[registration])
        )
    except Exception as exc:  # without watchers the index is refreshed on close only
        log.warning("file watching not available: %s", exc)


def _index_workspace(ls: HpcServer, loop: asyncio.AbstractEventLoop, token: str | None) -> None:
    """Runs in a thread: parse every file under the roots, reporting progress."""
    started = time.perf_counter()
    settings = ls.settings.index
    try:
        paths = discover(ls.index.roots, settings.exclude, settings.max_files)
        total = len(paths)
        last_report = 0.0
        for done, path in enumerate(paths, 1):
            ls.index.add_path(path)
            now = time.perf_counter()
            if token is not None and (now - last_report > 0.2 or done == total):
                last_report = now
                pct = int(done * 100 / max(total, 1))
                report = lsp.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=pct)
                loop.call_soon_threadsafe(ls.work_done_progress.report, token, report)
        elapsed = time.perf_counter() - started
        message = f"indexed {total} files in {elapsed:.2f} s"
    except Exception as exc:  # the index is a convenience: never take the server down
        log.exception("workspace indexing failed")
        message = f"workspace indexing failed: {exc}"
    finally:
        ls.index.ready.set()
    loop.call_soon_threadsafe(ls.log, message)
    if token is not None:
        end = lsp.WorkDoneProgressEnd(message=message)
        loop.call_soon_threadsafe(ls.work_done_progress.end, token, end)


async def start_indexing(ls: HpcServer) -> None:
    if not ls.settings.index.enabled or not ls.index.roots:
        ls.index.ready.set()
        return
    token: str | None = None
    window = ls.client_capabilities.window
    if window is not None and window.work_done_progress:
        token = f"hpcls-index-{uuid.uuid4().hex[:8]}"
        try:
            await ls.work_done_progress.create_async(token)
            ls.work_done_progress.begin(
                token,
                lsp.WorkDoneProgressBegin(
                    title="hpcls: indexing workspace", percentage=0, cancellable=False
                ),
            )
        except Exception as exc:  # a client that refuses progress still gets an index
            log.warning("progress not available: %s", exc)
            token = None
    loop = asyncio.get_running_loop()
    thread = threading.Thread(
        target=_index_workspace, args=(ls, loop, token), name="hpcls-index", daemon=True
    )
    thread.start()


def register(server: HpcServer) -> None:
    @server.feature(lsp.INITIALIZE)
    def initialize(ls: HpcServer, params: lsp.InitializeParams) -> None:
        ls.index.roots = _roots(params)
        for root in ls.index.roots:
            raw, problems = load_project_file(root)
            for problem in problems:
                ls.show(problem)
            _apply_settings(ls, raw, str(root / ".hpcls.toml"))
        options = params.initialization_options
        if isinstance(options, dict) and "hpcls" in options:
            options = options["hpcls"]
        _apply_settings(ls, options, "initializationOptions")

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: HpcServer, params: lsp.InitializedParams) -> None:
        workspace = ls.client_capabilities.workspace
        if workspace is not None and workspace.configuration:
            try:
                items = [lsp.ConfigurationItem(section="hpcls")]
                result = await ls.workspace_configuration_async(
                    lsp.ConfigurationParams(items=items)
                )
                if result and result[0] is not None:
                    _apply_settings(ls, result[0], "workspace/configuration")
            except Exception as exc:
                log.warning("workspace/configuration failed: %s", exc)
        start_ai_status_push(ls)
        await start_indexing(ls)
        await _watch_files(ls)

    @server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: HpcServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        for change in params.changes:
            if ls.index.open_document(change.uri) is not None:
                continue  # the editor's buffer is the truth while open
            if change.type == lsp.FileChangeType.Deleted:
                ls.index.remove(change.uri)
            else:
                ls.index.add_path(uri_to_path(change.uri))

    @server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def did_change_configuration(ls: HpcServer, params: lsp.DidChangeConfigurationParams) -> None:
        raw = params.settings
        if isinstance(raw, dict) and "hpcls" in raw:
            _apply_settings(ls, raw["hpcls"], "workspace/didChangeConfiguration")
