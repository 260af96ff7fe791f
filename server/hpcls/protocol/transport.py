"""Byte streams to protocol messages: stdio and TCP, through the resynchronizing framer.

TCP serves one client per server. A second connection while a session is live is refused
with a message saying why, and with `--tcp-token-file` a connection must first send the line
`Hpcls-Token: <token>`. A connection that leaves before it sent `initialize` frees the port
for the next; the session of a client that did initialize ends the server when it leaves,
as stdio's does.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import os
import stat
import threading
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, BinaryIO

from hpcls.protocol.envelope import PARSE_ERROR, Reject
from hpcls.protocol.framing import FrameDecoder, Message, ParseError, Skipped

if TYPE_CHECKING:
    from hpcls.protocol.server import HpcProtocol

log = logging.getLogger(__name__)

# A body that stops arriving this long is settled with what came (framing.FrameDecoder.idle).
IDLE_SECONDS = 0.5
TOKEN_HEADER = b"hpcls-token:"
TOKEN_WAIT_SECONDS = 10.0
READ_SIZE = 1 << 16

Read = Callable[[], Awaitable[bytes]]


async def pump(
    read: Read,
    protocol: HpcProtocol,
    stop: threading.Event,
    claim: Callable[[], bool] | None = None,
) -> bool:
    """Decode messages from `read` until end of input or `stop`; hand each to the protocol.

    `claim` is asked before the first message: False ends the pump unheard (returns False).
    """
    decoder = FrameDecoder()
    pending: asyncio.Future[bytes] | None = None
    try:
        while not stop.is_set():
            if pending is None:
                pending = asyncio.ensure_future(read())
            # A read is never cancelled (an executor read cannot be): on a pause inside a
            # body the same read is awaited again after the decoder settles what it has.
            timeout = IDLE_SECONDS if decoder.reading_body else None
            done, _ = await asyncio.wait({pending}, timeout=timeout)
            if not done:
                _deliver(decoder.idle(), protocol)
                continue
            data = pending.result()
            pending = None
            if not data:
                break
            events = decoder.feed(data)
            if claim is not None and any(isinstance(e, Message) for e in events):
                if not claim():
                    return False
                claim = None
            _deliver(events, protocol)
    finally:
        if pending is not None:
            pending.cancel()
    return True


def _deliver(events: list[Message | ParseError | Skipped], protocol: HpcProtocol) -> None:
    for event in events:
        if isinstance(event, Message):
            protocol.receive(event.value)
        elif isinstance(event, ParseError):
            protocol.reject(Reject(None, PARSE_ERROR, event.reason))
        else:
            log.warning("input skipped (%d bytes): %s", event.size, event.reason)


async def stdin_reader(source: BinaryIO) -> Read:
    """A read function for stdin: asyncio's pipe transport where it can, a thread otherwise."""
    mode = os.fstat(source.fileno()).st_mode
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        loop = asyncio.get_running_loop()
        reader = asyncio.StreamReader(limit=READ_SIZE)
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), source)
        return lambda: reader.read(READ_SIZE)
    fd = source.fileno()
    return lambda: asyncio.get_running_loop().run_in_executor(None, os.read, fd, READ_SIZE)


def read_token_file(path: str) -> str:
    """The shared secret; an unreadable or empty file is an error, a readable one a warning."""
    with open(path, encoding="utf-8") as handle:
        token = handle.read().strip()
    if not token:
        raise ValueError(f"the token file {path} is empty")
    if os.stat(path).st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("the token file %s is readable by other users (chmod 600 it)", path)
    return token


class TcpSessions:
    """Accepts connections for one language-server session at a time."""

    def __init__(self, protocol: HpcProtocol, stop: threading.Event, token: str | None) -> None:
        self._protocol = protocol
        self._stop = stop
        self._token = token
        self._owner: asyncio.StreamWriter | None = None
        self.finished = asyncio.Event()

    async def on_connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        try:
            await self._serve(reader, writer, peer)
        except (ConnectionError, OSError) as exc:
            log.warning("connection from %s lost: %s", peer, exc)
        finally:
            writer.close()

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: object
    ) -> None:
        # The token first: a connection that cannot authenticate never holds the session.
        if self._token is not None and not await self._token_ok(reader):
            log.warning("refused a client from %s: wrong or missing token", peer)
            await _refuse(writer, "hpcls: wrong or missing token (send `Hpcls-Token: …`)")
            return
        # The session belongs to the first connection that sends a message: one that only
        # connects (a port probe) or sends garbage holds nothing.
        try:
            claimed = await pump(
                lambda: reader.read(READ_SIZE),
                self._protocol,
                self._stop,
                lambda: self._claim(writer),
            )
        finally:
            if self._owner is writer:  # also when the connection broke
                self._owner = None
        if not claimed:
            log.warning("refused a second client from %s: one client per server", peer)
            await _refuse(
                writer,
                "hpcls: this server already has a client (one client per server); "
                "start another with `hpcls serve --tcp HOST:PORT`",
            )
            return
        if self._protocol.lifecycle.initialize_seen:
            log.info("client %s left: the session ends", peer)
            self.finished.set()

    def _claim(self, writer: asyncio.StreamWriter) -> bool:
        if self._owner is not None:
            return False
        self._owner = writer
        log.info("client connected from %s", writer.get_extra_info("peername"))
        self._protocol.set_writer(writer)
        return True

    async def _token_ok(self, reader: asyncio.StreamReader) -> bool:
        try:
            line = await asyncio.wait_for(reader.readuntil(b"\n"), TOKEN_WAIT_SECONDS)
        except (TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return False
        name, _, value = line.strip().partition(b":")
        if name.strip().lower() + b":" != TOKEN_HEADER:
            return False
        assert self._token is not None
        return hmac.compare_digest(value.strip(), self._token.encode("utf-8"))


async def _refuse(writer: asyncio.StreamWriter, message: str) -> None:
    """Tell the client why, as an LSP client shows it (window/showMessage), then close."""
    body = json.dumps(
        {
            "jsonrpc": "2.0",
            "method": "window/showMessage",
            "params": {"type": 1, "message": message},
        }
    ).encode("utf-8")
    writer.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    with contextlib.suppress(TimeoutError, ConnectionError):
        await asyncio.wait_for(writer.drain(), 5)


async def serve_tcp(
    protocol: HpcProtocol, stop: threading.Event, host: str, port: int, token: str | None
) -> None:
    sessions = TcpSessions(protocol, stop, token)
    server = await asyncio.start_server(sessions.on_connect, host, port)
    addresses = ", ".join(str(sock.getsockname()) for sock in server.sockets)
    log.info("listening on %s", addresses)
    if token is None and host not in ("127.0.0.1", "::1", "localhost"):
        log.warning("%s is reachable from other machines and no token is set", host)
    async with server:
        await sessions.finished.wait()
