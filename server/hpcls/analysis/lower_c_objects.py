"""The C++ effects the IR's accesses do not show, recorded as ir.Effect so that a loop
around them is `unknown`, never `parallel` (docs/analysis-assumptions.md):

- an operator on a class object (`m[i]` on a `std::map` inserts, `s += 'x'` on a
  `std::string` reallocates, `a + b` on a user class may do anything);
- stream I/O (`std::cout << x`, `file << x`, `std::cin >> x`): order and shared state;
- a store through a C++ reference to a scalar (`double &r = v[0]; r += 1;` writes v[0]);
- a lambda (where its body runs is not followed), `volatile` data.

C has no operator overloading: these checks run for C++ and CUDA only. What a variable's
type allows comes from lower_c_types (declared kinds per subscript depth).
"""

from __future__ import annotations

from dataclasses import replace

import tree_sitter

from hpcls.analysis.ir import Symbol
from hpcls.analysis.lower_c_affine import member_path, pure_method, strip, text
from hpcls.analysis.lower_c_builder import UnitBuilder
from hpcls.analysis.lower_c_calls import PURE
from hpcls.analysis.lower_c_decl import name_and_shape
from hpcls.analysis.lower_c_expand import current
from hpcls.analysis.lower_c_types import (
    PLAIN_KINDS,
    UNKNOWN_KINDS,
    Kinds,
    ValueKind,
    declared_kinds,
    pointer_depth,
)

Node = tree_sitter.Node

_CLASSY = (ValueKind.OBJECT, ValueKind.CONTAINER)
_MAX_DEPTH = 8
_LVALUES = frozenset(
    {"identifier", "this", "subscript_expression", "pointer_expression", "field_expression"}
)
_ARITHMETIC_NODES = frozenset(
    {"number_literal", "char_literal", "true", "false", "sizeof_expression", "null", "nullptr"}
)


def declare(b: UnitBuilder, decl: Node, declarator: Node, value: Node | None) -> bool:
    """Record the kinds of the variable `declarator` declares; True when it is a C++
    reference to a scalar (stores through it write memory the IR does not name)."""
    name, shape, _restrict = name_and_shape(declarator)
    if name is None:
        return False
    if any(text(c) == "volatile" for c in decl.children if c.type == "type_qualifier"):
        b.volatiles.add(name)
    if not b.cpp:
        b.kinds[name] = PLAIN_KINDS
        return False
    ty = decl.child_by_field_name("type")
    depth = pointer_depth(declarator)
    if ty is not None and ty.type == "placeholder_type_specifier":  # auto
        kinds: Kinds = (ValueKind.PLAIN,) * depth + (
            _auto(b, value) if depth == 0 else UNKNOWN_KINDS
        )
    else:
        kinds = declared_kinds(ty, depth, b.table)
        owner = _class_name(ty) if ty is not None else None
        if owner is not None and owner in b.table.members:
            b.owner_class[name] = owner
    b.kinds[name] = kinds
    reference = shape == "reference"  # the wrapper closest to the name: `double &r`
    aggregate = name in b.owner_class  # members are accessed by path, checked there
    if reference and kinds[0] in (ValueKind.PLAIN, ValueKind.VALUE) and not depth and not aggregate:
        b.references.add(name)
        return True
    return False


def with_kinds(
    b: UnitBuilder, sym: Symbol, decl: Node, declarator: Node, value: Node | None
) -> Symbol:
    """`sym` as declared by `declarator`, its kinds recorded (see `declare`)."""
    reference = declare(b, decl, declarator, value)
    plain = all(k is ValueKind.PLAIN for k in b.kinds.get(sym.name, PLAIN_KINDS))
    return replace(sym, reference=reference, reducible=plain)


def _class_name(ty: Node) -> str | None:
    if ty.type == "type_identifier":
        return text(ty)
    name = ty.child_by_field_name("name") if ty.type.endswith("_specifier") else None
    return text(name) if name is not None else None


def _auto(b: UnitBuilder, value: Node | None) -> Kinds:
    """`auto x = e`: plain when e is arithmetic on plain values, unknown otherwise."""
    if value is None:
        return UNKNOWN_KINDS
    kind = expression_kind(b, value)
    return (kind,) if kind is ValueKind.PLAIN else UNKNOWN_KINDS


