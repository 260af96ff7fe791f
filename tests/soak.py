"""A soak: a long random session against the real server, checking answers, memory, liveness.

    python -m tests.soak --minutes 30            # the report quoted in notes (`make soak`)
    python -m tests.soak --operations 3000       # a fixed amount of work (the CI test)

One random session mixes incremental edits, every request kind the server offers, invalid
params, cancellations, reopened documents and garbage bytes. It fails when a request gets no
answer or two, when a valid request gets an error other than "cancelled", when a liveness
probe waits more than PROBE_LIMIT, when the server's memory keeps growing after warm-up, or
when the server does not exit cleanly.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from tests.raw_session import read_message

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [
    "jacobi/jacobi.c",
    "stencil/stencil.cpp",
    "cuda/saxpy_reduce.cu",
    "heat/heat_solver.f90",
]
LANGUAGE = {".c": "c", ".cpp": "cpp", ".cu": "cuda-cpp", ".f90": "fortran", ".f": "fortran"}
PROBE_EVERY = 150  # operations between liveness probes (and memory samples)
PROBE_LIMIT = 30.0  # seconds a probe may wait
MAX_OUTSTANDING = 40
CANCELLED = -32800
SNIPPETS = [
    "x",
    "\n",
    "  s = s + 1.0;\n",
    "for (int k = 0; k < n; k++) a[k] = k;\n",
    "(",
    ")",
    "{",
    "}",
    "!$omp parallel do\n",
    "#pragma omp parallel for\n",
    "call MPI_Barrier(comm, ierr)\n",
    "MPI_Allreduce(&s, &t, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);\n",
    "é",
    "\r\n",
    "\t",
]
GARBAGE = [
    b"Content-Length: 40\r\n\r\n",
    b"Content-Length: abc\r\n\r\n",
    b"\x00\xff\xfe garbage",
    b"content-length: 2\n\n{}",
    b"Content-Length: 5\r\n\r\n{nope}",
    b'{"jsonrpc": "2.0"}',
]


@dataclass
class Report:
    operations: int = 0
    requests: int = 0
    edits: int = 0
    cancels: int = 0
    garbage: int = 0
    invalid: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    rss_mib: list[float] = field(default_factory=list)
    probe_seconds: list[float] = field(default_factory=list)
    seconds: float = 0.0
    exit_code: int | None = None

    def summary(self) -> dict[str, Any]:
        warm = self.rss_mib[len(self.rss_mib) // 10 :] or self.rss_mib
        return {
            "seconds": round(self.seconds, 1),
            "operations": self.operations,
            "requests": self.requests,
            "edits": self.edits,
            "cancels": self.cancels,
            "invalid_requests": self.invalid,
            "garbage_writes": self.garbage,
            "answers": dict(self.answers),
            "rss_mib": {
                "first": self.rss_mib[0] if self.rss_mib else None,
                "after_warmup": warm[0] if warm else None,
                "max": max(self.rss_mib, default=None),
                "last": self.rss_mib[-1] if self.rss_mib else None,
            },
            # The trend: one sample per tenth of the run.
            "rss_mib_by_tenth": self.rss_mib[:: max(1, len(self.rss_mib) // 10)],
            "probe_seconds": {
                "max": round(max(self.probe_seconds, default=0.0), 3),
                "median": round(sorted(self.probe_seconds)[len(self.probe_seconds) // 2], 3)
                if self.probe_seconds
                else None,
            },
            "exit_code": self.exit_code,
            "failures": self.failures[:20],
        }


class Server:
    """The real server over pipes; a thread files every response by id."""

    def __init__(self, engine: str) -> None:
        cmd = [sys.executable, "-m", "hpcls", "serve", "--log-level", "warning"]
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._stdin = self.proc.stdin
        self._cond = threading.Condition()
        self._write_lock = threading.Lock()
        self.answers: dict[object, list[dict[str, Any]]] = {}
        self.eof = False
        threading.Thread(target=self._read, args=(self.proc.stdout,), daemon=True).start()
        self.engine = engine

    def _read(self, stdout: IO[bytes]) -> None:
        while True:
            message = read_message(stdout)
            if message is None:
                with self._cond:
                    self.eof = True
                    self._cond.notify_all()
                return
            if "method" in message:
                if "id" in message:  # a request to the client: answered, as editors do
                    self.send({"id": message["id"], "result": None})
                continue
            with self._cond:
                self.answers.setdefault(message.get("id"), []).append(message)
                self._cond.notify_all()

    def write(self, data: bytes) -> None:
        with self._write_lock:
            self._stdin.write(data)
            self._stdin.flush()

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        self.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def wait(self, msg_ids: set[object], timeout: float) -> bool:
        """True when every id in `msg_ids` has an answer."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not all(i in self.answers for i in msg_ids):
                left = deadline - time.monotonic()
                if left <= 0 or self.eof:
                    return False
                self._cond.wait(left)
        return True

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0


