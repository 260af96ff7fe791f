"""What the model wrote → what the editor shows: one line or one block, never a parse break.

`wants_multiline` decides the shape: a whole block when the cursor sits on an empty line after
a block opener (`do`, `if (...) then`, `{`, `for (...)` without a body, an OpenMP/OpenACC
directive, a comment), one line anywhere else. `postprocess` then

1. cuts at a markdown fence or a context delimiter line (`! --- from x ---`) the model made up;
2. single line: cuts at the first line break; drops a tail that re-types the rest of the
   cursor's line (`)` `;` ...), when that leaves the brackets no less balanced;
   multi-line: stops at the end of the block (Fortran `end do`/`end if`/... or a labelled
   `continue`, C braces), at a line dedented to the enclosing opener, after the one statement
   a `for (...)` or directive wants, at a paragraph's blank line after a comment; a closer
   of the cursor's block is kept only when the suffix does not close it already; then drops
   trailing lines that repeat the first lines of the suffix;
3. strips trailing whitespace lines, and returns None for nothing;
4. parse check: prefix+completion+suffix must not have more tree-sitter ERROR/MISSING nodes
   than prefix+suffix, in all and starting in the edited lines. A single line that fails is
   rejected (None); a block is TRIMMED to its longest run of whole leading lines that passes
   (None when none does).

Left out: `;`-separated Fortran statements on one line, and `#if` branches that each open a
brace.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hpcls.ai.code_scan import (
    CONTINUES,
    F_DO_LABEL,
    F_LINE_END_OPENER,
    STANDALONE,
    Stmt,
    c_tokens,
    end_of_brace_line,
    f_classify,
    f_statements,
    same_kind,
    strip_comment,
)
from hpcls.analysis.syntax import syntax_findings
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document

# ---------------------------------------------------------------- where the cursor is


@dataclass(frozen=True, slots=True)
class _Cursor:
    lead: str  # the cursor's line up to the cursor
    mode: str  # "body" | "statement" | "paragraph" | "case" | "other"
    opener_indent: int | None  # indentation of the innermost open block's opener
    kind: str  # that block's Fortran kind ("" for C or unknown)
    label: str  # its DO label (Fortran)
    closed: bool  # the suffix closes that block already


def _lead(prefix: str) -> str:
    return prefix[prefix.rfind("\n") + 1 :]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _f_prev_mode(stmt: Stmt | None) -> str:
    if stmt is None:
        return "other"
    if stmt.kind == "comment":
        return "paragraph"
    if stmt.kind == "directive":
        return "other" if STANDALONE.match(stmt.text) else "statement"
    action, kind = f_classify(stmt.text)
    if action == "open":
        return "body"
    if action == "middle":
        return "case" if kind in ("case", "type", "class", "rank") else "body"
    return "other"


def _fortran_cursor(prefix: str, suffix: str, fixed: bool) -> _Cursor:
    lead = _lead(prefix)
    scanned = prefix if lead.strip() else prefix[: len(prefix) - len(lead)]
    stmts = f_statements(scanned.splitlines(), fixed)
    stack: list[tuple[str, int, str]] = []  # kind, indent, label
    for stmt in stmts:
        if stmt.kind != "code":
            continue
        while stmt.label and stack and stack[-1][2] == stmt.label:
            stack.pop()
        action, kind = f_classify(stmt.text)
        if action == "open":
            do_label = F_DO_LABEL.match(stmt.text)
            stack.append((kind, stmt.indent, do_label.group(1) if do_label else ""))
        elif action == "close" and stack:
            stack.pop()
    last = next((s for s in reversed(stmts) if s.kind != "blank"), None)
    mode = _f_prev_mode(last)
    if not stack:
        return _Cursor(lead, mode, None, "", "", True)
    kind, indent, label = stack[-1]
    closed = False
    depth = 0
    for stmt in f_statements((lead + suffix).splitlines(), fixed):
        if stmt.kind != "code" or (stmt.first == 0 and lead.strip()):
            continue
        if label and stmt.label == label:
            closed = True
            break
        action, closer = f_classify(stmt.text)
        depth += {"open": 1, "close": -1}.get(action, 0)
        if depth < 0:
            closed = same_kind(closer, kind) and stmt.indent >= indent
            break
    return _Cursor(lead, mode, indent, kind, label, closed)


def _c_prev_mode(line: str) -> str:
    code = strip_comment(line, "//").strip()
    stripped = line.strip()
    doc_line = stripped.startswith("*") and not code.endswith((";", "{", "}"))  # ` * text`
    if stripped.startswith(("//", "/*")) or stripped.endswith("*/") or doc_line or not code:
        return "paragraph"
    if code.startswith("#"):
        is_pragma = re.match(r"#\s*pragma\s+(omp|acc)\b", code)
        return "statement" if is_pragma and not STANDALONE.match(code) else "other"
    if code.endswith("{"):
        return "body"
    if re.fullmatch(r"(case\b.*|default\s*):", code):
        return "case"
    if re.fullmatch(r"(\}\s*)?(else|do)", code):
        return "statement"
    header = re.match(r"(\}\s*)?(else\s+)?(for|while|if|switch)\s*\(", code)
    if header:
        depth = 0
        for i in range(header.end() - 1, len(code)):
            depth += {"(": 1, ")": -1}.get(code[i], 0)
            if depth == 0:
                return "statement" if i == len(code) - 1 else "other"
    return "other"


def _c_cursor(prefix: str, suffix: str) -> _Cursor:
    lead = _lead(prefix)
    stack: list[int] = []
    line_start = seen = indent = 0
    for offset, ch in c_tokens(prefix):
        if ch == "{":
            # Only from the last `{` on, and one indentation a line: scanning back to the
            # line start at each brace was quadratic on a long line of them (100k `{`).
            newline = prefix.rfind("\n", seen, offset)
            if newline >= 0 or seen == 0:
                line_start = newline + 1
                indent = _indent(prefix[line_start:offset])
            seen = offset
            stack.append(indent)
        elif ch == "}" and stack:
            stack.pop()
    scanned = prefix if lead.strip() else prefix[: len(prefix) - len(lead)]
    previous = next((ln for ln in reversed(scanned.splitlines()) if ln.strip()), "")
    mode = _c_prev_mode(previous) if previous else "other"
    if not stack:
        return _Cursor(lead, mode, None, "", "", True)
    closed, depth = False, 0
    for offset, ch in c_tokens(suffix):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            line = (lead if "\n" not in suffix[:offset] else "") + suffix[
                suffix.rfind("\n", 0, offset) + 1 : offset
            ]
            closed = bool(line.strip()) or _indent(line) >= stack[-1]
            break
    return _Cursor(lead, mode, stack[-1], "", "", closed)


def _cursor(prefix: str, suffix: str, language: LanguageKind) -> _Cursor:
    if language.is_fortran:
        return _fortran_cursor(prefix, suffix, language is LanguageKind.FORTRAN_FIXED)
    return _c_cursor(prefix, suffix)


def wants_multiline(prefix: str, suffix: str, language: LanguageKind) -> bool:
    """A block is wanted at the end of an empty line after a block opener, a body-less
    `for (...)`/`else`, a directive or a comment, and right after `{` or `then`."""
    if suffix.split("\n", 1)[0].strip():
        return False
    lead = _lead(prefix)
    if lead.strip():
        if not language.is_fortran:
            return strip_comment(lead, "//").rstrip().endswith("{")
        stmts = f_statements([lead], language is LanguageKind.FORTRAN_FIXED)
        return bool(stmts) and bool(F_LINE_END_OPENER.search(stmts[-1].text))
    if not prefix[: len(prefix) - len(lead)].strip():
        return False
    return _cursor(prefix, suffix, language).mode in ("body", "statement", "paragraph", "case")


# ---------------------------------------------------------------- block ends


def _fortran_end(cur: _Cursor, completion: str, fixed: bool) -> int:
    """Where the block that starts at the cursor ends, as an offset in completion."""
    text = cur.lead + completion
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    stack: list[str] = []  # DO labels ("" for other blocks) of blocks the completion opened

    def before(i: int) -> int:
        return max(starts[i] - len(cur.lead), 0)

    def after(i: int) -> int:
        return starts[i + 1] - len(cur.lead)

    started, blanks, body = False, 0, None
    for stmt in f_statements(lines, fixed):
        if stmt.first == 0 and cur.lead.strip():
            continue
        if stmt.kind == "blank":
            blanks += 1
            if not stack and (blanks >= 2 or (cur.mode == "paragraph" and started)):
                return before(stmt.first)
            continue
        blanks = 0
        if stmt.kind != "code":
            continue
        if not stack and started and cur.mode == "statement":
            return before(stmt.first)
        if stmt.label and stmt.label in stack:
            while stack and stack[-1] == stmt.label:
                stack.pop()
            started = True
            continue
        if stmt.label and stmt.label == cur.label and not stack:
            return before(stmt.first) if cur.closed else after(stmt.last)
        action, kind = f_classify(stmt.text)
        body = stmt.indent if body is None else body
        dedented = cur.opener_indent is not None and body > cur.opener_indent
        if action == "close":
            if not stack:
                return before(stmt.first) if cur.closed else after(stmt.last)
            stack.pop()
        elif action == "middle":
            if not stack and cur.mode == "case" and kind in ("case", "type", "class", "rank"):
                return before(stmt.first)
        elif not stack and dedented and stmt.indent <= (cur.opener_indent or 0):
            return before(stmt.first)
        if action == "open":
            label = F_DO_LABEL.match(stmt.text)
            stack.append(label.group(1) if label else "")
        started = True
    return len(completion)


def _c_end(cur: _Cursor, completion: str) -> int:
    """Where the block that starts at the cursor ends, as an offset in completion."""
    tokens = c_tokens(completion)
    depth = paren = position = t = blanks = 0
    started, body = False, None
    began_with_do = bool(re.match(r"\s*do\b", completion))
    for number, line in enumerate(completion.splitlines(keepends=True)):
        start, position = position, position + len(line)
        stripped = line.strip()
        if number > 0 and depth == 0 and paren == 0:
            blanks = blanks + 1 if not stripped else 0
            if blanks >= 2 or (blanks and cur.mode == "paragraph" and started):
                return start
            if cur.mode == "case" and re.match(r"(case\b|default\s*:)", stripped):
                return start
            if stripped and not re.match(r"[}#]|//|/\*|\w+\s*:(?!:)", stripped):
                indent = _indent(line)
                body = indent if body is None else body
                opener = cur.opener_indent
                if opener is not None and body > opener and indent <= opener:
                    return start
        elif number == 0 and stripped:
            body = _indent(cur.lead + line)
        started = started or bool(stripped)
        while t < len(tokens) and tokens[t][0] < position:
            offset, ch = tokens[t]
            t += 1
            paren += {"(": 1, ")": -1}.get(ch, 0)
            depth += {"{": 1, "}": -1}.get(ch, 0)
            if depth < 0:
                return offset if cur.closed else end_of_brace_line(completion, offset)
            at_end = depth == 0 and paren <= 0 and cur.mode == "statement"
            if at_end and ch in "};":
                end = end_of_brace_line(completion, offset) if ch == "}" else offset + 1
                rest = completion[end:]
                if not (CONTINUES.match(rest) or (began_with_do and ch == "}")):
                    return end
    return len(completion)


# ---------------------------------------------------------------- suffix repeats


def _brackets(line: str, comment: str) -> tuple[int, int]:
    """(closers without an opener, openers and quotes left open) on one line."""
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    stray, quote = 0, ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif line.startswith(comment, i):
            break
        elif ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if stack and stack[-1] == pairs[ch]:
                stack.pop()
            else:
                stray += 1
    return stray, len(stack) + (1 if quote else 0)


def _drop_inline_repeat(text: str, lead: str, rest: str, comment: str) -> str:
    """Drop the tail of a one-line completion that re-types the start of the rest of the
    line, when that leaves the line's brackets at least as balanced (ties: drop)."""
    if not rest.strip():
        return text
    best, best_bad = 0, sum(_brackets(lead + text + rest, comment))
    for k in range(1, min(len(text), len(rest)) + 1):
        if text.endswith(rest[:k]):
            bad = sum(_brackets(lead + text[:-k] + rest, comment))
            if bad <= best_bad:
                best, best_bad = k, bad
    return text[: len(text) - best]


