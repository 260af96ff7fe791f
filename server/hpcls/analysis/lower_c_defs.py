"""What a C/C++/CUDA file defines that lowering can see through: macros (`#define`, in the
file and in the quoted headers it includes from beside it) and one-line functions and
methods whose body is a single `return <expression>;` (accessors such as
`double& operator()(int i, int j) { return data[i * nx + j]; }`). lower_c_expand.py
substitutes their arguments; this module only collects them.

A name defined twice with different bodies is ambiguous: it is recorded as None and never
expanded."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tree_sitter

from hpcls.analysis.lower_c_affine import text
from hpcls.analysis.lower_c_decl import name_and_shape
from hpcls.languages.registry import LanguageKind, new_parser

Node = tree_sitter.Node

_MAX_HEADER_BYTES = 1 << 20
_MAX_HEADERS = 8
# Return expressions with these inside are not inlined: they write (a parameter would
# then be the caller's variable) or need more than substitution.
_NOT_INLINED = frozenset(
    {
        "assignment_expression",
        "update_expression",
        "lambda_expression",
        "new_expression",
        "delete_expression",
        "comma_expression",
        "string_literal",
        "co_await_expression",
    }
)


@dataclass(frozen=True, slots=True)
class Macro:
    params: tuple[str, ...] | None  # None: object-like
    body: str


@dataclass(frozen=True, slots=True)
class Inline:
    """A function or method whose body is `return <expression>;`."""

    params: tuple[str, ...]
    body: str  # the returned expression
    # (start, end, parameter index or -1 for a member of the class, or -2 for `this->`)
    # byte ranges of `body` to rewrite at a call.
    holes: tuple[tuple[int, int, int], ...]
    owner: str | None  # the class of a method

    def uses(self, param: int) -> int:
        return sum(1 for _s, _e, k in self.holes if k == param)


@dataclass(slots=True)
class Definitions:
    macros: dict[str, Macro | None]
    # By (name, arity): `operator()` for call operators.
    functions: dict[tuple[str, int], Inline | None]


def _record(table: dict[Any, Any], key: object, value: object) -> None:
    if key in table and table[key] != value:
        table[key] = None
    else:
        table.setdefault(key, value)


# --- macros ----------------------------------------------------------------------------------


def _macro(node: Node) -> tuple[str, Macro | None] | None:
    name = node.child_by_field_name("name")
    if name is None:
        return None
    value = node.child_by_field_name("value")
    body = " ".join(text(value).replace("\\\n", " ").split()) if value is not None else ""
    params: tuple[str, ...] | None = None
    if node.type == "preproc_function_def":
        plist = node.child_by_field_name("parameters")
        raw = text(plist).strip("()") if plist is not None else ""
        params = tuple(p.strip() for p in raw.split(",")) if raw.strip() else ()
        if any(not re.fullmatch(r"[A-Za-z_]\w*", p) for p in params):
            return text(name), None  # variadic or broken
    if not body or "#" in body or '"' in body or "'" in body:
        return text(name), None
    return text(name), Macro(params, body)


# --- one-line functions ----------------------------------------------------------------------


def _returned(fn: Node) -> Node | None:
    body = fn.child_by_field_name("body")
    if body is None or body.type != "compound_statement":
        return None
    stmts = [c for c in body.named_children if c.type != "comment"]
    if len(stmts) != 1 or stmts[0].type != "return_statement":
        return None
    exprs = [c for c in stmts[0].named_children if c.type != "comment"]
    return exprs[0] if len(exprs) == 1 else None


def declarator(fn: Node) -> Node | None:
    at = fn.child_by_field_name("declarator")
    while at is not None and at.type != "function_declarator":
        inner = at.child_by_field_name("declarator")
        if inner is None:
            inner = next((c for c in at.named_children if "declarator" in c.type), None)
        at = inner
    return at


def function_name(fd: Node) -> tuple[str, str | None] | None:
    """(name, class name for `Class::name` definitions)."""
    d = fd.child_by_field_name("declarator")
    if d is None:
        return None
    if d.type in ("identifier", "field_identifier"):
        return text(d), None
    if d.type == "operator_name":
        return "".join(text(d).split()), None
    if d.type == "qualified_identifier":
        scope, name = d.child_by_field_name("scope"), d.child_by_field_name("name")
        if scope is None or name is None or name.type not in ("identifier", "operator_name"):
            return None
        cls = scope.child_by_field_name("name") if scope.type == "template_type" else scope
        return "".join(text(name).split()), text(cls) if cls is not None else None
    return None


def _params(fd: Node) -> tuple[str, ...] | None:
    plist = fd.child_by_field_name("parameters")
    out: list[str] = []
    for p in plist.named_children if plist is not None else ():
        if p.type == "comment":
            continue
        if p.type != "parameter_declaration":
            return None  # defaults, variadics
        d = p.child_by_field_name("declarator")
        if d is None:
            if text(p).strip() == "void":
                continue
            return None
        name, _shape, _restrict = name_and_shape(d)
        if name is None:
            return None
        out.append(name)
    return tuple(out)


def enclosing_class(node: Node) -> Node | None:
    at = node.parent
    while at is not None:
        if at.type in ("class_specifier", "struct_specifier", "union_specifier"):
            return at
        if at.type in ("function_definition", "translation_unit", "namespace_definition"):
            return None
        at = at.parent
    return None


def class_members(cls: Node) -> set[str]:
    """The names of a class's data members and member functions."""
    body = cls.child_by_field_name("body")
    out: set[str] = set()
    for child in body.named_children if body is not None else ():
        if child.type not in ("field_declaration", "function_definition", "declaration"):
            continue
        for i, d in enumerate(child.children):
            if child.field_name_for_child(i) != "declarator":
                continue
            fd = declarator(child) if d.type != "field_identifier" else None
            if fd is not None:
                named = function_name(fd)
                if named is not None:
                    out.add(named[0])
                continue
            name, _shape, _restrict = name_and_shape(d)
            if name is not None:
                out.add(name)
    return out


