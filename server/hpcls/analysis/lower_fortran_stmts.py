"""Fortran statements and OpenMP directives → constructs and events (part of the lowering).

A body is a sequence of sibling nodes. Directives are comments in the tree, so the
sequence walk is where they take effect: a loop directive wraps the DO that follows, an
`atomic` the statement that follows, a block directive everything up to its `end`
directive in the same sequence (or the end of the sequence, in broken code).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import tree_sitter

from hpcls.analysis.directives_syntax import Directive
from hpcls.analysis.ir import Access, Affine, ConstructKind, LoopForm, LoopInfo, Span, Standalone
from hpcls.analysis.lower_fortran_build import Builder, PendingConstruct
from hpcls.analysis.lower_fortran_effects import IO_STATEMENTS, assignment_effects, io_statement
from hpcls.analysis.lower_fortran_omp import DirectiveRole, role_of
from hpcls.analysis.lower_fortran_symbols import named, text
from hpcls.analysis.lower_fortran_update import update_of
from hpcls.analysis.lower_fortran_values import affine, value_of

Node = tree_sitter.Node

_SKIP = frozenset(
    {
        "comment",
        "statement_label",
        "variable_declaration",
        "variable_modification",
        "use_statement",
        "implicit_statement",
        "save_statement",
        "data_statement",
        "common_statement",
        "internal_procedures",
        "include_statement",
        "format_statement",
        "parameter_statement",
        "equivalence_statement",
        "import_statement",
        "interface",
        "derived_type_definition",
        "enum",
        "namelist_statement",
        "public_statement",
        "private_statement",
        "end_do_loop_statement",
        "end_do_label_loop_statement",
        "end_if_statement",
        "end_select_statement",
        "end_where_statement",
        "end_forall_statement",
        "end_block_construct_statement",
        "end_associate_statement",
        "program_statement",
        "subroutine_statement",
        "function_statement",
        "module_procedure_statement",
        "end_program_statement",
        "end_subroutine_statement",
        "end_function_statement",
        "end_module_procedure_statement",
        "contains_statement",
        "do_statement",
        "block_label_start_expression",
        "block_label",
        "parenthesized_expression",
        "selector",
        "elseif_clause",
        "else_clause",
        "elsewhere_clause",
        "case_statement",
    }
)
_BODY = frozenset({"block_construct", "associate_statement", "critical_statement"})


class Lowering:
    def __init__(
        self, b: Builder, directives: Mapping[int, Directive], cont: frozenset[int]
    ) -> None:
        self.b = b
        self.directives = directives  # by the source line of their first line
        self.continuation = cont  # source lines continuing a directive

    def directive_of(self, node: Node) -> Directive | None:
        if node.type != "comment":
            return None
        return self.directives.get(self.b.doc.lines.line_of(self.b.src(node.start_byte)))

    # --- sequences -----------------------------------------------------------------------

    def sequence(self, nodes: list[Node]) -> None:
        opened: list[int] = []  # block OMP constructs opened in this sequence
        i = 0
        while i < len(nodes):
            n = nodes[i]
            d = self.directive_of(n)
            if d is None:
                self.statement(n)
                i += 1
                continue
            i += 1
            role = role_of(d)
            if role is DirectiveRole.STANDALONE:
                self.b.events.append(
                    Standalone(
                        d,
                        self.b.source_span(d.start, d.end),
                        len(self.b.events),
                        tuple(self.b.stack),
                    )
                )
            elif role is DirectiveRole.END:
                self.end_block(d, opened)
            elif role is DirectiveRole.BLOCK:
                if d.name == "section":
                    self.end_section(d.start, opened)
                opened.append(self.b.open(self.omp(d, d.start, d.end)))
            elif role in (DirectiveRole.LOOP, DirectiveRole.ATOMIC):
                i = self.attached(d, role, nodes, i)
        for cid in reversed(opened):  # never closed: the block runs to the sequence's end
            if cid in self.b.stack:
                last = nodes[-1]
                self.b.constructs[cid].end = max(
                    self.b.constructs[cid].end, self.b.src(last.end_byte)
                )
                self.b.close(cid)

    def omp(self, d: Directive, start: int, end: int) -> PendingConstruct:
        parent = self.b.stack[-1] if self.b.stack else None
        return PendingConstruct(ConstructKind.OMP, start, end, parent, directive=d)

    def end_block(self, d: Directive, opened: list[int]) -> None:
        name = d.name[4:]
        if name == "sections":
            self.end_section(d.start, opened)
        for cid in reversed(opened):
            c = self.b.constructs[cid]
            if c.directive is not None and c.directive.name == name and cid in self.b.stack:
                c.end, c.end_directive = d.end, d
                self.b.close(cid)
                opened.remove(cid)
                return

    def end_section(self, at: int, opened: list[int]) -> None:
        """A `section` runs until the next `section` or `end sections`."""
        if opened and self.b.stack and self.b.stack[-1] == opened[-1]:
            c = self.b.constructs[opened[-1]]
            if c.directive is not None and c.directive.name == "section":
                c.end = max(c.end, self.b.doc.lf_source.rfind(b"\n", 0, at))
                self.b.close(opened.pop())

    def next_directive(self, nodes: list[Node], i: int) -> tuple[Directive | None, int]:
        """The directive that comes next in the sequence (skipping plain comments)."""
        while i < len(nodes) and nodes[i].type == "comment":
            d = self.directive_of(nodes[i])
            if d is not None:
                return d, i
            i += 1
        return None, i

    def attached(self, d: Directive, role: DirectiveRole, nodes: list[Node], i: int) -> int:
        """A directive that applies to the next statement (a DO loop, or the statement of
        an `atomic`); its optional `end` directive right after. Returns the next index."""
        cid = self.b.open(self.omp(d, d.start, d.end))
        c = self.b.constructs[cid]
        count = 2 if role is DirectiveRole.ATOMIC and d.clause("capture") is not None else 1
        while i < len(nodes) and count > 0:
            n = nodes[i]
            if n.type == "comment" or n.type == "statement_label":
                if self.directive_of(n) is not None:
                    break
                i += 1
                continue
            self.b.atomic = role is DirectiveRole.ATOMIC
            self.statement(n)
            self.b.atomic = False
            c.end = max(c.end, self.b.src(n.end_byte))
            count -= 1
            i += 1
        end, at = self.next_directive(nodes, i)
        if end is not None and end.is_end and end.name == f"end {d.name}":
            c.end, c.end_directive = end.end, end
            i = at + 1
        self.b.close(cid)
        return i

    # --- statements ----------------------------------------------------------------------

    def statement(self, n: Node) -> None:
        t = n.type
        b = self.b
        if t in _SKIP:
            return
        if t == "assignment_statement":
            self.assignment(n)
        elif t == "pointer_association_statement":
            parts = list(named(n))
            b.new_statement()
            if len(parts) >= 2:
                b.pointer_target(parts[1])
                b.write(parts[0])
        elif t == "subroutine_call":
            self.call(n)
        elif t == "do_loop":
            self.do_loop(n)
        elif t == "if_statement":
            self.if_statement(n)
        elif t == "select_case_statement":
            self.select_case(n)
        elif t in ("where_statement", "forall_statement"):
            self.where_or_forall(n)
        elif t in ("keyword_statement", "stop_statement"):
            self.jump(n)
        elif t in ("read_statement", "write_statement", "print_statement") or t in IO_STATEMENTS:
            io_statement(self.b, n)
        elif t in ("allocate_statement", "deallocate_statement", "nullify_statement"):
            b.new_statement()
            for c in named(n):
                target = (
                    c.named_children[0] if c.type == "sized_allocation" and c.named_children else c
                )
                for size in (x for x in named(c) if x.type == "size"):
                    for dim in named(size):
                        b.read(dim)
                if target.type in ("identifier", "derived_type_member_expression"):
                    b.write(target)
        elif t in _BODY or t == "ERROR" or t.endswith("_construct"):
            self.sequence(list(n.children))
        # other statements (io control, format, entry...) carry no accesses we track

    def assignment(self, n: Node) -> None:
        b = self.b
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        b.new_statement()
        first = len(b.events)
        op = update_of(left, right, b) if left is not None and right is not None else None
        b.read(right)
        b.write(left)
        written = b.events[-1] if len(b.events) > first else None
        if right is not None and isinstance(written, Access) and written.write:
            value = value_of(right, b)
            if value is not None:
                b.events[-1] = replace(written, value=value)
        if op is not None and left is not None:
            written = b.events[-1]
            name, subs = getattr(written, "name", ""), getattr(written, "subscripts", ())
            b.set_update(first, name, subs, op)
        if left is not None:
            assignment_effects(b, left, n)

    def call(self, n: Node) -> None:
        b = self.b
        head = n.child_by_field_name("subroutine")
        args = next((c for c in named(n) if c.type == "argument_list"), None)
        b.new_statement()
        name = text(head, b.doc.parse_source).lower() if head is not None else "?"
        pure = name in b.pure_procedures  # intrinsic subroutines change their arguments
        b.arguments(args, pure)
        b.call(name, n, pure, b.argument_names(args))

    # --- loops ---------------------------------------------------------------------------

    def do_loop(self, n: Node) -> None:
        b = self.b
        head = next((c for c in named(n) if c.type == "do_statement"), None)
        label = next((c for c in named(n) if c.type == "block_label_start_expression"), None)
        name = text(label, b.doc.parse_source).rstrip(": \t").lower() if label is not None else None
        loop = _LoopPlace(b.src(n.start_byte), b.src(n.end_byte), head, name)
        opened: list[int] = []
        control = _first(head, "loop_control_expression")
        concurrent = _first(_first(head, "concurrent_statement"), "concurrent_header")
        while_stmt = _first(head, "while_statement")
        if control is not None:
            parts = [c for c in named(control) if c.type != "comment"]
            opened.append(self.counted(parts, LoopForm.COUNTED, loop))
        elif concurrent is not None:
            for ctl in (c for c in named(concurrent) if c.type == "concurrent_control"):
                ctl_parts = [ctl.named_children[0] if ctl.named_children else None]
                ctl_parts += [ctl.child_by_field_name(f) for f in ("initial", "final", "step")]
                opened.append(self.counted(ctl_parts, LoopForm.CONCURRENT, loop))
            if _first(concurrent, "intrinsic_type") is not None and opened:
                # indices declared in the header exist only inside the construct
                outer = b.constructs[opened[0]]
                outer.locals = frozenset(
                    c.loop.var
                    for c in map(b.constructs.__getitem__, opened)
                    if c.loop and c.loop.var
                )
            mask = _first(concurrent, "concurrent_mask")
            if mask is not None:
                b.new_statement()
                b.read(mask)
        else:
            info = LoopInfo(None, None, None, None, LoopForm.OTHER)
            opened.append(self.open_loop(info, loop))
            if while_stmt is not None:
                b.new_statement()
                for c in named(while_stmt):
                    b.read(c)
        self.sequence([c for c in n.children if c.is_named and c is not head])
        for cid in reversed(opened):
            b.close(cid)

    def counted(self, parts: Sequence[Node | None], form: LoopForm, place: _LoopPlace) -> int:
        """A loop with an index: [var, lower, upper, step?]. As in the C lowering, the
        header's accesses are in the loop's context (the index is written per iteration)."""
        b = self.b
        cid = self.open_loop(_counted(parts, b, form), place)
        b.new_statement()
        for p in parts[1:]:
            b.read(p)
        if parts and parts[0] is not None:
            b.write(parts[0])
        return cid

    def open_loop(self, info: LoopInfo, place: _LoopPlace) -> int:
        b = self.b
        header = b.node_span(place.head) if place.head is not None else None
        parent = b.stack[-1] if b.stack else None
        kind = ConstructKind.LOOP
        c = PendingConstruct(kind, place.start, place.end, parent, info, header=header)
        c.label = place.label
        return b.open(c)

    # --- branches ------------------------------------------------------------------------

    def branch(self, start: int, end: int, header: Node | None) -> int:
        b = self.b
        parent = b.stack[-1] if b.stack else None
        hdr = b.node_span(header) if header is not None else None
        return b.open(
            PendingConstruct(ConstructKind.BRANCH, b.src(start), b.src(end), parent, header=hdr)
        )

    def if_statement(self, n: Node) -> None:
        b = self.b
        cond = _first(n, "parenthesized_expression")
        b.new_statement()
        b.read(cond)
        arms = [
            c for c in named(n) if c.type in ("elseif_clause", "else_clause", "end_if_statement")
        ]
        first_end = arms[0].start_byte if arms else n.end_byte
        body = [c for c in n.children if c.is_named and c is not cond and c.start_byte < first_end]
        cid = self.branch(n.start_byte, first_end, cond)
        self.sequence(body)
        b.close(cid)
        for arm in arms:
            if arm.type == "end_if_statement":
                continue
            arm_cond = _first(arm, "parenthesized_expression")
            cid = self.branch(arm.start_byte, arm.end_byte, arm_cond)
            if arm_cond is not None:
                b.new_statement()
                b.read(arm_cond)
            self.sequence([c for c in arm.children if c.is_named and c is not arm_cond])
            b.close(cid)

    def select_case(self, n: Node) -> None:
        b = self.b
        b.new_statement()
        b.read(_first(n, "selector"))
        for case in (c for c in named(n) if c.type == "case_statement"):
            values = _first(case, "case_value_range_list")
            cid = self.branch(case.start_byte, case.end_byte, values)
            self.sequence([c for c in case.children if c.is_named and c is not values])
            b.close(cid)

    def where_or_forall(self, n: Node) -> None:
        b = self.b
        if n.type == "forall_statement":
            place = _LoopPlace(b.src(n.start_byte), b.src(n.end_byte), None, None)
            opened = [
                self.counted([c for c in named(spec) if c.type != "comment"], LoopForm.OTHER, place)
                for spec in named(n)
                if spec.type == "triplet_spec"
            ]
            self.sequence([c for c in n.children if c.is_named and c.type != "triplet_spec"])
            for cid in reversed(opened):
                b.close(cid)
            return
        mask = _first(n, "parenthesized_expression")
        b.new_statement()
        b.read(mask)
        arms = [c for c in named(n) if c.type in ("elsewhere_clause", "end_where_statement")]
        first_end = arms[0].start_byte if arms else n.end_byte
        cid = self.branch(n.start_byte, first_end, mask)
        self.sequence(
            [c for c in n.children if c.is_named and c is not mask and c.start_byte < first_end]
        )
        b.close(cid)
        for arm in arms:
            if arm.type != "elsewhere_clause":
                continue
            arm_mask = _first(arm, "parenthesized_expression")
            cid = self.branch(arm.start_byte, arm.end_byte, arm_mask)
            if arm_mask is not None:
                b.new_statement()
                b.read(arm_mask)
            self.sequence([c for c in arm.children if c.is_named and c is not arm_mask])
            b.close(cid)

    # --- jumps ---------------------------------------------------------------------------

    def jump(self, n: Node) -> None:
        b = self.b
        data = b.doc.parse_source
        word = text(n, data).lower().split()
        kind = "stop" if n.type == "stop_statement" else (word[0] if word else "")
        loops = [cid for cid in b.stack if b.constructs[cid].kind is ConstructKind.LOOP]
        span = b.node_span(n)
        if kind in ("exit",):
            target = _first(n, "identifier")
            name = text(target, data).lower() if target is not None else None
            chosen = [cid for cid in loops if name is None or b.constructs[cid].label == name]
            if chosen:
                leave = chosen[-1]
                loops = loops[loops.index(leave) :]
            else:
                loops = []
        elif kind == "cycle":  # the rest of the target's iteration is skipped
            target = _first(n, "identifier")
            name = text(target, data).lower() if target is not None else None
            chosen = [cid for cid in loops if name is None or b.constructs[cid].label == name]
            if not chosen:
                return
            b.constructs[chosen[-1]].skips.append(len(b.events))
            loops = loops[loops.index(chosen[-1]) + 1 :]  # inner loops are left
        elif kind in ("go", "goto"):
            ref = _first(n, "statement_label_reference")
            at = b.labels.get(text(ref, data).strip()) if ref is not None else None
            for cid in loops:  # a jump within a body may skip the rest of the iteration
                if at is not None and b.constructs[cid].start <= at < b.constructs[cid].end:
                    b.constructs[cid].skips.append(len(b.events))
            loops = [
                cid
                for cid in loops
                if at is None or not b.constructs[cid].start <= at < b.constructs[cid].end
            ]
        elif kind not in ("return", "stop"):
            return
        if kind == "stop":  # a call of a unit that may stop is no plain call
            b.effect("may stop the program (STOP / ERROR STOP)", n)
        for cid in loops:
            b.constructs[cid].exits.append(span)


@dataclass(frozen=True, slots=True)
class _LoopPlace:
    start: int  # source offsets
    end: int
    head: Node | None  # the DO statement
    label: str | None  # the construct name


def _first(node: Node | None, kind: str) -> Node | None:
    if node is None:
        return None
    return next((c for c in node.children if c.type == kind), None)


def _counted(parts: Sequence[Node | None], b: Builder, form: LoopForm) -> LoopInfo:
    """LoopInfo from [var, lower, upper, step?] nodes."""
    var = text(parts[0], b.doc.parse_source).lower() if parts and parts[0] is not None else None
    bounds: list[Affine | None] = [
        affine(p, b) if p is not None else None for p in [*parts[1:4], None, None, None][:3]
    ]
    step_node = parts[3] if len(parts) > 3 else None
    step: int | None = 1
    if step_node is not None:
        s = bounds[2]
        step = s.constant if s is not None and s.is_constant and s.constant != 0 else None
    return LoopInfo(var, bounds[0], bounds[1], step, form)


__all__ = ["Lowering", "Span"]
