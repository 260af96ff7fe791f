"""Small readers of C/C++ expression trees: affine forms, integer literals, the variable an
lvalue names (`a[i].x` is array a; `p->x` is the member path "p->x")."""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from contextvars import ContextVar
from typing import Protocol

import tree_sitter

from hpcls.analysis.ir import Affine

Node = tree_sitter.Node


class Expands(Protocol):
    """What lower_c_expand.Expander offers the readers here."""

    def identifier(self, node: Node) -> Node | None: ...
    def call(self, node: Node) -> Node | None: ...
    def deeper(self) -> AbstractContextManager[None]: ...


# The expander of the document being lowered (lower_c_expand.expanding sets it).
EXPANDER: ContextVar[Expands | None] = ContextVar("hpcls_c_expander", default=None)

# Wrappers an affine form looks through: `(i)`, `(long)i`.
_TRANSPARENT = frozenset({"parenthesized_expression", "cast_expression"})
_INT = re.compile(r"([-+]?)\s*(0[xX][0-9a-fA-F']+|0[bB][01']+|[0-9][0-9']*)([uUlLzZ]*)")


_CPP_CASTS = frozenset({"static_cast", "const_cast", "reinterpret_cast", "dynamic_cast"})
_ARITHMETIC = frozenset({"primitive_type", "sized_type_specifier"})
_CALL_LIKE = frozenset({"call_expression", "compound_literal_expression"})


def cast_operand(node: Node) -> Node | None:
    """The operand of a C++ cast spelt like a call: `static_cast<T>(e)`, `double(e)`,
    `float{e}`; None for anything else."""
    if node.type == "compound_literal_expression":
        ty, value = node.child_by_field_name("type"), node.child_by_field_name("value")
        if ty is None or ty.type not in _ARITHMETIC or value is None:
            return None
        items = [c for c in value.named_children if c.type != "comment"]
        return items[0] if value.type == "initializer_list" and len(items) == 1 else None
    if node.type != "call_expression":
        return None
    fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    if fn is None or args is None:
        return None
    if fn.type == "template_function":
        name = fn.child_by_field_name("name")
        if name is None or text(name) not in _CPP_CASTS:
            return None
    elif fn.type not in _ARITHMETIC:
        return None
    items = [c for c in args.named_children if c.type != "comment"]
    return items[0] if len(items) == 1 else None


def strip(node: Node) -> Node:
    """The node inside parentheses and casts."""
    while node.type in _TRANSPARENT or node.type in _CALL_LIKE:
        if node.type not in _TRANSPARENT:
            operand = cast_operand(node)
            if operand is None:
                return node
            node = operand
            continue
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
    sign = -1 if m.group(1) == "-" else 1
    digits = m.group(2).replace("'", "")
    if digits.startswith(("0x", "0X", "0b", "0B")):
        return sign * int(digits, 0)
    return sign * (int(digits, 8) if len(digits) > 1 and digits.startswith("0") else int(digits))


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
    if t in ("identifier", "call_expression"):
        ex = EXPANDER.get()
        expanded = None
        if ex is not None:
            expanded = ex.identifier(node) if t == "identifier" else ex.call(node)
        if expanded is not None and ex is not None:
            with ex.deeper():
                return affine(expanded)
        if t == "identifier":
            return Affine.var(text(node))
        method = pure_method(node)
        return Affine.var(f"{method[0]}.{method[1]}()") if method is not None else None
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
        if left.is_constant and right.is_constant:  # `H / 2` with `#define H 240`
            return _fold(op.type, left.constant, right.constant)
    return None


def _fold(op: str, a: int, b: int) -> Affine | None:
    """C's integer `/`, `%`, `<<` and `>>` of constants (division truncates to zero)."""
    if op in ("/", "%") and b != 0:
        q = abs(a) // abs(b) * (1 if (a < 0) == (b < 0) else -1)
        return Affine.const(q if op == "/" else a - q * b)
    if op in ("<<", ">>") and 0 <= b < 63:
        return Affine.const(a << b if op == "<<" else a >> b)
    return None


# Const members of standard containers: `v.size()` is a loop-invariant value while
# nothing in the loop resizes v (a call that could is impure and passes v).
CONTAINER_QUERIES = frozenset({"size", "empty", "data", "length", "capacity"})


def pure_method(node: Node) -> tuple[str, str] | None:
    """(object path, method) for `v.size()`, `g->cells.size()`: a container query
    without arguments; None otherwise."""
    fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
    if fn is None or args is None or fn.type != "field_expression":
        return None
    if any(c.type != "comment" for c in args.named_children):
        return None
    obj, fld = fn.child_by_field_name("argument"), fn.child_by_field_name("field")
    path = member_path(obj) if obj is not None else None
    if path is None or fld is None or text(fld) not in CONTAINER_QUERIES:
        return None
    return path, text(fld)


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
