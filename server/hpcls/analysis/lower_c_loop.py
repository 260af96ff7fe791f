"""The header of a C `for`: loop variable, bounds and step, and whether it is in OpenMP
canonical form (`for (i = lb; i < ub; i += c)` and its relatives)."""

from __future__ import annotations

from dataclasses import dataclass

import tree_sitter

from hpcls.analysis.ir import Affine
from hpcls.analysis.lower_c_affine import affine, strip, text
from hpcls.analysis.lower_c_decl import declarators, name_and_shape

Node = tree_sitter.Node

_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!="}


@dataclass(frozen=True, slots=True)
class Header:
    var: str | None
    lower: Affine | None
    upper: Affine | None  # inclusive
    step: int | None
    canonical: bool  # the header alone is in canonical form


def _op(node: Node) -> str | None:
    op = node.child_by_field_name("operator")
    return op.type if op is not None else None


def _init(node: Node | None) -> tuple[str | None, Affine | None]:
    if node is None:
        return None, None
    if node.type == "declaration":
        found = list(declarators(node))
        if len(found) != 1:
            return None, None
        d, value = found[0]
        name, shape, _restrict = name_and_shape(d)
        return (name, affine(value)) if shape is None else (None, None)
    s = strip(node)
    if s.type == "assignment_expression" and _op(s) == "=":
        left = s.child_by_field_name("left")
        if left is not None and strip(left).type == "identifier":
            return text(strip(left)), affine(s.child_by_field_name("right"))
    return None, None


def _step(node: Node | None, var: str) -> tuple[bool, int | None]:
    """(is a canonical increment of var, its constant step or None when symbolic)."""
    if node is None:
        return False, None
    s = strip(node)
    if s.type == "update_expression":
        arg = s.child_by_field_name("argument")
        if arg is None or text(strip(arg)) != var:
            return False, None
        return True, 1 if _op(s) == "++" else -1
    if s.type != "assignment_expression":
        return False, None
    left, right = s.child_by_field_name("left"), s.child_by_field_name("right")
    if left is None or right is None or text(strip(left)) != var:
        return False, None
    op = _op(s)
    if op in ("+=", "-="):
        amount = affine(right)
        sign = 1 if op == "+=" else -1
    elif op == "=":
        r = strip(right)
        if r.type != "binary_expression" or _op(r) not in ("+", "-"):
            return False, None
        a, b = r.child_by_field_name("left"), r.child_by_field_name("right")
        if a is None or b is None:
            return False, None
        sign = 1 if _op(r) == "+" else -1
        if text(strip(a)) == var:
            amount = affine(b)
        elif _op(r) == "+" and text(strip(b)) == var:
            amount = affine(a)
        else:
            return False, None
    else:
        return False, None
    if amount is None or var in amount.names():
        return False, None
    return True, sign * amount.constant if amount.is_constant else None


def _test(node: Node | None, var: str) -> tuple[str, Affine | None] | None:
    """The comparison as `var OP bound`, or None."""
    if node is None:
        return None
    s = strip(node)
    if s.type != "binary_expression" or _op(s) not in _FLIP:
        return None
    a, b = s.child_by_field_name("left"), s.child_by_field_name("right")
    op = _op(s)
    if a is None or b is None or op is None:
        return None
    if text(strip(a)) == var:
        bound = affine(b)
    elif text(strip(b)) == var:
        op, bound = _FLIP[op], affine(a)
    else:
        return None
    if bound is not None and var in bound.names():
        return None
    return op, bound


def for_header(node: Node) -> Header:
    init = node.child_by_field_name("initializer")
    var, lower = _init(init)
    update = node.child_by_field_name("update")
    if var is None:
        u = strip(update) if update is not None else None
        arg = u.child_by_field_name("argument") if u is not None else None
        if u is not None and arg is not None and strip(arg).type == "identifier":
            var = text(strip(arg))  # `for (; i < n; i++)`: a loop variable, not canonical
        return Header(var, None, None, _step(update, var)[1] if var else None, False)
    is_step, step = _step(update, var)
    test = _test(node.child_by_field_name("condition"), var)
    if test is None or not is_step:
        return Header(var, lower, None, step, False)
    op, bound = test
    ok = (
        (op in ("<", "<=") and (step is None or step > 0))
        or (op in (">", ">=") and (step is None or step < 0))
        or (op == "!=" and step in (1, -1))
    )
    if bound is None:
        upper = None
    elif op == "<" or (op == "!=" and step == 1):
        upper = bound - Affine.const(1)
    elif op == ">" or op == "!=":
        upper = bound + Affine.const(1)
    else:
        upper = bound
    return Header(var, lower, upper, step, ok)
