"""Lower C/C++/CUDA expressions to IR events: accesses (with affine subscripts and update
operators), calls, and `?:` arms as branches. Events come in evaluation-ish order: the
operands of an assignment before its store, the arguments of a call before the call."""

from __future__ import annotations

from dataclasses import dataclass, replace

import tree_sitter

from hpcls.analysis.ir import Affine, ConstructKind, Quotient, Span, StorageKind
from hpcls.analysis.lower_c_affine import (
    affine,
    cast_operand,
    compact,
    member_path,
    pure_method,
    root_name,
    strip,
    text,
)
from hpcls.analysis.lower_c_builder import UnitBuilder
from hpcls.analysis.lower_c_calls import EXITS, PURE
from hpcls.analysis.lower_c_expand import current
from hpcls.analysis.lower_c_objects import lambda_effect, operator_effects, store_effects
from hpcls.analysis.lower_c_updates import COMPOUND, detect_update
from hpcls.analysis.lower_c_values import element_read, subscript_quotients, value_of

Node = tree_sitter.Node

# Nodes with no runtime accesses: types, literals, unevaluated operands.
_INERT = frozenset(
    {
        "type_descriptor",
        "primitive_type",
        "type_identifier",
        "sized_type_specifier",
        "template_argument_list",
        "field_identifier",
        "namespace_identifier",
        "statement_identifier",
        "string_literal",
        "concatenated_string",
        "raw_string_literal",
        "char_literal",
        "number_literal",
        "true",
        "false",
        "null",
        "nullptr",
        "this",
        "comment",
        "sizeof_expression",
        "alignof_expression",
        "offsetof_expression",
        "class_specifier",
        "struct_specifier",
        "union_specifier",
        "enum_specifier",
        "abstract_function_declarator",
        "lambda_capture_specifier",
        "preproc_arg",
        "preproc_directive",
    }
)
_NOT_VARIABLES = frozenset({"NULL", "nullptr", "true", "false"})


@dataclass(frozen=True, slots=True)
class LValue:
    name: str
    subscripts: tuple[Affine | None, ...]
    indices: tuple[Node, ...]  # subscript expressions, read before the access
    # Set when the lvalue came out of an expansion: the span its indices' events take.
    anchor: Span | None = None
    # Per subscript: the position in `indices` of the one expression that spells it, or
    # None when it is a sum (`*(p + k + i)`).
    dims: tuple[int | None, ...] = ()


@dataclass(frozen=True, slots=True)
class Facts:
    """The value facts of an lvalue's subscripts (Access.quotients and Access.via)."""

    quotients: tuple[Quotient | None, ...] = ()
    via: tuple[int | None, ...] = ()


def read_indices(b: UnitBuilder, lv: LValue | None) -> Facts:
    """Read the lvalue's subscript expressions; the facts its accesses carry."""
    if lv is None:
        return Facts()
    via: list[int | None] = [None] * len(lv.subscripts)
    with b.expansion(lv.anchor):
        quotients = subscript_quotients(lv.subscripts, lv.indices, lv.dims, b.is_integer)
        for k, i in enumerate(lv.indices):
            first = len(b.events)
            read(b, i)
            for d, at in enumerate(lv.dims):
                if at == k and d < len(via) and lv.subscripts[d] is None:
                    via[d] = element_read(i, b.events, first)
    return Facts(quotients, tuple(via) if any(v is not None for v in via) else ())


def expansion(b: UnitBuilder, node: Node) -> Node | None:
    """What a macro name, a macro call or a call of a one-line function expands to."""
    ex = current()
    if ex is None:
        return None
    if node.type == "identifier":
        return ex.identifier(node)
    if node.type == "call_expression":
        name = callee(node)[0]
        if name in PURE:  # `MAX(x, e)` stays a max update of x
            return None
        return ex.call(node, b.is_variable)
    return None


def _indices(node: Node) -> list[Node]:
    idx = node.child_by_field_name("index")
    if idx is not None:
        return [idx]
    lst = node.child_by_field_name("indices")  # C++: subscript_argument_list
    if lst is not None:
        return [c for c in lst.named_children if c.type != "comment"]
    return []


def _terms(node: Node, sign: int, out: list[tuple[int, Node]]) -> None:
    s = strip(node)
    op = _operator(s) if s.type == "binary_expression" else None
    left, right = s.child_by_field_name("left"), s.child_by_field_name("right")
    if op in ("+", "-") and left is not None and right is not None:
        _terms(left, sign, out)
        _terms(right, sign if op == "+" else -sign, out)
    else:
        out.append((sign, s))


