"""The in-process engine: a GGUF model run by llama-cpp-python on one dedicated thread.

A llama.cpp context is not thread-safe, so every model call (load, prompt evaluation,
sampling, freeing) runs on the engine's own worker thread; `complete()` queues a job and
blocks its caller until the job is done, cancelled, superseded or out of time.

The KV cache of the previous evaluation is kept: a new prompt only evaluates the tokens
after its longest common prefix with what the context already holds (prompt and generated
tokens of the previous request), and reports that prefix as `reused_prompt_tokens`.
The prompt is evaluated in chunks and the output sampled token by token, with the cancel
token, the supersede flag and the time limit checked between chunks and after every token.

Tokenization (`count_tokens`) runs on the calling thread: it only reads the vocabulary,
which llama.cpp never changes after load, and never touches the context.
"""

from __future__ import annotations

import atexit
import codecs
import ctypes
import logging
import os
import queue
import re
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from hpcls.ai.types import (
    CancelToken,
    CompletionRequest,
    CompletionResult,
    EngineError,
    EngineStats,
    Tally,
    tallied,
)

log = logging.getLogger(__name__)

T = TypeVar("T")
GGUF_MAGIC = b"GGUF"
_POLL_S = 0.02  # how often a caller whose job is still queued looks at its cancel token
_WHAT_TO_DO = (
    "set hpcls.ai.model to a GGUF model file, or run `python -m hpcls.ai.model_store "
    "--ensure` to assemble the default model"
)
# Special tokens whose text looks like a fill-in-the-middle marker, whatever llama.cpp calls them.
_FIM_LIKE = re.compile(r"fim|^<(PRE|SUF|MID)>$|^<\|?(prefix|suffix|middle)\|?>$", re.IGNORECASE)
_SPECIAL_ROLES = (
    "bos",
    "eos",
    "eot",
    "fim_pre",
    "fim_suf",
    "fim_mid",
    "fim_pad",
    "fim_rep",
    "fim_sep",
)


@dataclass(eq=False)
class _Job:
    request: CompletionRequest | None  # None: a plain call on the worker (`fn`)
    cancel: CancelToken
    fn: Callable[[], Any] | None = None
    future: Future[Any] = field(default_factory=Future)
    submitted: float = field(default_factory=time.monotonic)
    superseded: threading.Event = field(default_factory=threading.Event)
    state: str = "queued"  # "queued" -> "running" -> "done"

    def interrupted(self) -> str | None:
        """Why the job must stop now ("cancelled", "time"), else None."""
        if self.cancel.cancelled or self.superseded.is_set():
            return "cancelled"
        limit = self.request.time_limit_s if self.request else float("inf")
        return "time" if time.monotonic() >= self.submitted + limit else None


def _close_at_exit(ref: weakref.ref[LlamaEngine]) -> None:
    engine = ref()
    if engine is not None:
        engine.close()


def check_gguf_file(path: Path) -> None:
    """Raise EngineError unless `path` is a readable file that starts like a GGUF model."""
    if not path.exists():
        raise EngineError(f"model file not found: {path}; {_WHAT_TO_DO}")
    if not path.is_file():
        raise EngineError(f"model path is not a file: {path}; {_WHAT_TO_DO}")
    try:
        with path.open("rb") as f:
            magic = f.read(4)
    except OSError as exc:
        raise EngineError(f"cannot read model file {path}: {exc.strerror or exc}") from None
    if magic != GGUF_MAGIC:
        raise EngineError(
            f"{path} is not a GGUF model (it does not start with the GGUF magic bytes); "
            f"{_WHAT_TO_DO}"
        )


_GGML_TYPE_Q8_0 = 8
COMPACT_KV: dict[str, Any] = {
    "flash_attn": True,
    "type_k": _GGML_TYPE_Q8_0,
    "type_v": _GGML_TYPE_Q8_0,
}


def common_prefix(a: list[int], b: list[int]) -> int:
    pairs = zip(a, b, strict=False)
    return next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))


