"""Recognise `x = x op e` updates in Fortran assignments (part of the lowering): the
shapes a `reduction` clause or an `atomic update` can take over."""

from __future__ import annotations

import re

import tree_sitter

from hpcls.analysis.lower_fortran_build import Builder
from hpcls.analysis.lower_fortran_symbols import text

Node = tree_sitter.Node

_INTRINSIC_OPS = frozenset({"max", "min", "iand", "ior", "ieor"})
_LOGICAL_OPS = frozenset({".and.", ".or.", ".eqv.", ".neqv."})
_BLANKS = re.compile(r"\s+")


def _key(node: Node, data: bytes) -> str:
    return _BLANKS.sub("", text(node, data)).lower()


def _operator(node: Node, data: bytes) -> str | None:
    op = node.child_by_field_name("operator")
    return text(op, data).lower().replace(" ", "") if op is not None else None


def _terms(
    node: Node, ops: frozenset[str], data: bytes, sign: int, out: list[tuple[Node, int]]
) -> None:
    """Flatten a chain of the operators `ops` (signs kept for `-`)."""
    if node.type in ("math_expression", "logical_expression") and _operator(node, data) in ops:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is not None and right is not None:
            _terms(left, ops, data, sign, out)
            _terms(right, ops, data, -sign if _operator(node, data) == "-" else sign, out)
            return
    out.append((node, sign))


def _mentions(node: Node, name: str, data: bytes) -> bool:
    if node.type == "identifier" and text(node, data).lower() == name:
        return True
    return any(_mentions(c, name, data) for c in node.children)


def update_of(left: Node, right: Node, b: Builder) -> str | None:
    """The update operator of `left = right`, or None: `left` must appear once in
    `right`, as an operand of the chain, and nowhere else in it."""
    data = b.doc.parse_source
    target = _key(left, data)
    base = _base_name(left, data)
    if base is None:
        return None
    while right.type == "parenthesized_expression" and len(right.named_children) == 1:
        right = right.named_children[0]
    op = _operator(right, data) if right.type in ("math_expression", "logical_expression") else None
    terms: list[tuple[Node, int]] = []
    result: str | None = None
    if op in ("+", "-"):
        _terms(right, frozenset({"+", "-"}), data, 1, terms)
    elif op == "*" or op in _LOGICAL_OPS:
        _terms(right, frozenset({op}), data, 1, terms)
        result = op
    elif right.type == "call_expression" and right.named_children:
        head = right.named_children[0]
        name = text(head, data).lower() if head.type == "identifier" else ""
        args = next((c for c in right.named_children if c.type == "argument_list"), None)
        if name in _INTRINSIC_OPS and args is not None and not b.is_array(name):
            terms = [(a, 1) for a in args.named_children if a.type != "comment"]
            result = name
    hits = [(n, s) for n, s in terms if _key(n, data) == target]
    if len(hits) != 1 or hits[0][1] < 0:
        return None
    if any(_mentions(n, base, data) for n, _ in terms if n is not hits[0][0]):
        return None
    if result is None:  # a +/- chain: "-" when everything else is subtracted from x
        rest = [s for n, s in terms if n is not hits[0][0]]
        result = "-" if terms[0][0] is hits[0][0] and rest and all(s < 0 for s in rest) else "+"
    return result


def _base_name(node: Node, data: bytes) -> str | None:
    while (
        node.type in ("call_expression", "derived_type_member_expression") and node.named_children
    ):
        node = node.named_children[0]
    return text(node, data).lower() if node.type == "identifier" else None
