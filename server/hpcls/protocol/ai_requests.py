"""What every AI completion request shares: the service, model loading, debounce, cancel.

Keystrokes come faster than a model answers, so: a suggestion whose head the user just
typed is reused at once; otherwise the request waits `ai.debounce_ms`, and a newer request
for the same document (or `$/cancelRequest`) cancels it, down to the token being generated.
Loading the model reports `$/progress`; a model that cannot load is reported once with
`window/showMessage` and everything else keeps working.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid

from lsprotocol import types as lsp

from hpcls.ai.service import CompletionService, Suggestion
from hpcls.ai.types import CancelToken, EngineError
from hpcls.protocol.server import HpcServer

log = logging.getLogger(__name__)


def service_of(ls: HpcServer) -> CompletionService:
    """The completion service for the current settings (a new one when they changed)."""
    if ls.completion is None or ls.completion.settings != ls.settings.ai:
        if ls.completion is not None:
            ls.completion.close()
        ls.completion = CompletionService(ls.settings.ai, recent=ls.recent_edits)
        ls.completion_error_shown = False
    return ls.completion


def report_failure(ls: HpcServer, exc: EngineError) -> None:
    if not ls.completion_error_shown:
        ls.completion_error_shown = True
        ls.show(f"AI completions are off: {exc}", lsp.MessageType.Error)
    log.warning("completion failed: %s", exc)


async def ensure_model(ls: HpcServer, service: CompletionService) -> None:
    """Load the model off the event loop, once, with `$/progress` while it loads.

    The load is a task of its own: cancelling the request that started it does not stop
    it (or its progress report) halfway, and concurrent first requests wait on it.
    """
    if service.started:
        return
    task = ls.model_loads.get(id(service))
    if task is None:
        task = asyncio.get_running_loop().create_task(_load(ls, service))
        ls.model_loads[id(service)] = task
        task.add_done_callback(lambda done: _forget_load(ls, id(service), done))
    await asyncio.shield(task)


def _forget_load(ls: HpcServer, key: int, task: asyncio.Task[None]) -> None:
    ls.model_loads.pop(key, None)
    if not task.cancelled():
        task.exception()  # retrieved here: the requests that wait on it report it


async def _load(ls: HpcServer, service: CompletionService) -> None:
    publish_ai_status(ls)
    token = await _begin_progress(ls)
    message = "failed"
    try:
        engine = await asyncio.to_thread(service.start)
        message = f"ready: {engine.name}"
    finally:
        if token is not None:
            ls.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message=message))
        ls.model_loads.pop(id(service), None)
        publish_ai_status(ls)


async def _begin_progress(ls: HpcServer) -> str | None:
    window = ls.client_capabilities.window
    if window is None or not window.work_done_progress:
        return None
    token = f"hpcls-model-{uuid.uuid4().hex[:8]}"
    try:
        await ls.work_done_progress.create_async(token)
    except Exception as exc:  # a client that refuses progress still gets completions
        log.warning("progress not available: %s", exc)
        return None
    begin = lsp.WorkDoneProgressBegin(title="hpcls: loading the AI model", cancellable=False)
    ls.work_done_progress.begin(token, begin)
    return token


async def suggest_at(ls: HpcServer, uri: str, position: lsp.Position) -> Suggestion | None:
    """The suggestion at a position, or None (off, superseded, cancelled, nothing useful)."""
    if not ls.settings.ai.enabled:
        return None
    doc = ls.document(uri)
    offset = ls.offset(doc, position)
    service = service_of(ls)
    reused = service.reuse(doc, offset)
    if reused is not None:
        return reused
    token = CancelToken()
    if (older := ls.completion_tokens.get(uri)) is not None:
        older.cancel()  # the newest request for a document wins
    ls.completion_tokens[uri] = token
    try:
        await asyncio.sleep(ls.settings.ai.debounce_ms / 1000)
        if token.cancelled:
            return None
        await ensure_model(ls, service)
        if token.cancelled:
            return None
        started = time.perf_counter()
        suggestion = await asyncio.to_thread(service.suggest, doc, offset, ls.index, token)
        if not token.cancelled:
            ls.ai_last_latency_ms = round((time.perf_counter() - started) * 1000)
    except asyncio.CancelledError:  # $/cancelRequest: stop the model too
        token.cancel()
        raise
    except EngineError as exc:
        report_failure(ls, exc)
        return None
    finally:
        if ls.completion_tokens.get(uri) is token:
            del ls.completion_tokens[uri]
        publish_ai_status(ls)
    return None if token.cancelled else suggestion


AI_STATUS = "hpcls/aiStatus"
AI_STATUS_CHANGED = "hpcls/aiStatusChanged"
# The client capability (under `experimental`) that asks for AI_STATUS_CHANGED: clients
# that don't know the notification would warn about it (Eglot does, in the echo area).
AI_STATUS_CAPABILITY = "hpclsAiStatus"


def ai_status(ls: HpcServer) -> dict[str, object]:
    """The AI side at a glance: for an editor's status bar, and for tests that prove a
    storm of cancelled requests leaves no work behind."""
    service = ls.completion
    if service is not None and service.settings != ls.settings.ai:
        service = None  # replaced by the next request: its state is no longer the truth
    status: dict[str, object] = {
        "enabled": ls.settings.ai.enabled,
        "engine": service.engine_name if service is not None else "",
        "loaded": service is not None and service.started,
        "loading": service is not None and id(service) in ls.model_loads,
        "error": str(service.error) if service is not None and service.error else None,
        "pending": len(ls.completion_tokens),
        "lastLatencyMs": ls.ai_last_latency_ms,
    }
    stats = service.engine_stats() if service is not None else None
    if stats is not None:
        status |= {
            "requests": stats.requests,
            "active": stats.active,
            "cancelled": stats.cancelled,
            "timedOut": stats.timed_out,
            "failed": stats.failed,
        }
    return status


def start_ai_status_push(ls: HpcServer) -> None:
    """After `initialized`: push the status from now on if the client asked for it."""
    experimental = ls.client_capabilities.experimental
    ls.ai_status_push = (
        isinstance(experimental, dict) and experimental.get(AI_STATUS_CAPABILITY) is True
    )
    publish_ai_status(ls)


def publish_ai_status(ls: HpcServer) -> None:
    """Push the status to a client that asked for it, when it changed since the last push."""
    if not ls.ai_status_push:
        return
    status = ai_status(ls)
    if status != ls.ai_status_sent:
        ls.ai_status_sent = status
        ls.protocol.notify(AI_STATUS_CHANGED, status)


def register(server: HpcServer) -> None:
    @server.feature(AI_STATUS)
    def status(ls: HpcServer, params: object) -> dict[str, object]:
        return ai_status(ls)