def _inline(fn: Node, classes: dict[str, Node]) -> tuple[str, Inline] | None:
    expr = _returned(fn)
    fd = declarator(fn)
    if expr is None or fd is None:
        return None
    named, params = function_name(fd), _params(fd)
    if named is None or params is None:
        return None
    name, owner = named
    cls = enclosing_class(fn) or (classes.get(owner) if owner is not None else None)
    cls_name = cls.child_by_field_name("name") if cls is not None else None
    if cls is not None and cls_name is None:
        return None
    members = class_members(cls) if cls is not None else set()
    inline = _inline_expression(expr, params, members, text(cls_name) if cls_name else None)
    return (name, inline) if inline is not None else None


def _inline_expression(
    expr: Node, params: tuple[str, ...], members: set[str], owner: str | None
) -> Inline | None:
    holes: list[tuple[int, int, int]] = []
    stack = [expr]
    while stack:
        n = stack.pop()
        if n.type in _NOT_INLINED:
            return None
        if n.type == "this":
            parent = n.parent
            op = parent.child_by_field_name("operator") if parent is not None else None
            fld = parent.child_by_field_name("field") if parent is not None else None
            if parent is None or parent.type != "field_expression" or op is None or fld is None:
                return None
            if op.type != "->" or owner is None:
                return None
            holes.append((n.start_byte, fld.start_byte, -2))
        elif n.type == "identifier":
            word = text(n)
            if word in params:
                holes.append((n.start_byte, n.end_byte, params.index(word)))
            elif word in members:
                holes.append((n.start_byte, n.start_byte, -1))
        stack.extend(n.named_children)
    base = expr.start_byte
    rel = tuple(sorted((s - base, e - base, k) for s, e, k in holes))
    return Inline(params, text(expr), rel, owner)


def lambdas(fn: Node) -> dict[tuple[str, int], Inline | None]:
    """The function's `auto name = [...](params) { return <expression>; };` by (name,
    arity): calls of them inline like one-line functions (captured names are the
    function's own). Lambdas whose body does more stay calls."""
    out: dict[tuple[str, int], Inline | None] = {}
    stack = [fn.child_by_field_name("body")]
    while stack:
        n = stack.pop()
        if n is None:
            continue
        if n.type == "declaration":
            for i, d in enumerate(n.children):
                if n.field_name_for_child(i) != "declarator" or d.type != "init_declarator":
                    continue
                name, value = d.child_by_field_name("declarator"), d.child_by_field_name("value")
                if name is None or name.type != "identifier" or value is None:
                    continue
                if value.type != "lambda_expression":
                    continue
                found = _lambda(value)
                if found is not None:
                    _record(out, (text(name), len(found.params)), found)
                else:
                    out[(text(name), -1)] = None
        stack.extend(n.named_children)
    return out