_CLOSER_LINE = re.compile(r"\}\s*(?:;|while\s*\(.*\)\s*;)?$|end\b(?!\s*=)")


def _drop_repeated_lines(text: str, suffix: str, fortran: bool) -> str:
    """Drop trailing lines of a block that repeat the first lines of the suffix."""

    def norm(line: str) -> str:
        words = " ".join(line.split())
        return words.lower() if fortran else words

    ahead = [norm(ln) for ln in suffix.splitlines() if ln.strip()]
    lines = text.splitlines(keepends=True)
    kept = [i for i, ln in enumerate(lines) if ln.strip()]
    for k in range(min(len(kept), len(ahead)), 0, -1):
        tail = [norm(lines[i]) for i in kept[-k:]]
        # Closers are the block end's business: `}` may close the cursor's block and the
        # suffix's `}` the function.
        if tail == ahead[:k] and not all(_CLOSER_LINE.match(t.lower()) for t in tail):
            return "".join(lines[: kept[-k]])
    return text


# ---------------------------------------------------------------- parse check


def _error_starts(text: str, language: LanguageKind) -> list[int]:
    doc = Document.create("untitled:hpcls-completion", language, 0, text)
    if doc.tree is None:
        return []
    return [doc.to_source(f.start) for f in syntax_findings(doc.tree, doc.parse_source)]


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _errors(prefix: str, completion: str, suffix: str, language: LanguageKind) -> tuple[int, int]:
    """ERROR/MISSING nodes of prefix+completion+suffix: in all, and starting in the edited
    lines (the cursor's line through the end of the line where the completion ends)."""
    start = _size(prefix[: prefix.rfind("\n") + 1])
    end = _size(prefix) + _size(completion) + _size(suffix.split("\n", 1)[0])
    errors = _error_starts(prefix + completion + suffix, language)
    return len(errors), sum(1 for e in errors if start <= e <= end)


