"""The contracts between the AI pieces: engines, context builder, prompts, post-processing.

Plain data and protocols only, so that each piece can be built and tested on its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Concatenate, ParamSpec, Protocol, TypeVar


@dataclass(frozen=True, slots=True)
class CompletionRequest:
    prompt: str
    max_tokens: int = 64
    stop: tuple[str, ...] = ()
    temperature: float = 0.0
    # Generation stops here, whatever was produced: a completion that comes late is useless.
    time_limit_s: float = 5.0
    # A newer request with the same key (the document's uri) supersedes an older one.
    key: str | None = None


@dataclass(frozen=True, slots=True)
class CompletionResult:
    text: str
    tokens: int
    finish_reason: str  # "stop" | "length" | "cancelled" | "time"
    prompt_tokens: int
    # Prompt tokens whose KV cache was reused from the previous request (prefix match).
    reused_prompt_tokens: int
    seconds: float


class CancelToken:
    """Set by `$/cancelRequest`, by a newer request for the same document, or on shutdown;
    engines check it after every generated token."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


class EngineError(Exception):
    """A failure the user should read as it is: model missing, corrupt or incompatible,
    endpoint down or slow. The message says what happened and what to do."""


class Engine(Protocol):
    @property
    def name(self) -> str:
        """For logs and the status bar, e.g. "llama.cpp: gemma-3-270m-q4_k_m.gguf"."""
        ...

    def complete(
        self, request: CompletionRequest, cancel: CancelToken | None = None
    ) -> CompletionResult:
        """Blocking: call it from a worker thread, never from the event loop."""
        ...

    def count_tokens(self, text: str) -> int: ...

    def stats(self) -> EngineStats: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class CompletionContext:
    """What the context builder gathered, most stable first (so consecutive prompts share the
    longest prefix and llama.cpp reuses its KV cache): then the text around the cursor."""

    language: str  # LanguageKind value: "fortran", "fortran-fixed", "c", "cpp", "cuda"
    header: str  # `use`, `#include`, `implicit none` lines of the file
    enclosing: str  # declarations of the enclosing procedure and its module
    signatures: str  # signatures of procedures called here, from the workspace index
    recent: str  # recently edited chunks of other open files
    prefix: str  # the text before the cursor (a window of it)
    suffix: str  # the text after the cursor (a window of it), for fill-in-the-middle


@dataclass(frozen=True, slots=True)
class EngineStats:
    """What an engine has done, for `hpcls/aiStatus` and the tests that prove no work leaks."""

    requests: int = 0  # completions asked for
    active: int = 0  # asked for and not answered yet (queued or generating)
    cancelled: int = 0  # answered "cancelled" (by $/cancelRequest or a newer request)
    timed_out: int = 0  # answered "time"
    failed: int = 0  # raised EngineError


class Tally:
    """Thread-safe counters behind EngineStats: engines call begin/end around complete()."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests = self._active = self._cancelled = self._timed_out = self._failed = 0

    def begin(self) -> None:
        with self._lock:
            self._requests += 1
            self._active += 1

    def end(self, result: CompletionResult | None) -> None:
        """result None: the request failed."""
        with self._lock:
            self._active -= 1
            if result is None:
                self._failed += 1
            elif result.finish_reason == "cancelled":
                self._cancelled += 1
            elif result.finish_reason == "time":
                self._timed_out += 1

    def stats(self) -> EngineStats:
        with self._lock:
            return EngineStats(
                self._requests, self._active, self._cancelled, self._timed_out, self._failed
            )


class _Tallied(Protocol):
    tally: Tally


_E = TypeVar("_E", bound=_Tallied)
_P = ParamSpec("_P")


def tallied(
    method: Callable[Concatenate[_E, CompletionRequest, _P], CompletionResult],
) -> Callable[Concatenate[_E, CompletionRequest, _P], CompletionResult]:
    """Wraps an engine's complete() so that its Tally counts every request and outcome."""

    def complete(
        self: _E, request: CompletionRequest, /, *args: _P.args, **kwargs: _P.kwargs
    ) -> CompletionResult:
        self.tally.begin()
        result: CompletionResult | None = None
        try:
            result = method(self, request, *args, **kwargs)
            return result
        finally:
            self.tally.end(result)

    complete.__doc__ = method.__doc__
    return complete
