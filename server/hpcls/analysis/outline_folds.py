"""Folding ranges: constructs from grammars/<grammar>/folds.scm, plus runs of comment lines
and of `use`/`#include` lines joined here."""

from __future__ import annotations

import re

import tree_sitter

from hpcls.analysis.outline_common import end_row, node_end, run_query
from hpcls.analysis.outline_model import Fold
from hpcls.languages.registry import LanguageKind

# Fortran directives (`!$omp`, `!$acc`, `!dir$`, `!DEC$`) look like comments but are code:
# a run of them is not a comment block.
_DIRECTIVE = re.compile(rb"^\s*!\s*\w*\$")


def _whole_line(source: bytes, node: tree_sitter.Node) -> bool:
    """Whether nothing but blanks precedes the node on its line (not a trailing comment)."""
    line_start = source.rfind(b"\n", 0, node.start_byte) + 1
    return not source[line_start : node.start_byte].strip()


def _runs(spans: list[tuple[int, int, int, int]], source: bytes, kind: str) -> list[Fold]:
    """Join (start_row, end_row, start_byte, end_byte) items separated only by blank lines
    (comments: by nothing) into folds of two lines or more."""
    out: list[Fold] = []
    spans.sort()
    run: list[int] | None = None  # [start_row, end_row, end_byte]
    for start_row, last_row, start, end in spans:
        if run is not None:
            gap = source[run[2] : start]
            adjacent = start_row == run[1] + 1 if kind == "comment" else not gap.strip()
            if adjacent and start_row > run[1]:
                run[1], run[2] = last_row, end
                continue
            if run[1] > run[0]:
                out.append(Fold(run[0], run[1], kind))
        run = [start_row, last_row, end]
    if run is not None and run[1] > run[0]:
        out.append(Fold(run[0], run[1], kind))
    return out


def folds(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Fold]:
    regions: list[Fold] = []
    comments: list[tuple[int, int, int, int]] = []
    imports: list[tuple[int, int, int, int]] = []
    for m in run_query(kind, "folds", tree.root_node):
        node = m.node
        if node.is_missing or node.end_byte <= node.start_byte:
            continue
        span = (
            node.start_point.row,
            end_row(source, node),
            node.start_byte,
            node_end(source, node),
        )
        if m.tag == "comment":
            body = source[node.start_byte : node.end_byte]
            if _whole_line(source, node) and not (kind.is_fortran and _DIRECTIVE.match(body)):
                comments.append(span)
        elif m.tag == "imports":
            imports.append(span)
        elif span[1] > span[0]:
            regions.append(Fold(span[0], span[1], "region"))
    # One fold per start line, the widest; regions win ties.
    best: dict[int, Fold] = {}
    for fold in [*regions, *_runs(imports, source, "imports"), *_runs(comments, source, "comment")]:
        kept = best.get(fold.start_line)
        if kept is None or fold.end_line > kept.end_line:
            best[fold.start_line] = fold
    return [best[line] for line in sorted(best)]