def _kinds_of_path(b: UnitBuilder, path: str) -> Kinds | None:
    """Kinds of `x`, `s.x`, `p->x` (a member of one of the file's plain classes); None
    when the root is not declared in the function or at file scope."""
    parts = path.replace("->", ".").split(".")
    kinds = b.kinds.get(parts[0])
    if kinds is None or len(parts) == 1:
        return kinds
    return _member(b, parts[0], kinds, parts[1:])


def _member(b: UnitBuilder, root: str, kinds: Kinds, names: list[str]) -> Kinds:
    """The kinds of member `names[0]` of a value of `root`'s class with `kinds` left."""
    owner = b.owner_class.get(root)
    members = b.table.members.get(owner) if owner is not None else None
    if len(names) > 1 or members is None or kinds[0] is ValueKind.CONTAINER:
        return UNKNOWN_KINDS  # a member of a class the analysis cannot see into
    return members.get(names[0], UNKNOWN_KINDS)


def _expanded(b: UnitBuilder, node: Node, depth: int) -> Node | None:
    """What a macro or a one-line function call expands to (lower_c_expand), within
    a few levels (a macro may name itself)."""
    ex = current()
    if ex is None or depth >= _MAX_DEPTH:
        return None
    if node.type == "identifier":
        return ex.identifier(node)
    if node.type == "call_expression":
        fn = node.child_by_field_name("function")
        if fn is not None and text(strip(fn)) in PURE:
            return None
        return ex.call(node, b.is_variable)
    return None


def _kinds_of(b: UnitBuilder, node: Node, depth: int = 0) -> Kinds | None:
    """Kinds of an lvalue-like expression: `x`, `a[i][j]`, `p[i].y`, `q->x`, `*p`, an
    accessor call that expands (`g.at(i, j)`); None when its root is not declared here."""
    s = strip(node)
    if s.type in ("identifier", "this"):
        known = b.kinds.get(text(s))
        if known is not None or s.type == "this":
            return known
    expanded = _expanded(b, s, depth)
    if expanded is not None:
        if strip(expanded).type in _LVALUES:
            return _kinds_of(b, expanded, depth + 1)
        kind = expression_kind(b, expanded, depth + 1)  # `#define N 2000`
        return (kind,) if kind is not None else None
    if s.type in ("identifier", "this"):
        return None
    if s.type in ("subscript_expression", "pointer_expression", "field_expression"):
        arg = s.child_by_field_name("argument")
        inner = _kinds_of(b, arg, depth) if arg is not None else None
        if inner is None:
            return None
        if s.type == "pointer_expression":
            op = s.child_by_field_name("operator")
            if op is None or op.type != "*":
                return PLAIN_KINDS  # `&x`: an address
        op = s.child_by_field_name("operator") if s.type == "field_expression" else None
        if s.type != "field_expression" or (op is not None and op.type == "->"):
            inner = inner[1:] or inner[-1:]  # one subscript / dereference peeled
        if s.type != "field_expression":
            return inner
        fld = s.child_by_field_name("field")
        root = _root(s)
        if fld is None or root is None:
            return UNKNOWN_KINDS
        return _member(b, root, inner[:1], [text(fld)])
    return UNKNOWN_KINDS


def _root(node: Node) -> str | None:
    at: Node | None = node
    while at is not None and at.type not in ("identifier", "this"):
        at = at.child_by_field_name("argument")
        at = strip(at) if at is not None else None
    return text(at) if at is not None else None


def expression_kind(b: UnitBuilder, node: Node, depth: int = 0) -> ValueKind | None:
    """The kind of an expression's value: PLAIN, VALUE, CONTAINER or OBJECT; None when it
    names something undeclared here (an enum constant, a member of the enclosing class,
    a global from a header)."""
    s = strip(node)
    if s.type in _ARITHMETIC_NODES:
        return ValueKind.PLAIN
    if s.type in ("string_literal", "concatenated_string", "raw_string_literal"):
        return ValueKind.PLAIN  # a `const char*`
    if s.type in ("identifier", "subscript_expression", "field_expression") or (
        s.type == "pointer_expression" and _op(s) == "*"
    ):
        kinds = _kinds_of(b, s, depth)
        return kinds[0] if kinds is not None else None
    expanded = _expanded(b, s, depth)
    if expanded is not None:
        return expression_kind(b, expanded, depth + 1)
    if s.type in ("binary_expression", "unary_expression", "conditional_expression"):
        parts = [expression_kind(b, c, depth) for c in s.named_children]
        if any(k in _CLASSY for k in parts):
            return ValueKind.OBJECT
        if ValueKind.VALUE in parts:
            return ValueKind.VALUE
        return None if None in parts else ValueKind.PLAIN
    if s.type == "call_expression":  # what it returns is not known; the call blocks
        fn = s.child_by_field_name("function")
        name = text(strip(fn)) if fn is not None else ""
        return ValueKind.PLAIN if name in PURE or pure_method(s) is not None else None
    if s.type == "cast_expression":
        return ValueKind.PLAIN
    return ValueKind.OBJECT


