"""Helpers shared by the per-language halves of hpcls.analysis.outline."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import tree_sitter

from hpcls.analysis.outline_model import SYMBOL_KINDS, Declaration, Symbol
from hpcls.analysis.tree_walk import SYMBOL_DEPTH, QueryRun, truncated
from hpcls.analysis.tree_walk import run_query as bounded_query
from hpcls.languages.registry import LanguageKind, load_query

# Kinds that can hold other symbols in the outline; the rest are leaves, so that two
# variables declared by one statement (same range) stay siblings.
CONTAINER_KINDS = SYMBOL_KINDS - {"variable", "constant", "macro", "field", "common"}

_DETAIL_MAX = 100


@dataclass(slots=True)
class Entry:
    """A named thing found in a file, before it becomes a Symbol and/or a Declaration."""

    name: str
    kind: str
    detail: str
    start: int  # whole construct (the outline range)
    end: int
    decl_start: int  # the declaring statement (the hover range)
    decl_end: int
    name_start: int
    name_end: int
    scope_start: int
    scope_end: int
    symbol: bool = True  # shown in the outline
    declaration: bool = True  # something go-to-definition may land on
    decl_name: str = ""  # name for lookups when it differs (C++ `A::f` is found as `f`)
    decl_name_start: int = -1
    decl_name_end: int = -1


@dataclass(frozen=True, slots=True)
class Match:
    """One query match: the tag after `definition.`/`import.`/`fold`, its node and captures."""

    tag: str
    node: tree_sitter.Node
    captures: dict[str, list[tree_sitter.Node]]

    def one(self, name: str) -> tree_sitter.Node | None:
        nodes = self.captures.get(name)
        return nodes[0] if nodes else None


def run_query(kind: LanguageKind, query_name: str, root: tree_sitter.Node) -> list[Match]:
    """The matches of grammars/<grammar>/<query_name>.scm, each keyed by its main capture.

    The main capture is the one named `definition.X`, `import.X` or `fold[.X]`; the tag is X
    ("" for a bare @fold).
    """
    return query_matches(kind, query_name, root)[0]


def query_matches(
    kind: LanguageKind, query_name: str, root: tree_sitter.Node
) -> tuple[list[Match], QueryRun]:
    """run_query's matches, and the bounded run they came from (for its `Nav`)."""
    query = load_query(kind, query_name)
    if query is None:
        return [], QueryRun([])
    run = bounded_query(query, root, f"{kind.value} {query_name} query")
    found: list[Match] = []
    for _, captures in run.matches:
        for cname, nodes in captures.items():
            head, _, tag = cname.partition(".")
            if head in ("definition", "import", "fold") and nodes:
                found.append(Match(tag, nodes[0], captures))
                break
    return found, run


def query_has(kind: LanguageKind, query_name: str, capture: str) -> bool:
    """Whether grammars/<grammar>/<query_name>.scm names `capture`."""
    query = load_query(kind, query_name)
    return query is not None and any(
        query.capture_name(i) == capture for i in range(query.capture_count)
    )


def text(source: bytes, start: int, end: int) -> str:
    return source[start:end].decode("utf-8", errors="replace")


def node_text(source: bytes, node: tree_sitter.Node) -> str:
    return text(source, node.start_byte, node.end_byte)


_CONTINUATION = re.compile(r"&[ \t]*(![^\n]*)?\n[ \t]*&?|\\\n")
_SPACES = re.compile(r"\s+")


def collapse(raw: str, limit: int = _DETAIL_MAX, *, one_statement: bool = False) -> str:
    """One short line: continuation lines joined, runs of blanks made one space.

    one_statement keeps only the first Fortran statement (what a broken header swallowed
    after its line is noise).
    """
    joined = _CONTINUATION.sub(" ", raw)
    if one_statement:
        joined = joined.split("\n", 1)[0]
    one_line = _SPACES.sub(" ", joined).strip()
    if len(one_line) > limit:
        return one_line[: limit - 1].rstrip() + "…"
    return one_line


def trimmed_end(source: bytes, start: int, end: int) -> int:
    """`end` pulled back over trailing blanks: Fortran statements own their newline."""
    while end > start and source[end - 1] in b" \t\r\n\f\v":
        end -= 1
    return end


def node_end(source: bytes, node: tree_sitter.Node) -> int:
    return trimmed_end(source, node.start_byte, node.end_byte)


def end_row(source: bytes, node: tree_sitter.Node) -> int:
    """The row of the node's last non-blank byte (tree-sitter's row when nothing is trimmed)."""
    end = node_end(source, node)
    return node.end_point.row - source.count(b"\n", end, node.end_byte)


def nest(entries: list[Entry]) -> list[Symbol]:
    """Build the outline tree from flat entries by range containment."""
    ordered = sorted(
        (e for e in entries if e.symbol),
        key=lambda e: (e.start, -e.end, e.name_start),
    )
    roots: list[_Builder] = []
    stack: list[_Builder] = []
    too_deep = False
    for entry in ordered:
        node = _Builder(entry)
        while stack and not (
            stack[-1].entry.start <= entry.start and entry.end <= stack[-1].entry.end
        ):
            stack.pop()
        (stack[-1].children if stack else roots).append(node)
        if entry.kind not in CONTAINER_KINDS:
            continue
        if len(stack) < SYMBOL_DEPTH:
            stack.append(node)
        elif not too_deep:  # deeper containers hold nothing: their insides are listed flat
            too_deep = True
            truncated(f"outline nested deeper than {SYMBOL_DEPTH}: deeper symbols listed flat")
    return [b.freeze() for b in roots]


@dataclass(slots=True)
class _Builder:
    entry: Entry
    children: list[_Builder] = field(default_factory=list)

    def freeze(self) -> Symbol:
        e = self.entry
        return Symbol(
            name=e.name,
            kind=e.kind,
            detail=e.detail,
            start=e.start,
            end=e.end,
            name_start=e.name_start,
            name_end=e.name_end,
            children=tuple(c.freeze() for c in self.children),
        )


def to_declarations(entries: list[Entry]) -> list[Declaration]:
    out = [
        Declaration(
            name=e.decl_name or e.name,
            kind=e.kind,
            start=e.decl_start,
            end=e.decl_end,
            name_start=e.decl_name_start if e.decl_name_start >= 0 else e.name_start,
            name_end=e.decl_name_end if e.decl_name_end >= 0 else e.name_end,
            scope_start=e.scope_start,
            scope_end=e.scope_end,
        )
        for e in entries
        if e.declaration
    ]
    out.sort(key=lambda d: (d.name_start, d.start))
    return out


@dataclass(frozen=True, slots=True)
class IncludeTarget:
    target: str
    kind: str
    start: int
    end: int


def include_target(source: bytes, path: tree_sitter.Node) -> IncludeTarget:
    """The file an include names, without its quotes or angle brackets."""
    start, end = path.start_byte, path.end_byte
    kind = "include"
    if path.type == "system_lib_string":
        kind = "system_include"
    if end - start >= 2 and (
        (source[start] in b"\"'" and source[end - 1] == source[start])
        or (source[start] == ord("<") and source[end - 1] == ord(">"))
    ):
        start, end = start + 1, end - 1
    return IncludeTarget(text(source, start, end), kind, start, end)
