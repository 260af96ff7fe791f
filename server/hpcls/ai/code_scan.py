"""Scanners for model output: Fortran statements (free and fixed form, continuations,
construct openers and closers) and C-family tokens (strings, comments, braces).

Text-level on purpose: a completion is a fragment that tree-sitter cannot parse alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- Fortran statements

NAME = r"(?:[a-z_]\w*\s*:\s*)?"  # a construct name, `outer: do ...`
F_OPEN = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("do", NAME + r"do\b(?!\s*=)"),
        ("if", NAME + r"if\s*\(.*\)\s*then$"),
        ("select", NAME + r"select\s*(?:case|type|rank)\b"),
        ("associate", NAME + r"associate\s*\("),
        ("block", NAME + r"block$"),
        ("critical", NAME + r"critical\s*(?:\(.*\))?$"),
        ("interface", r"(?:abstract\s+)?interface\b(?!\s*=)"),
        ("type", r"type\s*(?:,[^:]*)?::\s*\w+$|type\s+(?!is\b)[a-z_]\w*$"),
        ("enum", r"enum\s*,"),
        ("program", r"program\s+\w+"),
        ("module", r"module\s+(?!procedure\b)[a-z_]\w*$"),
        ("submodule", r"submodule\s*\("),
        (
            "procedure",
            r"(?:(?:pure|impure|elemental|recursive|non_recursive|module|integer|real|"
            r"double\s+precision|complex|logical|character|type|class)\b(?:\s*\([^)]*\))?"
            r"(?:\s*\*\s*\d+)?\s*)*(?:subroutine|function)\s+[a-z_]\w*",
        ),
    )
)
F_CONSTRUCT = re.compile(NAME + r"(where|forall)\s*\(")
F_MIDDLE = re.compile(
    r"(else(?:\s*if\s*\(.*\)\s*then)?$|(case|rank)\s*(?:\(|default\b)|type\s+is\b"
    r"|class\s+(?:is|default)\b|contains$|elsewhere\b)"
)
F_END = re.compile(
    r"end\s*(do|if|select|subroutine|function|program|module|submodule|interface|type|"
    r"block|associate|where|forall|critical|enum|procedure)?(?:\s+\w+)*\s*$"
)
F_DO_LABEL = re.compile(NAME + r"do\s+(\d+)\b")
F_LINE_END_OPENER = re.compile(r"(\bthen|^else|^contains|^block)$")
# Directives that stand alone: no statement or block follows that they apply to.
STANDALONE = re.compile(
    r"(?:[!*c]\$|#\s*pragma\s+)(?:omp|acc)\s+(?:end|barrier|taskwait|taskyield|flush|"
    r"threadprivate|declare|update|wait|enter|exit|cancel|routine|requires|init|shutdown|set|"
    r"cache)\b|#\s*pragma\s+once"
)


@dataclass(frozen=True, slots=True)
class Stmt:
    first: int  # index of its first line
    last: int  # index of its last line (continuations)
    kind: str  # "code" | "comment" | "directive" | "blank"
    text: str  # lower-case code: no label, no comment, continuations joined
    label: str
    indent: int  # columns before the code (in the statement field, for fixed form)


def strip_comment(code: str, marker: str = "!") -> str:
    quote = ""
    for i, ch in enumerate(code):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif code.startswith(marker, i):
            return code[:i]
    return code


def f_statements(lines: list[str], fixed: bool) -> list[Stmt]:
    out: list[Stmt] = []
    joining = False  # free form: the last statement ended with `&`
    for i, line in enumerate(lines):
        raw = line.rstrip("\r\n")
        stripped = raw.strip()
        kind = "code"
        if not stripped:
            kind = "blank"
        elif (fixed and raw[:1] in "cC*!dD") or stripped.startswith("!"):
            sentinel = stripped[1:5].lower()
            kind = "directive" if sentinel in ("$omp", "$acc") else "comment"
        if kind != "code":
            if not joining or kind == "blank":
                out.append(Stmt(i, i, kind, stripped.lower(), "", 0))
            continue
        if fixed:
            field = raw[6:72]
            code = strip_comment(field).strip().lower()
            continued = len(raw) > 5 and not raw[:5].strip() and raw[5] not in " 0"
            if continued and out and out[-1].kind == "code":
                last = out[-1]
                out[-1] = Stmt(
                    last.first, i, "code", f"{last.text} {code}", last.label, last.indent
                )
                continue
            indent = len(field) - len(field.lstrip())
            out.append(Stmt(i, i, "code", code, raw[:5].strip(), indent))
            continue
        code = strip_comment(raw).strip().lower()
        more = code.endswith("&")
        code = code.rstrip("&").rstrip()
        if joining and out and out[-1].kind == "code":
            last = out[-1]
            text = f"{last.text} {code.lstrip('&').lstrip()}"
            out[-1] = Stmt(last.first, i, "code", text, last.label, last.indent)
        else:
            label = re.match(r"(\d+)\s+", code)
            code = code[label.end() :] if label else code
            indent = len(raw) - len(raw.lstrip())
            out.append(Stmt(i, i, "code", code, label.group(1) if label else "", indent))
        joining = more
    return out


def f_classify(text: str) -> tuple[str, str]:
    """("open"|"close"|"middle"|"", block kind) of one statement."""
    end = F_END.match(text)
    if end:
        return "close", end.group(1) or ""
    if F_MIDDLE.match(text):
        return "middle", re.match(r"[a-z]*", text).group()  # type: ignore[union-attr]
    construct = F_CONSTRUCT.match(text)
    if construct:  # `where (mask)` alone opens a block; `where (mask) a = b` does not
        depth, i = 0, construct.end() - 1
        for i in range(construct.end() - 1, len(text)):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            if depth == 0:
                break
        return ("open", construct.group(1)) if not text[i + 1 :].strip() else ("", "")
    for kind, pattern in F_OPEN:
        if pattern.match(text):
            return "open", "subroutine" if kind == "procedure" else kind
    return "", ""


def same_kind(closer: str, opener: str) -> bool:
    both = {closer, opener}
    return not closer or not opener or closer == opener or both <= {"subroutine", "function"}


# ---------------------------------------------------------------- C-family tokens


def c_tokens(text: str) -> list[tuple[int, str]]:
    """Offsets of `{ } ( ) ;` outside comments, strings and preprocessor lines."""
    out: list[tuple[int, str]] = []
    i, n, line_start = 0, len(text), True
    while i < n:
        ch = text[i]
        if ch == "\n" or (line_start and ch in " \t\r"):
            line_start = line_start or ch == "\n"
            i += 1
            continue
        if line_start and ch == "#":  # a directive, continued by backslashes
            while i < n and text[i] != "\n":
                i += 2 if text.startswith("\\\n", i) else 1
            continue
        line_start = False
        if text.startswith("//", i):
            newline = text.find("\n", i)
            i = n if newline < 0 else newline
            continue
        if text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
            continue
        if ch in "\"'":
            i += 1
            while i < n and text[i] not in (ch, "\n"):
                i += 2 if text[i] == "\\" else 1
        elif ch in "{}();":
            out.append((i, ch))
        i += 1
    return out


AFTER_BRACE = re.compile(r"\s*(?:;|while\s*\(.*\)\s*;)?\s*(?://.*)?$")
CONTINUES = re.compile(r"\s*(else|catch)\b")


def end_of_brace_line(text: str, offset: int) -> int:
    """Just after the `}` at offset, with the rest of its line when it is `;` or `while (...);`."""
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return end if AFTER_BRACE.match(text[offset + 1 : end]) else offset + 1