def _op(node: Node) -> str:
    op = node.child_by_field_name("operator")
    return op.type if op is not None else ""


def operator_effects(b: UnitBuilder, node: Node) -> None:
    """Effects of the operator expression `node` (binary, unary, subscript, `*`)."""
    if not b.cpp:
        return
    t = node.type
    if t == "binary_expression":
        op_node = node.child_by_field_name("operator")
        op = op_node.type if op_node is not None else ""
        if op in ("<<", ">>"):
            _shift(b, node, op)
            return
        for side in ("left", "right"):
            operand = node.child_by_field_name(side)
            kind = expression_kind(b, operand) if operand is not None else None
            if kind in _CLASSY:
                assert operand is not None
                b.effect(f"applies `{op}` to {_show(operand)}, a class object", node)
                return
    elif t == "subscript_expression":
        arg = node.child_by_field_name("argument")
        kinds = _kinds_of(b, arg) if arg is not None else UNKNOWN_KINDS
        if arg is None:
            return
        if kinds is None:
            b.effect(f"indexes {_show(arg)}, whose type is not visible here", node)
        elif kinds[0] is ValueKind.OBJECT:
            b.effect(f"calls operator[] of {_show(arg)}, a class object", node)
    elif t in ("unary_expression", "pointer_expression"):
        arg = node.child_by_field_name("argument")
        op_node = node.child_by_field_name("operator")
        classy = arg is not None and expression_kind(b, arg) in _CLASSY
        if classy and arg is not None and op_node is not None and op_node.type != "&":
            b.effect(f"applies `{op_node.type}` to {_show(arg)}, a class object", node)


def _shift(b: UnitBuilder, node: Node, op: str) -> None:
    """`a << b`: a shift on integers, stream output on anything else."""
    left = node.child_by_field_name("left")
    while left is not None and strip(left).type == "binary_expression":
        inner = strip(left).child_by_field_name("left")
        if inner is None:
            break
        left = inner
    kind = expression_kind(b, left) if left is not None else None
    if kind is ValueKind.PLAIN:
        return
    stream = _show(left) if left is not None else "a stream"
    if op == "<<":
        b.effect(f"writes to {stream} (I/O: its order and state are shared)", node)
    else:
        b.effect(f"reads from {stream} (I/O: its order and state are shared)", node)


def store_effects(b: UnitBuilder, target: Node, node: Node, op: str) -> None:
    """Effects of storing into `target` with `op` (`=`, `+=`, `++`...)."""
    if not b.cpp:
        return
    kinds = _kinds_of(b, target)
    path = member_path(strip(target))
    if kinds is None:
        what = f"{_show(target)}, whose type is not visible here (a member or a global)"
        b.effect(f"`{op}` on {what}", node)
        return
    if kinds[0] in _CLASSY:
        b.effect(f"`{op}` on {_show(target)} calls a class operator", node)
    elif path is not None and path in b.references:
        b.effect(f"stores through the reference {path}, which names other memory", node)


def enter_method(b: UnitBuilder, cls: str) -> None:
    """Lowering a member function of the file's class `cls`: its data members are in
    scope by their plain names, and `this` points to an object of `cls`."""
    if not b.cpp or cls not in b.table.members:
        return
    b.kinds.update(b.table.members[cls])
    b.kinds["this"] = (ValueKind.PLAIN, b.table.classes.get(cls, ValueKind.OBJECT))
    b.owner_class["this"] = cls
    b.data_members |= set(b.table.members[cls])


def lambda_effect(b: UnitBuilder, node: Node) -> None:
    b.effect("defines a lambda; where its body runs is not followed", node)


def _show(node: Node) -> str:
    spelled = " ".join(text(node).split())
    return f"`{spelled}`" if len(spelled) <= 30 else f"`{spelled[:27]}...`"
