"""Expression values for the Fortran lowering: affine forms of subscripts and bounds,
integer divisions (`Quotient`) and the value facts of assignments (Access.value)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import tree_sitter

from hpcls.analysis.ir import Affine, Quotient
from hpcls.analysis.lower_fortran_symbols import named, text

if TYPE_CHECKING:
    from hpcls.analysis.lower_fortran_build import Builder

Node = tree_sitter.Node


def unparenthesized(node: Node) -> Node:
    while node.type == "parenthesized_expression":
        inner = [c for c in named(node) if c.type != "comment"]
        if len(inner) != 1:
            break
        node = inner[0]
    return node


def quotient(node: Node, b: Builder) -> Quotient | None:
    """`e / c`, e affine over integer names and c an integer literal > 1: an integer
    division (Fortran truncates it). None for anything else, real operands included."""
    node = unparenthesized(node)
    if node.type != "math_expression":
        return None
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    op = node.child_by_field_name("operator")
    if left is None or right is None or op is None or text(op, b.doc.parse_source) != "/":
        return None
    right = unparenthesized(right)
    num = affine(left, b)
    den = affine(right, b) if right.type == "number_literal" else None
    if num is None or den is None or not den.is_constant or den.constant < 2:
        return None
    if not all(b.is_integer(n) for n in num.names()):
        return None
    return Quotient(num, den.constant)


def value_of(node: Node, b: Builder) -> Affine | Quotient | str | None:
    """The value of an assignment's right side, for Access.value: affine, an integer
    division, or the name of a function called with no arguments."""
    found = affine(node, b)
    if found is not None:
        return found
    q = quotient(node, b)
    if q is not None:
        return q
    node = unparenthesized(node)
    if node.type == "call_expression" and len(node.named_children) == 2:
        head, args = node.named_children
        if head.type == "identifier" and args.type == "argument_list":
            name = text(head, b.doc.parse_source).lower()
            if not b.is_array(name) and not any(c.type != "comment" for c in named(args)):
                return name
    return None


def affine(node: Node, b: Builder) -> Affine | None:
    """The affine (polynomial) form of a subscript or bound, or None."""
    data = b.doc.parse_source
    t = node.type
    if t == "number_literal":
        value = text(node, data).split("_")[0]
        return Affine.const(int(value)) if value.isdigit() else None
    if t == "identifier":
        name = text(node, data).lower()
        return None if b.is_array(name) else Affine.var(name)
    if t == "parenthesized_expression":
        inner = [c for c in named(node) if c.type != "comment"]
        return affine(inner[0], b) if len(inner) == 1 else None
    if t == "unary_expression":
        arg = node.child_by_field_name("argument")
        op = node.child_by_field_name("operator")
        operand = affine(arg, b) if arg is not None else None
        if operand is None or op is None:
            return None
        return -operand if text(op, data) == "-" else operand
    if t == "math_expression":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        op = node.child_by_field_name("operator")
        if left is None or right is None or op is None:
            return None
        lv, rv = affine(left, b), affine(right, b)
        if lv is None or rv is None:
            return None
        sym = text(op, data)
        if sym == "+":
            return lv + rv
        if sym == "-":
            return lv - rv
        if sym == "*":
            return lv * rv
        if sym == "**" and rv.is_constant and 0 <= rv.constant <= 3:
            out = Affine.const(1)
            for _ in range(rv.constant):
                out = out * lv
            return out
    return None
