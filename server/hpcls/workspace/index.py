"""The workspace index: the outline facts of every Fortran/C/C++/CUDA file under the roots.

Files on disk are indexed once in the background (and again when they close); open
documents override their disk copy, and their facts are computed lazily, when a request
needs them, so typing never pays for indexing.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from hpcls.analysis.outline import Declaration, Import, Symbol, outline
from hpcls.languages.registry import LanguageKind, language_from_extension, path_of
from hpcls.workspace.document import MAX_PARSE_BYTES, Document
from hpcls.workspace.uris import path_to_uri


def name_key(name: str, fortran: bool) -> str:
    """Fortran names are case-insensitive; C-family names are not."""
    return name.lower() if fortran else name


@dataclass(frozen=True, slots=True)
class FileFacts:
    uri: str
    language: LanguageKind
    length: int
    symbols: tuple[Symbol, ...]
    declarations: tuple[Declaration, ...]
    imports: tuple[Import, ...]
    # Declarations by name key: lookups never scan the whole file.
    names: dict[str, tuple[Declaration, ...]] = field(default_factory=dict, compare=False)
    # Fortran modules and submodules by lower-case name.
    module_table: dict[str, tuple[Symbol, ...]] = field(default_factory=dict, compare=False)

    def key(self, name: str) -> str:
        return name_key(name, self.language.is_fortran)

    def named(self, name: str) -> tuple[Declaration, ...]:
        return self.names.get(self.key(name), ())

    def file_scope(self, decl: Declaration) -> bool:
        return decl.scope_start == 0 and decl.scope_end >= self.length - 1

    def modules(self) -> Iterator[Symbol]:
        return (m for group in self.module_table.values() for m in group)


def _by_name(decls: Iterable[Declaration], fortran: bool) -> dict[str, tuple[Declaration, ...]]:
    table: dict[str, list[Declaration]] = {}
    for d in decls:
        table.setdefault(name_key(d.name, fortran), []).append(d)
    return {k: tuple(v) for k, v in table.items()}


def map_symbol(s: Symbol, f: Callable[[int], int]) -> Symbol:
    return replace(
        s,
        start=f(s.start),
        end=f(s.end),
        name_start=f(s.name_start),
        name_end=f(s.name_end),
        children=tuple(map_symbol(c, f) for c in s.children),
    )


def _map_decl(d: Declaration, f: Callable[[int], int]) -> Declaration:
    return replace(
        d,
        start=f(d.start),
        end=f(d.end),
        name_start=f(d.name_start),
        name_end=f(d.name_end),
        scope_start=f(d.scope_start),
        scope_end=f(d.scope_end),
    )


def _map_import(i: Import, f: Callable[[int], int]) -> Import:
    return replace(
        i,
        start=f(i.start),
        end=f(i.end),
        target_start=f(i.target_start),
        target_end=f(i.target_end),
        scope_start=f(i.scope_start),
        scope_end=f(i.scope_end),
    )


def facts_of(doc: Document) -> FileFacts | None:
    """The outline facts of a parsed document, in source byte offsets."""
    if doc.tree is None or doc.language is None:
        return None
    source, kind = doc.parse_source, doc.language
    found = outline(doc.tree, source, kind)
    syms, decls, imps = found.symbols, found.declarations, found.imports
    if doc.view is not None and source is not doc.source:
        f = doc.to_source
        syms = [map_symbol(s, f) for s in syms]
        decls = [_map_decl(d, f) for d in decls]
        imps = [_map_import(i, f) for i in imps]
    names = _by_name(decls, kind.is_fortran)
    modules: dict[str, list[Symbol]] = {}
    for sym in syms:
        if sym.kind in ("module", "submodule"):
            modules.setdefault(sym.name.lower(), []).append(sym)
    module_table = {k: tuple(v) for k, v in modules.items()}
    return FileFacts(
        doc.uri,
        kind,
        len(doc.source),
        tuple(syms),
        tuple(decls),
        tuple(imps),
        names,
        module_table,
    )


def read_source(path: Path) -> bytes:
    """A file's bytes as the editor would show them: invalid UTF-8 decoded with U+FFFD."""
    data = path.read_bytes()
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace").encode("utf-8")


