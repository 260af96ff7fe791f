"""LlamaEngine through the real llama.cpp load / generate / cancel path, on a tiny model
made in the session (see tiny_model.py), and once on the embedded default model."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hpcls.ai.llama_engine import LlamaEngine
from hpcls.ai.model_store import default_model_path
from hpcls.ai.types import CancelToken, CompletionRequest, CompletionResult, EngineError

FORTRAN = """program heat
  implicit none
  integer :: i, n
  real(8) :: u(100), v(100)
  n = 100
  do i = 1, n
"""
LONG = FORTRAN + "".join(f"  call step(u, v, {i})\n" for i in range(40))
# Long enough that the tiny model cannot finish it before the test cancels it (4096 tokens).
ENDLESS = dict(max_tokens=100_000, time_limit_s=30.0)


@pytest.fixture
def engine(tiny_model: Path) -> Iterator[LlamaEngine]:
    with LlamaEngine(tiny_model, n_ctx=8192) as e:
        yield e


def run_in_thread(fn: object, *args: object, **kwargs: object) -> object:
    pool = ThreadPoolExecutor(max_workers=1)
    future = pool.submit(fn, *args, **kwargs)  # type: ignore[arg-type]
    pool.shutdown(wait=False)
    return future


def test_loads_and_reads_metadata(engine: LlamaEngine) -> None:
    assert not engine.loaded
    engine.load()
    assert engine.loaded
    assert engine.name == "llama.cpp: tiny.gguf"
    assert engine.metadata["general.architecture"] == "llama"
    assert engine.metadata["general.name"] == "hpcls tiny test model"
    special = engine.special_tokens()
    assert special["bos"] == "<s>"
    assert special["eos"] == "</s>"
    assert not any("fim" in role for role in special)
    assert not engine.has_fim


def test_finds_fim_tokens(tiny_fim_model: Path) -> None:
    with LlamaEngine(tiny_fim_model) as engine:
        special = engine.special_tokens()
        assert special["fim_pre"] == "<|fim_prefix|>"
        assert special["fim_suf"] == "<|fim_suffix|>"
        assert special["fim_mid"] == "<|fim_middle|>"
        assert engine.has_fim
        # FIM markers in the prompt text become the special tokens (one token each).
        assert engine.count_tokens("<|fim_prefix|>") == 1


def test_generates_max_tokens(engine: LlamaEngine) -> None:
    result = engine.complete(CompletionRequest(FORTRAN, max_tokens=20))
    assert result.finish_reason == "length"
    assert result.tokens == 20
    assert result.text.strip()
    assert result.prompt_tokens == engine.count_tokens(FORTRAN) + 1  # BOS
    assert result.reused_prompt_tokens == 0
    assert 0 < result.seconds < 5


def test_greedy_output_is_deterministic(engine: LlamaEngine, tiny_model: Path) -> None:
    first = engine.complete(CompletionRequest(FORTRAN, max_tokens=24))
    with LlamaEngine(tiny_model) as other:
        assert other.complete(CompletionRequest(FORTRAN, max_tokens=24)).text == first.text


def test_stop_strings(engine: LlamaEngine) -> None:
    free = engine.complete(CompletionRequest(FORTRAN, max_tokens=40))
    stop = free.text[12:15]
    expected = free.text[: free.text.index(stop)]
    result = engine.complete(CompletionRequest(FORTRAN, max_tokens=40, stop=("@@never", stop)))
    assert result.finish_reason == "stop"
    assert result.text == expected
    assert result.tokens < 40


def test_time_limit(engine: LlamaEngine) -> None:
    result = engine.complete(CompletionRequest(FORTRAN, max_tokens=100_000, time_limit_s=0.3))
    assert result.finish_reason == "time"
    assert 0 < result.tokens < 4096
    assert 0.25 <= result.seconds < 1.0


def test_cancel_from_another_thread(engine: LlamaEngine) -> None:
    cancel = CancelToken()
    cancelled_at: list[float] = []

    def later() -> None:
        time.sleep(0.2)
        cancelled_at.append(time.monotonic())
        cancel.cancel()

    threading.Thread(target=later).start()
    result = engine.complete(CompletionRequest(FORTRAN, **ENDLESS), cancel)  # type: ignore[arg-type]
    returned = time.monotonic()
    assert result.finish_reason == "cancelled"
    assert 0 < result.tokens < 4096
    assert returned - cancelled_at[0] < 0.2
    # The engine is fine afterwards.
    assert engine.complete(CompletionRequest(FORTRAN, max_tokens=5)).tokens == 5


def test_cancelled_before_start(engine: LlamaEngine) -> None:
    cancel = CancelToken()
    cancel.cancel()
    result = engine.complete(CompletionRequest(FORTRAN), cancel)
    assert (result.finish_reason, result.tokens, result.text) == ("cancelled", 0, "")


def test_newer_request_with_same_key_supersedes_the_running_one(engine: LlamaEngine) -> None:
    older = run_in_thread(
        engine.complete, CompletionRequest(FORTRAN, key="file:///a.f90", **ENDLESS)
    )  # type: ignore[arg-type]
    time.sleep(0.2)
    started = time.monotonic()
    newer = engine.complete(CompletionRequest(FORTRAN + "  x", max_tokens=5, key="file:///a.f90"))
    old: CompletionResult = older.result(timeout=5)  # type: ignore[attr-defined]
    assert old.finish_reason == "cancelled"
    assert 0 < old.tokens < 4096
    assert newer.finish_reason == "length"
    assert newer.tokens == 5
    assert time.monotonic() - started < 1.0


def test_newer_request_with_same_key_supersedes_a_queued_one(engine: LlamaEngine) -> None:
    other_cancel = CancelToken()
    other = run_in_thread(
        engine.complete,
        CompletionRequest(FORTRAN, key="file:///other.f90", **ENDLESS),
        other_cancel,  # type: ignore[arg-type]
    )
    time.sleep(0.1)  # `other` runs; the next two wait behind it
    queued = run_in_thread(engine.complete, CompletionRequest(FORTRAN, key="file:///a.f90"))
    time.sleep(0.1)
    newer = run_in_thread(
        engine.complete, CompletionRequest(FORTRAN, max_tokens=3, key="file:///a.f90")
    )
    # The queued one returns at once, though `other` still holds the model.
    old: CompletionResult = queued.result(timeout=1)  # type: ignore[attr-defined]
    assert (old.finish_reason, old.tokens) == ("cancelled", 0)
    assert not other.done()  # type: ignore[attr-defined]
    other_cancel.cancel()
    assert other.result(timeout=5).finish_reason == "cancelled"  # type: ignore[attr-defined]
    assert newer.result(timeout=5).finish_reason == "length"  # type: ignore[attr-defined]


def test_queued_request_cancelled_by_its_caller_returns_promptly(engine: LlamaEngine) -> None:
    other_cancel = CancelToken()
    other = run_in_thread(engine.complete, CompletionRequest(FORTRAN, **ENDLESS), other_cancel)  # type: ignore[arg-type]
    time.sleep(0.1)
    cancel = CancelToken()
    threading.Timer(0.1, cancel.cancel).start()
    started = time.monotonic()
    result = engine.complete(CompletionRequest(FORTRAN, **ENDLESS), cancel)  # type: ignore[arg-type]
    assert result.finish_reason == "cancelled"
    assert time.monotonic() - started < 0.5
    other_cancel.cancel()
    other.result(timeout=5)  # type: ignore[attr-defined]


def test_reuses_the_kv_cache_of_a_shared_prefix(engine: LlamaEngine, tiny_model: Path) -> None:
    first = engine.complete(CompletionRequest(LONG, max_tokens=8))
    assert first.prompt_tokens > 300
    evaluated = engine.prompt_tokens_evaluated
    assert evaluated == first.prompt_tokens
    edited = LONG + "  call finish(u)\n"
    second = engine.complete(CompletionRequest(edited, max_tokens=8))
    assert second.reused_prompt_tokens >= first.prompt_tokens - 2
    new_tokens = engine.prompt_tokens_evaluated - evaluated
    assert new_tokens == second.prompt_tokens - second.reused_prompt_tokens
    assert new_tokens < 20
    # Reusing the cache changes nothing in the output.
    with LlamaEngine(tiny_model, n_ctx=8192) as fresh:
        assert fresh.complete(CompletionRequest(edited, max_tokens=8)).text == second.text
    # The same prompt again: everything but the last token comes from the cache.
    again = engine.complete(CompletionRequest(edited, max_tokens=8))
    assert again.reused_prompt_tokens == again.prompt_tokens - 1
    assert again.text == second.text
    # A different prompt shares only BOS and the SentencePiece space prefix.
    other = engine.complete(CompletionRequest("module m\nend module\n", max_tokens=4))
    assert other.reused_prompt_tokens <= 2


def test_prompt_longer_than_the_context_keeps_its_end(tiny_model: Path) -> None:
    with LlamaEngine(tiny_model, n_ctx=256) as engine:
        result = engine.complete(CompletionRequest(LONG * 3, max_tokens=16))
        assert result.finish_reason == "length"
        assert result.tokens == 16
        assert result.prompt_tokens == 256 - 16


def test_count_tokens(engine: LlamaEngine) -> None:
    assert engine.count_tokens("") == 0
    assert 0 < engine.count_tokens("integer :: i") <= len("integer :: i") + 1
    assert engine.tokenize("x")[0] == 1  # BOS


def test_missing_model_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.gguf"
    with pytest.raises(EngineError, match="model file not found") as info:
        LlamaEngine(missing).complete(CompletionRequest("x"))
    assert str(missing) in str(info.value)
    assert "hpcls.ai.model" in str(info.value)


def test_directory_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="not a file"):
        LlamaEngine(tmp_path).load()


def test_file_that_is_not_gguf(tmp_path: Path) -> None:
    garbage = tmp_path / "model.gguf"
    garbage.write_bytes(b"\x7fELF" + bytes(1000))
    with pytest.raises(EngineError, match="is not a GGUF model") as info:
        LlamaEngine(garbage).load()
    assert str(garbage) in str(info.value)
    assert "hpcls.ai.model" in str(info.value)


@pytest.mark.parametrize("keep", [4, 100, 0.5])
def test_truncated_or_corrupt_gguf(tiny_model: Path, tmp_path: Path, keep: float) -> None:
    data = tiny_model.read_bytes()
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(data[: int(len(data) * keep) if keep < 1 else int(keep)])
    engine = LlamaEngine(broken)
    with pytest.raises(EngineError, match="could not load") as info:
        engine.complete(CompletionRequest("x"))
    assert str(broken) in str(info.value)
    assert "Traceback" not in str(info.value)
    # A second attempt reports the same, it does not hang or crash.
    with pytest.raises(EngineError, match="could not load"):
        engine.load()
    engine.close()


def test_failure_inside_llama_becomes_engine_error(
    engine: LlamaEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine.load()

    def broken_eval(tokens: object) -> None:
        raise RuntimeError("llama_decode returned -3")

    monkeypatch.setattr(engine._llm, "eval", broken_eval)
    with pytest.raises(EngineError, match="llama_decode returned -3"):
        engine.complete(CompletionRequest(FORTRAN, max_tokens=4))
    monkeypatch.undo()
    assert engine.complete(CompletionRequest(FORTRAN, max_tokens=4)).tokens == 4


def test_close(tiny_model: Path) -> None:
    engine = LlamaEngine(tiny_model)
    running = run_in_thread(engine.complete, CompletionRequest(FORTRAN, **ENDLESS))  # type: ignore[arg-type]
    time.sleep(0.1)
    started = time.monotonic()
    engine.close()
    assert time.monotonic() - started < 1.0
    assert running.result(timeout=1).finish_reason == "cancelled"  # type: ignore[attr-defined]
    assert not engine.loaded
    assert engine._thread is not None and not engine._thread.is_alive()
    with pytest.raises(EngineError, match="closed"):
        engine.complete(CompletionRequest(FORTRAN))
    engine.close()  # twice is fine


def test_close_without_use(tiny_model: Path) -> None:
    LlamaEngine(tiny_model).close()


@pytest.mark.slow
def test_default_model_completes_fortran() -> None:
    path = default_model_path()
    if not path.is_file():
        pytest.skip(
            f"the default model is not assembled ({path}): run `make test` or "
            "`python -m hpcls.ai.model_store --ensure`"
        )
    with LlamaEngine(path, n_ctx=2048) as engine:
        result = engine.complete(CompletionRequest(FORTRAN, max_tokens=16, time_limit_s=30))
        assert result.finish_reason in ("length", "stop")
        assert result.tokens > 0
        assert result.text.strip()
        metadata = engine.metadata
        assert metadata["general.architecture"] == "gemma3"
        special = engine.special_tokens()
        assert special["bos"] == "<bos>"
        assert special["eos"] == "<eos>"
        # Gemma 3 is a base model without fill-in-the-middle tokens.
        assert not engine.has_fim
        assert not [t for t in special if "fim" in t.lower()]
        again = engine.complete(CompletionRequest(FORTRAN + "    u(i) = ", max_tokens=4))
        assert again.reused_prompt_tokens > 0
