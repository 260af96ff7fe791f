"""Value facts of C/C++/CUDA expressions for the race rules (see races_values.py):
integer divisions (`Quotient`) in subscripts, the one array element a subscript reads
(Access.via), and the value a plain assignment or initialised declaration stores
(Access.value). Integer division needs integer operands: names declared with an integer
type (int, long, size_t, uint64_t...) and integer literals; a cast to a floating type
anywhere in the operands makes it a floating division."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import tree_sitter

from hpcls.analysis.ir import Access, Affine, Event, Quotient
from hpcls.analysis.lower_c_affine import (
    EXPANDER,
    affine,
    cast_operand,
    compact,
    strip,
    text,
)
from hpcls.analysis.lower_c_decl import file_scope_declarators, name_and_shape

Node = tree_sitter.Node
IsInteger = Callable[[str], bool]

_INT_WORDS = frozenset(
    {"int", "long", "short", "char", "unsigned", "signed", "size_t", "ssize_t", "ptrdiff_t"}
)
_INT_NAMES = re.compile(
    r"(?:std::)?(?:u?int(?:_fast|_least)?\d+_t|u?int(?:max|ptr)_t|s?size_t|ptrdiff_t)"
)
_QUALIFIERS = frozenset({"const", "volatile", "register", "static", "constexpr"})


def integer_type(spelled: str) -> bool:
    """`int`, `unsigned long`, `const size_t`, `std::int64_t`: an integer type."""
    words = [w for w in spelled.split() if w not in _QUALIFIERS]
    if len(words) == 1 and _INT_NAMES.fullmatch(words[0]):
        return True
    return bool(words) and all(w in _INT_WORDS for w in words)


def declares_integer(decl: Node, declarator: Node) -> bool:
    """The declarator of `decl` names a plain integer variable (not a pointer/array)."""
    ty = decl.child_by_field_name("type")
    _name, shape, _restrict = name_and_shape(declarator)
    return ty is not None and shape is None and integer_type(text(ty))


def integer_parameters(function_declarator: Node | None) -> set[str]:
    plist = (
        function_declarator.child_by_field_name("parameters")
        if function_declarator is not None
        else None
    )
    out: set[str] = set()
    for p in plist.named_children if plist is not None else ():
        d = p.child_by_field_name("declarator")
        if p.type == "parameter_declaration" and d is not None and declares_integer(p, d):
            name = name_and_shape(d)[0]
            if name is not None:
                out.add(name)
    return out


def _expanded(node: Node) -> Node | None:
    ex = EXPANDER.get()
    if ex is None:
        return None
    if node.type == "identifier":
        return ex.identifier(node)
    if node.type == "call_expression":
        return ex.call(node)
    return None


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.named_children)


def _floating_cast(node: Node) -> bool:
    """A cast to a non-integer type somewhere in the expression (`(double)i`,
    `static_cast<float>(i)`, `double(i)`)."""
    for n in _walk(node):
        if n.type == "cast_expression":
            ty = n.child_by_field_name("type")
            if ty is None or not integer_type(text(ty)):
                return True
        elif n.type in ("call_expression", "compound_literal_expression"):
            if cast_operand(n) is None:
                continue
            fn = n.child_by_field_name("function") or n.child_by_field_name("type")
            if fn is not None and fn.type == "template_function":
                fn = fn.child_by_field_name("arguments")
            if fn is None or not integer_type(text(fn).strip("<> ")):
                return True
    return False


def quotient(node: Node, is_integer: IsInteger) -> Quotient | None:
    """`e / c`, e affine over integer names and c an integer constant > 1: a C integer
    division. None for anything else, floating operands included."""
    node = strip(node)
    expanded = _expanded(node)
    ex = EXPANDER.get()
    if expanded is not None and ex is not None:
        with ex.deeper():
            return quotient(expanded, is_integer)
    op = node.child_by_field_name("operator")
    if node.type != "binary_expression" or op is None or op.type != "/":
        return None
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None or _floating_cast(node):
        return None
    num, den = affine(left), affine(right)
    if num is None or den is None or not den.is_constant or den.constant < 2:
        return None
    if not all(is_integer(n) for n in num.names()):
        return None
    return Quotient(num, den.constant)


def subscript_quotients(
    subscripts: tuple[Affine | None, ...],
    indices: tuple[Node, ...],
    dims: tuple[int | None, ...],
    is_integer: IsInteger,
) -> tuple[Quotient | None, ...]:
    """One entry per subscript (None at affine ones); () when none is a division."""
    out: list[Quotient | None] = []
    for d, sub in enumerate(subscripts):
        at = dims[d] if d < len(dims) else None
        ok = sub is None and at is not None and at < len(indices)
        out.append(quotient(indices[at], is_integer) if ok and at is not None else None)
    return tuple(out) if any(q is not None for q in out) else ()


def element_read(node: Node, events: list[Event], first: int) -> int | None:
    """The order of the read of the one array element `node` is (`idx[i]`), when the
    events since `first` end with it; else None."""
    if strip(node).type != "subscript_expression" or len(events) <= first:
        return None
    last = events[-1]
    if isinstance(last, Access) and not last.write and last.subscripts:
        return last.order
    return None


def value_of(node: Node, is_integer: IsInteger) -> Affine | Quotient | str | None:
    """The value an assignment stores, for Access.value: affine, an integer division, or
    the name of a function called with no arguments (`omp_get_thread_num()`)."""
    try:
        return _value(node, is_integer)
    except RecursionError:  # `s = s + a[0] + ... + a[4999]`: no fact
        return None


def _value(node: Node, is_integer: IsInteger) -> Affine | Quotient | str | None:
    if _floating_cast(node):
        return None
    found = affine(node)
    if found is not None:
        return found
    q = quotient(node, is_integer)
    if q is not None:
        return q
    s = strip(node)
    if s.type != "call_expression":
        return None
    fn, args = s.child_by_field_name("function"), s.child_by_field_name("arguments")
    if fn is None or args is None or any(c.type != "comment" for c in args.named_children):
        return None
    if fn.type not in ("identifier", "qualified_identifier"):
        return None
    return compact(fn)


def file_scope_integers(root: Node) -> set[str]:
    """File-scope variables of an integer type; a name some file-scope declaration gives
    another type is left out."""
    typed: dict[str, bool] = {}
    for decl, d in file_scope_declarators(root):
        inner = d.child_by_field_name("declarator") if d.type == "init_declarator" else d
        name = name_and_shape(d)[0]
        if name is not None:
            typed[name] = typed.get(name, True) and declares_integer(decl, inner or d)
    return {n for n, integer in typed.items() if integer}
