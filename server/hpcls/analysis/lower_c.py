"""C, C++ and CUDA (host and kernel code) lowered to the loop-analysis IR (ir.py): one
Unit per function definition, methods and CUDA `__global__`/`__device__` functions
included; lambda bodies are part of the function that writes them.

The work is split by concern: lower_c_stmt (statements, `#pragma omp` attachment),
lower_c_expr (accesses, calls, update operators), lower_c_loop (canonical `for` headers),
lower_c_decl (symbols), lower_c_affine (subscript polynomials). Broken code never raises:
ERROR nodes are lowered as far as their children allow.
"""

from __future__ import annotations

from collections.abc import Iterator

import tree_sitter

from hpcls.analysis.directives import find_directives
from hpcls.analysis.ir import Unit
from hpcls.analysis.lower_c_affine import compact
from hpcls.analysis.lower_c_builder import SourceMap, UnitBuilder
from hpcls.analysis.lower_c_decl import (
    file_scope_declarators,
    file_scope_symbols,
    parameter_declarations,
)
from hpcls.analysis.lower_c_expand import Expander, expanding
from hpcls.analysis.lower_c_objects import declare, enter_method, with_kinds
from hpcls.analysis.lower_c_stmt import collect_labels, statement, threadprivate_names
from hpcls.analysis.lower_c_types import EMPTY_TABLE, file_types
from hpcls.analysis.lower_c_values import file_scope_integers, integer_parameters
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document

__all__ = ["lower_c"]

Node = tree_sitter.Node


def lower_c(doc: Document) -> tuple[Unit, ...]:
    """One Unit per function definition of a C/C++/CUDA document, in source order."""
    if doc.tree is None or doc.language is None or doc.language.is_fortran:
        return ()
    with expanding(doc) as ex:
        return _lower(doc, ex)


def _lower(doc: Document, ex: Expander | None) -> tuple[Unit, ...]:
    assert doc.tree is not None and doc.language is not None
    root = doc.tree.root_node
    # Source offsets, as in Fortran: races and their fixes point into the source.
    directives = find_directives(doc.tree, doc.lf_source, doc.language, doc.to_parse)
    by_line = {d.lines[0]: d for d in directives}
    private = set().union(
        *(threadprivate_names(d) for d in directives if d.name == "threadprivate")
    )
    shared = file_scope_symbols(root)
    integers = file_scope_integers(root)
    smap = SourceMap(doc)
    cpp = doc.language is not LanguageKind.C
    table = file_types(root) if cpp else EMPTY_TABLE
    kinds = UnitBuilder("<file>", smap.span(0, 0), smap, shared, private)
    kinds.cpp, kinds.table = cpp, table
    for decl, d in file_scope_declarators(root):
        value = d.child_by_field_name("value") if d.type == "init_declarator" else None
        declare(kinds, decl, d, value)
    units: list[Unit] = []
    for fn in _functions(root):
        body = fn.child_by_field_name("body")
        if body is None:
            continue
        if ex is not None:
            ex.enter_unit(fn)
        b = UnitBuilder(_name(fn), smap.of(fn), smap, shared, private, directives=by_line)
        b.integers |= integers
        b.cpp, b.table = cpp, table
        b.kinds.update(kinds.kinds)
        b.owner_class.update(kinds.owner_class)
        b.volatiles |= kinds.volatiles
        cls = _enclosing_class(fn)
        if cls is not None:
            enter_method(b, cls)
        typed = integer_parameters(_function_declarator(fn))
        for sym, decl, d in parameter_declarations(_function_declarator(fn)):
            b.note_type(sym.name, sym.name in typed)
            b.declare(with_kinds(b, sym, decl, d, None))
        collect_labels(b, body)
        try:
            statement(b, body)
        except RecursionError:
            continue  # absurdly deep nesting: no unit beats a unit with accesses missing
        units.append(b.finish())
    return tuple(units)


def _functions(root: Node) -> Iterator[Node]:
    stack = [root]
    found: list[Node] = []
    while stack:
        node = stack.pop()
        if node.type == "function_definition":
            found.append(node)
        stack.extend(node.named_children)
    return iter(sorted(found, key=lambda n: n.start_byte))


def _function_declarator(fn: Node) -> Node | None:
    at = fn.child_by_field_name("declarator")
    while at is not None and at.type != "function_declarator":
        inner = at.child_by_field_name("declarator")
        if inner is None:
            inner = next((c for c in at.named_children if "declarator" in c.type), None)
        at = inner
    return at


def _enclosing_class(fn: Node) -> str | None:
    """The class a member function belongs to: written inside its body, or defined
    outside as `Class::method`."""
    at = fn.parent
    while at is not None:
        if at.type in ("class_specifier", "struct_specifier", "union_specifier"):
            name = at.child_by_field_name("name")
            return compact(name) if name is not None else None
        at = at.parent
    fd = _function_declarator(fn)
    inner = fd.child_by_field_name("declarator") if fd is not None else None
    if inner is not None and inner.type == "qualified_identifier":
        scope = inner.child_by_field_name("scope")
        return compact(scope).split("<")[0] if scope is not None else None
    return None


def _name(fn: Node) -> str:
    fd = _function_declarator(fn)
    inner = fd.child_by_field_name("declarator") if fd is not None else None
    return compact(inner) if inner is not None else "<anonymous>"
