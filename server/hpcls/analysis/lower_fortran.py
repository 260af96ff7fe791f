"""Fortran (free and fixed form) → the loop-analysis IR (analysis/ir.py).

`lower_fortran(doc)` gives one Unit per program, subroutine, function and separate module
procedure, internal and module procedures included. The tree is over the Document's parse
view (fixed form is parsed through a free-form rewrite); every Span is in source offsets.
Broken code is lowered as far as the tree allows, never raised on.

Modules: lower_fortran_symbols (declarations), lower_fortran_build (state, expressions),
lower_fortran_stmts (statements, directives), lower_fortran_update (`x = x op e`),
lower_fortran_omp (what a directive applies to).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

import tree_sitter

from hpcls.analysis.directives import find_directives
from hpcls.analysis.directives_syntax import Directive
from hpcls.analysis.ir import Unit
from hpcls.analysis.lower_fortran_build import Builder
from hpcls.analysis.lower_fortran_effects import file_types
from hpcls.analysis.lower_fortran_stmts import Lowering
from hpcls.analysis.lower_fortran_symbols import (
    UNIT_TYPES,
    Declared,
    as_static,
    collect,
    freeze,
    implicit_integers,
    named,
    scope_statements,
    text,
)
from hpcls.workspace.document import Document

__all__ = ["lower_fortran"]

Node = tree_sitter.Node

_STATEMENT_OF = {
    "program": "program_statement",
    "subroutine": "subroutine_statement",
    "function": "function_statement",
    "module_procedure": "module_procedure_statement",
}


def lower_fortran(doc: Document) -> tuple[Unit, ...]:
    if doc.tree is None or doc.language is None or not doc.language.is_fortran:
        return ()
    data = doc.parse_source
    # Source offsets: the scan reads the source, asking the tree through the offset map.
    directives = find_directives(doc.tree, doc.lf_source, doc.language, doc.to_parse)
    by_line = {d.lines[0]: d for d in directives}
    continued = frozenset(line for d in directives for line in d.lines[1:])
    root = doc.tree.root_node
    modules = _modules(root, doc, directives)
    pure = _pure_procedures(root, data)
    types = file_types(root, data)
    units: list[Unit] = []
    for node, hosts in _units(root):
        visible: dict[str, Declared] = {}
        letters = "ijklmn"
        for host in (*hosts, node):
            letters = implicit_integers(scope_statements(host), data, letters)
        for host in hosts:  # outermost first: inner declarations shadow outer ones
            if host.type in ("module", "submodule"):
                visible.update(modules.get(_name(host, "module_statement", data), {}))
            else:
                visible.update(_declared(host, doc, directives, modules))
        visible.update(_declared(node, doc, directives, modules))
        b = Builder(doc, visible, pure, _labels(node, doc))
        b.implicit_arrays = _assigned_elements(node, data) - visible.keys()
        b.implicit_integer = letters
        b.types = types
        Lowering(b, by_line, continued).sequence(list(node.children))
        units.append(
            Unit(
                name=_name(node, _STATEMENT_OF[node.type], data),
                span=b.node_span(node),
                constructs=b.frozen_constructs(),
                events=tuple(b.events),
                symbols=MappingProxyType(b.symbols()),
                fortran=True,
            )
        )
    return tuple(units)


def _name(node: Node, statement: str, data: bytes) -> str:
    head = next((c for c in node.children if c.type == statement), None)
    if head is None:
        return ""
    name = head.child_by_field_name("name") or next(
        (c for c in named(head) if c.type in ("name", "identifier")), None
    )
    return text(name, data).lower() if name is not None else ""


def _units(root: Node) -> Iterator[tuple[Node, tuple[Node, ...]]]:
    """Every program unit with the units and modules around it, outermost first."""
    stack: list[tuple[Node, tuple[Node, ...]]] = [(root, ())]
    while stack:
        node, hosts = stack.pop()
        for child in reversed(node.named_children):
            if child.type in UNIT_TYPES:
                stack.append((child, (*hosts, child)))
            elif child.type != "comment":
                inner = (*hosts, child) if child.type in ("module", "submodule") else hosts
                stack.append((child, inner))
        if node.type in UNIT_TYPES:
            yield node, hosts[:-1]


def _declared(
    unit: Node,
    doc: Document,
    directives: list[Directive],
    modules: Mapping[str, dict[str, Declared]],
) -> dict[str, Declared]:
    data = doc.parse_source
    out: dict[str, Declared] = {}
    for n in scope_statements(unit):
        if n.type == "use_statement":
            out.update(_used(n, data, modules))
    head = next((c for c in unit.children if c.type == _STATEMENT_OF.get(unit.type, "")), None)
    params = head.child_by_field_name("parameters") if head is not None else None
    names = [text(c, data).lower() for c in named(params)] if params is not None else []
    source_range = (doc.to_source(unit.start_byte), doc.to_source(unit.end_byte))
    table = collect(unit, data, directives, source_range)
    out.update(freeze(table, [n for n in names if n != "*"]))
    return out


def _used(n: Node, data: bytes, modules: Mapping[str, dict[str, Declared]]) -> dict[str, Declared]:
    """The variables a `use` statement brings in from a module of this file."""
    module = next((c for c in named(n) if c.type == "module_name"), None)
    found = modules.get(text(module, data).lower() if module is not None else "", {})
    items = next((c for c in named(n) if c.type == "included_items"), None)
    if items is None:
        return dict(found)
    spec = text(items, data).lower().split(":", 1)[-1]
    out: dict[str, Declared] = {}
    for item in spec.split(","):
        local, _, remote = item.partition("=>")
        local, remote = local.strip(), (remote or local).strip()
        if remote in found:
            out[local] = found[remote]
    return out


def _modules(
    root: Node, doc: Document, directives: list[Directive]
) -> dict[str, dict[str, Declared]]:
    """Each module's own variables, as seen from a procedure using it (static)."""
    data = doc.parse_source
    out: dict[str, dict[str, Declared]] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(c for c in node.children if c.is_named)
        if node.type != "module":
            continue
        source_range = (doc.to_source(node.start_byte), doc.to_source(node.end_byte))
        table = collect(node, data, directives, source_range)
        out[_name(node, "module_statement", data)] = as_static(freeze(table, (), all_static=True))
    return out


