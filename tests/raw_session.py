"""A raw-bytes LSP session with a real `hpcls serve`: for what no well-behaved client sends."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from tests.conftest import SERVER_CMD

WAIT = 60.0  # seconds: a bound on a wait for an event, never a sleep


def frame(payload: bytes | dict[str, Any]) -> bytes:
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def request(msg_id: object, method: str, params: Any = None) -> bytes:
    return frame({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})


def notification(method: str, params: Any = None) -> bytes:
    return frame({"jsonrpc": "2.0", "method": method, "params": params})


def read_message(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message the server sent, or None at the end of its output."""
    length = 0
    while True:
        line = stream.readline()
        if not line:
            return None
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
        if line == b"\r\n" and length:
            return dict(json.loads(stream.read(length)))


INITIALIZE = request(0, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})


class RawSession:
    """Writes bytes; a reader thread decodes every message the server sends into a queue."""

    def __init__(self, stdin: IO[bytes], stdout: IO[bytes]) -> None:
        self._stdin = stdin
        self.received: list[dict[str, Any]] = []
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, args=(stdout,), daemon=True)
        self._reader.start()

    def _read(self, stdout: IO[bytes]) -> None:
        try:
            while (message := read_message(stdout)) is not None:
                self._queue.put(message)
        finally:
            self._queue.put(None)

    def send(self, data: bytes) -> None:
        self._stdin.write(data)
        self._stdin.flush()

    def wait_response(self, msg_id: object) -> dict[str, Any]:
        """Collect messages until the response to `msg_id` arrives."""
        while True:
            message = self._queue.get(timeout=WAIT)
            if message is None:
                raise EOFError("the server closed its output")
            self.received.append(message)
            if "method" not in message and message.get("id") == msg_id:
                return message

    def responses(self, msg_id: object) -> list[dict[str, Any]]:
        return [m for m in self.received if "method" not in m and m.get("id") == msg_id]

    def notifications(self, method: str) -> list[dict[str, Any]]:
        return [m for m in self.received if m.get("method") == method and "id" not in m]


@contextmanager
def raw_server(*, initialize: bool = True, args: tuple[str, ...] = ()) -> Iterator[RawSession]:
    proc = subprocess.Popen(
        [*SERVER_CMD, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        session = RawSession(proc.stdin, proc.stdout)
        if initialize:
            session.send(INITIALIZE + notification("initialized", {}))
            assert "result" in session.wait_response(0)
        yield session
    finally:
        proc.kill()
        proc.wait()
        proc.stdin.close()
        proc.stdout.close()
