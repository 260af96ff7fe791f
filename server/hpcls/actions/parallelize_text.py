"""The text of a `parallel for` / `parallel do` directive for a loop verdict, and where
it goes: above the loop header with its indentation (column 1 in fixed form), and for
Fortran a matching `end parallel do` after the loop. Lines are wrapped to stay inside
fixed form's 72 columns and free form's 132, with the language's continuation."""

from __future__ import annotations

from dataclasses import dataclass

from hpcls.analysis.dependence import LoopVerdict
from hpcls.analysis.reduction_ops import reduction_operator
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.line_ends import lf_view, newline_at

# Fortran line limits: fixed form reads columns 1-72, free form allows 132.
FIXED_FORM_WIDTH = 72
FREE_FORM_WIDTH = 132


@dataclass(frozen=True, slots=True)
class Insertion:
    at: int  # source byte offset
    text: str


def clauses(verdict: LoopVerdict, fortran: bool) -> list[str]:
    """`collapse(n)`, `private(...)`, `lastprivate(...)`, `reduction(op: ...)`, in that
    order, names sorted so the text is stable."""
    out: list[str] = []
    if verdict.collapse > 1:
        out.append(f"collapse({verdict.collapse})")
    if verdict.private:
        out.append(f"private({', '.join(sorted(verdict.private))})")
    if verdict.lastprivate:
        out.append(f"lastprivate({', '.join(sorted(verdict.lastprivate))})")
    by_op: dict[str, list[str]] = {}
    for reduction in verdict.reductions:
        op = reduction_operator(reduction.op, fortran)
        if op is None:
            raise ValueError(f"no OpenMP reduction for {reduction.op!r}")
        by_op.setdefault(op, []).extend(reduction.vars)
    for op, names in sorted(by_op.items()):
        out.append(f"reduction({op}: {', '.join(sorted(set(names)))})")
    return out


def _wrap(head: str, words: list[str], width: int, cont_end: str, cont_start: str) -> str:
    """`head word word ...` over lines no longer than `width`, each continued line
    ending with `cont_end` and the next starting with `cont_start`."""
    lines: list[str] = []
    line = head
    for word in words:
        if len(line) + 1 + len(word) + len(cont_end) > width and line != head.rstrip():
            lines.append(line + cont_end)
            line = cont_start + word
        else:
            line = f"{line} {word}"
    lines.append(line)
    return "\n".join(lines)


def directive_lines(
    verdict: LoopVerdict, language: LanguageKind, indent: str
) -> tuple[str, str | None]:
    """(the opening directive text with its line break, the Fortran end directive or
    None). `indent` is the loop header's leading whitespace."""
    words = clauses(verdict, language.is_fortran)
    if language is LanguageKind.FORTRAN_FIXED:
        # `!$omp` in columns 1-5; a continuation has a character in column 6.
        text = _wrap("!$omp parallel do", words, FIXED_FORM_WIDTH, "", "!$omp&")
        return text + "\n", "!$omp end parallel do\n"
    if language.is_fortran:
        text = _wrap(f"{indent}!$omp parallel do", words, FREE_FORM_WIDTH, " &", f"{indent}!$omp&")
        return text + "\n", f"{indent}!$omp end parallel do\n"
    return _wrap(f"{indent}#pragma omp parallel for", words, 10_000, "", "") + "\n", None


def insertions(
    source: bytes,
    header_start: int,
    loop_end: int,
    verdict: LoopVerdict,
    language: LanguageKind,
    braces: bool = False,
    *,
    lf: bytes | None = None,
) -> tuple[Insertion, ...]:
    """The insertions that parallelize the loop whose header starts on the line holding
    `header_start` and whose last byte is before `loop_end`. `braces` (C): the loop is the
    whole body of a `for`/`if` written without braces, where a directive line would end
    that statement: the loop and its directive go in a block. `lf`: the source's LF view
    (line_ends.py) when the caller has it. Inserted lines end as the header's line does."""
    lf = lf_view(source) if lf is None else lf
    line_start = lf.rfind(b"\n", 0, header_start) + 1
    raw = source[line_start:header_start]
    indent = raw[: len(raw) - len(raw.lstrip(b" \t"))].decode("utf-8", "replace")
    opening, closing = directive_lines(verdict, language, indent)
    newline = newline_at(source, line_start)
    if braces and not language.is_fortran:
        opening = f"{indent}{{\n{opening}"
        return (
            Insertion(line_start, opening.replace("\n", newline)),
            Insertion(loop_end, f"{newline}{indent}}}"),
        )
    edits = [Insertion(line_start, opening.replace("\n", newline))]
    if closing is not None:
        end = lf.find(b"\n", max(loop_end - 1, 0))
        at = len(source) if end < 0 else end + 1
        text = closing.replace("\n", newline)
        if end < 0:
            text = newline + text
        edits.append(Insertion(at, text))
    return tuple(edits)