def _pure_procedures(root: Node, data: bytes) -> frozenset[str]:
    """Procedures of this file declared `pure`, or `elemental` without `impure`."""
    out: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        stack.extend(c for c in node.children if c.is_named)
        if node.type not in ("function_statement", "subroutine_statement"):
            continue
        words = {text(c, data).lower() for c in node.children if c.type == "procedure_qualifier"}
        if ("pure" in words or "elemental" in words) and "impure" not in words:
            name = node.child_by_field_name("name")
            if name is not None:
                out.add(text(name, data).lower())
    return frozenset(out)


def _assigned_elements(unit: Node, data: bytes) -> frozenset[str]:
    """Names assigned as `x(...) = ...` in the unit."""
    out: set[str] = set()
    for n in scope_statements(unit):
        left = n.child_by_field_name("left") if n.type == "assignment_statement" else None
        if left is not None and left.type == "call_expression" and left.named_children:
            head = left.named_children[0]
            if head.type == "identifier":
                out.add(text(head, data).lower())
    return frozenset(out)


def _labels(unit: Node, doc: Document) -> dict[str, int]:
    """Statement labels of the unit, at the source offset of the labelled statement."""
    data = doc.parse_source
    out: dict[str, int] = {}
    for n in scope_statements(unit):
        # a `goto 20` also shows its target as a statement_label: only definitions count
        if (
            n.type == "statement_label"
            and n.parent is not None
            and n.parent.type not in ("keyword_statement", "statement_label_reference")
        ):
            out.setdefault(text(n, data).strip(), doc.to_source(n.start_byte))
        elif n.type == "end_do_label_loop_statement":
            for c in n.children:
                if c.type in ("statement_label", "do_label_virtual") and text(c, data).strip():
                    out.setdefault(text(c, data).strip(), doc.to_source(c.start_byte))
    return out
