"""What the IR does not record about calls, read back from the source text: the byte range
of each actual argument of a call, the order of a procedure's dummy arguments, and the
value of a simple integer expression. Every reader answers None when the text is not in
the plain form it understands; callers then stay conservative."""

from __future__ import annotations

import re

from hpcls.analysis.ir import Affine, Span

_NAME = re.compile(rb"[A-Za-z_][A-Za-z_0-9]*")
_CLOSE = {ord(")"): ord("("), ord("]"): ord("["), ord("}"): ord("{")}


def _group(source: bytes, open_at: int, fortran: bool) -> list[tuple[int, int]] | None:
    """The top-level comma-separated ranges inside the parentheses opening at `open_at`."""
    stack: list[int] = []
    parts: list[tuple[int, int]] = []
    start = open_at + 1
    at = open_at
    quote = 0
    while at < len(source):
        ch = source[at]
        if quote:
            quote = 0 if ch == quote else quote
        elif ch in (ord("'"), ord('"')):
            quote = ch
        elif fortran and ch == ord("!"):
            end = source.find(b"\n", at)
            at = len(source) if end < 0 else end
            continue
        elif not fortran and source.startswith(b"/*", at):
            end = source.find(b"*/", at + 2)
            if end < 0:
                return None
            at = end + 2
            continue
        elif not fortran and source.startswith(b"//", at):
            return None
        elif ch in (ord("("), ord("["), ord("{")):
            stack.append(ch)
        elif ch in _CLOSE:
            if not stack or stack.pop() != _CLOSE[ch]:
                return None
            if not stack:
                parts.append((start, at))
                return [p for p in parts if source[p[0] : p[1]].strip()] or []
        elif ch == ord(",") and len(stack) == 1:
            parts.append((start, at))
            start = at + 1
        elif ch == ord(";") and not fortran:
            return None
        at += 1
    return None


def _trim(source: bytes, part: tuple[int, int], fortran: bool) -> tuple[int, int]:
    start, end = part
    blank = b" \t\r\n&" if fortran else b" \t\r\n"
    while start < end and source[start] in blank:
        start += 1
    while end > start and source[end - 1] in blank:
        end -= 1
    return start, end


def call_arguments(source: bytes, span: Span, name: str, fortran: bool) -> list[Span] | None:
    """The trimmed byte ranges of the actual arguments of the call to `name` at `span`."""
    text = source[span.start : span.end]
    flags = re.IGNORECASE if fortran else 0
    m = re.search(rb"(?<![A-Za-z_0-9])" + re.escape(name.encode()) + rb"\s*\(", text, flags)
    if m is None:
        return None
    before = text[: m.start()].rstrip()
    if before.endswith((b".", b"->", b"::", b"%")):
        return None  # a member call: which body runs is decided at run time
    parts = _group(source, span.start + m.end() - 1, fortran)
    if parts is None:
        return None
    if len(parts) == 1 and not source[parts[0][0] : parts[0][1]].strip():
        return []
    return [Span(*_trim(source, p, fortran), span.line) for p in parts]


def parameter_names(source: bytes, span: Span, name: str, fortran: bool) -> list[str] | None:
    """The dummy argument names of the procedure whose text is `span`, in order: for C the
    last identifier of each declaration (`const double *restrict a` gives a)."""
    flags = re.IGNORECASE if fortran else 0
    text = source[span.start : span.end]
    m = re.search(rb"(?<![A-Za-z_0-9:])" + re.escape(name.encode()) + rb"\s*\(", text, flags)
    if m is None:
        return None
    parts = _group(source, span.start + m.end() - 1, fortran)
    if parts is None:
        return None
    out: list[str] = []
    for start, end in parts:
        piece = source[start:end].split(b"[", 1)[0].split(b"=", 1)[0]
        names = _NAME.findall(piece)
        if not names or b"(" in piece or b"..." in piece:
            return None
        word = names[-1].decode()
        if word == "void" and len(parts) == 1:
            return []
        out.append(word.lower() if fortran else word)
    return out


def result_name(source: bytes, span: Span) -> str | None:
    """The `result(name)` of a Fortran function whose text is `span`."""
    head = source[span.start : span.end].split(b"\n", 1)[0]
    m = re.search(rb"\)\s*result\s*\(\s*([A-Za-z_][A-Za-z_0-9]*)\s*\)", head, re.IGNORECASE)
    return m.group(1).decode().lower() if m else None


_TOKEN = re.compile(rb"\s*(?:(\d+)|([A-Za-z_][A-Za-z_0-9]*)|(.))")


def parse_affine(text: bytes, fortran: bool) -> Affine | None:
    """`n - i - 1`, `2*k + 1`, `(i)`: integers, names, + - * and parentheses only."""
    tokens: list[bytes | int | str] = []
    for m in _TOKEN.finditer(text):
        if m.group(1):
            tokens.append(int(m.group(1)))
        elif m.group(2):
            word = m.group(2).decode()
            tokens.append(word.lower() if fortran else word)
        elif m.group(3):
            if m.group(3) not in b"+-*()":
                return None
            tokens.append(m.group(3))
    pos = 0

    def peek() -> bytes | int | str | None:
        return tokens[pos] if pos < len(tokens) else None

    def atom() -> Affine | None:
        nonlocal pos
        tok = peek()
        pos += 1
        if isinstance(tok, int):
            return Affine.const(tok)
        if isinstance(tok, str):
            return Affine.var(tok)
        if tok == b"-":
            inner = atom()
            return None if inner is None else -inner
        if tok == b"(":
            inner = expr()
            if peek() != b")":
                return None
            pos += 1
            return inner
        return None

    def term() -> Affine | None:
        nonlocal pos
        out = atom()
        while out is not None and peek() == b"*":
            pos += 1
            right = atom()
            out = None if right is None else out * right
        return out

    def expr() -> Affine | None:
        nonlocal pos
        out = term()
        while out is not None and peek() in (b"+", b"-"):
            sign = peek()
            pos += 1
            right = term()
            out = None if right is None else out + right if sign == b"+" else out - right
        return out

    result = expr()
    return result if pos == len(tokens) else None
