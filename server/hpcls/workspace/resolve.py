"""Name resolution across files: what a name at an offset refers to, and where it is used.

Scoping follows the languages closely enough for navigation: the innermost declaration
whose scope holds the use wins; then names brought in by Fortran `use` (honouring `only:`)
and by C/C++ `#include "..."` (transitively, a few levels); then top-level procedures and
functions anywhere in the workspace (Fortran external procedures, C functions defined in
another translation unit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import tree_sitter

from hpcls.analysis.outline import SYMBOL_KINDS, Declaration, Import
from hpcls.languages.registry import path_of
from hpcls.workspace.document import Document
from hpcls.workspace.index import FileFacts, WorkspaceIndex, load_document
from hpcls.workspace.uris import path_to_uri, uri_to_path

_MAX_DEPTH = 5
# Node types that name something, across the four grammars.
_NAME_TYPES = frozenset(
    {
        "identifier",
        "name",
        "module_name",
        "type_identifier",
        "field_identifier",
        "namespace_identifier",
        "method_name",
    }
)
_MODULE_KINDS = frozenset({"module", "submodule"})
# What can be named from another file: every outline kind but members and common blocks.
_TOP_KINDS = SYMBOL_KINDS - {"field", "method", "common"}


@dataclass(frozen=True, slots=True)
class Target:
    """A declaration somewhere in the workspace (or a whole file, for an #include)."""

    uri: str
    decl: Declaration | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Token:
    name: str
    start: int  # source bytes
    end: int


def token_at(doc: Document, offset: int) -> Token | None:
    """The name under the cursor (or just before it, at the end of a word)."""
    if doc.tree is None:
        return None
    p = doc.to_parse(offset)
    for probe in (p, p - 1):
        if probe < 0:
            continue
        node: tree_sitter.Node | None = doc.tree.root_node.descendant_for_byte_range(probe, probe)
        # Fortran keywords used as names (`real(k)`, `kind=`) are a keyword node inside
        # the identifier.
        parent = None if node is None else node.parent
        if node is not None and node.type not in _NAME_TYPES and parent is not None:
            node = parent if parent.type in _NAME_TYPES else node
        if node is not None and node.type in _NAME_TYPES and node.start_byte <= p <= node.end_byte:
            text = doc.parse_source[node.start_byte : node.end_byte].decode("utf-8", "replace")
            return Token(text, doc.to_source(node.start_byte), doc.to_source(node.end_byte))
    return None


def _same(facts: FileFacts, a: str, b: str) -> bool:
    return facts.key(a) == facts.key(b)


def _import_at(facts: FileFacts, offset: int) -> Import | None:
    for imp in facts.imports:
        if imp.target_start <= offset <= imp.target_end:
            return imp
    return None


def find_modules(index: WorkspaceIndex, name: str) -> list[tuple[FileFacts, int, int]]:
    return [(f, m.start, m.end) for f, m in index.modules_named(name)]


def resolve_include(index: WorkspaceIndex, from_uri: str, target: str) -> FileFacts | None:
    """The header an #include (or Fortran include) names: beside the including file, then in
    the include directories, else any indexed file whose path ends with it."""
    here = uri_to_path(from_uri).parent
    for folder in (here, *index.include_search_path()):
        candidate = folder / target
        uri = path_to_uri(candidate)
        facts = index.facts(uri)
        if facts is None and candidate.is_file():
            doc = load_document(candidate)
            if doc is not None:
                index.add_document(doc)
                facts = index.facts(uri)
        if facts is not None:
            return facts
    suffix = "/" + target.lstrip("./")
    for indexed in index.all_facts():
        if path_of(indexed.uri).endswith(suffix):
            return indexed
    return None


def _scope_decls(facts: FileFacts, scope: tuple[int, int], name: str) -> list[Declaration]:
    return [d for d in facts.named(name) if (d.scope_start, d.scope_end) == scope]


def _file_scope_decls(facts: FileFacts, name: str) -> list[Declaration]:
    return [d for d in facts.named(name) if facts.file_scope(d)]


def _via_imports(
    index: WorkspaceIndex,
    facts: FileFacts,
    offset: int | None,
    name: str,
    depth: int,
    seen: set[tuple[str, str]],
) -> list[Target]:
    """Declarations of name made visible at offset (None: anywhere in the file) by imports."""
    if depth > _MAX_DEPTH:
        return []
    found: list[Target] = []
    for imp in facts.imports:
        if offset is not None and not imp.scope_start <= offset <= imp.scope_end:
            continue
        if imp.only and not any(_same(facts, o, name) for o in imp.only):
            continue
        key = (imp.kind, imp.target.lower() if facts.language.is_fortran else imp.target)
        if key in seen:
            continue
        seen.add(key)
        if imp.kind == "use":
            # Module-level declarations are scoped to the module construct.
            for mod_facts, start, end in find_modules(index, imp.target):
                decls = _scope_decls(mod_facts, (start, end), name)
                found += [Target(mod_facts.uri, d, d.name_start, d.name_end) for d in decls]
                if not decls:
                    found += _via_imports(index, mod_facts, start, name, depth + 1, seen)
        elif imp.kind == "include":
            header = resolve_include(index, facts.uri, imp.target)
            if header is not None:
                decls = _file_scope_decls(header, name)
                found += [Target(header.uri, d, d.name_start, d.name_end) for d in decls]
                if not decls:
                    found += _via_imports(index, header, None, name, depth + 1, seen)
    return found


def _global(index: WorkspaceIndex, facts: FileFacts, name: str) -> list[Target]:
    return [
        Target(other.uri, d, d.name_start, d.name_end)
        for other, d in index.globals_named(name, facts.language.is_fortran)
        if d.kind in _TOP_KINDS
    ]


def definition(index: WorkspaceIndex, doc: Document, offset: int) -> list[Target]:
    facts = index.facts(doc.uri)
    if facts is None:
        from hpcls.workspace.index import facts_of

        facts = facts_of(doc)
    if facts is None:
        return []
    imp = _import_at(facts, offset)
    if imp is not None:
        if imp.kind == "use":
            return [Target(f.uri, None, s, e) for f, s, e in find_modules(index, imp.target)]
        header = resolve_include(index, doc.uri, imp.target)
        return [Target(header.uri, None, 0, 0)] if header is not None else []
    tok = token_at(doc, offset)
    if tok is None:
        return []
    local = [d for d in facts.named(tok.name) if d.scope_start <= tok.start <= d.scope_end]
    if local:
        width = min(d.scope_end - d.scope_start for d in local)
        inner = [d for d in local if d.scope_end - d.scope_start == width]
        return [Target(doc.uri, d, d.name_start, d.name_end) for d in inner]
    found = _via_imports(index, facts, tok.start, tok.name, 0, set())
    if found:
        return _dedupe(found)
    return _dedupe(_global(index, facts, tok.name))


def _dedupe(targets: list[Target]) -> list[Target]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for t in targets:
        if (t.uri, t.start, t.end) not in seen:
            seen.add((t.uri, t.start, t.end))
            out.append(t)
    return out


def _document_for(index: WorkspaceIndex, uri: str) -> Document | None:
    doc = index.open_document(uri)
    return doc if doc is not None else load_document(Path(path_of(uri)))


def references(
    index: WorkspaceIndex, doc: Document, offset: int, include_declaration: bool
) -> list[tuple[str, int, int]]:
    """Every use of the name at offset that resolves to the same declaration."""
    targets = {(t.uri, t.start, t.end) for t in definition(index, doc, offset)}
    tok = token_at(doc, offset)
    if tok is None or not targets:
        return []
    fortran = doc.language is not None and doc.language.is_fortran
    pattern = re.compile(
        rb"(?<![A-Za-z0-9_])" + re.escape(tok.name.encode()) + rb"(?![A-Za-z0-9_])",
        re.IGNORECASE if fortran else 0,
    )
    found: list[tuple[str, int, int]] = []
    uris = index.uris()
    for uri in uris if doc.uri in uris else [doc.uri, *uris]:
        other = doc if uri == doc.uri else _document_for(index, uri)
        if other is None or other.language is None:
            continue
        if (other.language.is_fortran) != fortran or not pattern.search(other.source):
            continue
        for m in pattern.finditer(other.source):
            here = token_at(other, m.start())
            if here is None or here.start != m.start():
                continue
            resolved = {(t.uri, t.start, t.end) for t in definition(index, other, m.start())}
            is_decl = (uri, here.start, here.end) in targets
            if (resolved & targets and (include_declaration or not is_decl)) or (
                is_decl and include_declaration
            ):
                found.append((uri, here.start, here.end))
    return sorted(set(found))
