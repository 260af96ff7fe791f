"""LSP base-protocol framing: bytes in, JSON values out, whatever the bytes are.

A sans-IO decoder, so the transports (stdio, TCP) and the tests drive it the same way. It
survives what a sloppy or hostile client sends: header names in any case, LF-only lines,
garbage between messages, a `Content-Length` that is missing, not a number, negative, too
small or too large, and a header with no body. After any of these it resynchronizes on the
next `Content-Length` header instead of staying deaf, and nothing it buffers is unbounded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

# Bounds: a header block is a few short lines; a body is at most one large document.
MAX_HEADER_BYTES = 8 * 1024
MAX_BODY_BYTES = 256 * 1024 * 1024

# Where a header block may start. LSP's only required header; matched in any case.
_HEADER_START = re.compile(rb"content-length[ \t]*:", re.IGNORECASE)
_TOKEN = rb"[A-Za-z0-9!#$%&'*+.^_`|~-]+"  # a header name (RFC 9110 token)
_HEADER_LINE = re.compile(rb"(" + _TOKEN + rb")[ \t]*:[ \t]*(.*?)[ \t]*\r?\n")
_BLANK_LINE = re.compile(rb"\r?\n")
_WHITESPACE = b" \t\r\n"
_DECODER = json.JSONDecoder()


@dataclass(frozen=True, slots=True)
class Message:
    """One JSON value from a well-framed (or repaired) body."""

    value: object


@dataclass(frozen=True, slots=True)
class ParseError:
    """A framed body that is not JSON: the client gets -32700 with a null id."""

    reason: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """Bytes dropped to resynchronize: logged, never answered (there is no id to answer)."""

    reason: str
    size: int


Event = Message | ParseError | Skipped


class FrameDecoder:
    """Feed bytes, get events. `idle()` when input pauses; never blocks on anything."""

    def __init__(self, max_header: int = MAX_HEADER_BYTES, max_body: int = MAX_BODY_BYTES) -> None:
        self._buffer = bytearray()
        self._max_header = max_header
        self._max_body = max_body
        self._body_length: int | None = None  # announced length, while reading a body
        self._scanned = 0  # body bytes already searched for a following header

    @property
    def reading_body(self) -> bool:
        """True while an announced body is incomplete: the transport calls `idle()` on pauses."""
        return self._body_length is not None

    def feed(self, data: bytes) -> list[Event]:
        self._buffer += data
        events: list[Event] = []
        while self._step(events):
            pass
        return events

    def idle(self) -> list[Event]:
        """Input paused inside a body: settle it with the bytes that did arrive.

        A client that announced more or fewer bytes than it sent is waiting for our answer;
        what it sent is its message when it parses as one JSON value, else a parse error.
        """
        length = self._body_length
        if length is None:
            return []
        buffer = self._buffer
        value, end = _json_prefix(buffer)
        if end is not None and not bytes(buffer[end:]).strip(_WHITESPACE):
            del buffer[:]
            self._end_body()
            return [Message(value), Skipped("body length differs from its Content-Length", 0)]
        if len(buffer) < length:
            return []  # still arriving: a slow client, not a broken one
        del buffer[:length]
        self._end_body()
        return [ParseError("body is not JSON")]

    def _step(self, events: list[Event]) -> bool:
        """Make one unit of progress; False when more input is needed."""
        if self._body_length is not None:
            return self._step_body(events)
        return self._step_header(events)

    def _step_header(self, events: list[Event]) -> bool:
        buffer = self._buffer
        start = len(buffer) - len(buffer.lstrip(_WHITESPACE))
        if start == len(buffer):
            del buffer[:]
            return False
        if not _could_be_header(buffer, start):
            return self._skip_to_header(events, start + 1, "bytes outside any message")
        headers: dict[bytes, bytes] = {}
        position = start
        while True:
            if position - start > self._max_header:
                return self._skip_to_header(events, start + 1, "header block too long")
            if (blank := _BLANK_LINE.match(buffer, position)) is not None:
                position = blank.end()
                break
            line = _HEADER_LINE.match(buffer, position)
            if line is None:
                if b"\n" not in buffer[position : position + self._max_header + 2]:
                    if len(buffer) - start > self._max_header:
                        return self._skip_to_header(events, start + 1, "header block too long")
                    return False  # a header line still arriving
                return self._skip_to_header(events, start + 1, "malformed header line")
            headers[line.group(1).lower()] = line.group(2)
            position = line.end()
        length = _content_length(headers.get(b"content-length"))
        if length is None or length > self._max_body:
            why = "Content-Length missing or not a length"
            if length is not None:
                why = f"Content-Length {length} above the {self._max_body}-byte bound"
            # Resynchronize inside the block too: garbage glued to a header ("xyzContent-
            # Length: 5") makes a block without a length whose real header comes later.
            return self._skip_to_header(events, start + 1, why)
        del buffer[:position]
        self._body_length = length
        self._scanned = 0
        return True

    def _step_body(self, events: list[Event]) -> bool:
        assert self._body_length is not None
        buffer = self._buffer
        length = self._body_length
        available = min(len(buffer), length)
        # A header inside the body means the body ended early: a header with no body, or a
        # Content-Length larger than what was sent before the next message.
        if (cut := self._header_inside(available)) is not None:
            value, end = _json_prefix(buffer[:cut])
            self._end_body()
            if end is not None and not buffer[end:cut].strip(_WHITESPACE):
                events.append(Message(value))
            events.append(Skipped("body cut short by the next header", cut))
            del buffer[:cut]
            return True
        if len(buffer) < length:
            return False
        try:
            value = json.loads(bytes(buffer[:length]))
        except (ValueError, RecursionError) as exc:
            # Too short a Content-Length: the value may go on past the announced end.
            value, end = _json_prefix(buffer)
            if end is not None and end > length and _ends_message(buffer, end):
                del buffer[:end]
                self._end_body()
                events += [Message(value), Skipped("body longer than its Content-Length", 0)]
                return True
            # Its end may not have arrived yet: wait for it, for the next header, or for a
            # pause in the input (`idle`), within the body bound.
            if _HEADER_START.search(buffer, length) is None and len(buffer) <= self._max_body:
                return False
            del buffer[:length]
            self._end_body()
            events.append(ParseError(f"body is not JSON: {_short(exc)}"))
            return True
        del buffer[:length]
        self._end_body()
        events.append(Message(value))
        return True

    def _header_inside(self, available: int) -> int | None:
        """Offset of a whole `Content-Length: <n>` line within the body's bytes.

        Valid JSON cannot hold one (a raw line end never occurs inside a JSON string), so
        finding one proves the body ended early.
        """
        start = max(0, self._scanned - 32)
        self._scanned = available
        for match in _HEADER_START.finditer(self._buffer, start, available):
            if _header_complete(self._buffer, match.start()):
                return match.start()
        return None

    def _end_body(self) -> None:
        self._body_length = None
        self._scanned = 0

    def _skip_to_header(self, events: list[Event], search_from: int, why: str) -> bool:
        match = _HEADER_START.search(self._buffer, search_from)
        if match is None:
            # Keep a tail that may be the start of a header split across reads.
            keep = min(len(self._buffer), len(b"content-length:") - 1)
            dropped = len(self._buffer) - keep
            del self._buffer[:dropped]
            if dropped:
                events.append(Skipped(why, dropped))
            return False
        events.append(Skipped(why, match.start()))
        del self._buffer[: match.start()]
        return True


def _could_be_header(buffer: bytearray, start: int) -> bool:
    """A header block starts with a header line (any name); garbage does not."""
    head = bytes(buffer[start : start + 64])
    if _HEADER_START.match(head):
        return True
    name = re.match(_TOKEN + rb"[ \t]*(:|$)", head)
    return name is not None and (name.group(1) == b":" or len(head) < 64)


def _header_complete(buffer: bytearray, at: int) -> bool:
    """The header line at `at` is whole and gives a number: a real header, not text."""
    line_end = buffer.find(b"\n", at, at + MAX_HEADER_BYTES)
    if line_end < 0:
        return False
    line = _HEADER_LINE.match(buffer, at)
    return line is not None and _content_length(line.group(2)) is not None


def _ends_message(buffer: bytearray, end: int) -> bool:
    """Only whitespace, then the end of input or the next header, follows `end`."""
    rest = bytes(buffer[end : end + MAX_HEADER_BYTES]).lstrip(_WHITESPACE)
    return not rest or _HEADER_START.match(rest) is not None


def _content_length(value: bytes | None) -> int | None:
    if value is None or not value.isdigit() or len(value) > 15:
        return None
    return int(value)


def _json_prefix(data: bytes | bytearray) -> tuple[object, int | None]:
    """The JSON value at the start of `data` and where it ends, or (None, None)."""
    try:
        text = bytes(data).decode("utf-8")
    except UnicodeDecodeError as exc:
        text = bytes(data[: exc.start]).decode("utf-8")
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return None, None
    try:
        value, end = _DECODER.raw_decode(stripped)
    except (ValueError, RecursionError):
        return None, None
    consumed = len(text) - len(stripped) + end
    return value, len(text[:consumed].encode("utf-8"))


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."