class Session:
    def __init__(self, server: Server, rng: random.Random, report: Report) -> None:
        self.server = server
        self.rng = rng
        self.report = report
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.next_id = 1
        self.valid: set[int] = set()  # requests that must not fail
        self.outstanding: set[int] = set()
        self.capabilities: dict[str, Any] = {}

    def start(self) -> None:
        options = {"ai": {"engine": self.server.engine, "fake_reply": "x = 1"}}
        params = {
            "processId": None,
            "rootUri": (ROOT / "examples").as_uri(),
            "capabilities": {},
            "initializationOptions": options,
        }
        answer = self.request("initialize", params, valid=True, wait=True)
        self.capabilities = answer.get("result", {}).get("capabilities", {})
        self.server.send({"method": "initialized", "params": {}})
        for name in EXAMPLES:
            self.open(ROOT / "examples" / name)

    def open(self, path: Path) -> None:
        uri = path.as_uri()
        text = path.read_text()
        self.texts[uri] = text
        self.versions[uri] = 1
        document = {"uri": uri, "languageId": LANGUAGE[path.suffix], "version": 1, "text": text}
        self.server.send({"method": "textDocument/didOpen", "params": {"textDocument": document}})

    def request(self, method: str, params: Any, *, valid: bool, wait: bool = False) -> Any:
        msg_id = self.next_id
        self.next_id += 1
        self.report.requests += 1
        if valid:
            self.valid.add(msg_id)
        self.outstanding.add(msg_id)
        self.server.send({"id": msg_id, "method": method, "params": params})
        if wait:
            if not self.server.wait({msg_id}, PROBE_LIMIT):
                self.report.failures.append(f"{method} #{msg_id}: no answer in {PROBE_LIMIT} s")
                return {}
            return self.server.answers[msg_id][0]
        return None

    # -- positions (the documents stay in the Basic Multilingual Plane: UTF-16 = code points)

    def _position(self, uri: str, offset: int) -> dict[str, int]:
        before = self.texts[uri][:offset]
        line = before.count("\n")
        return {"line": line, "character": len(before) - (before.rfind("\n") + 1)}

    def _random_position(self, uri: str) -> dict[str, int]:
        text = self.texts[uri]
        offset = self.rng.randrange(len(text) + 1)
        if offset and text[offset - 1] == "\r" and offset < len(text) and text[offset] == "\n":
            offset -= 1  # never between CR and LF
        return self._position(uri, offset)

    # -- operations

    def edit(self) -> None:
        uri = self.rng.choice(list(self.texts))
        text = self.texts[uri]
        start = self.rng.randrange(len(text) + 1)
        end = min(len(text), start + self.rng.choice([0, 0, 1, 3, 20]))
        while start and text[start - 1] == "\r" and start < len(text) and text[start] == "\n":
            start -= 1
        while end and end < len(text) and text[end - 1] == "\r" and text[end] == "\n":
            end += 1
        end = max(start, end)
        new = self.rng.choice(SNIPPETS) if self.rng.random() < 0.7 else ""
        change = {
            "range": {"start": self._position(uri, start), "end": self._position(uri, end)},
            "text": new,
        }
        self.texts[uri] = text[:start] + new + text[end:]
        self.versions[uri] += 1
        params = {
            "textDocument": {"uri": uri, "version": self.versions[uri]},
            "contentChanges": [change],
        }
        self.server.send({"method": "textDocument/didChange", "params": params})
        self.report.edits += 1

    def ask(self) -> None:
        uri = self.rng.choice(list(self.texts))
        document = {"uri": uri}
        position = self._random_position(uri)
        caps = self.capabilities
        choices: list[tuple[str, dict[str, Any]]] = [
            ("textDocument/hover", {"textDocument": document, "position": position}),
            ("textDocument/definition", {"textDocument": document, "position": position}),
            ("textDocument/completion", {"textDocument": document, "position": position}),
            ("textDocument/documentSymbol", {"textDocument": document}),
            ("textDocument/foldingRange", {"textDocument": document}),
        ]
        if caps.get("signatureHelpProvider"):
            choices.append(
                ("textDocument/signatureHelp", {"textDocument": document, "position": position})
            )
        if caps.get("referencesProvider"):
            context = {"includeDeclaration": True}
            choices.append(
                (
                    "textDocument/references",
                    {"textDocument": document, "position": position, "context": context},
                )
            )
        if caps.get("codeActionProvider"):
            where = {"start": position, "end": position}
            choices.append(
                (
                    "textDocument/codeAction",
                    {"textDocument": document, "range": where, "context": {"diagnostics": []}},
                )
            )
        if caps.get("inlineCompletionProvider"):
            choices.append(
                (
                    "textDocument/inlineCompletion",
                    {"textDocument": document, "position": position, "context": {"triggerKind": 1}},
                )
            )
        if caps.get("semanticTokensProvider"):
            choices.append(("textDocument/semanticTokens/full", {"textDocument": document}))
        if caps.get("workspaceSymbolProvider"):
            choices.append(
                ("workspace/symbol", {"query": self.rng.choice(["j", "heat", "main", ""])})
            )
        method, params = self.rng.choice(choices)
        self.request(method, params, valid=True)

    def ask_invalid(self) -> None:
        uri = self.rng.choice(list(self.texts))
        params = self.rng.choice(
            [
                None,
                {},
                [],
                {"textDocument": uri, "position": {"line": 0, "character": 0}},
                {"textDocument": {"uri": uri}, "position": {"line": -1, "character": 0}},
                {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1.5}},
            ]
        )
        self.request(
            self.rng.choice(["textDocument/hover", "textDocument/definition"]), params, valid=False
        )
        self.report.invalid += 1

    def cancel(self) -> None:
        if self.outstanding:
            target = self.rng.choice(sorted(self.outstanding))
            self.server.send({"method": "$/cancelRequest", "params": {"id": target}})
            self.valid.discard(target)  # it may now be answered with "cancelled"
            self.report.cancels += 1

    def garbage(self) -> None:
        self.server.write(self.rng.choice(GARBAGE))
        self.report.garbage += 1

    def reopen(self) -> None:
        uri = self.rng.choice(list(self.texts))
        self.server.send(
            {"method": "textDocument/didClose", "params": {"textDocument": {"uri": uri}}}
        )
        path = (
            Path.from_uri(uri) if hasattr(Path, "from_uri") else Path(uri.removeprefix("file://"))
        )
        self.open(path)

    def settle(self, timeout: float) -> None:
        """Wait for the outstanding answers (bounded), then check them."""
        self.server.wait(set(self.outstanding), timeout)
        for msg_id in sorted(self.outstanding):
            answers = self.server.answers.get(msg_id, [])
            if len(answers) != 1:
                self.report.failures.append(f"#{msg_id}: {len(answers)} answers")
                continue
            error = answers[0].get("error")
            kind = "result" if error is None else str(error.get("code"))
            self.report.answers[kind] += 1
            if error is not None and msg_id in self.valid and error.get("code") != CANCELLED:
                self.report.failures.append(f"#{msg_id}: error {error}")
        self.outstanding.clear()

    def probe(self) -> None:
        started = time.monotonic()
        uri = self.rng.choice(list(self.texts))
        self.request(
            "textDocument/documentSymbol", {"textDocument": {"uri": uri}}, valid=True, wait=True
        )
        self.report.probe_seconds.append(time.monotonic() - started)
        self.report.rss_mib.append(round(self.server.rss_mib(), 1))

    def step(self) -> None:
        roll = self.rng.random()
        if roll < 0.35:
            self.edit()
        elif roll < 0.75:
            self.ask()
        elif roll < 0.82:
            self.ask_invalid()
        elif roll < 0.92:
            self.cancel()
        elif roll < 0.96:
            self.garbage()
        else:
            self.reopen()
        self.report.operations += 1
        if len(self.outstanding) >= MAX_OUTSTANDING:
            self.settle(PROBE_LIMIT * 4)


