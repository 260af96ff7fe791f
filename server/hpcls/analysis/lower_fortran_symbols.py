"""Fortran declarations → IR Symbols, for one program unit (part of the Fortran lowering).

Reads type declarations and their attribute statements (`dimension`, `pointer`, `target`,
`save`, `common`, `data`, `parameter`), the dummy arguments, `use` of a module of the same
file (its variables are static), host association for module procedures, and
`threadprivate` directives. A name used but never declared becomes UNKNOWN later, in the
statement walk (lower_fortran_build.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

import tree_sitter

from hpcls.analysis.directives_syntax import Directive, clause_items
from hpcls.analysis.ir import StorageKind, Symbol

Node = tree_sitter.Node

# Nodes whose statements belong to another scope: never read as this unit's declarations.
_NESTED_SCOPES = frozenset(
    {
        "internal_procedures",
        "function",
        "subroutine",
        "module_procedure",
        "derived_type_definition",
        "interface",
    }
)
UNIT_TYPES = frozenset({"program", "subroutine", "function", "module_procedure"})


@dataclass(frozen=True, slots=True)
class Declared:
    """What the unit knows about one name; `rank` is None for a scalar, 0 when the rank is
    not known (`dimension` seen without a readable shape)."""

    symbol: Symbol
    rank: int | None = None
    character: bool = False  # `str(1:3)` on it is a substring, not a call
    # The type of its declaration (`integer`, `real`, `type(t)`...); None when it has
    # none (implicit typing applies).
    type_name: str | None = None
    allocatable: bool = False  # a whole-array assignment may reallocate it
    derived: str | None = None  # `type(t)` / `class(t)`: "t" (`class(*)`: "*")
    # "volatile" / "asynchronous": it may change outside what the program text shows.
    unseen: str | None = None


def text(node: Node, data: bytes) -> str:
    return data[node.start_byte : node.end_byte].decode("utf-8", "replace")


def named(node: Node) -> Iterator[Node]:
    return (c for c in node.children if c.is_named)


def scope_statements(unit: Node) -> Iterator[Node]:
    """Every node of the unit's own scope (not of its internal procedures), preorder."""
    stack = list(reversed(unit.children))
    while stack:
        n = stack.pop()
        if n.type in _NESTED_SCOPES:
            continue
        yield n
        stack.extend(reversed(n.children))


def _rank(size: Node) -> int:
    return sum(1 for c in named(size) if c.type != "comment") or 1


def _declarator_name(decl: Node, data: bytes) -> tuple[str, int | None, bool] | None:
    """(name, rank from `a(n, m)`, has an initializer) of one declarator."""
    init = decl.type in ("init_declarator", "pointer_init_declarator")
    if init:
        left = decl.child_by_field_name("left") or (
            decl.named_children[0] if decl.named_children else None
        )
        if left is None:
            return None
        decl = left
    if decl.type == "identifier":
        return text(decl, data).lower(), None, init
    if decl.type == "sized_declarator":
        ident = next((c for c in named(decl) if c.type == "identifier"), None)
        size = next((c for c in named(decl) if c.type == "size"), None)
        if ident is None:
            return None
        return text(ident, data).lower(), (_rank(size) if size is not None else 0), init
    return None


class _Table:
    """Mutable while declarations are read; frozen into Declared records at the end."""

    def __init__(self) -> None:
        self.rank: dict[str, int | None] = {}
        self.flags: dict[str, set[str]] = {}
        self.order: list[str] = []
        self.types: dict[str, str] = {}
        self.derived: dict[str, str] = {}

    def add(self, name: str, *flags: str, rank: int | None = None) -> None:
        if name not in self.flags:
            self.flags[name] = set()
            self.order.append(name)
            self.rank[name] = None
        self.flags[name].update(flags)
        if rank is not None:
            self.rank[name] = rank


