"""Credentials out of logs: settings, LSP message bodies and free text.

Three kinds of secret are masked with "***":
- the userinfo of a URL: `http://user:pw@host` -> `http://***@host`;
- string values under a name that looks like a credential (it contains key, token, secret,
  passw, passphrase, pwd, auth, credential or cookie, in any case, at any nesting depth:
  `apiKey`, `api_key_env`, `authToken`, `password`...); numbers and booleans stay;
- `Authorization` header values and `Bearer <token>`.

`redact` works on JSON-like values; `redact_text` on any text (a log line, JSON, a Python
repr). `RedactingFormatter` applies both to every record a handler emits, so pygls's own
debug dumps of message bodies are covered too; records below the handler's level are never
formatted, so normal-path logging pays nothing.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

MASK = "***"

# Any of these inside a name marks its value as a credential (over-masking is the safe side).
_WORDS = ("key", "token", "secret", "passw", "passphrase", "pwd", "auth", "credential", "cookie")
_SECRET_NAME = re.compile("|".join(_WORDS), re.I)
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_MAX_NAME = 128  # a longer run is data, not a name: bounds the work per hit

# scheme://userinfo@ : the scheme is bounded and userinfo stops at the delimiters a URL's
# authority cannot contain, so a long token-like run costs linear time. Greedy up to the
# last "@" before a delimiter, as urllib splits `user:p@ss@host`.
_USERINFO = re.compile(r"""\b([A-Za-z][A-Za-z0-9+.\-]{0,15}://)[^\s/?#'"<>\\]*@""")
_BEARER = re.compile(r"\b(bearer\s+)[A-Za-z0-9._~+/=\-]+", re.I)
# An Authorization header written out as text ("Authorization: Basic abc"), to line end.
_AUTH_HEADER = re.compile(
    r"""\b((?:proxy-)?authorization['"]?\s*[:=]\s*['"]?)[^'"\r\n,;}]+""", re.I
)
# At the start of a name: name: "value", 'name': 'value', name='value' (JSON, Python reprs,
# keyword arguments) or name=value (query strings, environment assignments).
# A quoted value is an unrolled loop (runs of plain characters between escapes): linear.
_PAIR_AT = re.compile(
    r"""(?P<name>[A-Za-z0-9_.\-]{1,128})['"]?\s*(?P<sep>[:=])\s*"""
    r'(?:"(?P<dq>[^"\\\n]*+(?:\\.[^"\\\n]*+)*+)"'
    r"""|'(?P<sq>[^'\\\n]*+(?:\\.[^'\\\n]*+)*+)'"""
    r"""|(?P<bare>[^\s&'",;)\]}]+))"""
)
_PLAIN_VALUE = re.compile(r"-?\d+(?:\.\d+)?|true|false|none|null|\*\*\*", re.I)


def is_secret_name(name: str) -> bool:
    """Whether a setting or field of this name may hold a credential."""
    return _SECRET_NAME.search(name) is not None


def redact_url(url: str) -> str:
    """The URL with its userinfo masked (`http://***@host/`); unchanged without one."""
    return _USERINFO.sub(rf"\1{MASK}@", url) if "@" in url else url


def _secret_values(text: str, low: str) -> dict[int, int]:
    """Start -> end of every value written under a credential-like name. Found from the
    names' words (str.find on the lowered text) rather than by a regex tried at every
    position: a megabyte message body costs milliseconds."""
    spans: dict[int, int] = {}
    for word in _WORDS:
        hit = low.find(word)
        while hit >= 0:
            start = hit
            while start > 0 and hit - start < _MAX_NAME and text[start - 1] in _NAME_CHARS:
                start -= 1
            match = _PAIR_AT.match(text, start)
            if match is not None and (start == 0 or text[start - 1] not in _NAME_CHARS):
                quoted = "dq" if match["dq"] is not None else "sq"
                if match[quoted] is not None:
                    if match[quoted]:
                        spans[match.start(quoted)] = match.end(quoted)
                elif match.group("sep") == "=" and not _PLAIN_VALUE.fullmatch(match["bare"]):
                    spans[match.start("bare")] = match.end("bare")
            hit = low.find(word, hit + len(word))
    return spans


def redact_text(text: str) -> str:
    """Free text with every credential the patterns recognise masked."""
    if "@" in text and "://" in text:
        text = _USERINFO.sub(rf"\1{MASK}@", text)
    low = text.lower()
    if "bearer" in low:
        text = _BEARER.sub(rf"\1{MASK}", text)
    if "authorization" in low:
        text = _AUTH_HEADER.sub(rf"\1{MASK}", text)
    low = text.lower()
    if len(low) != len(text):  # a few letters lower to two characters: keep the offsets
        low = text.translate(_ASCII_LOWER)
    spans = _secret_values(text, low)
    if not spans:
        return text
    parts: list[str] = []
    done = 0
    for start in sorted(spans):
        if start < done:
            continue  # inside a value already masked
        parts += (text[done:start], MASK)
        done = spans[start]
    parts.append(text[done:])
    return "".join(parts)


def redact(value: Any, secret: bool = False) -> Any:
    """A JSON-like value (dicts, lists, tuples, scalars) with credentials masked; the input
    is not modified. `secret`: the value sits under a credential-like name."""
    if isinstance(value, dict):
        return {k: redact(v, secret or is_secret_name(str(k))) for k, v in value.items()}
    if isinstance(value, list | tuple):
        items = [redact(v, secret) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    if isinstance(value, str):
        if secret and value:
            return MASK
        return redact_text(value)
    return value


def _has_secret_word(low: str) -> bool:
    return any(word in low for word in _WORDS)  # str.find: far quicker than a regex here


def _redact_arg(arg: Any) -> Any:
    """A logging argument made safe to format, structure kept where it can be."""
    if isinstance(arg, dict | list | tuple):
        return redact(arg)
    if isinstance(arg, str):
        # A JSON body (pygls's "Sending data: %s"): masked by structure, so a credential
        # nested in a list or object under a secret name is caught too.
        head = arg.lstrip()[:1]
        if head in ("{", "[") and _has_secret_word(arg.lower()):
            try:
                return json.dumps(redact(json.loads(arg)))
            except (ValueError, RecursionError):
                return arg
        return arg
    if hasattr(type(arg), "__attrs_attrs__"):  # lsprotocol params (pygls logs InitializeParams)
        import attrs

        try:
            return redact(attrs.asdict(arg))
        except Exception:  # an odd attrs object: the text pass still masks what it can
            return arg
    return arg


class RedactingFormatter(logging.Formatter):
    """A Formatter whose output never holds a recognisable credential: the record's
    arguments are masked by structure, then the whole formatted text (message, exception,
    stack) by pattern. Runs only for records the handler emits."""

    def format(self, record: logging.LogRecord) -> str:
        msg, args = record.msg, record.args
        try:
            if isinstance(msg, dict | list):
                record.msg = redact(msg)
            if isinstance(args, tuple):
                record.args = tuple(_redact_arg(a) for a in args)
            elif isinstance(args, dict):
                record.args = redact(args)
            text = super().format(record)
        except Exception as exc:  # never raise: Handler.handleError prints the raw arguments
            text = f"{record.levelname} {record.name}: unformattable record ({exc!r}): {msg!r}"
        finally:
            record.msg, record.args = msg, args
        # The cached traceback text is reused by other handlers: keep it masked too.
        if record.exc_text:
            record.exc_text = redact_text(record.exc_text)
        return redact_text(text)
