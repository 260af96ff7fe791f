"""Fortran statements and expressions whose effect the IR cannot model → ir.Effect (part of
the lowering): I/O, character assignment and concatenation, reallocation on assignment,
defined operators and assignment on derived types. A loop around one is `unknown` with
the reason, never `parallel` (docs/analysis-assumptions.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import tree_sitter

from hpcls.analysis.lower_fortran_symbols import named, text
from hpcls.analysis.lower_fortran_values import unparenthesized

if TYPE_CHECKING:
    from hpcls.analysis.lower_fortran_build import Builder

Node = tree_sitter.Node

OPERATOR_NODES = frozenset(
    {"math_expression", "relational_expression", "logical_expression", "unary_expression"}
)
# I/O statements besides read/write/print (whose items the statement walk records).
IO_STATEMENTS = frozenset(
    {"open_statement", "close_statement", "inquire_statement", "file_position_statement"}
)
# Specifiers an I/O statement stores into; in `inquire`, all but these inputs are.
_IO_OUTPUTS = frozenset({"iostat", "iomsg", "newunit", "size", "id", "iolength"})
_INQUIRE_INPUTS = frozenset({"unit", "file", "id", "err"})


@dataclass(frozen=True, slots=True)
class FileTypes:
    """What the file's own derived-type definitions and interfaces say."""

    names: frozenset[str] = frozenset()  # the derived types defined in the file
    components: frozenset[str] = frozenset()  # every component name of those types
    derived_components: frozenset[str] = frozenset()  # components of derived type
    allocatable_components: frozenset[str] = frozenset()
    bindings: frozenset[str] = frozenset()  # type-bound procedure names
    defined_assignment: bool = False  # an `assignment(=)` interface or generic binding


def file_types(root: Node, data: bytes) -> FileTypes:
    names: set[str] = set()
    components: set[str] = set()
    derived: set[str] = set()
    allocatable: set[str] = set()
    bindings: set[str] = set()
    assignment = False
    stack = [root]
    while stack:
        n = stack.pop()
        stack.extend(c for c in n.children if c.is_named)
        if n.type == "derived_type_statement":
            found = next((c for c in named(n) if c.type == "type_name"), None)
            if found is not None:
                names.add(text(found, data).strip().lower())
        elif n.type == "variable_declaration" and _in_type(n):
            kind = n.child_by_field_name("type")
            quals = {text(c, data).lower() for c in n.children if c.type == "type_qualifier"}
            for d in (c for c in named(n) if c.type in _DECLARATORS):
                ident = d if d.type == "identifier" else _ident(d)
                if ident is None:
                    continue
                name = text(ident, data).lower()
                components.add(name)
                if kind is not None and kind.type == "derived_type":
                    derived.add(name)
                if "allocatable" in quals:
                    allocatable.add(name)
        elif n.type in ("method_name", "binding_name") and _in_type(n):
            bindings.add(text(n, data).strip().lower())
        elif n.type == "assignment":
            assignment = True
    return FileTypes(
        frozenset(names),
        frozenset(components),
        frozenset(derived),
        frozenset(allocatable),
        frozenset(bindings),
        assignment,
    )


_DECLARATORS = frozenset({"identifier", "sized_declarator", "init_declarator"})


def _ident(decl: Node) -> Node | None:
    left = decl.child_by_field_name("left")
    if left is not None:
        return left if left.type == "identifier" else _ident(left)
    return next((c for c in named(decl) if c.type == "identifier"), None)


def _in_type(n: Node) -> bool:
    p = n.parent
    while p is not None:
        if p.type == "derived_type_definition":
            return True
        p = p.parent
    return False


def operator_word(node: Node, data: bytes) -> str:
    """The operator of an operator expression, as written (`+`, `.and.`, `.cross.`)."""
    op = node.child_by_field_name("operator")
    if op is not None:
        return text(op, data).strip().lower()
    for c in node.children:
        if c.type == "user_defined_operator" or not c.is_named:
            word = text(c, data).strip()
            if word and word not in "()":
                return word.lower()
    return "?"