_QUALIFIER_FLAGS = {
    "pointer",
    "target",
    "save",
    "allocatable",
    "parameter",
    "external",
    "volatile",
    "asynchronous",
}


def _qualifier(node: Node, data: bytes) -> tuple[str, int | None]:
    word = re.match(r"[a-z_]+", text(node, data).lower())
    name = word.group() if word else ""
    if name == "dimension":
        args = next((c for c in named(node) if c.type in ("argument_list", "size")), None)
        return name, (_rank(args) if args is not None else 0)
    return name, None


def _declaration(node: Node, data: bytes, table: _Table) -> None:
    flags: set[str] = set()
    dim: int | None = None
    type_node = node.child_by_field_name("type")
    if type_node is not None and text(type_node, data).lower().startswith("character"):
        flags.add("character")
    kind = _type_word(type_node, data) if type_node is not None else None
    derived = _derived_name(type_node, data) if type_node is not None else None
    for c in node.children:
        if c.type == "type_qualifier":
            q, rank = _qualifier(c, data)
            if q == "dimension":
                dim = rank
            elif q in _QUALIFIER_FLAGS:
                flags.add(q)
    for c in node.children:
        if node.field_name_for_child(node.children.index(c)) != "declarator":
            continue
        found = _declarator_name(c, data)
        if found is None:
            continue
        name, rank, init = found
        extra = {"init"} if init else set()
        table.add(name, *(flags | extra | {"declared"}), rank=rank if rank is not None else dim)
        if kind is not None:
            table.types[name] = kind
        if derived is not None:
            table.derived[name] = derived


def _type_word(type_node: Node, data: bytes) -> str:
    """`integer*4`, `integer(kind=8)` → "integer"; `double precision` → "double"."""
    word = re.match(r"[a-z]+", text(type_node, data).lower())
    return word.group() if word else "?"


def _derived_name(type_node: Node, data: bytes) -> str | None:
    """`type(t)` / `class(t)` → "t"; `class(*)` → "*"; None for an intrinsic type."""
    if type_node.type != "derived_type":
        return None
    inner = next((c for c in named(type_node) if c.type == "type_name"), None)
    return text(inner, data).strip().lower() if inner is not None else "*"


def implicit_integers(statements: Iterable[Node], data: bytes, letters: str) -> str:
    """The initial letters of implicitly integer names after the scope's `implicit`
    statements, starting from the host's `letters` (default typing: "ijklmn")."""
    for n in statements:
        if n.type != "implicit_statement":
            continue
        kind = ""
        for c in n.children:
            if c.type == "none":
                letters = ""
            elif c.type in ("intrinsic_type", "derived_type"):
                kind = _type_word(c, data)
            elif c.type == "implicit_range":
                bounds = [x for x in text(c, data).lower() if x.isalpha()]
                if not bounds:
                    continue
                span = {chr(k) for k in range(ord(bounds[0]), ord(bounds[-1]) + 1)}
                keep = set(letters) - span
                letters = "".join(sorted(keep | span if kind == "integer" else keep))
    return letters


def _names_in(node: Node, data: bytes) -> Iterator[tuple[str, int | None]]:
    for c in named(node):
        found = _declarator_name(c, data)
        if found is not None:
            yield found[0], found[1]