def load_document(path: Path, language_id: str | None = None) -> Document | None:
    """A parsed snapshot of a file on disk, or None when it cannot be read."""
    from hpcls.languages.registry import language_for

    try:
        if path.stat().st_size >= MAX_PARSE_BYTES:
            data = b""  # not read: the snapshot says it was skipped
            kind = language_for(str(path), language_id)
            doc = Document.create(path_to_uri(path), kind, 0, data)
            return replace(doc, skipped=f"file is at or above {MAX_PARSE_BYTES >> 20} MiB")
        data = read_source(path)
    except OSError:
        return None
    return Document.create(path_to_uri(path), language_for(str(path), language_id), 0, data)


def discover(roots: Iterable[Path], exclude: Iterable[str], limit: int) -> list[Path]:
    """Source files under the roots, skipping excluded directory names."""
    skip = set(exclude)
    found: list[Path] = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in skip and not d.startswith("."))
            for name in sorted(filenames):
                if language_from_extension(name) is not None:
                    found.append(Path(dirpath, name))
                    if len(found) >= limit:
                        return found
    return found


_TEXT_CACHE_SIZE = 64


class WorkspaceIndex:
    """Thread-safe: the indexing thread writes disk facts while requests read."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._disk: dict[str, FileFacts] = {}
        self._open: dict[str, Document] = {}
        # The facts of each open snapshot, computed on first request: one per document, and
        # dropped when the next snapshot arrives (no old tree or outline stays alive).
        self._open_facts: dict[str, tuple[Document, FileFacts | None]] = {}
        self._texts: dict[str, tuple[tuple[int, int], Document]] = {}
        # Open documents whose disk copy the index had or was asked for: read again on close.
        self._shadowed: set[str] = set()
        self.roots: list[Path] = []
        # Name tables over the disk facts, rebuilt lazily after the disk facts change.
        self._generation = 0
        self._tables: tuple[int, _Tables] | None = None
        # Extra #include search directories (setting index.include_dirs), relative to roots.
        self.include_dirs: list[Path] = []
        self.ready = threading.Event()

    # --- writing -------------------------------------------------------------------------

    def add_document(self, doc: Document) -> None:
        if self._shadow(doc.uri):
            return
        facts = facts_of(doc)
        with self._lock:
            if doc.uri in self._open:  # opened meanwhile
                self._shadowed.add(doc.uri)
            elif facts is None:
                self._disk.pop(doc.uri, None)
            else:
                self._disk[doc.uri] = facts
            self._generation += 1

    def add_path(self, path: Path) -> bool:
        if self._shadow(path_to_uri(path)):
            return True
        doc = load_document(path)
        if doc is None:
            return False
        self.add_document(doc)
        return True

    def remove(self, uri: str) -> None:
        with self._lock:
            self._disk.pop(uri, None)
            self._generation += 1

    def include_search_path(self) -> list[Path]:
        found: list[Path] = []
        for d in self.include_dirs:
            found += [d] if d.is_absolute() else [r / d for r in self.roots]
        return found

    def _shadow(self, uri: str) -> bool:
        """Whether uri is open: then its disk copy is neither parsed nor kept (the open
        snapshot stands in for it until it closes, when the disk copy is read again)."""
        with self._lock:
            if uri not in self._open:
                return False
            self._shadowed.add(uri)
            return True

    def update_open(self, doc: Document) -> None:
        with self._lock:
            self._open[doc.uri] = doc
            cached = self._open_facts.get(doc.uri)
            if cached is not None and cached[0] is not doc:
                del self._open_facts[doc.uri]
            if self._disk.pop(doc.uri, None) is not None:
                self._shadowed.add(doc.uri)
                self._generation += 1

    def update_closed(self, uri: str) -> None:
        with self._lock:
            self._open.pop(uri, None)
            self._open_facts.pop(uri, None)
            known = uri in self._disk or uri in self._shadowed
            self._shadowed.discard(uri)
        path = Path(path_of(uri))
        under_root = known or any(_is_under(path, r) for r in self.roots)
        # The disk copy replaces the closed buffer; a file deleted meanwhile leaves the index.
        if under_root and not self.add_path(path):
            self.remove(uri)

    # --- reading -------------------------------------------------------------------------

    def open_document(self, uri: str) -> Document | None:
        with self._lock:
            return self._open.get(uri)

    def facts(self, uri: str) -> FileFacts | None:
        with self._lock:
            doc = self._open.get(uri)
            disk = self._disk.get(uri)
        return disk if doc is None else self.facts_for(doc)

    def facts_for(self, doc: Document) -> FileFacts | None:
        """The facts of this snapshot, remembered while it is its document's open one."""
        with self._lock:
            cached = self._open_facts.get(doc.uri)
        if cached is not None and cached[0] is doc:
            return cached[1]
        facts = facts_of(doc)
        with self._lock:
            if self._open.get(doc.uri) is doc:
                self._open_facts[doc.uri] = (doc, facts)
        return facts

    def uris(self) -> list[str]:
        with self._lock:
            return sorted(set(self._disk) | set(self._open))

    def all_facts(self) -> Iterator[FileFacts]:
        for uri in self.uris():
            facts = self.facts(uri)
            if facts is not None:
                yield facts

    def _current_tables(self) -> tuple[_Tables, set[str]]:
        """Name tables of the disk facts, and the open uris whose facts they must not use."""
        with self._lock:
            cached = self._tables
            generation = self._generation
            disk = list(self._disk.values())
            open_uris = set(self._open)
        if cached is None or cached[0] != generation:
            cached = (generation, _Tables.of(disk))
            with self._lock:
                if self._generation == generation:
                    self._tables = cached
        return cached[1], open_uris

    def modules_named(
        self, name: str, exclude_uri: str | None = None
    ) -> list[tuple[FileFacts, Symbol]]:
        """Fortran modules (and submodules) called name, open documents first; none from
        exclude_uri (a caller that must not make the index outline the edited document)."""
        tables, open_uris = self._current_tables()
        key = name.lower()
        found = [
            (f, m) for f in self._open_facts_list(exclude_uri) for m in f.module_table.get(key, ())
        ]
        found += [
            (f, m)
            for f, m in tables.modules.get(key, ())
            if f.uri not in open_uris and f.uri != exclude_uri
        ]
        return found

    def globals_named(
        self, name: str, fortran: bool, exclude_uri: str | None = None
    ) -> list[tuple[FileFacts, Declaration]]:
        """File-scope declarations called name in files of the same language family."""
        tables, open_uris = self._current_tables()
        key = name_key(name, fortran)
        found = [
            (f, d)
            for f in self._open_facts_list(exclude_uri)
            if f.language.is_fortran == fortran
            for d in f.named(name)
            if f.file_scope(d)
        ]
        found += [
            (f, d)
            for f, d in tables.globals.get((key, fortran), ())
            if f.uri not in open_uris and f.uri != exclude_uri
        ]
        return found

    def _open_facts_list(self, exclude_uri: str | None = None) -> list[FileFacts]:
        with self._lock:
            uris = sorted(u for u in self._open if u != exclude_uri)
        return [f for u in uris if (f := self.facts(u)) is not None]

    def text_document(self, uri: str) -> Document | None:
        """The open document, else the file's text and line index, unparsed: enough to turn
        byte offsets into positions. Cached while the file's size and mtime stay the same."""
        doc = self.open_document(uri)
        if doc is not None:
            return doc
        path = Path(path_of(uri))
        try:
            stat = path.stat()
        except OSError:
            return None
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._texts.get(uri)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            text = Document.create(uri, None, 0, read_source(path))
        except OSError:
            return None
        with self._lock:
            if len(self._texts) >= _TEXT_CACHE_SIZE:
                self._texts.pop(next(iter(self._texts)))
            self._texts[uri] = (stamp, text)
        return text

    def file_count(self) -> int:
        with self._lock:
            return len(set(self._disk) | set(self._open))


@dataclass(frozen=True, slots=True)
class _Tables:
    modules: dict[str, list[tuple[FileFacts, Symbol]]]
    globals: dict[tuple[str, bool], list[tuple[FileFacts, Declaration]]]

    @classmethod
    def of(cls, all_facts: Iterable[FileFacts]) -> _Tables:
        modules: dict[str, list[tuple[FileFacts, Symbol]]] = {}
        global_names: dict[tuple[str, bool], list[tuple[FileFacts, Declaration]]] = {}
        for facts in all_facts:
            fortran = facts.language.is_fortran
            if fortran:
                for m in facts.modules():
                    modules.setdefault(m.name.lower(), []).append((facts, m))
            for key, decls in facts.names.items():
                for d in decls:
                    if facts.file_scope(d):
                        global_names.setdefault((key, fortran), []).append((facts, d))
        return cls(modules, global_names)


def _is_under(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False
