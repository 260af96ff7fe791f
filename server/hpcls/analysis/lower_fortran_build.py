"""The mutable state of lowering one Fortran unit, and expressions → Access/Call events.

Statements and directives (lower_fortran_stmts.py) drive it; it owns the construct stack,
the event list and the offset conversion (the tree is over the parse view: every Span is
converted to source offsets here).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

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
    StorageKind,
    Symbol,
)
from hpcls.analysis.lower_fortran_effects import (
    OPERATOR_NODES,
    FileTypes,
    expression_effects,
    member_call,
)
from hpcls.analysis.lower_fortran_symbols import Declared, named, text
from hpcls.analysis.lower_fortran_values import affine, quotient, unparenthesized
from hpcls.knowledge.fortran_intrinsics import intrinsic_named
from hpcls.workspace.document import Document

Node = tree_sitter.Node

_PURE_OMP = frozenset({"omp_in_parallel", "omp_in_final", "omp_is_initial_device"})
# Nodes with nothing inside that is read (literals, names that are not variables).
_OPAQUE = frozenset(
    {
        "number_literal",
        "string_literal",
        "boolean_literal",
        "type_member",
        "comment",
        "statement_label_reference",
        "format_identifier",
        "unit_identifier",
        "intrinsic_type",
        "derived_type",
        "null_literal",
        "edit_descriptor",
        "name",
        "module_name",
        "type_name",
    }
)


@dataclass(slots=True)
class PendingConstruct:
    kind: ConstructKind
    start: int  # source offsets
    end: int
    parent: int | None
    loop: LoopInfo | None = None
    directive: Directive | None = None
    end_directive: Directive | None = None
    header: Span | None = None
    label: str | None = None  # a named DO's construct name, for `exit name`
    exits: list[Span] = field(default_factory=list)
    skips: list[int] = field(default_factory=list)  # ir.LoopInfo.skips
    locals: frozenset[str] = frozenset()  # `do concurrent (integer :: i = ...)`: i


@dataclass(slots=True)
class Builder:
    doc: Document
    declared: dict[str, Declared]
    pure_procedures: frozenset[str]
    labels: Mapping[str, int]  # statement label -> source offset of its statement
    constructs: list[PendingConstruct] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stack: list[int] = field(default_factory=list)
    statement: int = -1
    atomic: bool = False
    used: set[str] = field(default_factory=set)
    # Undeclared names assigned as `x(i) = ...` somewhere in the unit: arrays (implicit
    # typing in old code), though their Symbol stays UNKNOWN.
    implicit_arrays: frozenset[str] = frozenset()
    implicit_integer: str = "ijklmn"  # initial letters of implicitly integer names
    types: FileTypes = field(default_factory=FileTypes)  # the file's derived types
    # The value facts (quotients, via) of the subscripts `subscripts()` returned last,
    # taken by the access made with that very tuple.
    facts: tuple[tuple[Affine | None, ...], tuple[Quotient | None, ...], tuple[int | None, ...]] = (
        (),
        (),
        (),
    )

    # --- spans and constructs ------------------------------------------------------------

    def src(self, parse_offset: int) -> int:
        return self.doc.to_source(parse_offset)

    def span_of(self, start: int, end: int) -> Span:
        """A Span from parse offsets."""
        s = self.src(start)
        return Span(s, max(s, self.src(end)), self.doc.lines.line_of(s))

    def node_span(self, node: Node) -> Span:
        return self.span_of(node.start_byte, node.end_byte)

    def source_span(self, start: int, end: int) -> Span:
        return Span(start, end, self.doc.lines.line_of(start))

    def open(self, c: PendingConstruct) -> int:
        self.constructs.append(c)
        self.stack.append(len(self.constructs) - 1)
        return len(self.constructs) - 1

    def close(self, cid: int) -> None:
        if cid in self.stack:
            del self.stack[self.stack.index(cid) :]

    def new_statement(self) -> None:
        self.statement += 1

    def frozen_constructs(self) -> tuple[Construct, ...]:
        out = []
        for i, c in enumerate(self.constructs):
            loop = c.loop
            if loop is not None:
                loop = replace(loop, exits=tuple(c.exits), skips=tuple(c.skips))
            span = self.source_span(c.start, max(c.start, c.end))
            out.append(
                Construct(
                    i,
                    c.kind,
                    span,
                    c.parent,
                    loop,
                    c.directive,
                    c.end_directive,
                    c.header,
                    c.locals,
                )
            )
        return tuple(out)

    # --- events --------------------------------------------------------------------------

    def access(
        self,
        name: str,
        subscripts: tuple[Affine | None, ...],
        write: bool,
        node: Node,
        address_taken: bool = False,
    ) -> None:
        base = name.split("%")[0]
        self.used.add(base)
        d = self.declared.get(base)
        if d is not None and d.unseen is not None:
            self.effect(f"accesses {base}, which is {d.unseen}: it may change unseen", node)
        quotients: tuple[Quotient | None, ...] = ()
        via: tuple[int | None, ...] = ()
        if subscripts and subscripts is self.facts[0]:
            _, quotients, via = self.facts
            self.facts = ((), (), ())
        self.events.append(
            Access(
                name=name,
                subscripts=subscripts,
                write=write,
                span=self.node_span(node),
                order=len(self.events),
                statement=self.statement,
                context=tuple(self.stack),
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
                self.node_span(node),
                len(self.events),
                self.statement,
                tuple(self.stack),
                pure,
                arguments,
            )
        )

    def effect(self, reason: str, node: Node) -> None:
        """Something the IR cannot model happens at `node` (ir.Effect)."""
        self.events.append(
            Effect(reason, self.node_span(node), len(self.events), tuple(self.stack))
        )

    def set_update(
        self, first_event: int, name: str, subs: tuple[Affine | None, ...], op: str
    ) -> None:
        """Mark the read and the write of `name` made since `first_event` as an update."""
        for k in range(first_event, len(self.events)):
            e = self.events[k]
            if isinstance(e, Access) and e.name == name and e.subscripts == subs:
                self.events[k] = replace(e, update_op=op)

    # --- names ---------------------------------------------------------------------------

    def is_array(self, name: str) -> bool:
        d = self.declared.get(name)
        if d is None:
            return name in self.implicit_arrays
        return d.symbol.storage is StorageKind.ARRAY or (
            d.symbol.storage is StorageKind.POINTER and d.rank is not None
        )

    def is_integer(self, name: str) -> bool:
        """Declared integer, or undeclared-typed with an implicitly integer initial."""
        d = self.declared.get(name)
        if d is not None and d.type_name is not None:
            return d.type_name == "integer"
        return name[:1] in self.implicit_integer

    def is_pure(self, name: str) -> bool:
        if name in self.pure_procedures:
            return True
        if name.startswith("omp_get_") or name in _PURE_OMP:
            return True
        intrinsic = intrinsic_named(name)
        return intrinsic is not None and not intrinsic.is_subroutine and name not in self.declared

    def whole(self, name: str) -> tuple[Affine | None, ...]:
        """Subscripts of a whole-array reference (one None per dimension)."""
        if not self.is_array(name):
            return ()
        d = self.declared.get(name)
        return (None,) * ((d.rank if d is not None else None) or 1)

    def symbols(self) -> dict[str, Symbol]:
        out = {n: d.symbol for n, d in self.declared.items()}
        for name in sorted(self.used):
            out.setdefault(name, Symbol(name, StorageKind.UNKNOWN))
        return out

    # --- expressions ---------------------------------------------------------------------

    def read(self, node: Node | None) -> None:
        """Every read in an expression, calls included."""
        if node is None:
            return
        t = node.type
        if t == "identifier":
            name = text(node, self.doc.parse_source).lower()
            self.access(name, self.whole(name), False, node)
        elif t == "call_expression":
            self.reference(node, write=False)
        elif t == "derived_type_member_expression":
            self.member(node, write=False)
        elif t == "extent_specifier":
            for c in named(node):
                self.read(c)
        elif t == "keyword_argument":  # `dim=1`: only the value is read
            values = [c for c in named(node) if c.type != "comment"]
            if len(values) > 1:
                self.read(values[-1])
        elif t in OPERATOR_NODES or t == "concatenation_expression":
            expression_effects(self, node)
            for c in named(node):
                self.read(c)
        elif t not in _OPAQUE:  # operators, lists, masks, ERROR...: what is inside
            for c in named(node):
                self.read(c)

    def write(self, node: Node | None, address_taken: bool = False) -> None:
        """The target of an assignment or a READ item; its subscripts are read first."""
        if node is None:
            return
        if node.type == "identifier":
            name = text(node, self.doc.parse_source).lower()
            self.access(name, self.whole(name), True, node, address_taken)
        elif node.type == "call_expression":
            self.reference(node, write=True)
        elif node.type == "derived_type_member_expression":
            self.member(node, write=True)
        else:
            self.read(node)

    def subscripts(self, args: Node | None) -> tuple[Affine | None, ...]:
        """Read the subscript expressions and return their affine forms."""
        if args is None:
            return (None,)
        subs: list[Affine | None] = []
        quotients: list[Quotient | None] = []
        via: list[int | None] = []
        for a in named(args):
            if a.type == "comment":
                continue
            first = len(self.events)
            self.read(a)
            sub = None if a.type == "extent_specifier" else affine(a, self)
            subs.append(sub)
            quotients.append(quotient(a, self) if sub is None else None)
            via.append(self.element_read(a, first) if sub is None else None)
        out = tuple(subs) or (None,)
        # One entry per subscript (None at the affine ones); () when none has a fact.
        qs = tuple(quotients) if any(q is not None for q in quotients) else ()
        vs = tuple(via) if any(v is not None for v in via) else ()
        if qs or vs:
            self.facts = (out, qs, vs)
        return out

    def element_read(self, node: Node, first: int) -> int | None:
        """The order of the read of the one array element `node` is (`idx(i)`), when the
        events since `first` end with it; else None."""
        node = unparenthesized(node)
        if node.type != "call_expression" or not node.named_children:
            return None
        head = node.named_children[0]
        args = next((c for c in named(node) if c.type == "argument_list"), None)
        if head.type != "identifier" or args is None:
            return None
        name = text(head, self.doc.parse_source).lower()
        if not self.is_array(name) or any(c.type == "extent_specifier" for c in named(args)):
            return None
        last = self.events[-1] if len(self.events) > first else None
        if isinstance(last, Access) and not last.write and last.name == name:
            return last.order
        return None

    def reference(self, node: Node, write: bool, address_taken: bool = False) -> None:
        """`name(args)`: an array element or section, a substring, or a function call."""
        head = node.named_children[0] if node.named_children else None
        args = next((c for c in named(node) if c.type == "argument_list"), None)
        if head is None:
            return
        member = head.type == "derived_type_member_expression"
        if member and not write and member_call(self, node, head, args):
            return
        if head.type != "identifier":  # `t(i)%a(j)`: the member path is the variable
            path, subs = self.path(node)
            self.access(path, subs, write, node, address_taken)
            return
        name = text(head, self.doc.parse_source).lower()
        d = self.declared.get(name)
        if self.is_array(name):
            self.access(name, self.subscripts(args), write, node, address_taken)
        elif d is not None and d.character and d.symbol.storage is not StorageKind.UNKNOWN:
            if args is not None:  # a substring
                self.read(args)
            self.access(name, (), write, node, address_taken)
        elif write:  # an assignment's target `x(i)`: an element even of an undeclared array
            self.access(name, self.subscripts(args), write, node, address_taken)
        else:
            self.function(name, node, args)

    def function(self, name: str, node: Node, args: Node | None) -> None:
        pure = self.is_pure(name)
        self.arguments(args, pure)
        self.call(name, node, pure, self.argument_names(args))

    def arguments(self, args: Node | None, pure: bool) -> None:
        """Actual arguments: passed by reference, so a variable given to an impure
        procedure may be read or written by it."""
        if args is None:
            return
        for a in named(args):
            value = a
            if a.type == "keyword_argument":
                value = a.named_children[-1] if a.named_children else a
            if pure or not _is_variable(value, self):
                self.read(value)
            else:
                self.arguments_node(value)

    def pointer_target(self, node: Node) -> None:
        """`p => x`: x's address is taken, not its value read."""
        if _is_variable(node, self):
            self.arguments_node(node)
        else:
            self.read(node)

    def arguments_node(self, value: Node) -> None:
        if value.type == "identifier":
            name = text(value, self.doc.parse_source).lower()
            self.access(name, self.whole(name), False, value, address_taken=True)
        elif value.type == "call_expression":
            self.reference(value, write=False, address_taken=True)
        else:
            self.member(value, write=False, address_taken=True)

    def argument_names(self, args: Node | None) -> tuple[str, ...]:
        names: list[str] = []
        for a in named(args) if args is not None else ():
            value = a.named_children[-1] if a.type == "keyword_argument" and a.named_children else a
            if _is_variable(value, self):
                names.append(self.path(value)[0].split("%")[0])
        return tuple(names)

    def member(self, node: Node, write: bool, address_taken: bool = False) -> None:
        name, subs = self.path(node)
        self.access(name, subs, write, node, address_taken)

    def path(self, node: Node) -> tuple[str, tuple[Affine | None, ...]]:
        """`t%x` → ("t%x", ()); `t(i)%x` → ("t", (i,)): an element of an array of derived
        type stands for the whole element; `t%a(i)` → ("t%a", (i,)). Subscripts read along
        the way are recorded."""
        name, subs, _kind = self._path(node)
        return name, subs

    def _path(self, node: Node) -> tuple[str, tuple[Affine | None, ...], str]:
        data = self.doc.parse_source
        if node.type == "identifier":
            name = text(node, data).lower()
            return (name, self.whole(name), "array") if self.is_array(name) else (name, (), "")
        if node.type == "call_expression" and node.named_children:
            name, subs, kind = self._path(node.named_children[0])
            args = next((c for c in named(node) if c.type == "argument_list"), None)
            inner = self.subscripts(args)
            return (name, subs, kind) if kind == "element" else (name, inner, "element")
        if node.type == "derived_type_member_expression" and node.named_children:
            name, subs, kind = self._path(node.named_children[0])
            if kind:
                return name, subs, kind
            member = next((c for c in named(node) if c.type == "type_member"), None)
            return f"{name}%{text(member, data).lower() if member else '?'}", (), ""
        self.read(node)
        return text(node, data).lower(), (), ""


def _is_variable(node: Node, b: Builder) -> bool:
    if node.type in ("identifier", "derived_type_member_expression"):
        return True
    if node.type == "call_expression" and node.named_children:
        head = node.named_children[0]
        if head.type != "identifier":
            return True
        return b.is_array(text(head, b.doc.parse_source).lower())
    return False
