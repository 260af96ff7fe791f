"""The hpcls language server object: state, protocol tweaks, and feature registration."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sys
import threading
from collections.abc import Coroutine, Generator
from typing import Any, BinaryIO

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.io_ import StdoutWriter
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, default_converter, lsp_method
from pygls.protocol.json_rpc import JsonRPCNotification, JsonRPCRequestMessage

from hpcls import __version__
from hpcls.ai.context_recent import RecentEdits
from hpcls.ai.service import CompletionService
from hpcls.ai.types import CancelToken
from hpcls.config import Settings
from hpcls.protocol.convert import encoding_of
from hpcls.protocol.envelope import (
    INVALID_PARAMS,
    Lifecycle,
    Reject,
    check_envelope,
    describe_params_error,
    strict_int,
)
from hpcls.protocol.race_runner import RaceRunner
from hpcls.protocol.transport import pump, serve_tcp, stdin_reader
from hpcls.workspace.document import Document
from hpcls.workspace.index import WorkspaceIndex
from hpcls.workspace.large_trees import IDLE_RELEASE_S, SLOT
from hpcls.workspace.lines import Encoding

log = logging.getLogger(__name__)


class HpcProtocol(LanguageServerProtocol):
    """pygls's protocol, with two changes.

    Open documents live in hpcls's own snapshots (text + tree, edited incrementally), so
    pygls's copy of every document is not kept: a keystroke is applied once, not twice.
    UTF-8 positions are preferred whenever the client offers them (tree-sitter counts bytes).
    """

    @lsp_method(lsp.INITIALIZE)
    def lsp_initialize(
        self, params: lsp.InitializeParams
    ) -> Generator[Any, Any, lsp.InitializeResult]:
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            offered = list(general.position_encodings)
            if lsp.PositionEncodingKind.Utf8 in offered:
                offered.remove(lsp.PositionEncodingKind.Utf8)
                general.position_encodings = [lsp.PositionEncodingKind.Utf8, *offered]
        result: lsp.InitializeResult = yield from super().lsp_initialize(params)
        return result

    def __init__(self, server: Any, converter: Any) -> None:
        super().__init__(server, converter)
        self.lifecycle = Lifecycle()
        # Request id -> (uri, the document when the request arrived); see _remember_arrival.
        self.arrivals: dict[Any, tuple[str, Document | None]] = {}

    def receive(self, value: object) -> None:
        """Take one decoded JSON value from the transport; every request gets one answer."""
        problem = check_envelope(value)
        if problem is None:
            assert isinstance(value, dict)
            problem = self.lifecycle.admit(value)
        if problem is None:
            assert isinstance(value, dict)
            problem = self._dispatch(value)
            if problem is None:
                self.lifecycle.dispatched(value)
        if problem is not None:
            self.reject(problem)

    def reject(self, problem: Reject) -> None:
        """Answer a request with the error; only log what has no one waiting for it."""
        log.warning("refused message (%d): %s", problem.code, problem.message)
        if problem.is_request:
            self.arrivals.pop(problem.msg_id, None)
            error = lsp.ResponseError(code=problem.code, message=f"hpcls: {problem.message}")
            self._send_data(lsp.ResponseErrorMessage(id=problem.msg_id, error=error))

    def _dispatch(self, data: dict[str, Any]) -> Reject | None:
        method = data.get("method")
        is_request = method is not None and "id" in data
        try:
            message = self.structure_message(data)
        except Exception as exc:  # a validation error from cattrs, or worse
            cause = exc.__cause__ if isinstance(exc.__cause__, Exception) else exc
            text = describe_params_error(str(method or "response"), cause)
            return Reject(data.get("id") if is_request else None, INVALID_PARAMS, text, is_request)
        if is_request:
            self._remember_arrival(data)
        try:
            self.handle_message(message)
        except Exception as exc:  # pygls answers handler errors; this is anything before
            log.exception("message %r not handled", method)
            if is_request:
                return Reject(data["id"], -32603, f"{method}: internal error ({exc})")
        return None

    def _remember_arrival(self, data: dict[str, Any]) -> None:
        """The request's document as it is now: an async handler starts after later edits
        in the same read may have been applied, and must answer about this snapshot."""
        params = data.get("params")
        document = params.get("textDocument") if isinstance(params, dict) else None
        uri = document.get("uri") if isinstance(document, dict) else None
        server = self._server
        if isinstance(uri, str) and isinstance(server, HpcServer):
            self.arrivals[data["id"]] = (uri, server.documents.get(uri))

    def _send_data(self, data: Any) -> None:
        """pygls's writer, except that an answer that cannot be serialized still answers."""
        if not data:
            return
        try:
            body = json.dumps(data, default=self._serialize_message)
        except Exception as exc:  # a result our own code built wrong: a bug, reported
            log.exception("a message could not be serialized")
            msg_id = getattr(data, "id", None)
            if msg_id is None or hasattr(data, "method"):
                return  # a notification or a request of ours: nobody waits on it
            error = lsp.ResponseError(
                code=-32603, message=f"hpcls: internal error: the answer could not be sent ({exc})"
            )
            reply = lsp.ResponseErrorMessage(id=msg_id, error=error)
            body = json.dumps(self._converter.unstructure(reply))
        if self.writer is None:
            log.error("no transport to send a message on")
            return
        # The body is ASCII (json.dumps escapes the rest), so its length is its byte count.
        framed = f"Content-Length: {len(body)}\r\n\r\n{body}".encode()
        log.debug("Sending data: %s", body)  # every message at debug (masked by the formatter)
        try:
            self.writer.write(framed)  # stdout's and asyncio's writers both write synchronously
        except BrokenPipeError:
            raise  # the client is gone: the transport ends the session
        except Exception:
            log.exception("a message could not be written")

    def _send_response(self, msg_id: Any, result: Any = None, error: Any = None) -> None:
        self.arrivals.pop(msg_id, None)
        super()._send_response(msg_id, result, error)

    def structure_message(self, data: dict[str, Any]) -> Any:
        # JSON-RPC lets a request or notification omit `params`; pygls's generic message
        # types (used for custom methods such as hpcls/aiStatus) require the field, and
        # without this the request was dropped unanswered.
        if isinstance(data, dict) and "method" in data and "params" not in data:
            data = {**data, "params": None}
        method = data.get("method")
        if not isinstance(method, str):
            return super().structure_message(data)  # a response to one of our requests
        fallback = JsonRPCRequestMessage if "id" in data else JsonRPCNotification
        # Raises cattrs's validation error as is (pygls would log a traceback and hide the
        # fields): the caller turns it into InvalidParams naming them.
        return self._converter.structure(data, self.get_message_type(method) or fallback)

    def _user_handler(self, method: str, params: Any) -> Generator[Any, Any, None]:
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(lsp.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(
        self, params: lsp.DidOpenTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user_handler(lsp.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: lsp.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user_handler(lsp.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(
        self, params: lsp.DidCloseTextDocumentParams
    ) -> Generator[Any, Any, None]:
        yield from self._user_handler(lsp.TEXT_DOCUMENT_DID_CLOSE, params)


class HpcServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "hpcls",
            __version__,
            text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
            protocol_cls=HpcProtocol,
            converter_factory=_converter,
        )
        self.documents: dict[str, Document] = {}
        self.settings = Settings()
        self.index = WorkspaceIndex()
        # One pending diagnostics run per document (debounce).
        self.diagnostic_timers: dict[str, asyncio.TimerHandle] = {}
        self.shutdown_requested = False
        # AI completions: the service (created on first use), pending requests per document.
        self.completion: CompletionService | None = None
        self.completion_tokens: dict[str, CancelToken] = {}
        self.completion_error_shown = False
        # Model loads in progress, by id of the service that loads: one load, shared.
        self.model_loads: dict[int, asyncio.Task[None]] = {}
        # For the editor's status bar: the last completion's model time, the last status sent.
        self.ai_last_latency_ms: int | None = None
        self.ai_status_sent: dict[str, object] | None = None
        self.ai_status_push = False  # the client asked for hpcls/aiStatusChanged
        # Recently edited chunks of open documents: context for completions in other files.
        self.recent_edits = RecentEdits()
        # Data-race analysis: a worker process, off the keystroke path.
        self.races = RaceRunner()
        # Frees a large file's tree once unused (workspace.large_trees), started on didOpen.
        self.tree_release: asyncio.TimerHandle | None = None

    def release_idle_trees(self) -> None:
        """Start, once, the tick that frees a large file's tree after IDLE_RELEASE_S unused."""
        if self.tree_release is not None:
            return
        loop = asyncio.get_running_loop()

        def tick() -> None:
            SLOT.release_idle()
            self.tree_release = loop.call_later(IDLE_RELEASE_S / 2, tick)

        self.tree_release = loop.call_later(IDLE_RELEASE_S / 2, tick)

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve JSON-RPC over stdio through hpcls's resynchronizing framer."""
        self._stop_event = stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))

        async def serve() -> None:
            read = await stdin_reader(stdin or sys.stdin.buffer)
            await pump(read, self.hpc_protocol, stop_event)

        self._run(serve())

    def start_tcp(self, host: str, port: int, token: str | None = None) -> None:
        """Serve one client over TCP (see hpcls.protocol.transport)."""
        self._stop_event = stop_event = threading.Event()
        self._run(serve_tcp(self.hpc_protocol, stop_event, host, port, token))

    def _run(self, main: Coroutine[Any, Any, None]) -> None:
        try:
            asyncio.run(main)
        except BrokenPipeError:
            log.error("connection to the client lost: shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            shutdown: Any = self.shutdown  # untyped in pygls
            shutdown()

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log errors out of band; never a popup per failed request or bad message."""
        log.error("%s: %s", getattr(source, "__name__", source), error)
        # No transport yet, or it is gone: the log line above suffices.
        with contextlib.suppress(Exception):
            self.window_log_message(
                lsp.LogMessageParams(type=lsp.MessageType.Error, message=f"hpcls: {error}")
            )

    @property
    def hpc_protocol(self) -> HpcProtocol:
        assert isinstance(self.protocol, HpcProtocol)
        return self.protocol

    @property
    def encoding(self) -> Encoding:
        try:
            return encoding_of(self.workspace.position_encoding)
        except RuntimeError:  # not initialized yet
            return Encoding.UTF16

    def document(self, uri: str) -> Document:
        """The open document as the current request found it, or an InvalidParams error."""
        arrival = self.hpc_protocol.arrivals.get(self.protocol.msg_id)
        doc = arrival[1] if arrival is not None and arrival[0] == uri else self.documents.get(uri)
        if doc is None:
            raise InvalidParams(f"document not open: {uri}")
        return doc

    def offset(self, doc: Document, pos: lsp.Position) -> int:
        """Byte offset of a request position; outside the document is InvalidParams."""
        from hpcls.workspace.lines import PositionError

        try:
            return doc.offset_at(pos.line, pos.character, self.encoding)
        except PositionError as exc:
            raise InvalidParams(str(exc)) from exc

    def show(self, message: str, kind: lsp.MessageType = lsp.MessageType.Warning) -> None:
        self.window_show_message(lsp.ShowMessageParams(type=kind, message=f"hpcls: {message}"))

    def log(self, message: str, kind: lsp.MessageType = lsp.MessageType.Log) -> None:
        log.info("%s", message)
        self.window_log_message(lsp.LogMessageParams(type=kind, message=message))


def _converter() -> Any:
    """pygls's converter, with integers that must be JSON integers (see envelope.strict_int)."""
    converter = default_converter()  # type: ignore[no-untyped-call]
    keep_bool = converter.get_structure_hook(bool)
    converter.register_structure_hook(int, strict_int)
    converter.register_structure_hook(bool, keep_bool)  # a subclass of int, kept as it was
    return converter


class InvalidParams(JsonRpcInvalidParams):
    """A request the server cannot answer as asked: the client gets InvalidParams (-32602)."""


def create_server() -> HpcServer:
    """A server with every feature registered; capabilities follow from what is registered."""
    from hpcls.protocol import (
        ai_requests,
        code_actions,
        completion_fallback,
        indexing,
        inline_completion,
        knowledge_features,
        navigation,
        outline_features,
        text_sync,
    )

    server = HpcServer()

    @server.feature(lsp.SHUTDOWN)
    def on_shutdown(ls: HpcServer, params: None) -> None:
        ls.shutdown_requested = True
        for handle in ls.diagnostic_timers.values():
            handle.cancel()
        ls.diagnostic_timers.clear()
        for token in ls.completion_tokens.values():
            token.cancel()
        if ls.completion is not None:
            ls.completion.close()
        ls.races.shutdown()
        if ls.tree_release is not None:
            ls.tree_release.cancel()
            ls.tree_release = None
        SLOT.release()

    text_sync.register(server)
    outline_features.register(server)
    navigation.register(server)
    indexing.register(server)
    ai_requests.register(server)
    inline_completion.register(server)
    completion_fallback.register(server)
    code_actions.register(server)
    knowledge_features.register(server)
    return server