def _lambda(node: Node) -> Inline | None:
    decl = node.child_by_field_name("declarator")
    params = _params(decl) if decl is not None else None
    expr = _returned(node)
    if params is None or expr is None:
        return None
    return _inline_expression(expr, params, set(), None)


# --- collection ------------------------------------------------------------------------------


def _walk(root: Node, into: Definitions, classes: dict[str, Node] | None) -> None:
    stack = [root]
    fns: list[Node] = []
    virtual: set[tuple[str, int]] = set()
    while stack:
        node = stack.pop()
        if node.type in ("preproc_def", "preproc_function_def"):
            found = _macro(node)
            if found is not None:
                _record(into.macros, found[0], found[1])
            continue
        if node.type in ("function_definition", "field_declaration", "declaration"):
            fd = declarator(node)
            named = function_name(fd) if fd is not None else None
            params = _params(fd) if fd is not None else None
            if _virtual(node, fd) and named is not None and params is not None:
                # A derived class, maybe in another file, may override it.
                virtual.add((named[0], len(params)))
        if node.type == "function_definition":
            fns.append(node)
            continue  # local classes and lambdas are not collected
        stack.extend(node.named_children)
    if classes is None:
        return
    for fn in fns:
        found_fn = _inline(fn, classes)
        if found_fn is not None:
            name, inline = found_fn
            _record(into.functions, (name, len(inline.params)), inline)
        elif (fd := declarator(fn)) is not None and (named := function_name(fd)) is not None:
            params = _params(fd)
            if params is not None:  # defined with a longer body: never inlined
                into.functions[(named[0], len(params))] = None
    for key in virtual:
        into.functions[key] = None


def _virtual(node: Node, fd: Node | None) -> bool:
    """Declared `virtual`, `override` or `final`."""
    if any(c.type == "virtual" for c in node.children):
        return True
    return fd is not None and any(c.type == "virtual_specifier" for c in fd.children)


def _classes(root: Node) -> dict[str, Node]:
    out: dict[str, Node] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in ("class_specifier", "struct_specifier"):
            name = node.child_by_field_name("name")
            if name is not None and node.child_by_field_name("body") is not None:
                out.setdefault(text(name), node)
        if node.type != "function_definition":
            stack.extend(node.named_children)
    return out


_header_cache: dict[tuple[str, int, int, LanguageKind], tree_sitter.Tree] = {}


def _header_tree(path: Path, kind: LanguageKind) -> tree_sitter.Tree | None:
    try:
        st = path.stat()
        if not path.is_file() or st.st_size > _MAX_HEADER_BYTES:
            return None
        key = (str(path), st.st_mtime_ns, st.st_size, kind)
        tree = _header_cache.get(key)
        if tree is None:
            tree = new_parser(kind).parse(path.read_bytes())
            if len(_header_cache) > 64:
                _header_cache.clear()
            _header_cache[key] = tree
        return tree
    except OSError:
        return None


def _includes(root: Node) -> list[str]:
    out: list[str] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "preproc_include":
            path = node.child_by_field_name("path")
            if path is not None and path.type == "string_literal":
                out.append(text(path).strip('"'))
        elif node.type != "function_definition":
            stack.extend(node.named_children)
    return out


def collect(root: Node, kind: LanguageKind, directory: Path | None) -> Definitions:
    """The file's macros and one-line functions, with the macros of the quoted headers
    it includes from its own directory (and theirs, a few levels down)."""
    defs = Definitions({}, {})
    if directory is not None:
        seen: set[str] = set()
        todo = [(directory, name) for name in _includes(root)]
        while todo and len(seen) < _MAX_HEADERS:
            where, name = todo.pop(0)
            path = Path(os.path.normpath(where / name))
            if str(path) in seen:
                continue
            seen.add(str(path))
            tree = _header_tree(path, kind)
            if tree is None:
                continue
            _walk(tree.root_node, defs, None)
            todo.extend((path.parent, inner) for inner in _includes(tree.root_node))
    own = Definitions({}, {})
    _walk(root, own, _classes(root))
    defs.macros.update(own.macros)  # the file's own definitions win over its headers'
    defs.functions.update(own.functions)
    return defs
