"""The three sides of `python -m bench.ai_perf`, each holding its own copy of the model.

* `AiServer`: a real `hpcls serve` subprocess over stdio (bench/lsp_driver.py).
* `Mirror`: the same CompletionService code in this process, fed the same documents, edits
  and requests in the same order, so that its engine's KV cache goes through the same
  states. It tells what the server cannot over the LSP: the exact prompt, how many tokens
  the engine sampled, how many prompt tokens it reused, and the engine's own time. Its
  suggestions are checked against the server's.
* `RawProcess`: `llama_cpp.Llama` used directly (RawLlama), in a process of its own, given
  the mirror's prompt and asked for the same number of tokens: the floor that the server's
  overhead is measured against.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TypeVar

from bench.ai_report import parse_proc_status
from bench.common import client_capabilities
from bench.lsp_driver import LspClient, LspDriverError, Notification
from hpcls.ai.context_recent import RecentEdits
from hpcls.ai.llama_engine import LlamaEngine, common_prefix
from hpcls.ai.service import CompletionService, Suggestion
from hpcls.ai.types import CancelToken, CompletionRequest, CompletionResult
from hpcls.config import AiSettings, IndexSettings
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Change, Document
from hpcls.workspace.index import WorkspaceIndex, discover
from hpcls.workspace.lines import Encoding
from hpcls.workspace.text_diff import first_difference

T = TypeVar("T")
INLINE = "textDocument/inlineCompletion"
PUBLISH = "textDocument/publishDiagnostics"


# -- the server -------------------------------------------------------------------------


class AiServer:
    """`hpcls serve` with the bench's initializationOptions, driven request by request."""

    def __init__(self, root: Path, init_options: dict[str, Any], timeout: float) -> None:
        self.root = root
        self.init_options = init_options
        self.timeout = timeout
        self.client = LspClient(
            "hpcls",
            [sys.executable, "-m", "hpcls", "serve"],
            cwd=root,
            stderr_path=root.parent / "server.stderr",
        )

    async def start(self) -> None:
        await self.client.start()
        uri = self.root.as_uri()
        init = await self.client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "hpcls-bench-ai", "version": "1"},
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "bench"}],
                "capabilities": client_capabilities(inline_completion=True),
                "initializationOptions": self.init_options,
            },
            self.timeout,
        )
        if not init.ok:
            raise LspDriverError(f"initialize failed: {init.error}")
        caps = init.result.get("capabilities", {}) if isinstance(init.result, dict) else {}
        if caps.get("inlineCompletionProvider") in (None, False):
            raise LspDriverError("the server does not offer textDocument/inlineCompletion")
        await self.client.notify("initialized", {})

    async def wait_indexed(self) -> None:
        """Until the workspace index has reported its end (its progress is created after
        `initialized`, so wait for the token to exist first)."""
        deadline = time.perf_counter() + self.timeout
        while not self.client.progress_tokens:
            if time.perf_counter() > deadline:
                raise LspDriverError("the server never reported indexing progress")
            await asyncio.sleep(0.02)
        await self.client.wait_progress_done(self.timeout)

    async def open(self, uri: str, language_id: str, text: str) -> None:
        since = len(self.client.notifications)
        params = {"uri": uri, "languageId": language_id, "version": 1, "text": text}
        await self.client.notify("textDocument/didOpen", {"textDocument": params})
        await self.wait_diagnostics(uri, None, since)

    async def change(
        self, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str
    ) -> int:
        """One incremental didChange; returns the notification index to wait from."""
        since = len(self.client.notifications)
        change = {"range": {"start": _pos(*start), "end": _pos(*end)}, "text": text}
        await self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]},
        )
        return since

    async def wait_diagnostics(self, uri: str, version: int | None, since: int) -> None:
        """The server has published for this version: its debounced work is done."""

        def pred(n: Notification) -> bool:
            p = n.params if isinstance(n.params, dict) else {}
            return (
                n.method == PUBLISH
                and p.get("uri") == uri
                and (version is None or p.get("version") == version)
            )

        await self.client.wait_notification(pred, self.timeout, f"diagnostics of {uri}", since)

    async def complete(self, uri: str, line: int, character: int) -> tuple[float, str | None]:
        """(latency in seconds, the first item's text or None)."""
        params = {
            "textDocument": {"uri": uri},
            "position": _pos(line, character),
            "context": {"triggerKind": 2},  # Automatic: as the editor asks while one types
        }
        sent, fut = await self.client.send_request(INLINE, params)
        resp = await self.client.wait_response(INLINE, fut, self.timeout)
        if not resp.ok:
            raise LspDriverError(f"inlineCompletion failed: {resp.error}")
        items = resp.result.get("items", []) if isinstance(resp.result, dict) else resp.result
        text = items[0].get("insertText") if items else None
        if isinstance(text, dict):  # a snippet: StringValue
            text = text.get("value")
        return resp.received - sent, text if isinstance(text, str) else None

    def memory(self) -> dict[str, int]:
        """VmRSS, VmHWM, ... of the server process, in bytes."""
        pid = self.client.pid
        if pid is None:
            return {}
        return parse_proc_status(Path(f"/proc/{pid}/status").read_text(encoding="ascii"))

    async def stop(self) -> None:
        await self.client.stop(polite=self.client.returncode is None)

    def stderr_tail(self) -> str:
        return self.client.stderr_tail(3000)


