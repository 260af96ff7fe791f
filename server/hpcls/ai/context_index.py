"""What the context builder reads from the workspace index: modules, global procedures and
included headers of OTHER files, and their signature / definition text.

The document being edited is left out on purpose: its facts would be recomputed for every
keystroke (a whole-file outline pass), and the builder reads it from the tree instead.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from hpcls.ai.context_text import (
    dedent,
    display_path,
    fortran_statement_end,
    line_range,
    lines_text,
)
from hpcls.analysis.outline import Declaration, Symbol
from hpcls.languages.registry import LanguageKind, path_of
from hpcls.workspace.document import Document
from hpcls.workspace.index import FileFacts, WorkspaceIndex
from hpcls.workspace.uris import path_to_uri

PROCEDURE_KINDS = frozenset({"subroutine", "function", "kernel", "device_function"})
# What a C-family function may use from a header besides functions.
C_TYPE_KINDS = frozenset({"struct", "union", "enum", "class", "type", "macro", "constant"})
_HEADER_SUFFIXES = (".h", ".hh", ".hpp", ".hxx", ".h++", ".cuh", ".inc")
_MAX_MODULE_DEPTH = 2
_SIGNATURE_LINES = 16
_INTERFACE_LINES = 12
_DUMMIES = re.compile(r"\(([^()]*)\)")
_WORD = re.compile(r"\w+")
_RESULT = re.compile(r"\bresult\s*\(\s*(\w+)\s*\)", re.IGNORECASE)
_END_INTERFACE = re.compile(r"^\s*end\s*interface\b", re.IGNORECASE)
_MODULE_PROCEDURE = re.compile(r"^\s*(?:module\s+)?procedure\b\s*(?:::)?(.*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Found:
    """A signature or definition found in another file: the block of lines, and the file."""

    uri: str
    start: int
    text: str


def resolved_roots(index: WorkspaceIndex) -> list[Path]:
    """The workspace roots as file URIs spell them (resolved), for relative file tags."""
    out = []
    for root in index.roots:
        try:
            out.append(Path(root).resolve())
        except OSError:
            out.append(Path(root))
    return out


def dummy_names(statement: str) -> list[str]:
    """Dummy argument names of a Fortran subroutine/function statement (lower case); the
    statement may span continuation lines (`&`, or a fixed-form mark in column 6)."""
    head = "\n".join(line.split("!", 1)[0] for line in statement.split("\n"))
    m = _DUMMIES.search(head)
    names = []
    for item in m.group(1).split(",") if m else []:
        words = _WORD.findall(item)
        if words:
            names.append(words[-1].lower())
    r = _RESULT.search(head)
    if r:
        names.append(r.group(1).lower())
    return names


class IndexView:
    """Index lookups for one context request; never computes the edited document's facts."""

    def __init__(self, index: WorkspaceIndex, exclude_uri: str) -> None:
        self.index = index
        self.exclude = exclude_uri
        self._texts: dict[str, Document | None] = {}
        self._roots: list[Path] | None = None

    @property
    def roots(self) -> list[Path]:
        if self._roots is None:
            self._roots = resolved_roots(self.index)
        return self._roots

    def tag(self, uri: str) -> str:
        return display_path(uri, self.roots)

    def facts(self, uri: str) -> FileFacts | None:
        return None if uri == self.exclude else self.index.facts(uri)

    def text(self, uri: str) -> Document | None:
        if uri not in self._texts:
            self._texts[uri] = self.index.text_document(uri)
        return self._texts[uri]

    def modules(self, name: str) -> list[tuple[FileFacts, Symbol]]:
        return self.index.modules_named(name, exclude_uri=self.exclude)

    def globals(self, name: str, fortran: bool) -> list[tuple[FileFacts, Declaration]]:
        return self.index.globals_named(name, fortran, exclude_uri=self.exclude)

    def include(self, from_uri: str, target: str) -> FileFacts | None:
        """The indexed header an `#include "target"` names: beside the including file, then in
        the include directories. Only what the index holds: no disk access per keystroke."""
        here = Path(path_of(from_uri)).parent
        for folder in (here, *self.index.include_search_path()):
            facts = self.facts(path_to_uri(folder / target))
            if facts is not None:
                return facts
        return None

    # --- Fortran -------------------------------------------------------------------------

    def fortran_procedure(self, name: str, modules: list[tuple[str, str]]) -> list[Found]:
        """A procedure called `name`: from the modules a unit uses, as (module, the module's
        name for it) pairs, following their own `use` a little; else an external procedure
        anywhere in the workspace."""
        for module, remote in modules:
            found = self._in_module(remote, module, 0, set())
            if found:
                return found
        for facts, decl in sorted(self.globals(name, True), key=lambda fd: fd[0].uri):
            if decl.kind in PROCEDURE_KINDS:
                found = self.fortran_signature(facts, decl)
                if found:
                    return found
        return []

    def _in_module(self, name: str, module: str, depth: int, seen: set[str]) -> list[Found]:
        key = module.lower()
        if key in seen or depth > _MAX_MODULE_DEPTH:
            return []
        seen.add(key)
        for facts, mod in self.modules(module):
            scope = (mod.start, mod.end)
            for decl in facts.named(name):
                if (decl.scope_start, decl.scope_end) != scope:
                    continue
                if decl.kind in PROCEDURE_KINDS:
                    return self.fortran_signature(facts, decl)
                if decl.kind == "interface":
                    return self._interface(facts, decl)
            for imp in facts.imports:
                if imp.kind == "use" and mod.start <= imp.start <= mod.end:
                    if imp.only and name.lower() not in {o.lower() for o in imp.only}:
                        continue
                    found = self._in_module(name, imp.target, depth + 1, seen)
                    if found:
                        return found
        return []

    def fortran_signature(self, facts: FileFacts, decl: Declaration) -> list[Found]:
        doc = self.text(facts.uri)
        if doc is None or not _matches(doc, decl):
            return []
        fixed = facts.language is LanguageKind.FORTRAN_FIXED
        first, last = line_range(doc, decl.start, decl.end)
        last = fortran_statement_end(doc, last, fixed)
        statement = lines_text(doc, first, last)
        spans: set[tuple[int, int]] = set()
        for dummy in dummy_names(statement):
            for d in facts.named(dummy):
                if d.scope_start == decl.start and d.kind != "common":
                    a, b = line_range(doc, d.start, d.end)
                    spans.add((a, fortran_statement_end(doc, b, fixed)))
        blocks = [statement] + [lines_text(doc, a, b) for a, b in sorted(spans) if a > last]
        text = "\n".join(blocks)
        return [Found(facts.uri, decl.start, text if fixed else dedent(text))]

    def _interface(self, facts: FileFacts, decl: Declaration) -> list[Found]:
        """A generic interface: its block (bounded), then the specific procedures' signatures."""
        doc = self.text(facts.uri)
        if doc is None or not _matches(doc, decl):
            return []
        first = doc.lines.line_of(decl.start)
        last = first
        specifics: list[str] = []
        while last + 1 < doc.lines.line_count and last - first < _INTERFACE_LINES:
            line = lines_text(doc, last, last)
            m = _MODULE_PROCEDURE.match(line)
            if m and last > first:
                specifics += [s.strip() for s in m.group(1).split("!")[0].split(",") if s.strip()]
            if _END_INTERFACE.match(line):
                break
            last += 1
        fixed = facts.language is LanguageKind.FORTRAN_FIXED
        block = lines_text(doc, first, last)
        found = [Found(facts.uri, decl.start, block if fixed else dedent(block))]
        for name in specifics[:4]:
            for d in facts.named(name):
                if (d.scope_start, d.scope_end) == (decl.scope_start, decl.scope_end) and (
                    d.kind in PROCEDURE_KINDS
                ):
                    found += self.fortran_signature(facts, d)
                    break
        return found

    # --- C family ------------------------------------------------------------------------

    def c_function(self, name: str, headers: list[FileFacts]) -> list[Found]:
        """A function (or function-like macro) from the included headers, else a function
        declared at file scope anywhere in the workspace: prototypes in headers first."""
        for facts in headers:
            for decl in facts.named(name):
                # A macro is visible from its #define to the end of the file.
                if decl.scope_end >= facts.length - 1 and (
                    decl.kind in PROCEDURE_KINDS or decl.kind == "macro"
                ):
                    found = self.c_definition(facts, decl, signature=True)
                    if found is not None:
                        return [found]
        candidates = [
            (not path_of(f.uri).endswith(_HEADER_SUFFIXES), f.uri, d.start, f, d)
            for f, d in self.globals(name, False)
            if d.kind in PROCEDURE_KINDS
        ]
        for *_, facts, decl in sorted(candidates, key=lambda c: c[:3]):
            found = self.c_definition(facts, decl, signature=True)
            if found is not None:
                return [found]
        return []

    def c_types(self, names: list[str], headers: list[FileFacts]) -> list[Found]:
        """Type, macro and constant definitions of the headers that `names` refer to."""
        out: list[Found] = []
        for facts in headers:
            table = _top_symbols(facts)
            hits: list[Found] = []
            for name in names:
                for sym in table.by_name.get(name, ()):
                    found = self._symbol_text(facts, table, sym)
                    if found is not None:
                        hits.append(found)
            out += sorted(hits, key=lambda f: f.start)
        return out

    def c_definition(self, facts: FileFacts, decl: Declaration, signature: bool) -> Found | None:
        doc = self.text(facts.uri)
        if doc is None or not _matches(doc, decl):
            return None
        first, last = line_range(doc, decl.start, decl.end)
        if decl.kind == "macro":
            if signature and doc.source[decl.name_end : decl.name_end + 1] != b"(":
                return None  # an object-like macro is no function
            return Found(facts.uri, decl.start, lines_text(doc, first, last, _SIGNATURE_LINES))
        head = doc.source[decl.start : decl.end].decode("utf-8", "replace").strip()
        if not head.endswith((";", "}")):
            head += ";"
        indent = lines_text(doc, first, first)
        indent = indent[: len(indent) - len(indent.lstrip())]
        return Found(facts.uri, decl.start, dedent(indent + head) if head else "")

    def _symbol_text(self, facts: FileFacts, table: _Symbols, sym: Symbol) -> Found | None:
        doc = self.text(facts.uri)
        if doc is None or doc.source[sym.name_start : sym.name_end] != sym.name.encode():
            return None
        if sym.kind == "macro" and doc.source[sym.name_end : sym.name_end + 1] == b"(":
            return None  # function-like: a signature once called, not a type
        start = sym.start
        before = table.before.get(sym.start)
        # `typedef struct s {...} s;`: the struct's symbol comes just before the name.
        if (
            sym.kind == "type"
            and before is not None
            and before.end <= sym.start
            and not doc.source[before.end : sym.start].strip(b" \t\r\n*")
        ):
            start = before.start
        first, last = line_range(doc, start, sym.end)
        return Found(facts.uri, start, lines_text(doc, first, last))