def io_outputs(statement: Node, data: bytes) -> tuple[list[Node], list[Node]]:
    """(read, written) value nodes of an I/O statement's specifiers (`iostat=ios`...)."""
    reads: list[Node] = []
    writes: list[Node] = []
    inquire = statement.type == "inquire_statement"
    for c in named(statement):
        if c.type == "keyword_argument" and len(c.named_children) >= 2:
            key = text(c.named_children[0], data).strip().lower()
            value = c.named_children[-1]
            out = key not in _INQUIRE_INPUTS if inquire else key in _IO_OUTPUTS
            (writes if out else reads).append(value)
        elif c.type in ("unit_identifier", "format_identifier"):
            reads.extend(x for x in named(c) if x.type != "comment")
    return reads, writes


def io_reason(statement: Node, data: bytes) -> str:
    """Plain words for an I/O statement's effect."""
    t = statement.type
    if t == "print_statement":
        return "prints (I/O: the order of the output changes in parallel)"
    if t == "write_statement":
        return "writes with WRITE (I/O: the order and the file position are shared)"
    if t == "read_statement":
        return "reads with READ (I/O: the order and the file position are shared)"
    word = text(statement, data).strip().split("(")[0].split()[0].lower()
    return f"runs the I/O statement {word.upper()} (the file state is shared)"


# --- effects of expressions and assignments (called by the Builder) -------------------------


def expression_effects(b: Builder, node: Node) -> None:
    """An operator expression: a user-defined operator, or an intrinsic operator on a
    derived-type operand, runs a procedure the IR does not see (it may be impure)."""
    data = b.doc.parse_source
    if node.type == "concatenation_expression":
        b.effect("concatenates character strings (//): character lengths are not modelled", node)
        return
    word = operator_word(node, data)
    if word.startswith(".") and word.strip(".") not in _INTRINSIC_DOTTED:
        b.effect(f"applies the defined operator {word}, a procedure not followed here", node)
        return
    for operand in (c for c in named(node) if c.type not in ("comment", "user_defined_operator")):
        shown = derived_value(b, operand)
        if shown is not None:
            b.effect(
                f"applies {word} to {shown}, a derived-type object: a defined operator runs there",
                node,
            )
            return


_INTRINSIC_DOTTED = frozenset(
    {"and", "or", "not", "eqv", "neqv", "eq", "ne", "lt", "le", "gt", "ge", "true", "false"}
)


def derived_value(b: Builder, node: Node) -> str | None:
    """The text of `node` when its value may be of derived type: a variable or element
    declared `type(t)`/`class(t)`, a component of derived type, or a component of a
    type not defined in this file (its components' types are not known)."""
    node = unparenthesized(node)
    data = b.doc.parse_source
    shown = text(node, data)
    head = node
    if head.type == "call_expression" and head.named_children:
        head = head.named_children[0]
    if head.type == "identifier":
        d = b.declared.get(text(head, data).lower())
        if d is None or d.derived is None:
            return None
        return shown if node is head or b.is_array(text(head, data).lower()) else None
    if head.type != "derived_type_member_expression":
        return None
    member = next((c for c in named(head) if c.type == "type_member"), None)
    name = text(member, data).lower() if member is not None else ""
    if name in b.types.derived_components:
        return shown
    root = _root(head)
    d = b.declared.get(text(root, data).lower()) if root is not None else None
    outside = d is None or d.derived is None or d.derived not in b.types.names
    return shown if outside and name not in b.types.components else None


def _root(node: Node) -> Node | None:
    while node.type in ("call_expression", "derived_type_member_expression"):
        if not node.named_children:
            return None
        node = node.named_children[0]
    return node if node.type == "identifier" else None


