"""The mutable state of one C/C++/CUDA unit being lowered to the IR (see lower_c.py).

Only the lowering modules touch a UnitBuilder; `finish` freezes it into an ir.Unit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import tree_sitter

from hpcls.analysis.directives_syntax import Directive
from hpcls.analysis.ir import (
    Access,
    Affine,
    Call,
    Construct,
    ConstructKind,
    Effect,
    Event,
    LoopInfo,
    Quotient,
    Span,
    Standalone,
    StorageKind,
    Symbol,
    Unit,
)
from hpcls.analysis.lower_c_affine import EXPANDER
from hpcls.analysis.lower_c_types import EMPTY_TABLE, Kinds, TypeTable
from hpcls.workspace.document import Document

Node = tree_sitter.Node


class SourceMap:
    """Parse-view offsets to source offsets and 0-based lines, for one document."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        # While an expansion (a macro's or an inlined function's text, parsed apart) is
        # lowered: the span of the use it replaces, which every node of it maps to.
        self.anchor: Span | None = None

    def span(self, start: int, end: int) -> Span:
        if self.anchor is not None:
            return self.anchor
        s, e = self.doc.to_source(start), self.doc.to_source(end)
        return Span(s, e, self.doc.lines.line_of(s))  # LSP lines: CR and CRLF ends too

    def of(self, node: Node) -> Span:
        return self.span(node.start_byte, node.end_byte)

    def src(self, parse_offset: int) -> int:
        return self.doc.to_source(parse_offset)

    def source_span(self, start: int, end: int) -> Span:
        """A span from source offsets (a directive's: directives are scanned in the source)."""
        if self.anchor is not None:
            return self.anchor
        return Span(start, max(start, end), self.doc.lines.line_of(start))


@dataclass(slots=True)
class _Open:
    """A construct under construction."""

    kind: ConstructKind
    span: Span
    parent: int | None
    loop: LoopInfo | None = None
    directive: Directive | None = None
    header: Span | None = None
    locals: set[str] = field(default_factory=set)
    exits: list[Span] = field(default_factory=list)
    skips: list[int] = field(default_factory=list)