def collect(
    unit: Node, data: bytes, directives: Sequence[Directive], source_range: tuple[int, int]
) -> _Table:
    """Declarations of the unit's own scope; `source_range` is the unit's, in source
    offsets, for its `threadprivate` directives."""
    table = _Table()
    commons: dict[str, list[str]] = {}
    save_all = False
    for n in scope_statements(unit):
        t = n.type
        if t == "variable_declaration":
            _declaration(n, data, table)
        elif t == "variable_modification":
            q = next((c for c in n.children if c.type == "type_qualifier"), None)
            word, rank = _qualifier(q, data) if q is not None else ("", None)
            for name, r in _names_in(n, data):
                if word == "dimension":
                    table.add(name, "declared", rank=r if r is not None else (rank or 0))
                elif word in _QUALIFIER_FLAGS:
                    table.add(name, word, rank=r)
        elif t == "save_statement":
            names = [text(c, data).lower() for c in named(n) if c.type == "identifier"]
            for name in names:
                table.add(name, "save")
            save_all = save_all or not any(c.is_named for c in n.children)
        elif t == "data_statement":
            for c in n.children:
                if c.type == "data_set":
                    for ident in named(c):
                        if ident.type == "identifier":
                            table.add(text(ident, data).lower(), "save")
        elif t == "common_statement":
            for group in named(n):
                block = ""
                for c in named(group):
                    if c.type == "name":
                        block = text(c, data).lower()
                        continue
                    found = _declarator_name(c, data)
                    if found is not None:
                        table.add(found[0], "common", "declared", rank=found[1])
                        commons.setdefault(block, []).append(found[0])
    if save_all:
        for name in table.order:
            table.flags[name].add("save")
    _threadprivate(source_range, directives, table, commons)
    return table


def _threadprivate(
    source_range: tuple[int, int],
    directives: Sequence[Directive],
    table: _Table,
    commons: dict[str, list[str]],
) -> None:
    lo, hi = source_range
    for d in directives:
        if d.family != "omp" or d.name != "threadprivate" or d.directive_argument is None:
            continue
        if not lo <= d.start < hi:
            continue
        for item in clause_items("threadprivate", d.directive_argument):
            item = item.strip().lower()
            names = commons.get(item.strip("/").strip(), []) if item.startswith("/") else [item]
            for name in names:  # only this scope's variables (not a contained unit's)
                if name in table.flags:
                    table.add(name, "threadprivate")


def freeze(
    table: _Table,
    parameters: Iterable[str],
    *,
    all_static: bool = False,
) -> dict[str, Declared]:
    """The unit's Declared records. `all_static`: a module's own variables."""
    params = set(parameters)
    for p in params:
        table.add(p)
    out: dict[str, Declared] = {}
    for name in table.order:
        f = table.flags[name]
        rank = table.rank[name]
        if "pointer" in f:
            storage = StorageKind.POINTER
        elif "target" in f and name in params and (rank is not None or "allocatable" in f):
            # An assumed-shape TARGET dummy may share memory with another TARGET dummy or
            # a module TARGET given as both actuals (F2018 15.5.2.13): alias as a pointer.
            storage = StorageKind.POINTER
            rank = 0 if rank is None else rank
        elif rank is not None or "allocatable" in f:
            storage = StorageKind.ARRAY
            rank = 0 if rank is None else rank
        elif "declared" in f or name in params or f & {"save", "target", "parameter"}:
            storage = StorageKind.SCALAR
        else:
            storage = StorageKind.UNKNOWN
        # An initialized local has the SAVE attribute implicitly; a named constant does not.
        static = bool(f & {"save", "common"}) or ("init" in f and "parameter" not in f)
        symbol = Symbol(
            name=name,
            storage=storage,
            parameter=name in params,
            static=(static or all_static) and name not in params,
            target="target" in f,
            threadprivate="threadprivate" in f,
            # OpenMP has no reduction of character or derived-type data
            reducible="character" not in f and name not in table.derived,
        )
        unseen = next((w for w in ("volatile", "asynchronous") if w in f), None)
        out[name] = Declared(
            symbol,
            rank,
            "character" in f,
            table.types.get(name),
            allocatable="allocatable" in f,
            derived=table.derived.get(name),
            unseen=unseen,
        )
    return out


def as_static(declared: Mapping[str, Declared]) -> dict[str, Declared]:
    """Module variables seen from a procedure: shared by every thread."""
    return {
        n: replace(d, symbol=replace(d.symbol, static=True, parameter=False))
        for n, d in declared.items()
    }
