"""JSON-RPC envelopes and LSP lifecycle: which message gets which error, before any handler.

Every request gets exactly one response. A message the server cannot take is answered here
with the JSON-RPC error the specifications name, and a message that names the field at fault:
a bad envelope is InvalidRequest (-32600), params that do not match the method's type are
InvalidParams (-32602), a request before `initialize` is ServerNotInitialized (-32002), and a
request after `shutdown` is InvalidRequest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import cattrs
from lsprotocol import types as lsp

PARSE_ERROR = -32700
INVALID_REQUEST = -32600
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002

MsgId = int | str


@dataclass(frozen=True, slots=True)
class Reject:
    """Answer `msg_id` (None when the message has no usable id) with this error."""

    msg_id: MsgId | None
    code: int
    message: str
    is_request: bool = True  # False: a notification or response, which is only logged


def _valid_id(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def check_envelope(value: object) -> Reject | None:
    """The JSON-RPC 2.0 shape of one message (LSP has no batches)."""
    if not isinstance(value, dict):
        kind = "a batch (a JSON array)" if isinstance(value, list) else type(value).__name__
        return Reject(None, INVALID_REQUEST, f"a message must be a JSON object, not {kind}")
    has_id = "id" in value
    msg_id = value.get("id")
    usable_id = msg_id if _valid_id(msg_id) else None
    is_request = has_id and "method" in value
    if has_id and usable_id is None:
        return Reject(None, INVALID_REQUEST, "`id` must be an integer or a string", is_request)
    if value.get("jsonrpc") != "2.0":
        found = value.get("jsonrpc", "missing")
        return Reject(
            usable_id, INVALID_REQUEST, f'`jsonrpc` must be "2.0" (got {found!r})', is_request
        )
    if "method" in value:
        if not isinstance(value["method"], str):
            return Reject(usable_id, INVALID_REQUEST, "`method` must be a string", is_request)
        params = value.get("params")
        if params is not None and not isinstance(params, (dict, list)):
            return Reject(
                usable_id, INVALID_PARAMS, "`params` must be an object or an array", is_request
            )
        return None
    if not has_id:
        return Reject(None, INVALID_REQUEST, "neither a request, a notification nor a response")
    if ("result" in value) == ("error" in value):
        return Reject(
            usable_id,
            INVALID_REQUEST,
            "a response needs exactly one of `result` and `error`",
            is_request=False,
        )
    return None


class Lifecycle:
    """Where the session is: before `initialize`, running, or after `shutdown`."""

    def __init__(self) -> None:
        self.initialize_seen = False
        self.shutdown_seen = False

    def admit(self, message: dict[str, Any]) -> Reject | None:
        """Record lifecycle requests; refuse what the current stage does not allow."""
        method = message.get("method")
        if method is None:
            return None  # a response to one of our requests
        is_request = "id" in message
        msg_id = message.get("id") if is_request else None
        if method == lsp.EXIT:
            return None
        if self.shutdown_seen:
            return Reject(msg_id, INVALID_REQUEST, "the server is shutting down", is_request)
        if method == lsp.INITIALIZE:
            if self.initialize_seen:
                return Reject(msg_id, INVALID_REQUEST, "the server is already initialized")
            return None  # `initialize_seen` is set once it is dispatched (see `dispatched`)
        if not self.initialize_seen:
            return Reject(
                msg_id,
                SERVER_NOT_INITIALIZED,
                f"{method}: the server is not initialized (send `initialize` first)",
                is_request,
            )
        if method == lsp.SHUTDOWN and is_request:
            self.shutdown_seen = True
        return None

    def dispatched(self, message: dict[str, Any]) -> None:
        """A message passed its checks: an `initialize` request that did starts the session."""
        if message.get("method") == lsp.INITIALIZE and "id" in message:
            self.initialize_seen = True


_CAMEL = re.compile(r"_([a-z])")


def describe_params_error(method: str, exc: Exception) -> str:
    """One readable line naming each field at fault, in the protocol's (camelCase) names."""
    if not isinstance(exc, cattrs.BaseValidationError):
        return f"{method}: params do not match the method ({_short(str(exc))})"
    problems = cattrs.transform_error(exc, path="$", format_exception=_format_problem)
    parts = []
    for problem in problems[:4]:
        text, _, path = problem.rpartition(" @ ")
        field = _CAMEL.sub(lambda m: m.group(1).upper(), path.removeprefix("$."))
        parts.append(f"{field}: {text}")
    more = f" (and {len(problems) - 4} more)" if len(problems) > 4 else ""
    return f"{method}: invalid params: " + "; ".join(parts) + more


def _format_problem(exc: BaseException, type_: object) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, ValueError):
        return _short(str(exc))  # a range check: lsprotocol's text names the field
    name = getattr(type_, "__name__", None)
    return f"expected {name}" if name else _short(str(exc) or type(exc).__name__)


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "..."


def strict_int(value: object, cls: Any) -> int:
    """JSON integers only: no booleans, strings or fractions silently made into positions.

    Registered for `int`, so it also receives int subclasses (the IntEnums of lsprotocol,
    such as DiagnosticSeverity): those are built from the checked integer, as cattrs would.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    if isinstance(value, float):
        if not value.is_integer() or abs(value) > 2**63:
            raise ValueError(f"expected an integer, got {value!r}")
        value = int(value)
    return value if cls is int else cls(value)
