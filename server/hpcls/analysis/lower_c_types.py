"""What C++ declarations say about a variable's *type*, as far as the loop analysis needs
it: are its operators the language's own (arithmetic, pointers, C aggregates) or calls
into a class the analysis cannot see (`std::map::operator[]` inserts into a shared tree,
`std::string::operator+=` reallocates, `std::ofstream::operator<<` writes a file)?

Kinds are per subscript depth: `std::vector<std::string> v` is (CONTAINER, OBJECT): `v`
is a container, `v[i]` an object. C has no operator overloading: every C type is PLAIN.
Unknown types (templates' `T`, `auto` bound to a call, types from headers we do not
read) are OBJECT: unsure means unknown, never parallel.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum

import tree_sitter

from hpcls.analysis.lower_c_affine import text
from hpcls.analysis.lower_c_decl import name_and_shape

Node = tree_sitter.Node


class ValueKind(Enum):
    PLAIN = "plain"  # the language's own operators: arithmetic, pointers, C aggregates
    VALUE = "value"  # a class whose operators only compute (std::complex): not reducible
    CONTAINER = "container"  # std::vector & co: `[]` is element access, nothing else is
    OBJECT = "object"  # any other class, or a type the analysis cannot see


Kinds = tuple[ValueKind, ...]

PLAIN_KINDS: Kinds = (ValueKind.PLAIN,)
UNKNOWN_KINDS: Kinds = (ValueKind.OBJECT,)

# Element storage like an array; `[]` neither inserts nor checks.
_CONTAINERS = frozenset({"vector", "array", "valarray", "deque", "span", "mdspan"})
_STRINGS = frozenset({"string", "basic_string", "wstring", "u16string", "u32string"})
_VALUES = frozenset({"complex"})
_PRIMITIVE_NODES = frozenset({"primitive_type", "sized_type_specifier"})
_STD_SCALARS = re.compile(
    r"(?:std::)?(?:u?int(?:_fast|_least)?\d+_t|u?int(?:max|ptr)_t|s?size_t|ptrdiff_t"
    r"|float_t|double_t|bool|char\d+_t|wchar_t|byte)"
)


@dataclass(frozen=True, slots=True)
class TypeTable:
    """The file's own type names: aliases (`typedef double real;`, `using idx = int;`)
    and the classes it defines, each PLAIN (an aggregate: data members only, no bases,
    no member functions) or OBJECT."""

    aliases: Mapping[str, Kinds]
    classes: Mapping[str, ValueKind]
    # The data members of each class: `g.u[i]` with `std::vector<double> u` is element
    # access whatever g's class is (a data member is memory, not an operator).
    members: Mapping[str, Mapping[str, Kinds]]


EMPTY_TABLE = TypeTable({}, {}, {})


def file_types(root: Node) -> TypeTable:
    aliases: dict[str, Kinds] = {}
    classes: dict[str, ValueKind] = {}
    members: dict[str, dict[str, Kinds]] = {}
    table = TypeTable(aliases, classes, members)
    for node in _walk(root):
        if node.type in ("struct_specifier", "class_specifier", "union_specifier"):
            name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
            if name is not None and body is not None:
                classes[text(name)] = _class_kind(node, body)
                members[text(name)] = _members(body, table)
        elif node.type == "type_definition":  # typedef T name;
            ty = node.child_by_field_name("type")
            for d in node.children_by_field_name("declarator"):
                if ty is None or d.type != "type_identifier":
                    continue
                aliases[text(d)] = type_kinds(ty, table)
                body = ty.child_by_field_name("body") if ty.type.endswith("_specifier") else None
                if body is not None and ty.type != "enum_specifier":  # typedef struct {...} P;
                    classes[text(d)] = _class_kind(ty, body)
                    members[text(d)] = _members(body, table)
        elif node.type == "alias_declaration":  # using name = T;
            name, ty = node.child_by_field_name("name"), node.child_by_field_name("type")
            if name is not None and ty is not None:
                inner = ty.child_by_field_name("type") or ty
                aliases[text(name)] = type_kinds(inner, table)
    return table


def _class_kind(node: Node, body: Node) -> ValueKind:
    if any(c.type == "base_class_clause" for c in node.children):
        return ValueKind.OBJECT
    for member in body.named_children:
        if member.type in ("function_definition", "template_declaration", "friend_declaration"):
            return ValueKind.OBJECT
        if member.type in ("field_declaration", "declaration") and any(
            d.type in ("function_declarator", "operator_name", "destructor_name")
            for d in _walk(member)
        ):
            return ValueKind.OBJECT
    return ValueKind.PLAIN


def _members(body: Node, table: TypeTable) -> dict[str, Kinds]:
    out: dict[str, Kinds] = {}
    for member in body.named_children:
        ty = member.child_by_field_name("type")
        if member.type != "field_declaration" or ty is None:
            continue
        for d in member.children_by_field_name("declarator"):
            if any(x.type == "function_declarator" for x in _walk(d)):
                continue
            name = name_and_shape(d)[0]
            if name is not None:
                out[name] = declared_kinds(ty, pointer_depth(d), table)
    return out


def type_kinds(ty: Node, table: TypeTable) -> Kinds:
    """The kinds of a value of type `ty` (no declarator: not a pointer or array)."""
    if ty.type in _PRIMITIVE_NODES or ty.type in ("enum_specifier",):
        return PLAIN_KINDS
    if ty.type in ("struct_specifier", "class_specifier", "union_specifier"):
        name = ty.child_by_field_name("name")
        body = ty.child_by_field_name("body")
        if body is not None:
            return (_class_kind(ty, body),)
        return (
            (table.classes.get(text(name), ValueKind.OBJECT),)
            if name is not None
            else UNKNOWN_KINDS
        )
    if ty.type == "type_identifier":
        return _named(text(ty), table)
    if ty.type in ("qualified_identifier", "template_type"):
        return _template(ty, table)
    return UNKNOWN_KINDS  # auto, decltype(...), placeholders: decided elsewhere or unknown


def _named(name: str, table: TypeTable) -> Kinds:
    if name in table.aliases:
        return table.aliases[name]
    if name in table.classes:
        return (table.classes[name],)
    if _STD_SCALARS.fullmatch(name):
        return PLAIN_KINDS
    if name in _STRINGS:
        return (ValueKind.CONTAINER, ValueKind.PLAIN)
    return UNKNOWN_KINDS


def _template(ty: Node, table: TypeTable) -> Kinds:
    """`std::vector<double>`, `std::complex<float>`, `std::string`, `ns::T`."""
    at = ty
    while at.type == "qualified_identifier":
        inner = at.child_by_field_name("name")
        if inner is None:
            return UNKNOWN_KINDS
        at = inner
    if at.type == "type_identifier":
        return _named(text(at), table)
    if at.type != "template_type":
        return UNKNOWN_KINDS
    name = at.child_by_field_name("name")
    args = at.child_by_field_name("arguments")
    base = text(name) if name is not None else ""
    if base in _VALUES:
        return (ValueKind.VALUE,)
    if base in _STRINGS:
        return (ValueKind.CONTAINER, ValueKind.PLAIN)
    if base in _CONTAINERS and args is not None:
        first = next((c for c in args.named_children if c.type == "type_descriptor"), None)
        inner_ty = first.child_by_field_name("type") if first is not None else None
        element = type_kinds(inner_ty, table) if inner_ty is not None else UNKNOWN_KINDS
        if first is not None and _is_pointer(first):
            element = (ValueKind.PLAIN, *element)
        return (ValueKind.CONTAINER, *element)
    return UNKNOWN_KINDS


def _is_pointer(descriptor: Node) -> bool:
    return any(c.type == "abstract_pointer_declarator" for c in descriptor.children)


def declared_kinds(ty: Node | None, shape_depth: int, table: TypeTable) -> Kinds:
    """The kinds of a variable declared with type `ty` and `shape_depth` pointer/array
    declarators around its name (`double *p[4]` is 2): each subscript peels one."""
    base = type_kinds(ty, table) if ty is not None else UNKNOWN_KINDS
    return (ValueKind.PLAIN,) * shape_depth + base


def at_depth(kinds: Kinds, depth: int) -> ValueKind:
    """The kind after `depth` subscripts; past what the type says, the innermost kind
    (an OBJECT stays one, a plain element stays plain)."""
    return kinds[min(depth, len(kinds) - 1)]


def pointer_depth(declarator: Node) -> int:
    """How many pointer and array declarators wrap the declared name."""
    depth, at = 0, declarator
    at_or_none: Node | None = declarator
    while at_or_none is not None:
        at = at_or_none
        if at.type in ("pointer_declarator", "array_declarator"):
            depth += 1
        inner = at.child_by_field_name("declarator")
        if inner is None:
            inner = next(
                (c for c in at.named_children if "declarator" in c.type and c is not at), None
            )
        at_or_none = inner
    return depth


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.named_children))