def _matches(doc: Document, decl: Declaration) -> bool:
    """The text still holds the declaration where the (possibly older) facts say it is."""
    found = doc.source[decl.name_start : decl.name_end].decode("utf-8", "replace")
    return found.lower() == decl.name.lower()


@dataclass(frozen=True, slots=True)
class _Symbols:
    by_name: dict[str, list[Symbol]]
    before: dict[int, Symbol]  # start of a symbol -> the top-level symbol just before it


_symbol_cache: OrderedDict[int, tuple[FileFacts, _Symbols]] = OrderedDict()
_symbol_lock = threading.Lock()


def _top_symbols(facts: FileFacts) -> _Symbols:
    """A header's top-level type, macro and constant symbols by name; cached per facts."""
    key = id(facts)
    with _symbol_lock:
        hit = _symbol_cache.get(key)
        if hit is not None and hit[0] is facts:
            _symbol_cache.move_to_end(key)
            return hit[1]
    by_name: dict[str, list[Symbol]] = {}
    before: dict[int, Symbol] = {}
    previous: Symbol | None = None
    for sym in facts.symbols:
        if sym.kind in C_TYPE_KINDS:
            by_name.setdefault(sym.name, []).append(sym)
        if previous is not None:
            before[sym.start] = previous
        previous = sym
    table = _Symbols(by_name, before)
    with _symbol_lock:
        _symbol_cache[key] = (facts, table)
        while len(_symbol_cache) > 64:
            _symbol_cache.popitem(last=False)
    return table
