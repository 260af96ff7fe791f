"""Declarations: the symbols of parameters, locals and file-scope variables, and the
writes of initialisers."""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter

from hpcls.analysis.ir import StorageKind, Symbol
from hpcls.analysis.lower_c_affine import text

Node = tree_sitter.Node

# C++ class templates whose objects own distinct element storage, like an array.
_CONTAINERS = frozenset({"vector", "array", "valarray", "deque", "basic_string", "string"})
_SMART_POINTERS = frozenset({"unique_ptr", "shared_ptr", "weak_ptr", "span", "mdspan", "View"})
_RESTRICT = frozenset({"restrict", "__restrict", "__restrict__"})
_WRAPPERS = frozenset(
    {
        "pointer_declarator",
        "array_declarator",
        "reference_declarator",
        "parenthesized_declarator",
        "attributed_declarator",
        "init_declarator",
        "function_declarator",
    }
)


def declarators(decl: Node) -> Iterator[tuple[Node, Node | None]]:
    """(declarator, initialiser value or None) for each name a declaration declares."""
    for i, child in enumerate(decl.children):
        if decl.field_name_for_child(i) != "declarator":
            continue
        if child.type == "init_declarator":
            yield child, child.child_by_field_name("value") or _brace_init(child)
        else:
            yield child, None


def _brace_init(init: Node) -> Node | None:
    """C++ `T x{...}` / `T x(args)`: the initialiser without a `value` field."""
    for c in init.named_children:
        if c.type in ("initializer_list", "argument_list"):
            return c
    return None


def name_and_shape(declarator: Node) -> tuple[str | None, str | None, bool]:
    """The declared name, the wrapper closest to it ("pointer", "array", "reference",
    "function" or None) and whether a pointer wrapper carries `restrict`."""
    shape: str | None = None
    restrict = False
    at: Node | None = declarator
    while at is not None and at.type in _WRAPPERS:
        if at.type == "pointer_declarator":
            shape = "pointer"
            restrict = restrict or any(text(c) in _RESTRICT for c in at.children)
        elif at.type == "array_declarator":
            shape = "array"
        elif at.type == "reference_declarator":
            shape = "reference"
        elif at.type == "function_declarator":
            shape = "function"
        inner = at.child_by_field_name("declarator")
        if inner is None:  # reference_declarator and parenthesized_declarator: no field
            inner = next((c for c in at.named_children if c.type not in ("type_qualifier",)), None)
        at = inner
    if at is None or at.type not in ("identifier", "field_identifier", "qualified_identifier"):
        return None, shape, restrict
    return text(at), shape, restrict


def _type_storage(decl: Node) -> StorageKind | None:
    ty = decl.child_by_field_name("type")
    if ty is None:
        return None
    names = {text(n) for n in _walk(ty) if n.type in ("type_identifier", "identifier")}
    if names & _CONTAINERS:
        return StorageKind.ARRAY
    if names & _SMART_POINTERS:
        return StorageKind.POINTER
    return None


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for c in node.children:
        yield from _walk(c)


def _specifiers(decl: Node) -> set[str]:
    return {
        text(c)
        for c in decl.children
        if c.type in ("storage_class_specifier", "type_qualifier", "attribute_specifier")
    }


def constructor_arguments(declarator: Node) -> list[Node] | None:
    """C++'s most vexing parse: `std::vector<double> w(n);` reads as a function `w` with a
    parameter of type `n`. When every "parameter" is a bare name, it is an object built
    from those names (the nodes returned); None otherwise."""
    if declarator.type != "function_declarator":
        return None
    inner = declarator.child_by_field_name("declarator")
    plist = declarator.child_by_field_name("parameters")
    if inner is None or inner.type != "identifier" or plist is None:
        return None
    params = [p for p in plist.named_children if p.type != "comment"]
    out: list[Node] = []
    for p in params:
        ty = p.child_by_field_name("type")
        if p.type != "parameter_declaration" or len(p.named_children) != 1 or ty is None:
            return None
        if ty.type != "type_identifier":
            return None
        out.append(ty)
    return out or None


def symbol_for(decl: Node, declarator: Node, *, parameter: bool) -> Symbol | None:
    """The symbol one declarator of `decl` declares, or None (functions, no name)."""
    name, shape, restrict = name_and_shape(declarator)
    if shape == "function" and constructor_arguments(declarator) is not None:
        shape = None
    if name is None or shape == "function":
        return None
    if shape in ("pointer", "reference") or (parameter and shape == "array"):
        storage = StorageKind.POINTER  # array parameters are pointers in C
    elif shape == "array":
        storage = StorageKind.ARRAY
    else:
        storage = _type_storage(decl) or StorageKind.SCALAR
    specs = _specifiers(decl)
    return Symbol(
        name,
        storage,
        restrict=restrict,
        parameter=parameter,
        static="static" in specs or "extern" in specs,
        threadprivate=bool(specs & {"thread_local", "_Thread_local", "__thread"}),
    )


def parameters(function_declarator: Node | None) -> list[Symbol]:
    return [sym for sym, _p, _d in parameter_declarations(function_declarator)]


def parameter_declarations(
    function_declarator: Node | None,
) -> list[tuple[Symbol, Node, Node]]:
    """(symbol, parameter declaration, its declarator) for each named parameter."""
    if function_declarator is None:
        return []
    plist = function_declarator.child_by_field_name("parameters")
    out: list[tuple[Symbol, Node, Node]] = []
    for p in plist.named_children if plist is not None else ():
        if p.type not in ("parameter_declaration", "optional_parameter_declaration"):
            continue
        d = p.child_by_field_name("declarator")
        sym = symbol_for(p, d, parameter=True) if d is not None else None
        if sym is not None and d is not None:
            out.append((sym, p, d))
    return out


def file_scope_symbols(root: Node) -> dict[str, Symbol]:
    """Variables declared outside every function: shared by all threads (static=True)."""
    out: dict[str, Symbol] = {}
    for decl, d in file_scope_declarators(root):
        sym = symbol_for(decl, d, parameter=False)
        if sym is not None:
            out.setdefault(sym.name, _shared(sym))
    return out


def file_scope_declarators(root: Node) -> Iterator[tuple[Node, Node]]:
    """(declaration, declarator) for each variable declared outside every function."""
    stack = [root]
    while stack:
        node = stack.pop()
        for child in node.named_children:
            if child.type == "declaration":
                for d, _value in declarators(child):
                    yield child, d
            elif child.type in (
                "preproc_if",
                "preproc_ifdef",
                "preproc_else",
                "preproc_elif",
                "namespace_definition",
                "declaration_list",
                "linkage_specification",
                "ERROR",
            ):
                stack.append(child)


def _shared(sym: Symbol) -> Symbol:
    return Symbol(
        sym.name, sym.storage, restrict=sym.restrict, static=True, threadprivate=sym.threadprivate
    )