def assignment_effects(b: Builder, left: Node, statement: Node) -> None:
    """What an assignment does beyond storing values: a character variable's length and
    storage change with it, an allocatable array may be reallocated, a derived-type
    object may be assigned by a defined assignment."""
    data = b.doc.parse_source
    shown = text(left, data)
    head = left
    while head.type == "call_expression" and head.named_children:
        head = head.named_children[0]
    if head.type == "identifier":
        name = text(head, data).lower()
        d = b.declared.get(name)
        if d is None:
            return
        element = left.type == "call_expression" and b.is_array(name)
        substring = left.type == "call_expression" and left.named_children[0] is not head
        if d.character and (not element or substring):
            b.effect(
                f"assigns the character variable {shown} (lengths are not modelled)", statement
            )
        elif d.allocatable and left.type == "identifier":
            b.effect(
                f"assigns the whole allocatable array {shown}, which may reallocate it",
                statement,
            )
        elif d.derived is not None and _defined_assignment(b, d.derived):
            b.effect(
                f"assigns {shown}, a derived-type object: a defined assignment may run", statement
            )
        return
    if head.type == "derived_type_member_expression":
        member = next((c for c in named(head) if c.type == "type_member"), None)
        name = text(member, data).lower() if member is not None else ""
        if left is head and name in b.types.allocatable_components:
            b.effect(
                f"assigns the whole allocatable component {shown}, which may reallocate it",
                statement,
            )
        elif name in b.types.derived_components and b.types.defined_assignment:
            b.effect(
                f"assigns {shown}, a derived-type object: a defined assignment may run", statement
            )


def _defined_assignment(b: Builder, type_name: str) -> bool:
    """A defined assignment may apply: one is declared in the file, or the type (or a
    polymorphic `class(*)`) is not defined here."""
    return b.types.defined_assignment or type_name not in b.types.names


def member_call(b: Builder, node: Node, head: Node, args: Node | None) -> bool:
    """`obj%name(args)` where name is a type-bound procedure (a binding of a type of this
    file, or a member of a type defined elsewhere that is no component here): a call.
    Returns whether it was lowered as one."""
    data = b.doc.parse_source
    member = next((c for c in named(head) if c.type == "type_member"), None)
    name = text(member, data).lower() if member is not None else ""
    if name in b.types.components and name not in b.types.bindings:
        return False
    root = _root(head)
    d = b.declared.get(text(root, data).lower()) if root is not None else None
    known = d is not None and d.derived is not None and d.derived in b.types.names
    if known and name not in b.types.bindings:
        return False  # an array component of a type defined here
    if head.named_children:  # the passed object: the procedure may change it
        b.arguments_node(head.named_children[0])
    b.arguments(args, False)
    b.call(text(head, data).lower(), node, False, b.argument_names(args))
    return True


def io_statement(b: Builder, n: Node) -> None:
    """An I/O statement: what it reads and stores (READ items and `iostat=` are written),
    and an Effect: the order of records and the file state are shared."""
    data = b.doc.parse_source
    b.new_statement()
    reads, writes = io_outputs(n, data)
    for c in reads:
        if n.type == "write_statement" and _internal_unit(c, b):
            writes.append(c)  # `write(str, ...)` stores into the character variable
        else:
            b.read(c)
    for c in named(n):
        if c.type == "output_item_list":
            b.read(c)
        elif c.type == "input_item_list":
            for item in named(c):
                b.write(item)
        elif c.type not in ("keyword_argument", "unit_identifier", "format_identifier"):
            b.read(c)
    for c in writes:
        b.write(c)
    b.effect(io_reason(n, data), n)


def _internal_unit(node: Node, b: Builder) -> bool:
    """`node` is the unit of an I/O statement and a character variable (internal I/O)."""
    if node.parent is None or node.parent.type != "unit_identifier":
        return False
    head = node.named_children[0] if node.type == "call_expression" and node.children else node
    if head.type != "identifier":
        return False
    d = b.declared.get(text(head, b.doc.parse_source).lower())
    return d is not None and d.character