def _pointer_sum(b: UnitBuilder, node: Node) -> tuple[str, Affine | None, list[Node]] | None:
    """`p`, `p + i`, `i + p + 1`, `p - 1`: the pointer's name, the offset and the nodes
    the offset reads. The pointer is the first added name declared as pointer or array,
    else the first added name."""
    terms: list[tuple[int, Node]] = []
    _terms(node, 1, terms)
    named = [(i, member_path(n)) for i, (sign, n) in enumerate(terms) if sign > 0]
    candidates = [(i, p) for i, p in named if p is not None]
    pointers = (StorageKind.POINTER, StorageKind.ARRAY)
    chosen = next(((i, p) for i, p in candidates if b.storage_of(root_name(p)) in pointers), None)
    chosen = chosen or (candidates[0] if candidates else None)
    if chosen is None:
        return None
    offset: Affine | None = Affine.const(0)
    rest: list[Node] = []
    for i, (sign, n) in enumerate(terms):
        if i == chosen[0]:
            continue
        rest.append(n)
        part = affine(n)
        offset = offset + part.scale(sign) if offset is not None and part is not None else None
    return chosen[1], offset, rest


def lvalue(b: UnitBuilder, node: Node) -> LValue | None:
    """The variable and subscripts an lvalue expression names, or None."""
    s = strip(node)
    expanded = expansion(b, s) if s.type in ("identifier", "call_expression") else None
    if expanded is not None:
        with b.expansion(s):
            inner = lvalue(b, expanded)
            anchor = b.smap.anchor
        return replace(inner, anchor=anchor) if inner is not None else None
    path = member_path(s)
    if path is not None:
        return LValue(path, (), ())
    if s.type == "field_expression":  # `a[i].x`, `(*p).x`: the element holding the member
        arg = s.child_by_field_name("argument")
        return lvalue(b, arg) if arg is not None else None
    if s.type == "subscript_expression":
        idx: list[Node] = []
        at = s
        while at.type == "subscript_expression":
            idx[:0] = _indices(at)
            arg = at.child_by_field_name("argument")
            if arg is None:
                return None
            at = strip(arg)
        subs = tuple(affine(i) for i in idx)
        base_path = member_path(at)
        dims = tuple(range(len(idx)))
        if base_path is not None:
            return LValue(base_path, subs, tuple(idx), dims=dims)
        summed = _pointer_sum(b, at)  # `(p + k)[i]`
        if summed is not None and subs:
            name, off, rest = summed
            first = off + subs[0] if off is not None and subs[0] is not None else None
            at_idx = tuple(len(rest) + k for k in range(len(idx)))
            lead = at_idx[0] if not rest and off == Affine.const(0) else None
            return LValue(name, (first, *subs[1:]), (*rest, *idx), dims=(lead, *at_idx[1:]))
        inner = lvalue(b, at)
        if inner is not None:
            n = len(inner.indices)
            return LValue(
                inner.name,
                inner.subscripts + subs,
                inner.indices + tuple(idx),
                dims=_pad(inner) + tuple(n + k for k in range(len(idx))),
            )
        return None
    if s.type == "pointer_expression" and _operator(s) == "*":
        arg = s.child_by_field_name("argument")
        if arg is None:
            return None
        summed = _pointer_sum(b, arg)
        if summed is not None:
            name, offset, rest = summed
            return LValue(name, (offset,), tuple(rest))
        inner = lvalue(b, arg)  # `**pp`
        if inner is not None:
            subs0 = (*inner.subscripts, Affine.const(0))
            return LValue(inner.name, subs0, inner.indices, dims=(*_pad(inner), None))
    return None


def _pad(lv: LValue) -> tuple[int | None, ...]:
    return (*lv.dims, *(None,) * (len(lv.subscripts) - len(lv.dims)))[: len(lv.subscripts)]


def _operator(node: Node) -> str | None:
    op = node.child_by_field_name("operator")
    return op.type if op is not None else None


