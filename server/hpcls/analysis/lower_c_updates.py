"""Recognise update statements `x = x op e` whose e does not mention x: the shapes a
reduction clause (or an atomic update) covers."""

from __future__ import annotations

import tree_sitter

from hpcls.analysis.lower_c_affine import compact, names_in, strip
from hpcls.analysis.lower_c_calls import MAX_MIN

Node = tree_sitter.Node

COMPOUND = {"+=": "+", "-=": "-", "*=": "*", "&=": "&", "|=": "|", "^=": "^"}
_ASSOCIATIVE = frozenset({"+", "*", "&", "|", "^", "&&", "||"})


def _op(node: Node) -> str | None:
    op = node.child_by_field_name("operator")
    return op.type if op is not None else None


def _flatten(node: Node, op: str) -> list[Node]:
    """The operands of a chain `a op b op c`, parentheses of the same operator opened."""
    out: list[Node] = []
    stack = [node]  # iterative: generated code has chains of thousands of terms
    while stack:
        at = stack.pop()
        s = strip(at)
        left, right = s.child_by_field_name("left"), s.child_by_field_name("right")
        if (
            s.type == "binary_expression"
            and _op(s) == op
            and left is not None
            and right is not None
        ):
            stack += [right, left]
        else:
            out.append(at)
    return out


def _free_of(nodes: list[Node], root: str) -> bool:
    return all(root not in names_in(n) for n in nodes)


def detect_update(target: Node, root: str, value: Node) -> tuple[str, list[Node]] | None:
    """(operator, the reads of the target inside value) when `target = value` is an update
    of target with an operand free of `root` (the variable target belongs to)."""
    want = compact(strip(target))
    v = strip(value)
    if v.type == "binary_expression":
        op = _op(v)
        if op in _ASSOCIATIVE:
            operands = _flatten(v, op)
            hits = [o for o in operands if compact(strip(o)) == want]
            rest = [o for o in operands if all(o != h for h in hits)]
            if len(hits) == 1 and _free_of(rest, root):
                return op, [strip(hits[0])]
        if op == "-":
            subtracted: list[Node] = []
            at = v
            while at.type == "binary_expression" and _op(at) == "-":
                right, left = at.child_by_field_name("right"), at.child_by_field_name("left")
                if right is None or left is None:
                    return None
                subtracted.append(right)
                at = strip(left)
            if compact(at) == want and _free_of(subtracted, root):
                return "-", [at]
        return None
    if v.type == "call_expression":
        fn, args = v.child_by_field_name("function"), v.child_by_field_name("arguments")
        kind = MAX_MIN.get(compact(fn)) if fn is not None else None
        if kind is None or args is None:
            return None
        items = [a for a in args.named_children if a.type != "comment"]
        return _pair(items, want, root, kind)
    if v.type == "conditional_expression":
        return _ternary(v, want, root)
    return None


def _pair(items: list[Node], want: str, root: str, kind: str) -> tuple[str, list[Node]] | None:
    if len(items) != 2:
        return None
    for mine, other in (items, items[::-1]):
        if compact(strip(mine)) == want and _free_of([other], root):
            return kind, [strip(mine)]
    return None


def _ternary(v: Node, want: str, root: str) -> tuple[str, list[Node]] | None:
    """`x = x > e ? x : e` (max) and its mirrored and `<` spellings."""
    cond = v.child_by_field_name("condition")
    yes, no = v.child_by_field_name("consequence"), v.child_by_field_name("alternative")
    if cond is None or yes is None or no is None:
        return None
    c = strip(cond)
    op = _op(c) if c.type == "binary_expression" else None
    if op not in (">", ">=", "<", "<="):
        return None
    a, b = c.child_by_field_name("left"), c.child_by_field_name("right")
    if a is None or b is None:
        return None
    ta, tb, ty, tn = (compact(strip(n)) for n in (a, b, yes, no))
    if {ta, tb} != {ty, tn} or want not in (ta, tb) or ta == tb:
        return None
    other = b if ta == want else a
    if not _free_of([other], root):
        return None
    picks_left = ty == ta  # the true arm is the left operand of the comparison
    greater = op in (">", ">=")
    kind = "max" if picks_left == greater else "min"
    return kind, [strip(n) for n in (a, b, yes, no) if compact(strip(n)) == want]


def detect_guarded(cond: Node, body: Node) -> tuple[str, list[Node]] | None:
    """`if (e > x) x = e;` (max) and its mirrored and `<` spellings, braces allowed: the
    operator and the nodes to mark (the read of x in the test, the store's target)."""
    stmt = body
    if stmt.type == "compound_statement":
        inner = [c for c in stmt.named_children if c.type != "comment"]
        if len(inner) != 1:
            return None
        stmt = inner[0]
    if stmt.type != "expression_statement" or stmt.named_child_count != 1:
        return None
    assign = stmt.named_children[0]
    if assign.type != "assignment_expression" or _op(assign) != "=":
        return None
    target, value = assign.child_by_field_name("left"), assign.child_by_field_name("right")
    c = strip(cond)
    op = _op(c) if c.type == "binary_expression" else None
    if target is None or value is None or op not in (">", ">=", "<", "<="):
        return None
    a, b = c.child_by_field_name("left"), c.child_by_field_name("right")
    if a is None or b is None:
        return None
    want, new = compact(strip(target)), compact(strip(value))
    ta, tb = compact(strip(a)), compact(strip(b))
    if (ta, tb) not in ((want, new), (new, want)) or want == new:
        return None
    if not _free_of([value], _first_identifier(target)):
        return None
    new_is_left = ta == new
    greater = op in (">", ">=")
    kind = "max" if new_is_left == greater else "min"  # `e > x` -> x = e is a max
    mine = strip(b) if new_is_left else strip(a)
    return kind, [mine, strip(target)]


def _first_identifier(node: Node) -> str:
    """The variable an lvalue belongs to: its first name (`a` of `a[i].x`, `p` of `*p`)."""
    if node.type == "identifier":
        return (node.text or b"").decode(errors="replace")
    for child in node.named_children:
        found = _first_identifier(child)
        if found:
            return found
    return ""