class LlamaEngine:
    """A GGUF model in this process. Loaded on first use or by `load()`; `close()` frees it."""

    def __init__(
        self,
        model_path: str | Path,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        n_gpu_layers: int = 0,
        seed: int = 0,
        *,
        eval_chunk: int = 128,
        parse_special: bool = True,
    ) -> None:
        self.model_path = Path(model_path)
        self.tally = Tally()
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.n_gpu_layers = n_gpu_layers
        self.seed = seed
        # Prompt tokens evaluated per llama_decode call: the cancel granularity of a prompt.
        self.eval_chunk = max(1, eval_chunk)
        # Special-token text in a prompt (FIM markers) becomes the special token.
        self.parse_special = parse_special
        # Prompt tokens actually evaluated (not reused from the KV cache), over the lifetime.
        self.prompt_tokens_evaluated = 0
        self._llm: Any = None
        self._metadata: dict[str, str] = {}
        self._special: dict[str, str] | None = None
        self._pieces: dict[int, bytes] = {}
        self._lock = threading.Lock()  # jobs' states, the key table, the worker's lifetime
        self._vocab_lock = threading.Lock()  # tokenizing on callers' threads vs freeing
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._by_key: dict[str, list[_Job]] = {}
        self._active: set[_Job] = set()
        self._thread: threading.Thread | None = None
        self._closed = False
        # A model still loaded when the interpreter exits crashes llama.cpp's teardown
        # (exit status 139): close engines first, without keeping them alive.
        atexit.register(_close_at_exit, weakref.ref(self))

    # -- the Engine protocol -------------------------------------------------------------

    @property
    def name(self) -> str:
        return f"llama.cpp: {self.model_path.name}"

    @tallied
    def complete(
        self, request: CompletionRequest, cancel: CancelToken | None = None
    ) -> CompletionResult:
        result: CompletionResult = self._wait(_Job(request, cancel or CancelToken()))
        return result

    def stats(self) -> EngineStats:
        return self.tally.stats()

    def count_tokens(self, text: str) -> int:
        return len(self.tokenize(text, add_bos=False))

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for job in self._active:
                job.superseded.set()
            thread = self._thread
        self._queue.put(None)
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    # -- extras --------------------------------------------------------------------------

    def load(self) -> None:
        """Load the model now (it loads on first use otherwise); EngineError on failure."""
        self._call(lambda: None)

    @property
    def loaded(self) -> bool:
        return self._llm is not None

    @property
    def metadata(self) -> dict[str, str]:
        """The GGUF key/value metadata as llama.cpp reads it (arrays summarised)."""
        self.load()
        return dict(self._metadata)

    def special_tokens(self) -> dict[str, str]:
        """Text of the model's special tokens, by role: "bos", "eos", "eot", "fim_pre",
        "fim_suf", "fim_mid", "fim_pad", "fim_rep", "fim_sep" (only the roles the model has), and
        every other control or user-defined token whose text looks like a FIM marker,
        keyed by its own text."""
        if self._special is None:
            self._special = self._call(self._scan_special_tokens)
        return dict(self._special)

    @property
    def has_fim(self) -> bool:
        """Whether the model has fill-in-the-middle prefix, suffix and middle tokens."""
        special = self.special_tokens()
        return all(role in special for role in ("fim_pre", "fim_suf", "fim_mid"))

    def tokenize(self, text: str, add_bos: bool = True) -> list[int]:
        if self._llm is None:
            self.load()
        return self._tokenize(text, add_bos)

    def _tokenize(self, text: str, add_bos: bool) -> list[int]:
        with self._vocab_lock:
            if self._llm is None:
                raise EngineError(f"{self.name}: the engine is closed")
            tokens: list[int] = self._llm.tokenize(
                text.encode("utf-8", errors="replace"),
                add_bos=add_bos,
                special=self.parse_special,
            )
        return tokens

    def __enter__(self) -> LlamaEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the worker ----------------------------------------------------------------------

    def _submit(self, job: _Job) -> None:
        with self._lock:
            if self._closed:
                raise EngineError(f"{self.name}: the engine is closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="hpcls-llama", daemon=True)
                self._thread.start()
            key = job.request.key if job.request else None
            if key is not None:  # a newer request for the same document supersedes older ones
                for older in self._by_key.get(key, ()):
                    older.superseded.set()
                self._by_key.setdefault(key, []).append(job)
            self._active.add(job)
        self._queue.put(job)

    def _call(self, fn: Callable[[], T]) -> T:
        """Run `fn` on the worker, after loading the model; blocks until it is done."""
        value: T = self._wait(_Job(None, CancelToken(), fn))
        return value

    def _wait(self, job: _Job) -> Any:
        """Submit the job and wait for its outcome. A completion still queued when it is
        cancelled, superseded or out of time is given up at once, not when its turn comes."""
        self._submit(job)
        while True:
            try:
                return job.future.result(timeout=_POLL_S)
            except TimeoutError:
                pass
            with self._lock:
                if job.state == "queued" and job.request and (reason := job.interrupted()):
                    self._retire(job)
                    return _result(job, "", 0, reason, 0, 0)
                thread = self._thread
                if not job.future.done() and (thread is None or not thread.is_alive()):
                    self._retire(job)
                    raise EngineError(f"{self.name}: the model worker has stopped")

    def _retire(self, job: _Job) -> None:
        """Forget a job (called with self._lock held)."""
        job.state = "done"
        self._active.discard(job)
        if job.request is not None and job.request.key is not None:
            jobs = self._by_key.get(job.request.key, [])
            if job in jobs:
                jobs.remove(job)
            if not jobs:
                self._by_key.pop(job.request.key, None)

    def _work(self) -> None:
        try:
            while (job := self._queue.get()) is not None:
                with self._lock:
                    if job.state != "queued":
                        continue  # its caller gave up while it waited
                    job.state = "running"
                try:
                    if job.request is not None and (reason := job.interrupted()):
                        job.future.set_result(_result(job, "", 0, reason, 0, 0))
                        continue
                    self._ensure_loaded()
                    if job.request is None:
                        assert job.fn is not None
                        value = job.fn()
                    else:
                        value = self._generate(job, job.request)
                    job.future.set_result(value)
                except EngineError as exc:
                    job.future.set_exception(exc)
                except Exception as exc:  # a failure inside llama.cpp must not kill the caller
                    log.exception("llama.cpp failed")
                    self._reset_context()
                    job.future.set_exception(
                        EngineError(f"{self.name} failed: {type(exc).__name__}: {exc}")
                    )
                finally:
                    with self._lock:
                        self._retire(job)
        finally:
            self._free()

    def _free(self) -> None:
        with self._vocab_lock:
            llm, self._llm = self._llm, None
        if llm is not None:
            try:
                llm.close()
            except Exception:
                log.exception("freeing %s failed", self.model_path)

    def llama_arguments(self) -> dict[str, Any]:
        """The arguments this engine gives llama_cpp.Llama (the 8-bit cache aside: see
        COMPACT_KV): benchmarks build their reference model with the same."""
        return {
            "model_path": str(self.model_path),
            "n_ctx": self.n_ctx,
            "n_threads": self.n_threads,
            "n_gpu_layers": self.n_gpu_layers,
            "seed": self.seed,
            "verbose": False,
            # Batches as large as the chunks the prompt is evaluated in: a smaller compute
            # buffer, nothing lost.
            "n_batch": self.eval_chunk,
            "n_ubatch": self.eval_chunk,
            # Sliding-window layers keep only their window (not n_ctx) of cache: the tail
            # edits of typing still reuse it; a far jump re-evaluates anyway.
            "swa_full": False,
        }

    def _ensure_loaded(self) -> None:
        if self._llm is not None:
            return
        check_gguf_file(self.model_path)
        started = time.monotonic()
        try:
            # llama.cpp's OpenMP threads spin while they wait. Beside an editor, compilers
            # and a build, spinning threads fight for the cores and a prompt takes 5-30x
            # longer; waiting passively costs ~6% on an idle machine (bench/README.md).
            # Set before llama.cpp loads; a value the user exported wins.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import llama_cpp

            params = self.llama_arguments()
            try:
                # An 8-bit KV cache (it needs flash attention) halves the cache's memory.
                llm = llama_cpp.Llama(**params, **COMPACT_KV)
            except ValueError:  # e.g. a head size the 8-bit cache cannot hold: 16-bit
                log.info("%s: 8-bit KV cache not possible, using 16-bit", self.model_path.name)
                llm = llama_cpp.Llama(**params)
        except Exception as exc:
            detail = str(exc).replace(str(self.model_path), "").rstrip(": ") or type(exc).__name__
            raise EngineError(
                f"llama.cpp could not load {self.model_path} ({detail}); "
                "the file may be truncated or corrupt, or need a newer llama.cpp: "
                f"download it again, or {_WHAT_TO_DO}"
            ) from None
        self._metadata = {str(k): str(v) for k, v in dict(llm.metadata).items()}
        with self._vocab_lock:
            self._llm = llm
        arch = self._metadata.get("general.architecture", "?")
        took = time.monotonic() - started
        log.info("loaded %s (%s, n_ctx=%d) in %.2f s", self.model_path, arch, self.n_ctx, took)

    def _reset_context(self) -> None:
        """Forget the KV cache after a failure: the next prompt is evaluated from scratch."""
        try:
            if self._llm is not None:
                self._llm.reset()
        except Exception:
            log.exception("resetting the llama.cpp context failed")

    def _scan_special_tokens(self) -> dict[str, str]:
        import llama_cpp

        vocab = self._llm._model.vocab
        special: dict[str, str] = {}
        for role in _SPECIAL_ROLES:
            token = getattr(llama_cpp, f"llama_vocab_{role}")(vocab)
            if token >= 0:
                special[role] = self._token_text(vocab, token)
        wanted = llama_cpp.LLAMA_TOKEN_ATTR_CONTROL | llama_cpp.LLAMA_TOKEN_ATTR_USER_DEFINED
        known = set(special.values())
        for token in range(llama_cpp.llama_vocab_n_tokens(vocab)):
            if llama_cpp.llama_vocab_get_attr(vocab, token) & wanted:
                text = self._token_text(vocab, token)
                if text not in known and _FIM_LIKE.search(text):
                    special[text] = text
        return special

    @staticmethod
    def _token_text(vocab: Any, token: int) -> str:
        import llama_cpp

        raw: bytes = llama_cpp.llama_vocab_get_text(vocab, token)
        return raw.decode("utf-8", errors="replace")

    def _piece(self, token: int) -> bytes:
        """The bytes a generated token stands for (control tokens: none)."""
        piece = self._pieces.get(token)
        if piece is None:
            import llama_cpp

            vocab = self._llm._model.vocab
            size = 64
            while True:
                buf = ctypes.create_string_buffer(size)
                n = llama_cpp.llama_token_to_piece(vocab, token, buf, size, 0, False)
                if n >= 0:
                    piece = buf.raw[:n]
                    break
                size = -n
            self._pieces[token] = piece
        return piece

    # -- one completion ------------------------------------------------------------------

    def _generate(self, job: _Job, request: CompletionRequest) -> CompletionResult:
        import llama_cpp

        llm = self._llm
        tokens = self._tokenize(request.prompt, add_bos=True)
        if not tokens:
            raise EngineError(f"{self.name}: the prompt is empty and the model adds no BOS")
        tokens, max_tokens = self._fit(tokens, request.max_tokens)

        # Keep the longest common prefix of the KV cache; at least one token is evaluated
        # so that the logits are those of the prompt's last token.
        cached = [int(t) for t in llm.input_ids[: llm.n_tokens]]
        keep = min(common_prefix(cached, tokens), len(tokens) - 1)
        if keep < llm.n_tokens:
            if keep == 0 or not llm._ctx.kv_cache_seq_rm(-1, keep, -1):
                llm.reset()
                keep = 0
            llm.n_tokens = keep
        for start in range(keep, len(tokens), self.eval_chunk):
            if reason := job.interrupted():
                return _result(job, "", 0, reason, len(tokens), keep)
            chunk = tokens[start : start + self.eval_chunk]
            llm.eval(chunk)
            self.prompt_tokens_evaluated += len(chunk)
        if max_tokens <= 0:
            return _result(job, "", 0, "length", len(tokens), keep)

        vocab = llm._model.vocab
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        stops = [s for s in request.stop if s]
        longest_stop = max((len(s) for s in stops), default=0)
        text = ""
        count = 0
        finish = "length"
        stopped_by_string = False
        # The prompt is fully in the cache, so generate() starts sampling at once; it
        # evaluates each sampled token when asked for the next one.
        # (Defaults: top_k 40, top_p 0.95, min_p 0.05; greedy at temperature 0.)
        generator = llm.generate(tokens, temp=max(0.0, request.temperature), repeat_penalty=1.0)
        try:
            for token in generator:
                if llama_cpp.llama_vocab_is_eog(vocab, token):
                    finish = "stop"
                    break
                count += 1
                before = len(text)
                text += decoder.decode(self._piece(token))
                if stops:
                    hit = _find_stop(text, stops, max(0, before - longest_stop + 1))
                    if hit >= 0:
                        text = text[:hit]
                        finish = "stop"
                        stopped_by_string = True
                        break
                if count >= max_tokens:
                    break
                if reason := job.interrupted():
                    finish = reason
                    break
        finally:
            generator.close()
        if not stopped_by_string:
            text += decoder.decode(b"", final=True)
        return _result(job, text, count, finish, len(tokens), keep)

    def _fit(self, tokens: list[int], max_tokens: int) -> tuple[list[int], int]:
        """Fit prompt + output in the context: at most half of it for the output, and
        the prompt cut from the start (after BOS), keeping the text near the cursor."""
        n_ctx = int(self._llm.n_ctx())
        max_tokens = max(0, min(max_tokens, n_ctx // 2))
        room = n_ctx - max_tokens
        if len(tokens) > room:
            log.debug("prompt of %d tokens cut to %d", len(tokens), room)
            bos = int(self._llm.token_bos())
            head = tokens[:1] if tokens[0] == bos else []
            tokens = head + tokens[len(tokens) - (room - len(head)) :]
        return tokens, max_tokens


def _result(
    job: _Job, text: str, tokens: int, finish: str, prompt: int, reused: int
) -> CompletionResult:
    return CompletionResult(text, tokens, finish, prompt, reused, time.monotonic() - job.submitted)


def _find_stop(text: str, stops: list[str], start: int) -> int:
    """The earliest index in text[start:] where a stop string begins, else -1."""
    hits = [i for s in stops if (i := text.find(s, start)) >= 0]
    return min(hits) if hits else -1