def read(b: UnitBuilder, node: Node | None) -> None:
    """Lower an expression evaluated for its value (and its side effects)."""
    if node is None:
        return
    t = node.type
    if t in _INERT or not node.is_named:
        return
    if t == "identifier":
        name = text(node)
        expanded = expansion(b, node)
        if expanded is not None:
            with b.expansion(node):
                read(b, expanded)
        elif name not in _NOT_VARIABLES:
            b.access(name, (), False, node, update_op=b.update_reads.get(_key(node)))
        return
    if t == "qualified_identifier":
        b.access(compact(node), (), False, node)
        return
    if t in ("subscript_expression", "binary_expression", "unary_expression") or (
        t == "pointer_expression" and _operator(node) == "*"
    ):
        operator_effects(b, node)
    if t in ("field_expression", "subscript_expression") or (
        t == "pointer_expression" and _operator(node) == "*"
    ):
        lv = lvalue(b, node)
        if lv is not None:
            f = read_indices(b, lv)
            op = b.update_reads.get(_key(node))
            b.access(
                lv.name, lv.subscripts, False, node, update_op=op, quotients=f.quotients, via=f.via
            )
            return
    elif t == "pointer_expression":  # `&x`
        arg = node.child_by_field_name("argument")
        lv = lvalue(b, arg) if arg is not None else None
        if lv is not None:
            f = read_indices(b, lv)
            b.access(
                lv.name,
                lv.subscripts,
                False,
                node,
                address_taken=True,
                quotients=f.quotients,
                via=f.via,
            )
            return
    elif t == "assignment_expression":
        _assignment(b, node)
        return
    elif t == "update_expression":
        _update(b, node)
        return
    elif t == "call_expression":
        _call(b, node)
        return
    elif t == "conditional_expression":
        _conditional(b, node)
        return
    elif t in ("declaration", "lambda_expression"):
        if t == "lambda_expression":
            lambda_effect(b, node)
        from hpcls.analysis.lower_c_stmt import statement  # statements hold expressions

        statement(b, node)
        return
    if t == "binary_expression":  # long `a + b + c ...` chains: walk the left spine
        spine = [node]
        left = node.child_by_field_name("left")
        while left is not None and left.type == "binary_expression":
            spine.append(left)
            left = left.child_by_field_name("left")
        read(b, left)
        for link in reversed(spine):
            read(b, link.child_by_field_name("right"))
        return
    for child in node.named_children:
        read(b, child)


def _key(node: Node) -> tuple[int, int]:
    return node.start_byte, node.end_byte


def write_target(
    b: UnitBuilder, target: Node, op: str | None, *, also_read: bool, facts: Facts | None = None
) -> None:
    """The store of an assignment (after its operands): `x`, `a[i]`, `*p`, `s.x`; `facts`
    are those `read_indices` gave for its subscripts."""
    lv = lvalue(b, target)
    f = facts or Facts()
    if lv is None:  # `f()[i] = v`, `*p++ = v`: read what it mentions, write its root
        read(b, target)
        names = [n for n in (member_path(strip(c)) for c in _leaves(target)) if n is not None]
        if names:
            b.access(root_name(names[0]), (None,), True, target)
        return
    q, v = f.quotients, f.via
    if also_read:
        b.access(lv.name, lv.subscripts, False, target, update_op=op, quotients=q, via=v)
    b.access(lv.name, lv.subscripts, True, target, update_op=op, quotients=q, via=v)


def _leaves(node: Node) -> list[Node]:
    out: list[Node] = []
    stack = [node]
    while stack:
        n = stack.pop(0)
        if n.type in ("identifier", "field_expression"):
            out.append(n)
        else:
            stack.extend(n.named_children)
    return out


def _assignment(b: UnitBuilder, node: Node) -> None:
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    op = _operator(node) or "="
    if left is None:
        read(b, right)
        return
    store_effects(b, left, node, op)
    if strip(left).type == "subscript_expression":
        operator_effects(b, strip(left))
    lv = lvalue(b, left)
    f = read_indices(b, lv)
    root = root_name(lv.name) if lv is not None else ""
    if op == "=":
        found = detect_update(left, root, right) if lv is not None and right is not None else None
        if found is not None:
            for occurrence in found[1]:
                b.update_reads[_key(occurrence)] = found[0]
        read(b, right)
        guarded = b.update_reads.get(_key(left))  # the store of `if (e > x) x = e;`
        first = len(b.events)
        write_target(b, left, found[0] if found else guarded, also_read=False, facts=f)
        if right is not None:
            b.set_value(first, value_of(right, b.is_integer))
        return
    mentions = right is not None and root in {root_name(n) for n in _names(right)}
    update_op = COMPOUND.get(op) if not mentions else None
    if lv is not None:
        q, v = f.quotients, f.via
        b.access(lv.name, lv.subscripts, False, left, update_op=update_op, quotients=q, via=v)
        read(b, right)
        b.access(lv.name, lv.subscripts, True, left, update_op=update_op, quotients=q, via=v)
    else:
        read(b, right)
        write_target(b, left, None, also_read=True)


