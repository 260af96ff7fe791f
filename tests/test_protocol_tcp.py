"""TCP mode: one client per server, an optional token, no client can end another's session."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from tests.raw_session import INITIALIZE, read_message, request

WAIT = 60.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def tcp_server(*extra: str) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = _free_port()
    cmd = [sys.executable, "-m", "hpcls", "serve", "--tcp", str(port), "--log-level", "info"]
    proc = subprocess.Popen([*cmd, *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stderr is not None
        for line in proc.stderr:  # the server says when its socket is bound
            if b"listening on" in line:
                break
        else:
            raise AssertionError("the server never listened")
        yield port, proc
    finally:
        proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            assert stream is not None
            stream.close()


def _connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=WAIT)


def _response(stream: IO[bytes], msg_id: object) -> dict[str, Any]:
    while (message := read_message(stream)) is not None:
        if message.get("id") == msg_id and "method" not in message:
            return message
    raise EOFError("connection closed before the response")


def _closed_with(stream: IO[bytes]) -> list[dict[str, Any]]:
    """Everything the server sent before it closed the connection."""
    messages = []
    while (message := read_message(stream)) is not None:
        messages.append(message)
    return messages


def test_a_second_client_is_refused_and_cannot_end_the_first_session() -> None:
    with tcp_server() as (port, proc), _connect(port) as first:
        one = first.makefile("rwb")
        one.write(INITIALIZE)
        one.flush()
        assert "result" in _response(one, 0)
        with _connect(port) as second:
            two = second.makefile("rwb")
            two.write(INITIALIZE)  # it would take over the session if it were let in
            two.flush()
            refusal = _closed_with(two)
        assert [m.get("method") for m in refusal] == ["window/showMessage"]
        assert "already has a client" in refusal[0]["params"]["message"]
        # The first session lives on, and got nothing meant for the second.
        one.write(request(1, "hpcls/aiStatus"))
        one.flush()
        assert "result" in _response(one, 1)
        assert proc.poll() is None


def test_a_client_leaving_before_initialize_frees_the_server() -> None:
    with tcp_server() as (port, proc):
        with _connect(port) as probe:
            probe.sendall(b"hello?\r\n")
        with _connect(port) as real:
            stream = real.makefile("rwb")
            stream.write(INITIALIZE)
            stream.flush()
            assert "result" in _response(stream, 0)
        # The initialized client left: its session, and the server, end.
        assert proc.wait(timeout=WAIT) is not None


def test_token(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n")
    os.chmod(token_file, 0o600)
    with tcp_server("--tcp-token-file", str(token_file)) as (port, proc):
        for first_line in (b"", b"Hpcls-Token: wrong\r\n", b"Authorization: s3cret-token\r\n"):
            with _connect(port) as intruder:
                stream = intruder.makefile("rwb")
                stream.write(first_line + INITIALIZE)
                stream.flush()
                refusal = _closed_with(stream)
                assert [m.get("method") for m in refusal] == ["window/showMessage"]
                assert "token" in refusal[0]["params"]["message"]
        with _connect(port) as client:
            stream = client.makefile("rwb")
            stream.write(b"hpcls-token: s3cret-token\r\n" + INITIALIZE)
            stream.flush()
            assert _response(stream, 0)["result"]["serverInfo"]["name"] == "hpcls"
            assert proc.poll() is None


def test_token_file_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.write_text("  \n")
    for args in (["--tcp", "1", "--tcp-token-file", str(empty)], ["--tcp-token-file", str(empty)]):
        done = subprocess.run(
            [sys.executable, "-m", "hpcls", "serve", *args], capture_output=True, timeout=WAIT
        )
        assert done.returncode == 2 and b"token" in done.stderr and done.stdout == b""


def test_a_silent_connection_does_not_block_a_token_holder(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("t")
    os.chmod(token_file, 0o600)
    with tcp_server("--tcp-token-file", str(token_file)) as (port, _), _connect(port) as silent:
        with _connect(port) as client:
            stream = client.makefile("rwb")
            stream.write(b"Hpcls-Token: t\n" + INITIALIZE)
            stream.flush()
            assert "result" in _response(stream, 0)
        assert silent.fileno() >= 0  # held open all along, unauthenticated


def test_shutdown_and_exit_over_tcp() -> None:
    with tcp_server() as (port, proc), _connect(port) as conn:
        stream = conn.makefile("rwb")
        stream.write(INITIALIZE + request(1, "shutdown"))
        stream.flush()
        assert _response(stream, 1).get("error") is None
        body = json.dumps({"jsonrpc": "2.0", "method": "exit"}).encode()
        stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stream.flush()
        assert proc.wait(timeout=WAIT) == 0