def parses_ok(prefix: str, completion: str, suffix: str, language: LanguageKind) -> bool:
    """Whether inserting completion at the cursor adds no tree-sitter ERROR/MISSING node:
    no more in the whole text, and no more starting in the edited lines."""
    new, base = _errors(prefix, completion, suffix, language), _errors(prefix, "", suffix, language)
    return new[0] <= base[0] and new[1] <= base[1]


# ---------------------------------------------------------------- the whole pipeline

_NOISE = re.compile(r"^[ \t]*(?:```|(?:!|//)[ \t]*--- .* ---[ \t]*$)", re.MULTILINE)


def _drop_noise(text: str) -> str:
    if text.lstrip().startswith("```"):  # a fenced block: its body
        text = text.lstrip().partition("\n")[2]
    noise = _NOISE.search(text)
    return text[: noise.start()] if noise else text


def _drop_leading_blank_lines(text: str, lead: str) -> str:
    """On an empty cursor line, a block that starts with blank lines starts at its first line,
    whose indentation the cursor's line already has."""
    if lead.strip() or not text.startswith(("\n", "\r")):
        return text
    lines = text.splitlines(keepends=True)
    while len(lines) > 1 and not lines[0].strip():
        lines.pop(0)
    first = lines[0]
    lines[0] = first[min(len(lead), _indent(first)) :]
    return "".join(lines)


