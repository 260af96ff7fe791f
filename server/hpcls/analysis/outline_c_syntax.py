"""Declarator plumbing and `#include` lines for the C-family half of the outline."""

from __future__ import annotations

from collections.abc import Iterable

import tree_sitter

from hpcls.analysis.outline_common import Match, include_target, node_end, node_text, run_query
from hpcls.analysis.outline_model import Import
from hpcls.languages.registry import LanguageKind

Node = tree_sitter.Node

NAME_TYPES = frozenset(
    {
        "identifier",
        "field_identifier",
        "type_identifier",
        "qualified_identifier",
        "destructor_name",
        "operator_name",
        "operator_cast",
        "template_function",
        "template_method",
    }
)
# Declarators that make a function declarator a pointer to / array of functions.
INDIRECTIONS = frozenset({"pointer_declarator", "parenthesized_declarator", "array_declarator"})
# Statements whose declarations are visible only inside them.
BLOCKS = frozenset(
    {
        "compound_statement",
        "for_statement",
        "for_range_loop",
        "while_statement",
        "if_statement",
        "switch_statement",
        "catch_clause",
    }
)
# Specifiers that may carry a body (and so define a type in place).
RECORDS = frozenset({"struct_specifier", "union_specifier", "class_specifier", "enum_specifier"})
# What may precede a function declarator in a broken definition: its type and qualifiers.
SIGNATURE_PARTS = frozenset(
    {
        "primitive_type",
        "type_identifier",
        "sized_type_specifier",
        "storage_class_specifier",
        "type_qualifier",
        "qualified_identifier",
        "template_type",
        "placeholder_type_specifier",
        "struct_specifier",
        "launch_bounds",
        "__global__",
        "__device__",
        "__host__",
        "__forceinline__",
        "__noinline__",
    }
)


def declarator_name(declarator: Node | None) -> tuple[Node | None, Node | None, bool]:
    """(name, function declarator or None, any pointer on the way) of a declarator."""
    fd: Node | None = None
    pointer = False
    node = declarator
    while node is not None:
        if node.type in NAME_TYPES:
            return node, fd, pointer
        if node.type == "function_declarator":
            fd = node
        elif node.type in INDIRECTIONS:
            fd = None  # `(*fp)(int)`: a pointer to a function is a variable
            pointer = pointer or node.type == "pointer_declarator"
        inner = node.child_by_field_name("declarator")
        if inner is None:  # reference and parenthesized declarators have no field
            inner = next(
                (c for c in node.named_children if c.type not in ("type_qualifier", "comment")),
                None,
            )
        node = inner
    return None, None, pointer


def base_name(name: Node) -> Node:
    """`solve` in `hpc::Solver::solve`, `foo` in `foo<int>`."""
    while name.type in ("qualified_identifier", "template_function", "template_method"):
        inner = name.child_by_field_name("name")
        if inner is None:
            break
        name = inner
    return name


def owner_class(name: Node, source: bytes) -> str | None:
    """`Solver` in `hpc::Solver::solve`, `Grid` in `Grid<double>::run`."""
    owner: str | None = None
    while name.type == "qualified_identifier":
        scope = name.child_by_field_name("scope")
        if scope is not None:
            base = scope.child_by_field_name("name") if scope.type == "template_type" else scope
            owner = node_text(source, base or scope)
        inner = name.child_by_field_name("name")
        if inner is None:
            break
        name = inner
    return owner


def c_imports(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Import]:
    return imports_of(run_query(kind, "symbols", tree.root_node), source)


def imports_of(matches: Iterable[Match], source: bytes) -> list[Import]:
    """The `#include` lines among a symbols query's matches."""
    out: list[Import] = []
    for m in matches:
        path = m.one("path")
        if m.tag != "include" or path is None:
            continue
        found = include_target(source, path)
        out.append(
            Import(
                target=found.target,
                kind=found.kind,
                start=m.node.start_byte,
                end=node_end(source, m.node),
                target_start=found.start,
                target_end=found.end,
                scope_start=0,
                scope_end=len(source),
            )
        )
    out.sort(key=lambda i: i.start)
    return out
