"""The context builder: what a completion prompt shows besides the text around the cursor.

`build_context(doc, offset, index, recent, budget)` reads one immutable snapshot and returns a
CompletionContext, most stable section first:

- header: the file's `use` / `include` / `#include` lines and the `implicit` statements of
  the units around the cursor, each line once, in file order;
- enclosing: the declarations of the enclosing procedure (its statement, dummy arguments,
  locals; for C-family the signature and the locals above the cursor) and of its host (module
  variables, parameters, types; for C-family the file's types, macros and globals the
  function uses, and an inline method's class members), never executable statements;
- signatures: the procedures called in the enclosing procedure before the cursor and defined
  elsewhere (another file, through the index; or this file, outside the prefix/suffix
  windows), each block tagged with its file;
- recent: recently edited chunks of other files (RecentEdits), oldest first;
- prefix / suffix: the windows around the cursor, cut at line boundaries at their far ends.

Header, enclosing and signatures do not change while one types inside a procedure (until a
new call or declaration is complete), so consecutive prompts share a long prefix and
llama.cpp reuses its KV cache. Each section gets a share of the budget that depends on the
budget and on the (stable) sections before it, never on the windows, and is cut between whole
blocks of lines. Broken code never raises: what
cannot be read is left out, at worst leaving the prefix and suffix alone.

Cost: the cursor's ancestors, the specification parts of the units around it, depth-limited
queries over the file's top level (cached per tree) and index lookups by name; the edited
document's whole-file outline is never computed here. The tree walks are bounded
(context_walk.py): on pathological nesting the context is partial, never slow.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hpcls.ai.context_c import c_parts
from hpcls.ai.context_fortran import fortran_parts
from hpcls.ai.context_index import IndexView
from hpcls.ai.context_parts import Parts
from hpcls.ai.context_recent import RecentChunk, RecentEdits
from hpcls.ai.context_text import (
    char_start,
    comment_prefix,
    display_path,
    fit,
    prefix_window,
    suffix_window,
    unique,
)
from hpcls.ai.types import CompletionContext
from hpcls.workspace.document import Document
from hpcls.workspace.index import WorkspaceIndex

__all__ = ["ContextBudget", "RecentChunk", "RecentEdits", "build_context"]

log = logging.getLogger(__name__)

# Shares of the context budget (total - prefix - suffix) that each section may take, in
# order; a section also never takes more than what the ones before it left.
HEADER_SHARE = 0.2
ENCLOSING_SHARE = 0.45
SIGNATURES_SHARE = 0.45
RECENT_SHARE = 0.3


@dataclass(frozen=True, slots=True)
class ContextBudget:
    """Characters for the whole context, and for the windows before and after the cursor.
    What the windows leave (total - prefix - suffix) goes to the other sections."""

    total_chars: int = 6000
    prefix_chars: int = 2400
    suffix_chars: int = 800

    def split(self) -> tuple[int, int, int]:
        """(prefix, suffix, context) character limits, never negative, summing to at most
        total_chars."""
        total = max(0, self.total_chars)
        prefix = min(max(0, self.prefix_chars), total)
        suffix = min(max(0, self.suffix_chars), total - prefix)
        return prefix, suffix, total - prefix - suffix


def build_context(
    doc: Document,
    offset: int,
    index: WorkspaceIndex | None,
    recent: RecentEdits | None,
    budget: ContextBudget,
) -> CompletionContext:
    """The context for a completion at byte offset of doc.source. Pure over the snapshot
    (the index is only read) and deterministic."""
    language = doc.language.value if doc.language is not None else ""
    offset = char_start(doc.source, offset)
    prefix_limit, suffix_limit, context_limit = budget.split()
    # Windows end at line ends: the LF view has them at "\n" whatever the file uses.
    prefix_start, prefix = prefix_window(doc.lf_source, offset, prefix_limit)
    suffix_end, suffix = suffix_window(doc.lf_source, offset, suffix_limit)
    parts = Parts()
    view = IndexView(index, doc.uri) if index is not None else None
    if context_limit > 0 and doc.tree is not None and doc.language is not None:
        try:
            read = fortran_parts if doc.language.is_fortran else c_parts
            read(doc, offset, (prefix_start, suffix_end), view, parts)
        except Exception:  # broken code must never cost the completion: keep what was read
            log.debug("context for %s at %d is partial", doc.uri, offset, exc_info=True)
    if prefix_start == 0:
        # The window shows the whole file above the cursor: blocks taken from there would
        # only repeat it (and a copy above the prefix misleads a small model). Only in this
        # case: in a longer file, a block that scrolls out of the window would otherwise
        # appear in the prompt's stable head and cost the KV cache at that keystroke.
        shown = _not_in(prefix)
        parts.header = shown(parts.header)
        parts.own = shown(parts.own)
        parts.host = shown(parts.host)
        parts.signatures = shown(parts.signatures)
    left = context_limit
    header = fit(unique(parts.header), _share(HEADER_SHARE, context_limit, left))
    left -= len(header)
    enclosing = _enclosing(parts, _share(ENCLOSING_SHARE, context_limit, left))
    left -= len(enclosing)
    signatures = fit(unique(parts.signatures), _share(SIGNATURES_SHARE, context_limit, left))
    left -= len(signatures)
    recent_text = ""
    if recent is not None and left > 0:
        roots = view.roots if view is not None else []
        recent_text = _recent(
            recent.chunks(exclude_uri=doc.uri),
            comment_prefix(doc.language),
            roots,
            _share(RECENT_SHARE, context_limit, left),
        )
    return CompletionContext(
        language=language,
        header=header,
        enclosing=enclosing,
        signatures=signatures,
        recent=recent_text,
        prefix=prefix,
        suffix=suffix,
    )


def _not_in(window: str) -> Callable[[list[str]], list[str]]:
    """A filter that drops the blocks whose every line is a line of the window."""
    lines = {line.strip() for line in window.splitlines()}

    def keep(blocks: list[str]) -> list[str]:
        return [b for b in blocks if not all(x.strip() in lines for x in b.splitlines())]

    return keep


def _share(share: float, total: int, left: int) -> int:
    return max(0, min(int(share * total), left))


def _enclosing(parts: Parts, limit: int) -> str:
    """The enclosing procedure's own blocks get the budget first; its host's blocks (and
    the types it uses) take the rest, and are printed first."""
    own = fit(unique(parts.own), limit)
    host = fit([b for b in unique(parts.host) if b not in parts.own], limit - len(own))
    return host + own


def _recent(chunks: list[RecentChunk], comment: str, roots: Sequence[Path], limit: int) -> str:
    """Chunks newest first until the budget is spent, printed oldest first: the newest
    nearest the cursor, the oldest first to go when the prompt is cut."""
    kept: list[str] = []
    used = 0
    for chunk in chunks:
        name = display_path(chunk.uri, roots)
        block = f"{comment} --- from {name} ---\n{chunk.text}\n"
        if used + len(block) <= limit:
            kept.append(block)
            used += len(block)
    return "".join(reversed(kept))