def postprocess(
    completion: str, *, language: LanguageKind, prefix: str, suffix: str, multiline: bool
) -> str | None:
    """The completion to show at the cursor, or None when nothing worth showing is left."""
    lead, rest = _lead(prefix), suffix.split("\n", 1)[0]
    comment = "!" if language.is_fortran else "//"
    text = _drop_noise(completion)
    if not multiline:
        text = text.split("\n", 1)[0].rstrip("\r")
        if language is LanguageKind.FORTRAN and text.rstrip().endswith("&"):
            text = text.rstrip()[:-1]
        text = _drop_inline_repeat(text, lead, rest, comment)
        text = text if rest.strip() else text.rstrip()
        if not text.strip():
            return None
        if _brackets(lead + text + rest, comment)[0] > _brackets(lead + rest, comment)[0]:
            return None  # closes brackets that nothing opened
        return text if parses_ok(prefix, text, suffix, language) else None
    text = _drop_leading_blank_lines(text, lead)
    cur = _cursor(prefix, suffix, language)
    if language.is_fortran:
        text = text[: _fortran_end(cur, text, language is LanguageKind.FORTRAN_FIXED)]
    else:
        text = text[: _c_end(cur, text)]
    text = _drop_repeated_lines(text.rstrip(), suffix, language.is_fortran).rstrip()
    base = _errors(prefix, "", suffix, language)
    lines = text.split("\n")
    for n in range(len(lines), 0, -1):  # whole lines, longest first
        candidate = "\n".join(lines[:n]).rstrip()
        new = _errors(prefix, candidate, suffix, language) if candidate.strip() else None
        if new is not None and new[0] <= base[0] and new[1] <= base[1]:
            return candidate
    return None
