"""The hpcls language server object: state, protocol tweaks, and feature registration."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys
import threading
from collections.abc import Generator
from typing import Any, BinaryIO

from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcInvalidParams
from pygls.io_ import StdoutWriter, run_async
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method

from hpcls import __version__
from hpcls.ai.context_recent import RecentEdits
from hpcls.ai.service import CompletionService
from hpcls.ai.types import CancelToken
from hpcls.config import Settings
from hpcls.protocol.convert import encoding_of
from hpcls.protocol.race_runner import RaceRunner
from hpcls.workspace.document import Document
from hpcls.workspace.index import WorkspaceIndex
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

    def structure_message(self, data: dict[str, Any]) -> Any:
        # JSON-RPC lets a request or notification omit `params`; pygls's generic message
        # types (used for custom methods such as hpcls/aiStatus) require the field, and
        # without this the request was dropped unanswered.
        if isinstance(data, dict) and "method" in data and "params" not in data:
            data = {**data, "params": None}
        return super().structure_message(data)

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

    def start_io(self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
        """Serve JSON-RPC over stdio, reading stdin with asyncio's pipe transport.

        pygls reads each header line and body through a thread-pool executor: three thread
        hops per message, a measurable part of a hover's latency. A pipe needs none. Stdin
        that is not a pipe (a file, a terminal) keeps pygls's reader.
        """
        source = stdin or sys.stdin.buffer
        if not stat.S_ISFIFO(os.fstat(source.fileno()).st_mode) and not stat.S_ISSOCK(
            os.fstat(source.fileno()).st_mode
        ):
            super().start_io(stdin, stdout)
            return
        self._stop_event = stop_event = threading.Event()
        self.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))

        async def serve() -> None:
            loop = asyncio.get_running_loop()
            reader = asyncio.StreamReader(limit=1 << 30)
            await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), source)
            await run_async(
                stop_event=stop_event,
                reader=_EofTolerantReader(reader),
                protocol=self.protocol,
                logger=log,
                error_handler=self.report_server_error,
            )

        try:
            asyncio.run(serve())
        except BrokenPipeError:
            log.error("connection to the client lost: shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            shutdown: Any = self.shutdown  # untyped in pygls
            shutdown()

    @property
    def encoding(self) -> Encoding:
        try:
            return encoding_of(self.workspace.position_encoding)
        except RuntimeError:  # not initialized yet
            return Encoding.UTF16

    def document(self, uri: str) -> Document:
        """The open document, or an InvalidParams error for the client."""
        doc = self.documents.get(uri)
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


class _EofTolerantReader:
    """asyncio.StreamReader as pygls's loop expects: b"" at end of input, not an exception."""

    def __init__(self, reader: asyncio.StreamReader) -> None:
        self._reader = reader

    async def readline(self) -> bytes:
        return await self._reader.readline()

    async def readexactly(self, n: int) -> bytes:
        try:
            return await self._reader.readexactly(n)
        except asyncio.IncompleteReadError:
            return b""


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