def run(minutes: float | None, operations: int | None, seed: int, engine: str) -> Report:
    rng = random.Random(seed)
    report = Report()
    server = Server(engine)
    session = Session(server, rng, report)
    started = time.monotonic()
    try:
        session.start()
        session.settle(PROBE_LIMIT * 4)
        while True:
            elapsed = time.monotonic() - started
            if minutes is not None and elapsed > minutes * 60:
                break
            if operations is not None and report.operations >= operations:
                break
            session.step()
            if report.operations % PROBE_EVERY == 0:
                session.settle(PROBE_LIMIT * 4)
                session.probe()
                if server.eof:
                    report.failures.append("the server closed its output")
                    break
        session.settle(PROBE_LIMIT * 4)
        session.request("shutdown", None, valid=True, wait=True)
        server.send({"method": "exit"})
        report.exit_code = server.proc.wait(timeout=PROBE_LIMIT)
        if report.exit_code != 0:
            report.failures.append(f"exit code {report.exit_code}")
    finally:
        report.seconds = time.monotonic() - started
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
    _check_memory(report)
    return report


def _check_memory(report: Report) -> None:
    """Flat after warm-up: the last samples stay within 25% (or 64 MiB) of the warm level."""
    samples = report.rss_mib
    if len(samples) < 10:
        return
    warm = max(samples[len(samples) // 10 : len(samples) // 5 + 1])
    late = min(samples[-max(3, len(samples) // 10) :])
    if late > max(warm * 1.25, warm + 64):
        report.failures.append(f"memory grew after warm-up: {warm} -> {late} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--minutes", type=float)
    parser.add_argument("--operations", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--engine", choices=["fake", "llama"], default="llama")
    args = parser.parse_args()
    if args.minutes is None and args.operations is None:
        args.minutes = 5.0
    report = run(args.minutes, args.operations, args.seed, args.engine)
    print(json.dumps(report.summary(), indent=2))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
