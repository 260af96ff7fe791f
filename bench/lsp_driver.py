"""A minimal asyncio LSP client over a subprocess's stdio, for benchmarks.

Only the standard library: Content-Length framing, requests matched to responses by id,
notifications kept with their arrival time and awaited by predicate, and server-to-client
requests answered with null (workspace/configuration with one null per item).

Timestamps are `time.perf_counter()` values taken when a message's body has been read,
before it is decoded, so the client's JSON parsing does not count against the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Json = Any


class LspDriverError(Exception):
    """Base class: the server could not be driven as asked."""


class ServerDied(LspDriverError):
    """The server closed its stdout or exited."""


class ServerTimeout(LspDriverError):
    """The server did not answer (or notify) in time."""


@dataclass(slots=True)
class Response:
    id: int
    result: Json = None
    error: Json = None
    received: float = 0.0  # perf_counter when the body was read

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(slots=True)
class Notification:
    method: str
    params: Json
    received: float


@dataclass(slots=True)
class _Waiter:
    predicate: Callable[[Notification], bool]
    future: asyncio.Future[Notification]


@dataclass
class LspClient:
    """One server process. Use `start()`, then requests/notifications, then `stop()`."""

    name: str
    command: Sequence[str]
    cwd: Path | None = None
    stderr_path: Path | None = None
    env: dict[str, str] | None = None

    notifications: list[Notification] = field(default_factory=list)
    server_requests: list[tuple[str, Json]] = field(default_factory=list)
    progress_tokens: list[Json] = field(default_factory=list)

    _proc: asyncio.subprocess.Process | None = None
    _reader: asyncio.Task[None] | None = None
    _next_id: int = 0
    _pending: dict[int, asyncio.Future[Response]] = field(default_factory=dict)
    _waiters: list[_Waiter] = field(default_factory=list)
    _dead: ServerDied | None = None
    _stderr_file: Any = None

    # -- process -----------------------------------------------------------------------

    async def start(self) -> None:
        if self.stderr_path is not None:
            self._stderr_file = open(self.stderr_path, "wb")  # noqa: SIM115 - closed in stop()
        env = dict(os.environ if self.env is None else self.env)
        self._proc = await asyncio.create_subprocess_exec(
            *self.command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=self._stderr_file
            if self._stderr_file is not None
            else asyncio.subprocess.DEVNULL,
            cwd=self.cwd,
            env=env,
            limit=2**20,
        )
        self._reader = asyncio.create_task(self._read_loop(), name=f"{self.name}-reader")

    def stderr_tail(self, chars: int = 2000) -> str:
        if self.stderr_path is None or not self.stderr_path.exists():
            return ""
        if self._stderr_file is not None:
            self._stderr_file.flush()
        data = self.stderr_path.read_bytes()[-chars:]
        return data.decode("utf-8", "replace")

    @property
    def pid(self) -> int | None:
        """The server's process id (for reading its /proc entry), once started."""
        return None if self._proc is None else self._proc.pid

    @property
    def returncode(self) -> int | None:
        return None if self._proc is None else self._proc.returncode

    async def stop(self, timeout: float = 5.0, polite: bool = True) -> None:
        """shutdown + exit (when polite and alive), then kill the server if it does not go."""
        proc = self._proc
        if proc is None:
            return
        if polite and self._dead is None and proc.returncode is None:
            with contextlib.suppress(LspDriverError, OSError, ConnectionError):
                await self.request("shutdown", None, timeout=timeout)
                await self.notify("exit", None)
        try:
            await asyncio.wait_for(proc.wait(), timeout if polite else 0.5)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None

    # -- sending -----------------------------------------------------------------------

    async def _send(self, message: dict[str, Json]) -> float:
        """Write one framed message; returns perf_counter just before writing."""
        if self._dead is not None:
            raise self._dead
        assert self._proc is not None and self._proc.stdin is not None
        body = json.dumps(message, separators=(",", ":")).encode("utf-8")
        header = f"Content-Length: {len(body)}\r\n\r\n".encode("ascii")
        sent = time.perf_counter()
        try:
            self._proc.stdin.write(header + body)
            await self._proc.stdin.drain()
        except (BrokenPipeError, ConnectionResetError) as exc:
            raise self._died(f"stdin closed ({exc})") from exc
        return sent

    async def notify(self, method: str, params: Json) -> float:
        """Send a notification; returns the time it was sent."""
        return await self._send({"jsonrpc": "2.0", "method": method, "params": params})

    async def send_request(
        self, method: str, params: Json
    ) -> tuple[float, asyncio.Future[Response]]:
        """Send a request without waiting: (time sent, future of its response)."""
        self._next_id += 1
        rid = self._next_id
        fut: asyncio.Future[Response] = asyncio.get_running_loop().create_future()
        # A caller that timed out no longer looks: keep asyncio from logging the error.
        fut.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._pending[rid] = fut
        msg = {"jsonrpc": "2.0", "id": rid, "method": method, "params": params}
        try:
            sent = await self._send(msg)
        except LspDriverError:
            self._pending.pop(rid, None)
            raise
        return sent, fut

    async def request(self, method: str, params: Json, timeout: float = 60.0) -> Response:
        _, fut = await self.send_request(method, params)
        return await self.wait_response(method, fut, timeout)

    async def wait_response(
        self, method: str, fut: asyncio.Future[Response], timeout: float
    ) -> Response:
        try:
            return await asyncio.wait_for(asyncio.shield(fut), timeout)
        except TimeoutError:
            raise ServerTimeout(
                f"{self.name}: no answer to {method} within {timeout:g} s"
            ) from None

    # -- notifications -----------------------------------------------------------------

    async def wait_notification(
        self,
        predicate: Callable[[Notification], bool],
        timeout: float,
        what: str = "notification",
        since: int = 0,
    ) -> Notification:
        """The first notification (index >= since) matching predicate, waiting if needed."""
        for note in self.notifications[since:]:
            if predicate(note):
                return note
        if self._dead is not None:
            raise self._dead
        fut: asyncio.Future[Notification] = asyncio.get_running_loop().create_future()
        waiter = _Waiter(predicate, fut)
        self._waiters.append(waiter)
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise ServerTimeout(f"{self.name}: no {what} within {timeout:g} s") from None
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    # -- reading -----------------------------------------------------------------------

    def _died(self, why: str) -> ServerDied:
        if self._dead is None:
            code = self.returncode
            tail = self.stderr_tail().strip()
            msg = f"{self.name}: server died ({why}; exit code {code})"
            if tail:
                msg += f"\n--- last stderr of {self.name} ---\n{tail}"
            self._dead = ServerDied(msg)
        return self._dead

    def _fail_all(self, exc: ServerDied) -> None:
        for fut in self._pending.values():
            if not fut.done():
                fut.set_exception(exc)
        self._pending.clear()
        for waiter in self._waiters:
            if not waiter.future.done():
                waiter.future.set_exception(exc)
        self._waiters.clear()

    async def _read_message(self) -> tuple[Json, float] | None:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        length = -1
        while True:
            line = await stdout.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length < 0:
            raise ValueError("message without Content-Length")
        body = await stdout.readexactly(length)
        received = time.perf_counter()
        return json.loads(body), received

    async def _read_loop(self) -> None:
        try:
            while True:
                item = await self._read_message()
                if item is None:
                    break
                msg, received = item
                await self._dispatch(msg, received)
        except asyncio.CancelledError:
            raise
        except asyncio.IncompleteReadError:
            pass
        except Exception as exc:  # garbage on stdout: report it as a dead server
            if self._proc is not None:
                with contextlib.suppress(ProcessLookupError):
                    self._proc.kill()
            self._fail_all(self._died(f"unreadable output: {exc!r}"))
            return
        if self._proc is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._proc.wait(), 2.0)
        self._fail_all(self._died("stdout closed"))

    async def _dispatch(self, msg: Json, received: float) -> None:
        if not isinstance(msg, dict):
            return
        method = msg.get("method")
        if method is None:  # a response
            rid = msg.get("id")
            fut = self._pending.pop(rid, None) if isinstance(rid, int) else None
            if fut is not None and not fut.done():
                fut.set_result(
                    Response(rid, msg.get("result"), msg.get("error"), received)  # type: ignore[arg-type]
                )
            return
        params = msg.get("params")
        if "id" in msg:  # a server-to-client request
            self.server_requests.append((method, params))
            await self._answer(msg["id"], method, params)
            return
        note = Notification(method, params, received)
        self.notifications.append(note)
        for waiter in list(self._waiters):
            if not waiter.future.done() and waiter.predicate(note):
                waiter.future.set_result(note)
                self._waiters.remove(waiter)

    async def _answer(self, rid: Json, method: str, params: Json) -> None:
        result: Json = None
        if method == "workspace/configuration":
            items = params.get("items", []) if isinstance(params, dict) else []
            result = [None] * len(items)
        elif method == "window/workDoneProgress/create" and isinstance(params, dict):
            self.progress_tokens.append(params.get("token"))
        with contextlib.suppress(LspDriverError):
            await self._send({"jsonrpc": "2.0", "id": rid, "result": result})

    # -- conveniences ------------------------------------------------------------------

    async def wait_progress_done(self, timeout: float) -> float | None:
        """Wait until every work-done progress the server created has ended.

        Returns when the last one ended (perf_counter), or None when there was none.
        """

        def ended(token: Json) -> Callable[[Notification], bool]:
            def pred(n: Notification) -> bool:
                value = n.params.get("value") if isinstance(n.params, dict) else None
                return (
                    n.method == "$/progress"
                    and n.params.get("token") == token
                    and isinstance(value, dict)
                    and value.get("kind") == "end"
                )

            return pred

        last: float | None = None
        for token in list(self.progress_tokens):
            note = await self.wait_notification(ended(token), timeout, f"end of progress {token!r}")
            last = note.received if last is None else max(last, note.received)
        return last
