"""FakeEngine: the deterministic stand-in the protocol tests drive."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from hpcls.ai.fake_engine import FakeEngine, pieces
from hpcls.ai.types import CancelToken, CompletionRequest, Engine, EngineError

REPLY = "x = 1\n  y = 2\n  call done(x, y)\n"


@pytest.mark.parametrize("text", ["", " ", REPLY, "  a  b\n\n c", "\tend do"])
def test_pieces_join_back(text: str) -> None:
    assert "".join(pieces(text)) == text


def test_pieces_are_words_with_their_trailing_blanks() -> None:
    assert pieces("  a = b\n") == ["  ", "a ", "= ", "b\n"]


def test_is_an_engine() -> None:
    engine: Engine = FakeEngine(REPLY, name="fake: test")
    assert engine.name == "fake: test"
    assert engine.count_tokens(REPLY) == len(pieces(REPLY))


def test_canned_reply() -> None:
    engine = FakeEngine(REPLY)
    result = engine.complete(CompletionRequest("program p\n", max_tokens=64))
    assert (result.text, result.finish_reason) == (REPLY, "stop")
    assert result.tokens == len(pieces(REPLY))
    assert result.prompt_tokens == 2
    assert engine.requests[0].prompt == "program p\n"
    assert engine.results == [result]


def test_max_tokens() -> None:
    result = FakeEngine(REPLY).complete(CompletionRequest("p", max_tokens=3))
    assert (result.text, result.tokens, result.finish_reason) == ("x = 1\n  ", 3, "length")


def test_reply_function_sees_the_request() -> None:
    engine = FakeEngine(lambda request: request.prompt.upper())
    assert engine.complete(CompletionRequest("abc")).text == "ABC"


def test_stop_strings() -> None:
    engine = FakeEngine(REPLY)
    result = engine.complete(CompletionRequest("p", stop=("\n",)))
    assert (result.text, result.finish_reason, result.tokens) == ("x = 1", "stop", 3)
    result = engine.complete(CompletionRequest("p", stop=("call", "y =")))
    assert result.text == "x = 1\n  "


def test_reused_prompt_tokens_is_the_prefix_shared_with_the_last_prompt() -> None:
    engine = FakeEngine("ok")
    assert engine.complete(CompletionRequest("a b c d")).reused_prompt_tokens == 0
    second = engine.complete(CompletionRequest("a b c e f"))
    assert (second.prompt_tokens, second.reused_prompt_tokens) == (5, 3)


def test_cancel_from_another_thread() -> None:
    engine = FakeEngine("w " * 1000, token_delay_s=0.01)
    cancel = CancelToken()
    threading.Timer(0.1, cancel.cancel).start()
    result = engine.complete(CompletionRequest("p", max_tokens=1000, time_limit_s=30), cancel)
    assert result.finish_reason == "cancelled"
    assert 0 < result.tokens < 30
    assert result.seconds < 0.3


def test_time_limit() -> None:
    engine = FakeEngine("w " * 1000, token_delay_s=0.01)
    result = engine.complete(CompletionRequest("p", max_tokens=1000, time_limit_s=0.1))
    assert result.finish_reason == "time"
    assert 0 < result.tokens < 15
    assert 0.1 <= result.seconds < 0.3


def test_supersede_by_key() -> None:
    engine = FakeEngine("w " * 1000, token_delay_s=0.01)
    with ThreadPoolExecutor(2) as pool:
        older = pool.submit(
            engine.complete, CompletionRequest("p", max_tokens=1000, time_limit_s=30, key="a")
        )
        other = pool.submit(engine.complete, CompletionRequest("p", max_tokens=20, key="b"))
        time.sleep(0.05)
        started = time.monotonic()
        newer = engine.complete(CompletionRequest("p", max_tokens=3, key="a"))
        assert older.result().finish_reason == "cancelled"
        assert time.monotonic() - started < 0.2
        assert newer.finish_reason == "length"
        assert other.result().finish_reason == "length"  # another key is left alone


def test_error_and_close() -> None:
    engine = FakeEngine(error="model file not found: /x.gguf")
    with pytest.raises(EngineError, match="model file not found"):
        engine.complete(CompletionRequest("p"))
    engine = FakeEngine("ok")
    engine.close()
    with pytest.raises(EngineError, match="closed"):
        engine.complete(CompletionRequest("p"))
