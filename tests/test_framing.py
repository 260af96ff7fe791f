"""The framing layer: every well-framed message after any garbage is still read."""

from __future__ import annotations

import json
import random

import pytest

from hpcls.protocol.framing import FrameDecoder, Message, ParseError, Skipped


def _body(msg_id: int) -> bytes:
    return json.dumps(
        {"jsonrpc": "2.0", "id": msg_id, "method": "m", "params": {"t": "é"}}
    ).encode()


def _frame(
    body: bytes, length: int | None = None, *, eol: bytes = b"\r\n", name: bytes = b"Content-Length"
) -> bytes:
    size = len(body) if length is None else length
    return name + b": " + str(size).encode() + eol + eol + body


def _decode(data: bytes, chunk: int | None = None, *, settle: bool = True) -> list[object]:
    """Feed in chunks (idle after each chunk when `settle`), return the events."""
    decoder = FrameDecoder()
    events: list[object] = []
    step = chunk or len(data) or 1
    for at in range(0, len(data), step):
        events += decoder.feed(data[at : at + step])
    if settle and decoder.reading_body:
        events += decoder.idle()
    return events


def _ids(events: list[object]) -> list[object]:
    return [
        e.value.get("id") for e in events if isinstance(e, Message) and isinstance(e.value, dict)
    ]


# Each case: bytes sent before a well-framed message with id 2 (which must always be read).
BROKEN = {
    "too small": _frame(_body(1), 10),
    "too large": _frame(_body(1), 500),
    "header, no body": b"Content-Length: 50\r\n\r\n",
    "length abc": b"Content-Length: abc\r\n\r\n",
    "length -5": b"Content-Length: -5\r\n\r\n{}",
    "lower-case name": _frame(_body(1), name=b"content-length"),
    "LF-only lines": _frame(_body(1), eol=b"\n"),
    "binary garbage": b"\x00\xff\xfe garbage \r\n\r\n",
    "garbage glued": b"junk{",
    "not JSON": _frame(b"{this is not json"),
    "huge length": b"Content-Length: 99999999999999\r\n\r\n",
    "header too long": b"X-Pad: " + b"a" * 10_000 + b"\r\n",
    "extra headers": b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n"
    + _frame(_body(1)),
}


@pytest.mark.parametrize("chunk", [None, 1, 7, 4096])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_next_message_survives(case: str, chunk: int | None) -> None:
    events = _decode(BROKEN[case] + _frame(_body(2)) + _frame(_body(3)), chunk)
    ids = _ids(events)
    assert ids[-2:] == [2, 3], (case, events)


def test_lenient_lengths_still_deliver_the_message() -> None:
    for case in ("too small", "too large", "lower-case name", "LF-only lines", "extra headers"):
        assert _ids(_decode(BROKEN[case] + _frame(_body(2)))) == [1, 2], case


def test_body_shorter_than_announced_is_settled_on_a_pause() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(_frame(_body(1), 500)) == []
    assert decoder.reading_body
    events = decoder.idle()
    assert _ids(events) == [1] and not decoder.reading_body
    # A slow client's partial body is not cut short by a pause.
    decoder = FrameDecoder()
    assert decoder.feed(_frame(_body(1))[:-5]) == [] and decoder.idle() == []
    assert _ids(decoder.feed(_frame(_body(1))[-5:])) == [1]


def test_invalid_json_is_a_parse_error_then_reading_goes_on() -> None:
    events = _decode(_frame(b"{nope}") + _frame(_body(2)))
    assert isinstance(events[0], ParseError) and _ids(events) == [2]


def test_header_text_inside_a_json_string_is_not_a_header() -> None:
    body = json.dumps(
        {"jsonrpc": "2.0", "id": 1, "text": "}\nContent-Length: 5\r\n\r\n{}"}
    ).encode()
    assert _ids(_decode(_frame(body) + _frame(_body(2)), 3)) == [1, 2]


def test_buffers_stay_bounded() -> None:
    decoder = FrameDecoder(max_header=256, max_body=1024)
    for _ in range(1000):
        decoder.feed(b"garbage without any header at all " * 10)
    assert len(decoder._buffer) < 64
    events = decoder.feed(b"Content-Length: 5000\r\n\r\n" + b"x" * 5000 + _frame(_body(2)))
    assert any(isinstance(e, Skipped) for e in events) and _ids(events) == [2]


@pytest.mark.parametrize("seed", range(40))
def test_random_garbage_between_messages(seed: int) -> None:
    """Fuzz: valid messages interleaved with broken pieces, fed in random chunk sizes."""
    rng = random.Random(seed)
    pieces: list[bytes] = []
    expected: list[int] = []
    for msg_id in range(1, 30):
        if rng.random() < 0.4:
            pieces.append(rng.choice(list(BROKEN.values())))
            noise = bytes(rng.randrange(256) for _ in range(rng.randrange(20)))
            pieces.append(noise.replace(b"{", b"").replace(b"[", b""))
        pieces.append(_frame(_body(100 + msg_id)))
        expected.append(100 + msg_id)
    data = b"".join(pieces)
    decoder = FrameDecoder()
    events: list[object] = []
    at = 0
    while at < len(data):
        step = rng.randrange(1, 300)
        events += decoder.feed(data[at : at + step])
        at += step
        if rng.random() < 0.2 and decoder.reading_body:
            events += decoder.idle()  # a pause between two reads
    events += decoder.idle()
    got = [i for i in _ids(events) if isinstance(i, int) and i >= 100]
    assert got == expected
