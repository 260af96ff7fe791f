"""C, C++ and CUDA half of hpcls.analysis.outline: named things.

Candidates come from grammars/<c|cpp|cuda>/symbols.scm; this module digs names out of
nested declarators and decides from the surroundings what a declaration is: a global, a
member, a local, a prototype, a kernel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter

from hpcls.analysis.outline_c_syntax import (
    BLOCKS,
    RECORDS,
    SIGNATURE_PARTS,
    base_name,
    declarator_name,
    imports_of,
    owner_class,
)
from hpcls.analysis.outline_common import (
    Entry,
    Match,
    collapse,
    node_end,
    node_text,
    query_has,
    query_matches,
    text,
    trimmed_end,
)
from hpcls.analysis.outline_model import Import
from hpcls.analysis.tree_walk import SIBLING_STEPS, Nav, WalkBudget
from hpcls.languages.registry import LanguageKind

Node = tree_sitter.Node

_FUNCTION_KINDS = frozenset({"function", "kernel", "device_function", "method"})


@dataclass(frozen=True, slots=True)
class _Ctx:
    """Where a declaration sits: file, namespace, class, enum, function, block or friend."""

    role: str
    start: int
    end: int
    node: Node | None = None


@dataclass(frozen=True, slots=True)
class _Broken:
    """A function whose body did not parse: its declarator inside an ERROR, and its extent."""

    declarator: Node
    start: int
    end: int


class _CFile:
    def __init__(self, root: Node, source: bytes, kind: LanguageKind) -> None:
        self.source = source
        self.size = len(source)
        self.matches, run = query_matches(kind, "symbols", root)
        self.nav = Nav(run)
        self._steps = WalkBudget("c: broken functions' extents", SIBLING_STEPS)
        if run.wide and query_has(kind, "symbols", "definition.broken_function"):
            # `(ERROR (function_declarator))` cannot match an ERROR queried child by child.
            found = [
                Match(
                    "broken_function", fd, {"declarator": [fd], "definition.broken_function": [fd]}
                )
                for err in run.wide
                for fd in err.children
                if fd.type == "function_declarator"
            ]
            self.matches = sorted([*self.matches, *found], key=lambda m: m.node.start_byte)
        self.broken: dict[int, list[_Broken]] = {}
        for m in self.matches:
            err = self.nav.parent(m.node) if m.tag == "broken_function" else None
            if err is not None:
                self.broken.setdefault(err.id, []).append(self._broken_extent(m.node, err))
        self.class_names = {
            node_text(source, n)
            for m in self.matches
            if m.tag in ("class", "struct", "union")
            for n in [m.node.child_by_field_name("name")]
            if n is not None
        }

    def _broken_extent(self, fd: Node, err: Node) -> _Broken:
        start = fd.start_byte
        siblings, index = self.nav.siblings(fd)
        for i in range(index - 1, -1, -1):
            if siblings[i].type not in SIGNATURE_PARTS or not self._steps.take():
                break
            start = siblings[i].start_byte
        end = err.end_byte
        for i in range(index + 1, len(siblings)):
            if not self._steps.take():
                break  # partial: the function runs to the end of the ERROR
            if siblings[i].type == "function_declarator":
                end = siblings[i].start_byte
                break
        return _Broken(fd, start, trimmed_end(self.source, start, end))

    def context(self, node: Node) -> _Ctx:
        pos = node.start_byte
        p = self.nav.parent(node)
        while p is not None:
            t = p.type
            if t in ("function_definition", "lambda_expression"):
                return _Ctx("function", p.start_byte, node_end(self.source, p), p)
            if t in BLOCKS:
                return _Ctx("block", p.start_byte, node_end(self.source, p), p)
            if t in ("field_declaration_list", "enumerator_list"):
                owner = self.nav.parent(p) or p
                role = "enum" if t == "enumerator_list" else "class"
                return _Ctx(role, owner.start_byte, node_end(self.source, owner), owner)
            up = self.nav.parent(p)
            if t == "declaration_list" and up is not None and up.type == "namespace_definition":
                return _Ctx("namespace", up.start_byte, node_end(self.source, up), up)
            if t == "friend_declaration":
                return _Ctx("friend", p.start_byte, p.end_byte, p)
            for b in reversed(self.broken.get(p.id, ())):
                if b.start < pos < b.end:
                    return _Ctx("function", b.start, b.end, b.declarator)
            p = up
        return _Ctx("file", 0, self.size)

    def _entry(
        self,
        name: Node,
        kind: str,
        detail: str,
        span: tuple[int, int],
        ctx: _Ctx,
        decl_span: tuple[int, int] | None = None,
    ) -> Entry:
        base = base_name(name)
        decl_start, decl_end = decl_span or span
        return Entry(
            name=collapse(node_text(self.source, name)),
            kind=kind,
            detail=detail,
            start=span[0],
            end=span[1],
            decl_start=decl_start,
            decl_end=decl_end,
            name_start=name.start_byte,
            name_end=name.end_byte,
            scope_start=ctx.start,
            scope_end=ctx.end,
            decl_name=node_text(self.source, base),
            decl_name_start=base.start_byte,
            decl_name_end=base.end_byte,
        )

    def _span(self, node: Node) -> tuple[Node, tuple[int, int]]:
        """The node a declaration's range starts from: its template, when it has one."""
        outer = node
        parent = self.nav.parent(node)
        if parent is not None and parent.type == "template_declaration":
            outer = parent
        return outer, (outer.start_byte, node_end(self.source, outer))

    def _function_kind(self, qualifiers: set[str], ctx: _Ctx, name: Node) -> str:
        if "__global__" in qualifiers:
            return "kernel"
        if "__device__" in qualifiers:
            return "device_function"
        if ctx.role == "class":
            return "method"
        owner = owner_class(name, self.source)
        if owner is not None and (
            owner in self.class_names
            or node_text(self.source, base_name(name)).lstrip("~") == owner
        ):
            return "method"
        return "function"

    def _function_detail(self, kind: str, qualifiers: set[str], type_: str, fd: Node) -> str:
        if kind == "kernel":
            return "__global__ kernel"
        if kind == "device_function":
            host = "__host__ " if "__host__" in qualifiers else ""
            return f"{host}__device__ function"
        params = fd.child_by_field_name("parameters")
        tail = text(self.source, params.start_byte, fd.end_byte) if params else ""
        return collapse(f"{type_} {tail}")

    def _parameters(self, fd: Node, scope: tuple[int, int]) -> list[Entry]:
        params = fd.child_by_field_name("parameters")
        out: list[Entry] = []
        for p in params.named_children if params is not None else ():
            if p.type not in ("parameter_declaration", "optional_parameter_declaration"):
                continue
            name, _, _ = declarator_name(p.child_by_field_name("declarator"))
            if name is not None:
                entry = self._entry(
                    name, "parameter", "", (p.start_byte, p.end_byte), _Ctx("", *scope)
                )
                entry.symbol = False
                out.append(entry)
        return out

    def _type_prefix(self, node: Node) -> str:
        """`static const int` of `static const int n = 1, *p;`: what precedes the declarators."""
        type_ = node.child_by_field_name("type")
        end = type_.end_byte if type_ is not None else node.start_byte
        body = type_.child_by_field_name("body") if type_ is not None else None
        if body is not None:  # `struct { ... } v;`: the keyword and name, not the members
            end = trimmed_end(self.source, node.start_byte, body.start_byte)
        return collapse(text(self.source, node.start_byte, end))

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        prototypes: list[Entry] = []
        handlers: dict[str, Callable[[Match], list[Entry]]] = {
            "function": self._on_function,
            "broken_function": self._on_broken_function,
            "declaration": self._on_declaration,
            "field": self._on_field,
            "parameter": self._on_parameter,
            "range_local": self._on_range_local,
            "typedef": self._on_typedef,
            "alias": self._on_alias,
            "struct": lambda m: self._record(m, "struct"),
            "union": lambda m: self._record(m, "union"),
            "class": lambda m: self._record(m, "class"),
            "enum": lambda m: self._record(m, "enum"),
            "enumerator": self._on_enumerator,
            "namespace": self._on_namespace,
            "macro": self._on_macro,
        }
        for m in self.matches:
            handler = handlers.get(m.tag)
            if handler is None:
                continue  # imports, read by outline_c_syntax.c_imports
            made = handler(m)
            if m.tag == "declaration":
                prototypes.extend(e for e in made if e.kind in _FUNCTION_KINDS)
            out.extend(made)
        # A prototype of a function defined in this file would show up twice in the outline.
        prototype_ids = {id(p) for p in prototypes}
        defined = {e.name for e in out if e.kind in _FUNCTION_KINDS and id(e) not in prototype_ids}
        for p in prototypes:
            if p.name in defined and p.kind != "method":
                p.symbol = False
        return out

    # -- one handler per capture tag -----------------------------------------------------------

    def _on_function(self, m: Match) -> list[Entry]:
        node = m.node
        name, fd, _ = declarator_name(m.one("declarator"))
        if name is None or fd is None:
            return []
        outer, span = self._span(node)
        ctx = self.context(outer)
        qualifiers = {c.type for c in node.children if not c.is_named}
        kind = self._function_kind(qualifiers, ctx, name)
        type_node = node.child_by_field_name("type")
        type_ = node_text(self.source, type_node) if type_node is not None else ""
        body = node.child_by_field_name("body")
        decl_end = trimmed_end(self.source, span[0], body.start_byte) if body else span[1]
        detail = self._function_detail(kind, qualifiers, type_, fd)
        entry = self._entry(name, kind, detail, span, ctx, (span[0], decl_end))
        return [entry, *self._parameters(fd, (node.start_byte, span[1]))]

    def _on_broken_function(self, m: Match) -> list[Entry]:
        fd = m.node
        name, _, _ = declarator_name(fd)
        err = self.nav.parent(fd)
        if name is None or err is None:
            return []
        broken = next((b for b in self.broken.get(err.id, ()) if b.declarator == fd), None)
        if broken is None:
            return []
        ctx = self.context(fd)
        parts: list[str] = []
        qualifiers: set[str] = set()
        siblings, index = self.nav.siblings(fd)
        for i in range(index - 1, -1, -1):
            sibling = siblings[i]
            if sibling.start_byte < broken.start:
                break
            if sibling.is_named:
                parts.insert(0, node_text(self.source, sibling))
            else:
                qualifiers.add(sibling.type)
        kind = self._function_kind(qualifiers, ctx, name)
        detail = self._function_detail(kind, qualifiers, " ".join(parts[-1:]), fd)
        span = (broken.start, broken.end)
        entry = self._entry(name, kind, detail, span, ctx, (broken.start, fd.end_byte))
        return [entry, *self._parameters(fd, span)]

    def _on_declaration(self, m: Match) -> list[Entry]:
        node = m.node
        name, fd, pointer = declarator_name(m.one("declarator"))
        if name is None:
            return []
        outer, span = self._span(node)
        ctx = self.context(outer)
        if ctx.role == "friend" or (fd is not None and ctx.role in ("function", "block")):
            return []  # friends and block-local prototypes declare nothing new here
        if fd is not None:
            qualifiers = {c.type for c in node.children if not c.is_named}
            kind = self._function_kind(qualifiers, ctx, name)
            type_node = node.child_by_field_name("type")
            type_ = node_text(self.source, type_node) if type_node is not None else ""
            detail = self._function_detail(kind, qualifiers, type_, fd)
            return [self._entry(name, kind, detail, span, ctx)]
        constant = not pointer and any(
            c.type == "type_qualifier" and node_text(self.source, c) in ("const", "constexpr")
            for c in node.children
        )
        entry = self._entry(name, "variable", self._type_prefix(node), span, ctx)
        if ctx.role in ("function", "block"):
            entry.kind, entry.symbol = "local", False
        elif ctx.role == "class":
            entry.kind = "field"
        elif constant:
            entry.kind = "constant"
        return [entry]

    def _on_field(self, m: Match) -> list[Entry]:
        node = m.node
        name, fd, _ = declarator_name(m.one("declarator"))
        if name is None:
            return []
        outer, span = self._span(node)
        ctx = self.context(outer)
        if fd is not None:
            type_node = node.child_by_field_name("type")
            type_ = node_text(self.source, type_node) if type_node is not None else ""
            detail = self._function_detail("method", set(), type_, fd)
            return [self._entry(name, "method", detail, span, ctx)]
        return [self._entry(name, "field", self._type_prefix(node), span, ctx)]

    def _on_parameter(self, m: Match) -> list[Entry]:
        """Lambda and catch parameters; a function's own are taken with the function."""
        node = m.node
        plist = self.nav.parent(node)
        owner = self.nav.parent(plist) if plist is not None else None
        if owner is None:
            return []
        above = self.nav.parent(owner)
        if owner.type == "catch_clause":
            scope_node, kind = owner, "local"
        elif owner.type in ("abstract_function_declarator", "lambda_declarator") and (
            above is not None and above.type == "lambda_expression"
        ):
            scope_node, kind = above, "parameter"
        else:
            return []
        name, _, _ = declarator_name(m.one("declarator"))
        if name is None:
            return []
        scope = _Ctx("", scope_node.start_byte, node_end(self.source, scope_node))
        entry = self._entry(name, kind, "", (node.start_byte, node.end_byte), scope)
        entry.symbol = False
        return [entry]

    def _on_range_local(self, m: Match) -> list[Entry]:
        node = m.node
        declarator = m.one("declarator")
        name, _, _ = declarator_name(declarator)
        if name is None or declarator is None:
            return []
        type_node = node.child_by_field_name("type")
        start = type_node.start_byte if type_node is not None else declarator.start_byte
        scope = _Ctx("", node.start_byte, node_end(self.source, node))
        entry = self._entry(name, "local", "", (start, declarator.end_byte), scope)
        entry.symbol = False
        return [entry]

    def _on_typedef(self, m: Match) -> list[Entry]:
        node = m.node
        declarator = m.one("declarator")
        name, _, _ = declarator_name(declarator)
        if name is None or declarator is None:
            return []
        type_node = node.child_by_field_name("type")
        record = type_node is not None and type_node.type in RECORDS
        has_body = record and type_node is not None and type_node.child_by_field_name("body")
        outer, span = self._span(node)
        ctx = self.context(outer)
        if has_body and type_node is not None:
            record_name = type_node.child_by_field_name("name")
            if record_name is None and declarator == node.child_by_field_name("declarator"):
                return []  # `typedef struct {...} point_t;`: the struct takes the name
            keyword = node_text(self.source, type_node.children[0])
            label = node_text(self.source, record_name) if record_name else ""
            detail = collapse(f"typedef {keyword} {label}")
            # Just the declarator, so that the struct is not nested inside the typedef.
            span = (declarator.start_byte, declarator.end_byte)
        else:
            detail = "typedef " + collapse(node_text(self.source, type_node)) if type_node else ""
        return [self._entry(name, "type", detail, span, ctx)]

    def _on_alias(self, m: Match) -> list[Entry]:
        name = m.one("name")
        if name is None:
            return []
        outer, span = self._span(m.node)
        detail = collapse(node_text(self.source, m.node)).rstrip(";")
        return [self._entry(name, "type", detail, span, self.context(outer))]

    def _record(self, m: Match, kind: str) -> list[Entry]:
        node = m.node
        outer, span = self._span(node)
        ctx = self.context(outer)
        body = node.child_by_field_name("body")
        name = node.child_by_field_name("name")
        head_end = body.start_byte if body is not None else node.end_byte
        # The hover shows the head (`struct grid`), not the members.
        decl_span = (span[0], trimmed_end(self.source, span[0], head_end))
        named = True
        typedef = self.nav.parent(node)
        if name is None and typedef is not None and typedef.type == "type_definition":
            # `typedef struct {...} point_t;`: the typedef names it, so show the whole typedef.
            name, _, _ = declarator_name(typedef.child_by_field_name("declarator"))
            outer, span = self._span(typedef)
            ctx, decl_span = self.context(outer), span
        if name is None:
            name, named = node.children[0], False  # the `struct` keyword stands for the name
        detail = kind
        if kind == "enum" and any(c.type in ("class", "struct") for c in node.children):
            detail = "enum class"
        entry = self._entry(name, kind, detail, span, ctx, decl_span)
        if not named:
            entry.name = f"(anonymous {kind})"
            entry.declaration = False
        return [entry]

    def _on_enumerator(self, m: Match) -> list[Entry]:
        name = m.one("name")
        if name is None:
            return []
        ctx = self.context(m.node)
        enum = ctx.node
        if enum is not None and not any(c.type in ("class", "struct") for c in enum.children):
            # Unscoped enumerators are visible where the enum itself is.
            outer, _ = self._span(enum)
            ctx = self.context(outer)
        span = (m.node.start_byte, node_end(self.source, m.node))
        return [self._entry(name, "constant", "enumerator", span, ctx)]

    def _on_namespace(self, m: Match) -> list[Entry]:
        node = m.node
        outer, span = self._span(node)
        ctx = self.context(outer)
        name = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        head_end = body.start_byte if body is not None else node.end_byte
        decl_span = (span[0], trimmed_end(self.source, span[0], head_end))
        if name is not None:
            return [self._entry(name, "namespace", "namespace", span, ctx, decl_span)]
        keyword = next((c for c in node.children if c.type == "namespace"), node.children[0])
        entry = self._entry(keyword, "namespace", "namespace", span, ctx, decl_span)
        entry.name, entry.declaration = "(anonymous namespace)", False
        return [entry]

    def _on_macro(self, m: Match) -> list[Entry]:
        name = m.one("name")
        if name is None:
            return []
        node = m.node
        span = (node.start_byte, node_end(self.source, node))
        scope = _Ctx("", node.start_byte, self.size)  # from the #define on
        return [self._entry(name, "macro", collapse(node_text(self.source, node)), span, scope)]


def c_entries(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Entry]:
    return _CFile(tree.root_node, source, kind).entries()


def c_outline(
    tree: tree_sitter.Tree, source: bytes, kind: LanguageKind
) -> tuple[list[Entry], list[Import]]:
    """Entries and `#include` lines from one query pass."""
    f = _CFile(tree.root_node, source, kind)
    return f.entries(), imports_of(f.matches, source)
