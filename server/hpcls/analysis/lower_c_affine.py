"""Small readers of C/C++ expression trees: affine forms, integer literals, the variable an
lvalue names (`a[i].x` is array a; `p->x` is the member path "p->x")."""

from __future__ import annotations

import re

import tree_sitter

from hpcls.analysis.ir import Affine

Node = tree_sitter.Node

# Wrappers an affine form looks through: `(i)`, `(long)i`.
_TRANSPARENT = frozenset({"parenthesized_expression", "cast_expression"})
_INT = re.compile(r"(0[xX][0-9a-fA-F']+|0[bB][01']+|[0-9][0-9']*)([uUlLzZ]*)")


def strip(node: Node) -> Node:
    """The node inside parentheses and casts."""
    while node.type in _TRANSPARENT:
        inner = node.child_by_field_name("value") if node.type == "cast_expression" else None
        if inner is None:
            inner = next((c for c in node.named_children if c.type != "comment"), None)
        if inner is None:
            return node
        node = inner
    return node


def int_literal(node: Node) -> int | None:
    text = (node.text or b"").decode(errors="replace")
    m = _INT.fullmatch(text)
    if m is None:
        return None
    digits = m.group(1).replace("'", "")
    if digits.startswith(("0x", "0X", "0b", "0B")):
        return int(digits, 0)
    return int(digits, 8) if len(digits) > 1 and digits.startswith("0") else int(digits)


def text(node: Node) -> str:
    return (node.text or b"").decode(errors="replace")


def compact(node: Node) -> str:
    """The node's text without blanks: structural equality of small expressions."""
    return "".join(text(node).split())


def affine(node: Node | None) -> Affine | None:
    """The polynomial a subscript or bound spells, or None (division, calls, array
    elements...). Member paths (`s.n`, `p->n`) count as names."""
    if node is None:
        return None
    node = strip(node)
    t = node.type
    if t == "number_literal":
        value = int_literal(node)
        return Affine.const(value) if value is not None else None
    if t == "identifier":
        return Affine.var(text(node))
    if t == "field_expression":
        path = member_path(node)
        return Affine.var(path) if path is not None else None
    if t == "unary_expression":
        op = node.child_by_field_name("operator")
        arg = affine(node.child_by_field_name("argument"))
        if op is None or arg is None:
            return None
        return -arg if op.type == "-" else arg if op.type == "+" else None
    if t == "binary_expression":
        op = node.child_by_field_name("operator")
        left = affine(node.child_by_field_name("left"))
        right = affine(node.child_by_field_name("right"))
        if op is None or left is None or right is None:
            return None
        if op.type == "+":
            return left + right
        if op.type == "-":
            return left - right
        if op.type == "*":
            return left * right
    return None


def member_path(node: Node) -> str | None:
    """`s.x` -> "s.x", `p->a.b` -> "p->a.b", `this->n` -> "this->n"; None when the object
    is not a plain name or member path (`a[i].x`, `f().x`)."""
    node = strip(node)
    if node.type in ("identifier", "this"):
        return text(node)
    if node.type == "field_expression":
        arg = node.child_by_field_name("argument")
        op = node.child_by_field_name("operator")
        fld = node.child_by_field_name("field")
        if arg is None or op is None or fld is None:
            return None
        base = member_path(arg)
        return f"{base}{op.type}{text(fld)}" if base is not None else None
    return None


def names_in(node: Node) -> set[str]:
    """Every identifier (and member path root) the expression mentions."""
    out: set[str] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "identifier":
            out.add(text(n))
        elif n.type == "field_expression":
            path = member_path(n)
            if path is not None:
                out.add(path)
        stack.extend(n.named_children)
    return out


def root_name(path: str) -> str:
    return re.split(r"\.|->", path, maxsplit=1)[0]
