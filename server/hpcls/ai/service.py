"""AI completion as a service: context → prompt → engine → post-processing, plus reuse.

Plain Python (no pygls): the language server calls `suggest` from a worker thread, the CLI
(`hpcls complete`) calls it directly. The engine is created on first use; a model that is
missing, corrupt or incompatible raises EngineError once and leaves the service off, so
every feature that needs no model keeps working.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from hpcls.ai.context import ContextBudget, RecentEdits, build_context
from hpcls.ai.context_text import decode as lf_text
from hpcls.ai.model_family import PREFIX_ONLY, PromptFormat, detect_format
from hpcls.ai.postprocess import postprocess, wants_multiline
from hpcls.ai.prompts import build_prompt
from hpcls.ai.types import CancelToken, CompletionRequest, Engine, EngineError, EngineStats
from hpcls.config import AiSettings
from hpcls.workspace.document import Document
from hpcls.workspace.index import WorkspaceIndex
from hpcls.workspace.line_ends import newline_at, with_line_ends
from hpcls.workspace.lines import decode

# A prefix window large enough for the post-processor's block detection.
_PREFIX_SHARE = 0.6
_SUFFIX_SHARE = 0.15


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    offset: int  # byte offset in the document where the text is inserted
    reused: bool  # answered from the previous suggestion, without the model
    seconds: float
    finish_reason: str


@dataclass(frozen=True, slots=True)
class _Last:
    uri: str
    prefix: bytes  # the document's bytes before the cursor when the suggestion was made
    text: str


def _no_token_text(token: int) -> str:
    raise KeyError(token)


def create_engine(settings: AiSettings) -> Engine:
    """The engine the settings ask for (not loaded yet). EngineError when it cannot be."""
    if settings.engine == "fake":
        from hpcls.ai.fake_engine import FakeEngine

        delay = settings.fake_token_delay_ms / 1000
        return FakeEngine(settings.fake_reply, token_delay_s=delay, name="fake")
    if settings.engine == "http":
        from hpcls.ai.http_engine import HttpEngine

        if not settings.endpoint:
            raise EngineError("ai.engine is 'http' but ai.endpoint is empty: set the server URL")
        return HttpEngine(
            settings.endpoint,
            model=settings.endpoint_model or None,
            api_key_env=settings.api_key_env or None,
            timeout_s=max(settings.time_limit_ms / 1000, 1.0),
        )
    from hpcls.ai.llama_engine import LlamaEngine

    return LlamaEngine(
        model_path(settings),
        n_ctx=settings.n_ctx,
        n_threads=settings.threads or None,
        n_gpu_layers=settings.gpu_layers,
    )


def model_path(settings: AiSettings) -> Path:
    """The GGUF file the llama engine loads: ai.model, else the embedded default model
    (assembled on first use). EngineError when it cannot be assembled."""
    if settings.model:
        return Path(settings.model).expanduser()
    from hpcls.ai.model_store import ensure_default_model

    try:
        return ensure_default_model()
    except (OSError, RuntimeError, ValueError) as exc:
        raise EngineError(f"cannot assemble the embedded default model: {exc}") from exc


def prompt_format_of(engine: Engine) -> PromptFormat:
    """FIM when the model has the tokens (read from its GGUF), else prefix-only."""
    from hpcls.ai.llama_engine import LlamaEngine

    if isinstance(engine, LlamaEngine):
        engine.load()
        specials = engine.special_tokens()
        return detect_format(engine.metadata, _no_token_text, specials.values())
    return PREFIX_ONLY  # a remote server does not tell its model's special tokens


class CompletionService:
    def __init__(
        self,
        settings: AiSettings,
        engine: Engine | None = None,
        recent: RecentEdits | None = None,
    ) -> None:
        self.settings = settings
        self._engine = engine
        self._format: PromptFormat | None = None
        self._error: EngineError | None = None
        self._lock = threading.Lock()
        self._last: dict[str, _Last] = {}
        # The language server shares its ring of recent edits (fed by didChange).
        self.recent = recent if recent is not None else RecentEdits()

    @property
    def error(self) -> EngineError | None:
        """Why the service is off, once the engine failed to start."""
        return self._error

    def start(self) -> Engine:
        """The ready engine: created and loaded on first use (seconds for a local model)."""
        with self._lock:
            if self._error is not None:
                raise self._error
            try:
                if self._engine is None:
                    self._engine = create_engine(self.settings)
                if self._format is None:
                    self._format = prompt_format_of(self._engine)
            except EngineError as exc:
                self._error = exc
                raise
            return self._engine

    @property
    def engine_name(self) -> str:
        return self._engine.name if self._engine is not None else ""

    def engine_stats(self) -> EngineStats | None:
        engine = self._engine
        return engine.stats() if engine is not None else None

    @property
    def started(self) -> bool:
        """Whether the engine is ready (start() would not load anything)."""
        return self._engine is not None and self._format is not None

    @property
    def prompt_format(self) -> PromptFormat:
        self.start()
        assert self._format is not None
        return self._format

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.close()
                self._engine = None

    def reuse(self, doc: Document, offset: int) -> Suggestion | None:
        """The rest of the last suggestion when the user typed its head since."""
        last = self._last.get(doc.uri)
        if last is None:
            return None
        prefix = doc.source[:offset]
        if not prefix.startswith(last.prefix):
            return None
        typed = decode(prefix[len(last.prefix) :])
        if not typed or not last.text.startswith(typed) or len(last.text) == len(typed):
            return None
        return Suggestion(last.text[len(typed) :], offset, True, 0.0, "reused")

    def suggest(
        self,
        doc: Document,
        offset: int,
        index: WorkspaceIndex | None = None,
        cancel: CancelToken | None = None,
    ) -> Suggestion | None:
        """One completion at a byte offset; None when the model has nothing useful."""
        started = time.perf_counter()
        if doc.language is None or not doc.parsed:
            return None
        reused = self.reuse(doc, offset)
        if reused is not None:
            return reused
        engine = self.start()
        fmt = self.prompt_format
        total = self.settings.context_chars
        budget = ContextBudget(
            total_chars=total,
            prefix_chars=int(total * _PREFIX_SHARE),
            suffix_chars=int(total * _SUFFIX_SHARE) if fmt.is_fim else 0,
        )
        ctx = build_context(doc, offset, index, self.recent, budget)
        prompt = build_prompt(fmt, ctx, total)
        multiline = wants_multiline(ctx.prefix, ctx.suffix, doc.language)
        request = CompletionRequest(
            prompt=prompt.text,
            max_tokens=self.settings.max_tokens if multiline else min(self.settings.max_tokens, 32),
            # Only the first line of a single-line suggestion is kept: stop generating there.
            stop=prompt.stop if multiline else (*prompt.stop, "\n"),
            time_limit_s=self.settings.time_limit_ms / 1000,
            key=doc.uri,
        )
        result = engine.complete(request, cancel)
        if result.finish_reason == "cancelled":
            return None
        # Post-process against the real surroundings, not the prompt's windows; in LF, as
        # the model writes, and the result takes the document's own line ends.
        prefix_text = lf_text(doc.source[:offset])
        suffix_text = lf_text(doc.source[offset:])
        text = postprocess(
            result.text,
            language=doc.language,
            prefix=prefix_text,
            suffix=suffix_text,
            multiline=multiline,
        )
        if text is None:
            return None
        text = with_line_ends(text, newline_at(doc.source, offset))
        self._last[doc.uri] = _Last(doc.uri, doc.source[:offset], text)
        return Suggestion(text, offset, False, time.perf_counter() - started, result.finish_reason)