@dataclass(slots=True)
class UnitBuilder:
    name: str
    span: Span
    smap: SourceMap
    globals: dict[str, Symbol]  # file-scope declarations, by name
    threadprivate: set[str]
    constructs: list[_Open] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    symbols: dict[str, Symbol] = field(default_factory=dict)
    context: list[int] = field(default_factory=list)
    statement: int = 0
    atomic: bool = False  # lowering the statement under `omp atomic`
    # Where `break` goes, innermost last: a loop's construct id, or None for a switch.
    breaks: list[int | None] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)  # goto label -> its offset
    # (start, end) of the expression occurrences that are the read of an update `x op= e`.
    update_reads: dict[tuple[int, int], str] = field(default_factory=dict)
    directives: dict[int, Directive] = field(default_factory=dict)  # by first line
    # Context entries below this index are outside the lambda being lowered: a `return`
    # there leaves the lambda, not the loops around it.
    loop_floor: int = 0
    # Names declared with an integer type (file scope, parameters, locals), and names some
    # declaration gives another type: integer division needs the former only.
    integers: set[str] = field(default_factory=set)
    not_integers: set[str] = field(default_factory=set)
    # C++ type knowledge (lower_c_types, lower_c_objects): kinds per subscript depth of
    # each declared name, the file's types, and the file's plain class of a variable.
    cpp: bool = False
    table: TypeTable = EMPTY_TABLE
    kinds: dict[str, Kinds] = field(default_factory=dict)
    owner_class: dict[str, str] = field(default_factory=dict)
    references: set[str] = field(default_factory=set)  # references to scalars
    volatiles: set[str] = field(default_factory=set)
    data_members: set[str] = field(default_factory=set)  # of the method's class

    # --- constructs -------------------------------------------------------------------------

    def open(
        self,
        kind: ConstructKind,
        span: Span,
        *,
        directive: Directive | None = None,
        header: Span | None = None,
    ) -> int:
        parent = self.context[-1] if self.context else None
        self.constructs.append(_Open(kind, span, parent, directive=directive, header=header))
        cid = len(self.constructs) - 1
        self.context.append(cid)
        return cid

    def close(self, cid: int) -> None:
        # Pop down to cid: a broken tree never leaves a construct open.
        while self.context and self.context.pop() != cid:
            pass

    def set_span(self, cid: int, span: Span) -> None:
        self.constructs[cid].span = span

    def set_loop(self, cid: int, loop: LoopInfo) -> None:
        self.constructs[cid].loop = loop

    def add_exit(self, cid: int, span: Span) -> None:
        self.constructs[cid].exits.append(span)

    def add_skip(self) -> None:
        """A `continue` of the innermost loop: the events from here on may be skipped."""
        loops = self.enclosing_loops()
        if loops:
            self.constructs[loops[-1]].skips.append(len(self.events))

    def enclosing_loops(self) -> list[int]:
        inner = self.context[self.loop_floor :]
        return [c for c in inner if self.constructs[c].kind is ConstructKind.LOOP]

    # --- events -----------------------------------------------------------------------------

    def new_statement(self) -> int:
        self.statement += 1
        return self.statement

    def access(
        self,
        name: str,
        subscripts: tuple[Affine | None, ...],
        write: bool,
        node: Node,
        *,
        update_op: str | None = None,
        address_taken: bool = False,
        quotients: tuple[Quotient | None, ...] = (),
        via: tuple[int | None, ...] = (),
    ) -> None:
        if name.split(".")[0].split("->")[0] in self.volatiles:
            self.effect(f"accesses the volatile {name}, which may change outside the program", node)
        self.events.append(
            Access(
                name,
                subscripts,
                write,
                self.smap.of(node),
                len(self.events),
                self.statement,
                tuple(self.context),
                update_op=update_op,
                atomic=self.atomic,
                address_taken=address_taken,
                quotients=quotients,
                via=via,
            )
        )

    def call(self, name: str, node: Node, pure: bool, arguments: tuple[str, ...]) -> None:
        self.events.append(
            Call(
                name,
                self.smap.of(node),
                len(self.events),
                self.statement,
                tuple(self.context),
                pure,
                arguments,
            )
        )

    def effect(self, reason: str, node: Node) -> None:
        """Something the IR cannot model happens at `node` (ir.Effect)."""
        self.events.append(
            Effect(reason, self.smap.of(node), len(self.events), tuple(self.context))
        )

    def standalone(self, directive: Directive) -> None:
        span = self.smap.source_span(directive.start, directive.end)
        self.events.append(Standalone(directive, span, len(self.events), tuple(self.context)))

    @contextmanager
    def expansion(self, use: Node | Span | None) -> Iterator[None]:
        """Lower an expansion of `use` (lower_c_expand.py): its events take the use's
        span (the outermost use's, when expansions nest), and the update marks, keyed by
        offsets of the document's tree, are set aside."""
        saved_anchor, saved_reads = self.smap.anchor, self.update_reads
        if saved_anchor is None and use is not None:
            self.smap.anchor = use if isinstance(use, Span) else self.smap.of(use)
            self.update_reads = {}
        ex = EXPANDER.get()
        try:
            if ex is None:
                yield
            else:
                with ex.deeper():
                    yield
        finally:
            self.smap.anchor, self.update_reads = saved_anchor, saved_reads

    def set_value(self, first: int, value: Affine | Quotient | str | None) -> None:
        """Access.value on the store of an assignment: the last event, when it is a write
        made since event `first`."""
        last = self.events[-1] if len(self.events) > first else None
        if value is not None and isinstance(last, Access) and last.write:
            self.events[-1] = replace(last, value=value)

    def is_integer(self, name: str) -> bool:
        return name in self.integers and name not in self.not_integers

    def note_type(self, name: str, integer: bool) -> None:
        (self.integers if integer else self.not_integers).add(name)

    def is_variable(self, name: str) -> bool:
        return name in self.symbols or name in self.globals

    # --- symbols ----------------------------------------------------------------------------

    def declare(self, symbol: Symbol) -> None:
        """A parameter or local. One symbol per name: when blocks redeclare a name
        (`for (int j ...)` in two nests), a declaration inside an OpenMP construct wins
        over one outside every construct, so code in a region sees its own block-scoped
        variable as private; otherwise the first wins. Construct.locals is exact."""
        where = self.context[-1] if self.context else None
        if where is not None:
            self.constructs[where].locals.add(symbol.name)
        if symbol.name in self.threadprivate:
            symbol = replace(symbol, threadprivate=True)
        known = self.symbols.get(symbol.name)
        if known is None or (self._in_omp(where) and not self._in_omp(known.declared_in)):
            self.symbols[symbol.name] = replace(symbol, declared_in=where)

    def _in_omp(self, construct: int | None) -> bool:
        while construct is not None:
            if self.constructs[construct].kind is ConstructKind.OMP:
                return True
            construct = self.constructs[construct].parent
        return False

    def storage_of(self, name: str) -> StorageKind:
        sym = self.symbols.get(name) or self.globals.get(name)
        return sym.storage if sym is not None else StorageKind.UNKNOWN

    # --- result -----------------------------------------------------------------------------

    def finish(self) -> Unit:
        constructs = tuple(
            Construct(
                i,
                c.kind,
                c.span,
                c.parent,
                loop=replace(c.loop, exits=tuple(c.exits), skips=tuple(c.skips))
                if c.loop is not None
                else None,
                directive=c.directive,
                header=c.header,
                locals=frozenset(c.locals),
            )
            for i, c in enumerate(self.constructs)
        )
        symbols = dict(self.symbols)
        for e in self.events:
            if isinstance(e, Access) and e.name not in symbols:
                symbols[e.name] = self._undeclared(e.name, symbols)
        return Unit(self.name, self.span, constructs, tuple(self.events), MappingProxyType(symbols))

    def _undeclared(self, name: str, symbols: dict[str, Symbol]) -> Symbol:
        root = re.split(r"\.|->", name, maxsplit=1)[0]
        if root != name:  # a member path shares its root variable's symbol
            base = symbols.get(root) or self._undeclared(root, symbols)
            return replace(base, name=name)
        found = self.globals.get(name)
        plain = self._reducible(name)
        if found is not None:
            tp = found.threadprivate or name in self.threadprivate
            return replace(found, threadprivate=tp, reducible=plain)
        return Symbol(
            name, StorageKind.UNKNOWN, threadprivate=name in self.threadprivate, reducible=plain
        )

    def _reducible(self, name: str) -> bool:
        """A reduction clause may name it: not a data member, of a type known plain (in
        C++, a name the function does not declare may be of any class)."""
        if not self.cpp:
            return True
        kinds = self.kinds.get(name)
        plain = kinds is not None and all(k.value == "plain" for k in kinds)
        return plain and name not in self.data_members
