"""Fortran half of hpcls.analysis.outline: named things.

Candidates come from grammars/fortran/symbols.scm; this module decides what each one is
from the scoping unit around it (a variable of a module is an outline symbol, one of a
subroutine is a local) and rebuilds units whose construct the parser lost to an ERROR.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

import tree_sitter

from hpcls.analysis.outline_common import (
    Entry,
    Match,
    collapse,
    node_end,
    node_text,
    query_matches,
    text,
    trimmed_end,
)
from hpcls.analysis.tree_walk import SIBLING_STEPS, Nav, WalkBudget
from hpcls.languages.registry import LanguageKind

Node = tree_sitter.Node

# Header statement -> (construct node type, its end statement).
_UNIT_OF_HEADER: dict[str, tuple[str, str]] = {
    "program_statement": ("program", "end_program_statement"),
    "module_statement": ("module", "end_module_statement"),
    "submodule_statement": ("submodule", "end_submodule_statement"),
    "subroutine_statement": ("subroutine", "end_subroutine_statement"),
    "function_statement": ("function", "end_function_statement"),
    "module_procedure_statement": ("module_procedure", "end_module_procedure_statement"),
    "block_data_statement": ("block_data", "end_block_data_statement"),
    "derived_type_statement": ("derived_type_definition", "end_type_statement"),
    "interface_statement": ("interface", "end_interface_statement"),
}
_UNIT_TAGS = frozenset(
    {
        "program",
        "module",
        "submodule",
        "subroutine",
        "function",
        "module_procedure",
        "block_data",
        "type",
        "interface",
    }
)
# Constructs whose declarations are not visible outside them.
_SCOPES = frozenset(
    {"program", "module", "submodule", "subroutine", "function", "module_procedure"}
    | {"block_data", "derived_type_definition", "interface", "block_construct"}
    | {"associate_statement"}
)
_PROCEDURES = frozenset({"subroutine", "function", "module_procedure"})
_PROCEDURE_HEADERS = frozenset(
    {"subroutine_statement", "function_statement", "module_procedure_statement"}
)
# End statements of the units that may host procedures.
_HOST_ENDS = frozenset({"end_module_statement", "end_submodule_statement", "end_program_statement"})
# Units whose declarations are outline symbols (a procedure's are locals).
_GLOBAL_HOLDERS = frozenset({"program", "module", "submodule", "block_data"})
_UNIT_DETAIL = {
    "program": "program",
    "module": "module",
    "block_data": "block data",
    "interface": "interface",
}


@dataclass(frozen=True, slots=True)
class _Unit:
    """A scoping unit, real or rebuilt from an orphan header statement."""

    type: str
    start: int
    end: int
    above: Node | None  # where the search for the enclosing unit goes on
    above_pos: int


class _Orphans:
    """The units rebuilt from orphan headers under one parent, searchable by position."""

    def __init__(self, units: list[_Unit]) -> None:
        self.units = sorted(units, key=lambda u: (u.start, -u.end))
        self.starts = [u.start for u in self.units]
        # Index of the unit around each one (they nest), so a lookup skips closed siblings.
        self.outer: list[int] = []
        stack: list[int] = []
        for i, unit in enumerate(self.units):
            while stack and self.units[stack[-1]].end < unit.end:
                stack.pop()
            self.outer.append(stack[-1] if stack else -1)
            stack.append(i)

    def around(self, pos: int) -> _Unit | None:
        """The innermost unit whose header comes strictly before `pos` and that holds it."""
        i = bisect_left(self.starts, pos) - 1
        while i >= 0:
            if pos <= self.units[i].end:
                return self.units[i]
            i = self.outer[i]
        return None


class FortranFile:
    def __init__(self, root: Node, source: bytes, kind: LanguageKind) -> None:
        self.source = source
        self.size = len(source)
        self.matches, run = query_matches(kind, "symbols", root)
        self.nav = Nav(run)
        self._steps = WalkBudget("fortran: orphaned units looking for their end", SIBLING_STEPS)
        self._virtual: dict[int, _Unit] = {}
        # Headers the parser left without their construct, by the id of their parent.
        found: dict[int, list[_Unit]] = {}
        seen: set[int] = set()
        for m in self.matches:
            header = m.node
            if m.tag not in _UNIT_TAGS or header.id in seen:
                continue
            seen.add(header.id)
            parent = self.nav.parent(header)
            if parent is not None and parent.type != _UNIT_OF_HEADER[header.type][0]:
                found.setdefault(parent.id, []).append(self.construct(header))
        self.orphans = {pid: _Orphans(units) for pid, units in found.items()}

    # -- units -------------------------------------------------------------------------------

    def construct(self, header: Node) -> _Unit:
        """The unit a header statement opens: its parent, or up to its `end` when orphaned."""
        unit_type, end_type = _UNIT_OF_HEADER[header.type]
        parent = self.nav.parent(header)
        if parent is not None and parent.type == unit_type:
            return self.unit_of(parent)
        cached = self._virtual.get(header.id)
        if cached is None:
            end = self._orphan_end(header, end_type, parent)
            cached = _Unit(
                unit_type,
                header.start_byte,
                trimmed_end(self.source, header.start_byte, end),
                parent,
                header.start_byte,
            )
            self._virtual[header.id] = cached
        return cached

    def unit_of(self, node: Node) -> _Unit:
        return _Unit(
            node.type,
            node.start_byte,
            node_end(self.source, node),
            self.nav.parent(node),
            node.start_byte,
        )

    def context(self, node: Node | None, pos: int) -> _Unit | None:
        """The innermost scoping unit around `pos`, looking from `node` upward."""
        while node is not None:
            if node.type in _SCOPES:
                return self.unit_of(node)
            orphans = self.orphans.get(node.id)
            if orphans is not None:
                unit = orphans.around(pos)
                if unit is not None:
                    return unit
            node = self.nav.parent(node)
        return None

    def outer(self, unit: _Unit) -> _Unit | None:
        """The unit a name defined by `unit` is visible in; interface blocks do not count."""
        ctx = self.context(unit.above, unit.above_pos)
        while ctx is not None and ctx.type == "interface":
            ctx = self.context(ctx.above, ctx.above_pos)
        return ctx

    def scope(self, unit: _Unit | None) -> tuple[int, int]:
        return (unit.start, unit.end) if unit is not None else (0, self.size)

    # -- entries -----------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        src = self.source
        out: list[Entry] = []
        dummies: dict[int, dict[str, Node]] = {}  # procedure start -> lower name -> identifier
        results: dict[int, dict[str, Node]] = {}
        headers: dict[int, Node] = {}
        parameters: dict[tuple[int, str], Node] = {}  # (unit start, lower name) -> statement
        declared: set[tuple[int, str]] = set()
        procedure_kinds: dict[str, str] = {}
        pending: list[tuple[Entry, str]] = []  # entries whose kind is a procedure's, by name

        for m in self.matches:
            if m.tag in ("dummy", "result"):
                name = m.one("name")
                if name is None:
                    continue
                unit = self.construct(m.node)
                headers[unit.start] = m.node
                table = dummies if m.tag == "dummy" else results
                table.setdefault(unit.start, {})[node_text(src, name).lower()] = name
            elif m.tag == "parameter_statement":
                name = m.one("name")
                ctx = self.context(self.nav.parent(m.node), m.node.start_byte)
                if name is not None:
                    key = (self.scope(ctx)[0], node_text(src, name).lower())
                    parameters.setdefault(key, m.node)

        for m in self.matches:
            name = m.one("name")
            if m.tag in _UNIT_TAGS and name is not None:
                entry = self._unit_entry(m, name)
                out.append(entry)
                if m.tag in ("subroutine", "function"):
                    procedure_kinds.setdefault(entry.name.lower(), entry.kind)
                elif m.tag == "module_procedure":
                    pending.append((entry, "subroutine"))
            elif m.tag == "interface_procedure" and name is not None:
                entry = self._leaf(m.node, name, "function", "module procedure")
                entry.start, entry.end = name.start_byte, name.end_byte
                entry.declaration = False  # a reference to a procedure defined elsewhere
                out.append(entry)
                pending.append((entry, "function"))
            elif m.tag == "method" and name is not None:
                out.append(self._leaf(m.node, name, "method", collapse(node_text(src, m.node))))
            elif m.tag in ("variable", "enumerator"):
                ident = _declared_name(m.one("declarator"))
                if ident is not None:
                    entry = self._variable(m, ident, dummies, parameters)
                    out.append(entry)
                    declared.add((entry.scope_start, entry.name.lower()))
            elif m.tag == "common" and name is not None:
                group = self.nav.parent(name)
                detail = "common " + collapse(node_text(src, group)) if group else "common"
                entry = self._leaf(m.node, name, "common", detail)
                entry.symbol = self._holder_symbol(m.node)
                out.append(entry)
            elif m.tag == "associate" and name is not None:
                entry = self._leaf(m.node, name, "local", "associate")
                entry.symbol = False
                out.append(entry)
            elif m.tag == "macro" and name is not None:
                entry = self._leaf(m.node, name, "macro", collapse(node_text(src, m.node)))
                entry.scope_start, entry.scope_end = m.node.start_byte, self.size
                out.append(entry)

        # Dummies and results with no type statement are declared by the header alone.
        for table, kind in ((dummies, "parameter"), (results, "local")):
            for proc_start, names in table.items():
                header = headers[proc_start]
                unit = self.construct(header)
                for lower, ident in names.items():
                    if (unit.start, lower) not in declared:
                        declared.add((unit.start, lower))
                        entry = self._leaf(header, ident, kind, "")
                        entry.symbol = False
                        entry.scope_start, entry.scope_end = unit.start, unit.end
                        out.append(entry)
        # `parameter (pi = 3.14)` without a type statement: implicitly typed constants.
        for (unit_start, lower), statement in parameters.items():
            if (unit_start, lower) in declared:
                continue
            for assignment in statement.named_children:
                ident = assignment.named_children[0] if assignment.named_children else None
                if ident is not None and node_text(src, ident).lower() == lower:
                    entry = self._leaf(statement, ident, "constant", "parameter")
                    entry.symbol = self._holder_symbol(statement)
                    out.append(entry)
                    break

        for entry, default in pending:
            entry.kind = procedure_kinds.get(entry.name.lower(), default)
        return out

    def _leaf(self, node: Node, name: Node, kind: str, detail: str) -> Entry:
        """An entry declared by one statement, visible in the unit around it."""
        end = node_end(self.source, node)
        ctx = self.context(self.nav.parent(node), node.start_byte)
        scope_start, scope_end = self.scope(ctx)
        return Entry(
            name=node_text(self.source, name),
            kind=kind,
            detail=detail,
            start=node.start_byte,
            end=end,
            decl_start=node.start_byte,
            decl_end=end,
            name_start=name.start_byte,
            name_end=name.end_byte,
            scope_start=scope_start,
            scope_end=scope_end,
        )

    def _holder_symbol(self, node: Node) -> bool:
        ctx = self.context(self.nav.parent(node), node.start_byte)
        return ctx is None or ctx.type in _GLOBAL_HOLDERS

    def _unit_entry(self, m: Match, name: Node) -> Entry:
        src = self.source
        header = m.node
        unit = self.construct(header)
        if m.tag in ("program", "module", "submodule"):
            scope = (0, self.size)
        else:
            scope = self.scope(self.outer(unit))
        kind = {"type": "type", "module_procedure": "subroutine"}.get(m.tag, m.tag)
        header_end = node_end(src, header)
        if m.tag in _UNIT_DETAIL:
            detail = _UNIT_DETAIL[m.tag]
        elif m.tag == "submodule":
            ancestor = header.child_by_field_name("ancestor")
            detail = f"submodule ({node_text(src, ancestor)})" if ancestor else "submodule"
        elif m.tag == "type":
            detail = collapse(text(src, header.start_byte, name.start_byte)).rstrip(":, ")
        else:
            before = collapse(text(src, header.start_byte, name.start_byte))
            after = collapse(text(src, name.end_byte, header_end), one_statement=True)
            detail = before + after if after.startswith("(") or not after else f"{before} {after}"
        return Entry(
            name=collapse(node_text(src, name)),
            kind=kind,
            detail=detail,
            start=unit.start,
            end=unit.end,
            decl_start=header.start_byte,
            decl_end=header_end,
            name_start=name.start_byte,
            name_end=name.end_byte,
            scope_start=scope[0],
            scope_end=scope[1],
        )

    def _variable(
        self,
        m: Match,
        ident: Node,
        dummies: dict[int, dict[str, Node]],
        parameters: dict[tuple[int, str], Node],
    ) -> Entry:
        src = self.source
        statement = m.node
        ctx = self.context(self.nav.parent(statement), statement.start_byte)
        lower = node_text(src, ident).lower()
        first = statement.child_by_field_name("declarator")
        prefix_end = first.start_byte if first is not None else ident.start_byte
        detail = collapse(text(src, statement.start_byte, prefix_end)).rstrip(":, ")
        is_constant = m.tag == "enumerator" or any(
            c.type == "type_qualifier" and node_text(src, c).lower() == "parameter"
            for c in statement.children_by_field_name("attribute")
        )
        if ctx is not None and (ctx.start, lower) in parameters:
            is_constant = True
        if ctx is None or ctx.type in _GLOBAL_HOLDERS:
            kind, symbol = ("constant" if is_constant else "variable"), True
        elif ctx.type == "derived_type_definition":
            kind, symbol = "field", True
        elif ctx.type in _PROCEDURES and lower in dummies.get(ctx.start, {}):
            kind, symbol = "parameter", False
        else:
            kind, symbol = ("constant" if is_constant else "local"), False
        entry = self._leaf(statement, ident, kind, detail)
        entry.symbol = symbol
        return entry

    def _orphan_end(self, header: Node, end_type: str, parent: Node | None) -> int:
        """Where a unit whose construct the parser lost ends: at its own `end` statement, or
        before the next unit that cannot be inside it, or with the text the parser gave up
        on (also where the sibling budget runs out)."""
        procedure = header.type in _PROCEDURE_HEADERS
        contains = False
        depth = 0
        siblings, index = self.nav.siblings(header)
        for i in range(index + 1, len(siblings)):
            if not self._steps.take():
                break
            sibling = siblings[i]
            t = sibling.type
            if t == "contains_statement":
                contains = True
            elif procedure and not contains and t in _PROCEDURE_HEADERS:
                return sibling.start_byte  # a sibling procedure: this one's `end` got lost
            elif procedure and t in _HOST_ENDS:
                return sibling.start_byte
            elif t == header.type:
                depth += 1
            elif t == end_type:
                if depth == 0:
                    return sibling.end_byte
                depth -= 1
        return parent.end_byte if parent is not None else header.end_byte


def first_named(node: Node) -> Node | None:
    return node.named_children[0] if node.named_child_count else None


def _declared_name(node: Node | None) -> Node | None:
    """The identifier inside a declarator: `x`, `x(n)`, `x = 1`, `p => null()`, `c*10`."""
    while node is not None and node.type != "identifier":
        left = node.child_by_field_name("left")
        node = left if left is not None else first_named(node)
    return node


def fortran_entries(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Entry]:
    return FortranFile(tree.root_node, source, kind).entries()