def _names(node: Node) -> list[str]:
    return [n for n in (member_path(strip(c)) for c in _leaves(node)) if n is not None]


def _update(b: UnitBuilder, node: Node) -> None:
    arg = node.child_by_field_name("argument")
    op = _operator(node)
    if arg is None:
        return
    store_effects(b, arg, node, op or "++")
    if strip(arg).type == "subscript_expression":
        operator_effects(b, strip(arg))
    f = read_indices(b, lvalue(b, arg))
    write_target(b, arg, "+" if op == "++" else "-", also_read=True, facts=f)


def callee(node: Node) -> tuple[str, str | None]:
    """The called name as written (`sqrt`, `std::sqrt`, `v.size`) and, for a method call,
    the object's name."""
    fn = node.child_by_field_name("function")
    if fn is None:
        return "", None
    fn = strip(fn)
    if fn.type == "field_expression":
        obj, fld = fn.child_by_field_name("argument"), fn.child_by_field_name("field")
        obj_path = member_path(obj) if obj is not None else None
        name = text(fld) if fld is not None else compact(fn)
        return name, root_name(obj_path) if obj_path is not None else None
    if fn.type == "template_function":
        inner = fn.child_by_field_name("name")
        return (compact(inner) if inner is not None else compact(fn)), None
    return compact(fn), None


def _call(b: UnitBuilder, node: Node) -> None:
    operand = cast_operand(node)
    if operand is not None:  # `static_cast<T>(e)`, `double(e)`: e's value
        read(b, operand)
        return
    expanded = expansion(b, node)
    if expanded is not None:
        with b.expansion(node):
            read(b, expanded)
        return
    name, obj = callee(node)
    fn = node.child_by_field_name("function")
    if fn is not None and strip(fn).type not in ("identifier", "qualified_identifier"):
        obj_node = strip(fn).child_by_field_name("argument")
        if strip(fn).type == "field_expression" and obj_node is not None:
            read(b, obj_node)
        elif strip(fn).type != "template_function":
            read(b, fn)  # a call through a function pointer expression
    args = node.child_by_field_name("arguments")
    passed: list[str] = []
    for a in args.named_children if args is not None else ():
        _argument(b, a, passed)
    pure = name in PURE or pure_method(node) is not None
    if obj is not None and not pure:
        passed.append(obj)
    b.call(name, node, pure, tuple(dict.fromkeys(passed)))
    if name in EXITS:
        for loop in b.enclosing_loops():
            b.add_exit(loop, b.smap.of(node))


_MAY_POINT = (StorageKind.ARRAY, StorageKind.POINTER, StorageKind.UNKNOWN)


def _argument(b: UnitBuilder, a: Node, passed: list[str]) -> None:
    s = strip(a)
    path = member_path(s)
    if path is not None and s.type == "identifier" and b.storage_of(path) is StorageKind.ARRAY:
        passed.append(path)  # an array decays to its address: nothing of it is read here
        return
    if path is not None and b.storage_of(root_name(path)) in _MAY_POINT:
        passed.append(path)
    elif s.type == "pointer_expression" and _operator(s) == "&":
        arg = s.child_by_field_name("argument")
        lv = lvalue(b, arg) if arg is not None else None
        if lv is not None:
            passed.append(lv.name)
    elif s.type == "binary_expression":
        summed = _pointer_sum(b, s)
        if summed is not None and b.storage_of(root_name(summed[0])) in _MAY_POINT[:2]:
            passed.append(summed[0])
    read(b, a)


def _conditional(b: UnitBuilder, node: Node) -> None:
    cond = node.child_by_field_name("condition")
    read(b, cond)
    header = b.smap.of(cond) if cond is not None else None
    for arm in (node.child_by_field_name("consequence"), node.child_by_field_name("alternative")):
        if arm is None:
            continue
        cid = b.open(ConstructKind.BRANCH, b.smap.of(arm), header=header)
        read(b, arm)
        b.close(cid)
