"""The prompt for one completion: stable context first, the text around the cursor last.

Layout (each context section a comment-delimited block, so the model reads it as code):

    <comment> --- file header ---             the file's use/#include/implicit none lines
    <comment> --- enclosing scope ---         declarations of the enclosing procedure/module
    <comment> --- signatures ---              procedures called here, from the index
    <comment> --- from heat_params.f90 ---    recent chunks of other files, one block each
    <comment> --- current file ---            (only when a block precedes it)
    prefix window

Fill-in-the-middle puts the model's tokens around it: psm = PRE [context + prefix] SUF suffix
MID; spm = PRE SUF suffix MID [context + prefix]. Consecutive requests share the context
blocks, so llama.cpp reuses their KV cache (psm only: in spm the suffix comes first).

Over budget, the least important text goes first: recent chunks (the oldest, first in the
text, first), then signatures, enclosing, header (whole statements from their far end), then
the far end of the prefix (from a line start: the lines nearest the cursor stay), then the far
end of the suffix. Only when the cursor's own line does not fit is it cut mid-line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from hpcls.ai.model_family import PromptFormat
from hpcls.ai.types import CompletionContext

CUT_ORDER = ("recent", "signatures", "enclosing", "header", "prefix", "suffix")
_TITLES = (
    ("header", "file header"),
    ("enclosing", "enclosing scope"),
    ("signatures", "signatures"),
)

# A block delimiter line, ours or the context builder's: `! --- from x.f90 ---`.
_DELIMITER = re.compile(r"^[ \t]*(?:!|//|[cC*])[ \t]*--- .* ---[ \t]*$", re.MULTILINE)

# Where a prefix-only model has surely finished: two blank lines, or a blank line before a new
# top-level unit.
_FORTRAN_UNITS = ("program", "module", "subroutine", "function")
_C_UNITS = ("#include", "#define", "int main", "static ", "void ", "typedef ", "struct ")
_LANGUAGE_STOPS: dict[str, tuple[str, ...]] = {
    "fortran": (
        "\n\n\n",
        *(f"\n\n{u} " for u in _FORTRAN_UNITS),
        *(f"\n\n{u.upper()} " for u in _FORTRAN_UNITS),
    ),
    "fortran-fixed": (
        "\n\n\n",
        *(f"\n\n      {u} " for u in _FORTRAN_UNITS),
        *(f"\n\n      {u.upper()} " for u in _FORTRAN_UNITS),
    ),
    "c": ("\n\n\n", *(f"\n\n{u}" for u in _C_UNITS)),
    "cpp": ("\n\n\n", *(f"\n\n{u}" for u in (*_C_UNITS, "template", "namespace ", "class "))),
    "cuda": (
        "\n\n\n",
        *(f"\n\n{u}" for u in (*_C_UNITS, "template", "__global__", "__device__", "class ")),
    ),
}


@dataclass(frozen=True, slots=True)
class Prompt:
    text: str
    stop: tuple[str, ...]
    fim: bool
    prefix: str  # the prefix window as kept
    suffix: str  # the suffix as kept ("" in a prefix-only prompt)
    cut: tuple[str, ...] = ()  # sections shortened or dropped for the budget, in CUT_ORDER


def comment_marker(language: str) -> str:
    return "!" if language.startswith("fortran") else "//"


def block(language: str, title: str, body: str) -> str:
    """A context block: a delimiter comment line, then the body, ending with a line break."""
    return f"{comment_marker(language)} --- {title} ---\n{_line_end(body)}"


def recent_chunk(language: str, name: str, text: str) -> str:
    """A recently edited chunk of another file, as the context builder should join them into
    CompletionContext.recent: `! --- from heat_params.f90 ---` then the text."""
    return block(language, f"from {name}", text)


def split_chunks(recent: str, language: str) -> list[str]:
    """The chunks of CompletionContext.recent, each starting with its delimiter line. Text
    before the first delimiter (or without any) becomes a `recent edits` block."""
    if not recent.strip():
        return []
    starts = [m.start() for m in _DELIMITER.finditer(recent)]
    if not starts or starts[0] > 0:
        head = recent[: starts[0]] if starts else recent
        chunks = [block(language, "recent edits", head)] if head.strip() else []
    else:
        chunks = []
    bounds = [*starts, len(recent)]
    chunks += [_line_end(recent[a:b]) for a, b in pairwise(bounds)]
    return chunks


def statements(text: str, language: str) -> list[str]:
    """Text split into whole statements, each with its line break: a Fortran line ending in
    `&` (or followed by a fixed-form continuation line), a C line ending in `,` `(` `\\` or an
    operator, and comment lines stay with the statement that follows."""
    units: list[str] = []
    joined = False  # the last unit continues on the next line
    for line in _line_end(text).splitlines(keepends=True):
        if units and (joined or not line.strip() or _continues(line, language)):
            units[-1] += line
        else:
            units.append(line)
        joined = _open_ended(line, language)
    return units


def _continues(line: str, language: str) -> bool:
    """A fixed-form continuation line (column 6 marked)."""
    return (
        language == "fortran-fixed"
        and len(line) > 5
        and line[:5].strip() == ""
        and line[5] not in " 0\t\r\n"
        and line[:1] not in "cC*!"
    )


def _open_ended(line: str, language: str) -> bool:
    code = line.strip()
    if language.startswith("fortran"):
        if language == "fortran-fixed" and line[:1] in ("c", "C", "*"):
            return True
        return code.startswith("!") or code.endswith("&")
    if code.startswith(("//", "/*", "*")):
        return True
    return code.endswith((",", "(", "\\", "&&", "||", "=", "+", "-"))


def _line_end(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


def _strip_tokens(text: str, tokens: tuple[str, ...]) -> str:
    for token in tokens:
        if token:
            text = text.replace(token, "")
    return text


def build_prompt(fmt: PromptFormat, ctx: CompletionContext, budget_chars: int) -> Prompt:
    """The prompt for this model and context, at most budget_chars long when it can be (a
    budget smaller than the FIM tokens and the cursor's own line is exceeded)."""
    language = ctx.language
    fim = fmt.fim
    tokens = (fim.prefix, fim.suffix, fim.middle) if fim is not None else ()
    clean = [_strip_tokens(t, tokens) for t in (ctx.header, ctx.enclosing, ctx.signatures)]
    sections = {
        name: statements(text, language) if text.strip() else []
        for (name, _), text in zip(_TITLES, clean, strict=True)
    }
    sections["recent"] = split_chunks(_strip_tokens(ctx.recent, tokens), language)
    prefix = _strip_tokens(ctx.prefix, tokens)
    suffix = _strip_tokens(ctx.suffix, tokens) if fim is not None else ""
    marker = comment_marker(language)

    def render() -> str:
        stable = "".join(
            block(language, title, "".join(sections[name]))
            for name, title in _TITLES
            if sections[name]
        )
        stable += "".join(sections["recent"])
        if stable:
            stable += f"{marker} --- current file ---\n"
        if fim is None:
            return stable + prefix
        if fim.order == "spm":
            return fim.prefix + fim.suffix + suffix + fim.middle + stable + prefix
        return fim.prefix + stable + prefix + fim.suffix + suffix + fim.middle

    cut: list[str] = []
    text = render()
    for name in CUT_ORDER:
        if len(text) <= budget_chars:
            break
        before = len(text)
        if name in sections:
            units = sections[name]
            while units and len(text) > budget_chars:
                units.pop(0)
                text = render()
        elif name == "prefix":
            prefix = _cut_prefix(prefix, len(text) - budget_chars)
        else:
            suffix = _cut_suffix(suffix, len(text) - budget_chars)
        text = render()
        if len(text) < before:
            cut.append(name)
    if len(text) > budget_chars and prefix:  # last resort: into the cursor's line
        prefix = prefix[min(len(prefix), len(text) - budget_chars) :]
        text = render()
        cut += [] if "prefix" in cut else ["prefix"]
    stop = [*fmt.stop, f"\n{marker} --- "]
    if fim is None:
        stop += _LANGUAGE_STOPS.get(language, _LANGUAGE_STOPS["c"])
    return Prompt(text, tuple(dict.fromkeys(stop)), fim is not None, prefix, suffix, tuple(cut))


def _cut_prefix(prefix: str, excess: int) -> str:
    """The prefix without at least `excess` characters at its start, starting at a line
    start; never shorter than the cursor's line."""
    cursor_line = prefix.rfind("\n") + 1
    start = min(excess, len(prefix))
    if start > 0 and prefix[start - 1] != "\n":
        newline = prefix.find("\n", start)
        start = newline + 1 if newline >= 0 else cursor_line
    return prefix[min(start, cursor_line) :]


def _cut_suffix(suffix: str, excess: int) -> str:
    """The suffix without at least `excess` characters at its end, ending at a line break
    where one is left."""
    keep = len(suffix) - excess
    if keep <= 0:
        return ""
    newline = suffix.rfind("\n", 0, keep)
    return suffix[: newline + 1] if newline >= 0 else suffix[:keep]
