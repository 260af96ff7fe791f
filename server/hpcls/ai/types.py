"""The contracts between the AI pieces: engines, context builder, prompts, post-processing.

Plain data and protocols only, so that each piece can be built and tested on its own.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol


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