def _pos(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


# -- the mirror -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EngineRecord:
    prompt: str
    result: CompletionResult
    sampled: int  # tokens sampled: the generated ones and the one that stopped generation
    sampled_ids: tuple[int, ...]  # the ones evaluated after sampling (all but the last)


class RecordingEngine(LlamaEngine):
    """LlamaEngine that keeps each request's prompt and how many tokens it sampled.

    `_generate` runs on the engine's worker: after it, the context holds the prompt and
    every sampled token but the last one (sampled, never evaluated), which gives the count
    exactly, whether generation ended on end-of-text, a stop string or max_tokens.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.records: list[EngineRecord] = []

    def _generate(self, job: Any, request: CompletionRequest) -> CompletionResult:
        result = super()._generate(job, request)
        llm = self._llm
        held = int(llm.n_tokens)
        ids = tuple(int(t) for t in llm.input_ids[result.prompt_tokens : held])
        sampled = held - result.prompt_tokens + 1
        self.records.append(EngineRecord(request.prompt, result, sampled, ids))
        return result


@dataclass
class Mirror:
    """The server's completion state, rebuilt in this process from the same inputs."""

    settings: AiSettings
    index_settings: IndexSettings
    root: Path
    model: Path
    docs: dict[str, Document] = field(default_factory=dict)
    index: WorkspaceIndex = field(default_factory=WorkspaceIndex)
    engine: RecordingEngine | None = None
    service: CompletionService | None = None

    def start(self) -> None:
        # As the server: the roots from workspaceFolders, then every source file under them.
        self.index.roots = [self.root]
        for path in discover(
            [self.root], self.index_settings.exclude, self.index_settings.max_files
        ):
            self.index.add_path(path)
        self.index.ready.set()
        s = self.settings
        # As create_engine() builds it for these settings.
        self.engine = RecordingEngine(
            self.model, n_ctx=s.n_ctx, n_threads=s.threads or None, n_gpu_layers=s.gpu_layers
        )
        # The server's ring of recent edits is fed by didChange (text_sync.py); so is this one.
        self.service = CompletionService(s, engine=self.engine, recent=RecentEdits())

    def open(self, uri: str, language_id: str, text: str) -> Document:
        doc = Document.create(uri, language_for(uri, language_id), 1, text)
        self.docs[uri] = doc
        self.index.update_open(doc)
        return doc

    def change(
        self, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str
    ) -> Document:
        old = self.docs[uri]
        change = Change((*start, *end), text)
        doc, warnings = old.apply([change], version, Encoding.UTF16)
        if warnings:
            raise ValueError(f"the bench sent a bad edit: {warnings}")
        self.docs[uri] = doc
        self.index.update_open(doc)
        if self.settings.enabled:
            assert self.service is not None
            self.service.recent.record(uri, doc, first_difference(old.source, doc.source))
        return doc

    def suggest(self, uri: str, offset: int) -> tuple[float, Suggestion | None, EngineRecord]:
        """(seconds, the suggestion, what the engine did) at a byte offset."""
        assert self.service is not None and self.engine is not None
        before = len(self.engine.records)
        started = time.perf_counter()
        suggestion = self.service.suggest(self.docs[uri], offset, self.index, CancelToken())
        took = time.perf_counter() - started
        if len(self.engine.records) != before + 1:
            raise RuntimeError("the in-process service did not ask the engine exactly once")
        return took, suggestion, self.engine.records[-1]

    def close(self) -> None:
        if self.service is not None:
            self.service.close()


# -- the raw llama-cpp-python side ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawRun:
    seconds: float
    prompt_seconds: float  # until the first token was sampled
    prompt_tokens: int
    reused: int
    ids: tuple[int, ...]


class RawLlama:
    """llama_cpp.Llama as its documentation shows it: tokenize, then `generate` greedily.

    Built with the engine's own llama_cpp.Llama arguments (LlamaEngine.llama_arguments).
    `generate` keeps the KV cache of the longest common prefix with the previous call, the
    rule the engine applies too; given the same sequence of prompts, both evaluate the same tokens.
    """

    def __init__(self, n_ctx: int, threads: int, gpu_layers: int, model: str) -> None:
        import os

        # The same OpenMP wait policy and the same llama_cpp.Llama arguments as the engine
        # (batch size, KV cache type, SWA cache): P1 measures what hpcls adds, not the
        # difference between two llama.cpp configurations.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import llama_cpp

        from hpcls.ai.llama_engine import COMPACT_KV, LlamaEngine

        arguments = LlamaEngine(model, n_ctx, threads or None, gpu_layers).llama_arguments()
        try:
            self.llm = llama_cpp.Llama(**arguments, **COMPACT_KV)
        except ValueError:  # as the engine: a 16-bit cache when 8 bits cannot hold it
            self.llm = llama_cpp.Llama(**arguments)

    def threads(self) -> str:
        return f"{self.llm.n_threads} generation, {self.llm.context_params.n_threads_batch} batch"

    def run(self, prompt: str, sampled: int) -> RawRun:
        """Sample exactly `sampled` tokens after the prompt, at temperature 0."""
        llm = self.llm
        started = time.perf_counter()
        tokens = llm.tokenize(prompt.encode("utf-8", errors="replace"), add_bos=True, special=True)
        cached = [int(t) for t in llm.input_ids[: llm.n_tokens]]
        reused = min(common_prefix(cached, tokens), len(tokens) - 1)
        ids: list[int] = []
        first = started
        generator = llm.generate(tokens, temp=0.0, repeat_penalty=1.0)
        try:
            for token in generator:
                if not ids:
                    first = time.perf_counter()
                ids.append(int(token))
                llm.detokenize([token])  # as a caller turns each token into text
                if len(ids) >= sampled:
                    break
        finally:
            generator.close()
        took = time.perf_counter() - started
        return RawRun(took, first - started, len(tokens), reused, tuple(ids))

    def close(self) -> None:
        self.llm.close()


def _raw_main(conn: Connection, n_ctx: int, threads: int, gpu_layers: int, model: str) -> None:
    """The raw process: build the Llama, then answer (prompt, sampled) until None."""
    try:
        raw = RawLlama(n_ctx, threads, gpu_layers, model)
    except Exception as exc:
        conn.send(f"cannot load {model}: {exc!r}")
        return
    conn.send(raw.threads())
    try:
        while (job := conn.recv()) is not None:
            try:
                conn.send(raw.run(*job))
            except Exception as exc:
                conn.send(f"raw llama-cpp-python failed: {exc!r}")
    finally:
        raw.close()


class RawProcess:
    """RawLlama in a process of its own, like the server's model.

    Not in the bench's process: libgomp (llama.cpp's OpenMP build) spins far less when a
    process holds more than one team of threads (here the mirror's), which, on a machine
    that other work keeps busy, made the raw side up to 20 times faster than the same code
    in a process with one model. Timings are taken inside that process: pipe time is not
    llama-cpp-python's.
    """

    def __init__(self, settings: AiSettings, model: Path) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        args = (child, settings.n_ctx, settings.threads, settings.gpu_layers, str(model))
        self._proc = ctx.Process(target=_raw_main, args=args, name="hpcls-bench-raw", daemon=True)
        self._proc.start()
        child.close()
        self.threads = self._reply(str)

    def _reply(self, kind: type[T]) -> T:
        try:
            reply = self._conn.recv()
        except EOFError:
            raise RuntimeError("the raw llama-cpp-python process died") from None
        if isinstance(reply, str) and kind is not str:
            raise RuntimeError(reply)
        if not isinstance(reply, kind):
            raise RuntimeError(f"the raw llama-cpp-python process: {reply}")
        return reply

    def run(self, prompt: str, sampled: int) -> RawRun:
        self._conn.send((prompt, sampled))
        return self._reply(RawRun)

    def close(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._conn.send(None)
        self._proc.join(10)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
        self._conn.close()
