"""Lower C/C++/CUDA statements: loops, branches, declarations, jumps, and `#pragma omp`
directives attached to the statement that follows them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import tree_sitter

from hpcls.analysis.directives_syntax import Directive
from hpcls.analysis.ir import Access, Affine, ConstructKind, LoopForm, LoopInfo
from hpcls.analysis.lower_c_affine import text
from hpcls.analysis.lower_c_builder import UnitBuilder
from hpcls.analysis.lower_c_decl import (
    constructor_arguments,
    declarators,
    name_and_shape,
    parameters,
    symbol_for,
)
from hpcls.analysis.lower_c_expr import read
from hpcls.analysis.lower_c_loop import for_header
from hpcls.analysis.lower_c_objects import with_kinds
from hpcls.analysis.lower_c_updates import detect_guarded
from hpcls.analysis.lower_c_values import declares_integer, integer_parameters, value_of

Node = tree_sitter.Node

STANDALONE = frozenset(
    {
        "barrier",
        "taskwait",
        "taskyield",
        "flush",
        "cancel",
        "cancellation point",
        "target update",
        "target enter data",
        "target exit data",
        "scan",
        "depobj",
        "error",
        "nothing",
        "interop",
        "metadirective",
    }
)
# Directives that declare things instead of opening a construct.
_DECLARATIVE_PREFIXES = ("declare", "begin", "end", "threadprivate", "requires", "allocate ")
_DECLARATIVE = frozenset({"allocate", "assumes", "requires", "threadprivate"})
_PREPROC_BLOCKS = frozenset({"preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif"})
_SKIPPED = frozenset(
    {
        "comment",
        "function_definition",
        "type_definition",
        "struct_specifier",
        "class_specifier",
        "union_specifier",
        "enum_specifier",
        "using_declaration",
        "alias_declaration",
        "namespace_alias_definition",
        "static_assert_declaration",
        "preproc_include",
        "preproc_def",
        "preproc_function_def",
        "template_declaration",
        ";",
    }
)

Body = Callable[[], None]


def directive_role(d: Directive) -> str:
    """ "block", "standalone" or "ignore" (declarative, OpenACC, unknown)."""
    if d.family != "omp" or not d.known or d.is_end:
        return "ignore"
    if d.name == "ordered" and (d.clause("depend") or d.clause("doacross")):
        return "standalone"
    if d.name in STANDALONE:
        return "standalone"
    if d.name in _DECLARATIVE or d.name.startswith(_DECLARATIVE_PREFIXES):
        return "ignore"
    return "block"


def _directive_of(b: UnitBuilder, node: Node) -> Directive | None:
    if node.type not in ("preproc_call", "preproc_directive"):
        return None
    return b.directives.get(node.start_point.row)


def _spliced(nodes: Sequence[Node]) -> list[Node]:
    """`#if`/`#ifdef` blocks opened into the statement list, so that
    `#ifdef _OPENMP / #pragma omp parallel for / #endif` reaches the loop after `#endif`.
    The `#else`/`#elif` parts stay closed lists, lowered before the primary part."""
    out: list[Node] = []
    for node in nodes:
        if node.type not in ("preproc_if", "preproc_ifdef"):
            out.append(node)
            continue
        primary: list[Node] = []
        for i, child in enumerate(node.children):
            where = node.field_name_for_child(i)
            if where == "alternative":
                out.append(child)
            elif child.is_named and where not in ("name", "condition"):
                primary.append(child)
        out.extend(_spliced(primary))
    return out


def statements(b: UnitBuilder, nodes: Sequence[Node]) -> None:
    nodes = _spliced(nodes)
    i = 0
    while i < len(nodes):
        i = _one(b, nodes, i)


def _one(b: UnitBuilder, nodes: Sequence[Node], i: int) -> int:
    """Lower nodes[i] (with what a pragma or an empty body there pulls in); the index of
    the next node to lower."""
    node = nodes[i]
    d = _directive_of(b, node)
    if node.type in ("preproc_call", "preproc_directive"):
        if d is None:
            return i + 1
        role = directive_role(d)
        if role == "standalone":
            b.standalone(d)
        if role != "block":
            return i + 1
        j = i + 1
        while j < len(nodes) and nodes[j].type == "comment":
            j += 1
        if j >= len(nodes):
            return j
        cid = b.open(ConstructKind.OMP, b.smap.source_span(d.start, d.end), directive=d)
        saved = b.atomic
        b.atomic = saved or d.name == "atomic"
        end = _one(b, nodes, j)
        b.atomic = saved
        b.set_span(cid, b.smap.source_span(d.start, b.smap.src(nodes[end - 1].end_byte)))
        b.close(cid)
        return end
    body = _body_of(node)
    if body is not None and body.end_byte == body.start_byte and i + 1 < len(nodes):
        # `for (...)` then `#pragma omp ...` on the next line: tree-sitter leaves the body
        # empty and makes the pragma and its statement siblings. Take them back.
        taken = [i + 1]

        def stolen() -> None:
            taken[0] = _one(b, nodes, i + 1)

        statement(b, node, body=stolen, end=lambda: nodes[taken[0] - 1].end_byte)
        return taken[0]
    statement(b, node)
    return i + 1


def _body_of(node: Node) -> Node | None:
    if node.type in ("for_statement", "while_statement", "for_range_loop"):
        return node.child_by_field_name("body")
    if node.type == "if_statement" and node.child_by_field_name("alternative") is None:
        return node.child_by_field_name("consequence")
    return None


def statement(
    b: UnitBuilder, node: Node, body: Body | None = None, end: Callable[[], int] | None = None
) -> None:
    t = node.type
    if t in _SKIPPED or not node.is_named:
        return
    if t == "compound_statement":
        statements(b, node.named_children)
    elif t in _PREPROC_BLOCKS:
        fields = {i: node.field_name_for_child(i) for i in range(node.child_count)}
        kids = [c for i, c in enumerate(node.children) if fields[i] not in ("name", "condition")]
        statements(b, [c for c in kids if c.is_named])
    elif t in ("ERROR", "translation_unit", "declaration_list", "labeled_statement"):
        kids = [c for c in node.named_children if c.type != "statement_identifier"]
        statements(b, kids)
    elif t == "declaration":
        _declaration(b, node)
    elif t in ("for_statement", "while_statement", "do_statement", "for_range_loop"):
        _loop(b, node, body, end)
    elif t == "if_statement":
        _if(b, node, body, end)
    elif t == "switch_statement":
        _switch(b, node)
    elif t == "case_statement":
        _case(b, node)
    elif t == "break_statement":
        if b.breaks and b.breaks[-1] is not None:
            b.add_exit(b.breaks[-1], b.smap.of(node))
    elif t in ("return_statement", "throw_statement"):
        b.new_statement()
        for c in node.named_children:
            read(b, c)
        for loop in b.enclosing_loops():
            b.add_exit(loop, b.smap.of(node))
    elif t == "continue_statement":
        b.add_skip()
    elif t == "goto_statement":
        _goto(b, node)
    elif t == "lambda_expression":
        _lambda(b, node)
    elif t in ("preproc_call", "preproc_directive"):
        statements(b, [node])
    else:  # expression statements, and whatever broken code leaves
        b.new_statement()
        for c in node.named_children if t == "expression_statement" else [node]:
            read(b, c)


def _declaration(b: UnitBuilder, node: Node) -> None:
    for d, value in declarators(node):
        sym = symbol_for(node, d, parameter=False)
        if sym is None:
            continue
        b.declare(with_kinds(b, sym, node, d, value))
        inner = d.child_by_field_name("declarator") if d.type == "init_declarator" else d
        b.note_type(sym.name, declares_integer(node, inner or d))
        built_from = constructor_arguments(d)
        if value is None and built_from is None:
            continue
        b.new_statement()
        read(b, value)
        for arg in built_from or ():
            b.access(text(arg), (), False, arg)
        _name, shape, _restrict = name_and_shape(d)
        rank = text(inner or d).count("[") if shape == "array" else 0
        subs: tuple[Affine | None, ...] = (None,) * rank
        first = len(b.events)
        b.access(sym.name, subs, True, d)
        if value is not None and d.child_by_field_name("value") is not None and not rank:
            b.set_value(first, value_of(value, b.is_integer))  # `int t = e;`


def _loop(b: UnitBuilder, node: Node, body: Body | None, end: Callable[[], int] | None) -> None:
    t = node.type
    body_node = node.child_by_field_name("body")
    header_end = body_node.start_byte if body_node is not None else node.end_byte
    header = b.smap.span(node.start_byte, header_end)
    if t == "do_statement":
        header = b.smap.of(node.child_by_field_name("condition") or node)
    cid = b.open(ConstructKind.LOOP, b.smap.of(node), header=header)
    var: str | None = None
    lower = upper = None
    step: int | None = None
    canonical = False
    if t == "for_statement":
        h = for_header(node)
        var, lower, upper, step, canonical = h.var, h.lower, h.upper, h.step, h.canonical
        for part in ("initializer", "condition", "update"):
            child = node.child_by_field_name(part)
            if child is not None:
                statement(b, child) if child.type == "declaration" else _expr(b, child)
    elif t == "for_range_loop":
        d = node.child_by_field_name("declarator")
        sym = symbol_for(node, d, parameter=False) if d is not None else None
        _expr(b, node.child_by_field_name("right"))
        if sym is not None and d is not None:
            b.declare(with_kinds(b, sym, node, d, None))
            b.note_type(sym.name, declares_integer(node, d))
            var = sym.name
            b.new_statement()
            b.access(sym.name, (), True, d)
    elif t == "while_statement":
        _expr(b, node.child_by_field_name("condition"))
    first_body_event = len(b.events)
    b.breaks.append(cid)
    if body is not None:
        body()
    elif body_node is not None:
        statement(b, body_node)
    b.breaks.pop()
    if t == "do_statement":
        _expr(b, node.child_by_field_name("condition"))
    writes_var = any(
        isinstance(e, Access) and e.name == var and (e.write or e.address_taken)
        for e in b.events[first_body_event:]
    )
    loop_form = LoopForm.COUNTED if canonical and not writes_var else LoopForm.OTHER
    b.set_loop(cid, LoopInfo(var, lower, upper, step, loop_form))
    if end is not None:
        b.set_span(cid, b.smap.span(node.start_byte, end()))
    b.close(cid)


def _expr(b: UnitBuilder, node: Node | None) -> None:
    if node is not None:
        b.new_statement()
        read(b, node)


def _if(b: UnitBuilder, node: Node, body: Body | None, end: Callable[[], int] | None) -> None:
    cond = node.child_by_field_name("condition")
    yes = node.child_by_field_name("consequence")
    alt = node.child_by_field_name("alternative")
    guarded = None
    if cond is not None and yes is not None and alt is None:
        guarded = detect_guarded(cond, yes)  # `if (e > x) x = e;` is a max update
    if guarded is not None:
        kind, marked = guarded
        b.update_reads.update({(m.start_byte, m.end_byte): kind for m in marked})
    _expr(b, cond)
    header = b.smap.of(cond) if cond is not None else None
    if yes is not None:
        cid = b.open(ConstructKind.BRANCH, b.smap.of(yes), header=header)
        if body is not None:
            body()
        else:
            statement(b, yes)
        if end is not None:
            b.set_span(cid, b.smap.span(yes.start_byte, end()))
        b.close(cid)
    if alt is not None:
        arm = next((c for c in alt.named_children if c.type != "comment"), None)
        if alt.type != "else_clause":
            arm = alt
        if arm is not None:
            cid = b.open(ConstructKind.BRANCH, b.smap.of(arm), header=header)
            statement(b, arm)
            b.close(cid)


def _switch(b: UnitBuilder, node: Node) -> None:
    _expr(b, node.child_by_field_name("condition"))
    b.breaks.append(None)
    body = node.child_by_field_name("body")
    if body is not None:
        statement(b, body)
    b.breaks.pop()


def _case(b: UnitBuilder, node: Node) -> None:
    value = node.child_by_field_name("value")
    header = b.smap.of(value) if value is not None else None
    cid = b.open(ConstructKind.BRANCH, b.smap.of(node), header=header)
    kids = [c for c in node.named_children if value is None or c.id != value.id]
    statements(b, kids)
    b.close(cid)


def _goto(b: UnitBuilder, node: Node) -> None:
    label = node.child_by_field_name("label")
    target = b.labels.get(text(label)) if label is not None else None
    for loop in b.enclosing_loops():
        span = b.constructs[loop].span
        if target is None or not span.start <= target < span.end:
            b.add_exit(loop, b.smap.of(node))
        else:  # a jump within the body may skip the rest of the iteration
            b.constructs[loop].skips.append(len(b.events))


def _lambda(b: UnitBuilder, node: Node) -> None:
    """A lambda's body is lowered where it is written (it usually runs there)."""
    decl = node.child_by_field_name("declarator")
    typed = integer_parameters(decl)
    for sym in parameters(decl):  # locals of each call, not the function's parameters
        b.note_type(sym.name, sym.name in typed)
        b.declare(replace(sym, parameter=False))
    saved_breaks, saved_floor = b.breaks, b.loop_floor
    b.breaks, b.loop_floor = [], len(b.context)
    body = node.child_by_field_name("body")
    if body is not None:
        statement(b, body)
    b.breaks, b.loop_floor = saved_breaks, saved_floor


def collect_labels(b: UnitBuilder, body: Node) -> None:
    stack = [body]
    while stack:
        n = stack.pop()
        if n.type == "labeled_statement":
            label = n.child_by_field_name("label")
            if label is not None:
                b.labels.setdefault(text(label), b.smap.of(n).start)
        stack.extend(n.named_children)


def threadprivate_names(d: Directive) -> set[str]:
    arg = d.directive_argument or ""
    return {n.strip() for n in arg.split(",") if n.strip()}
