"""Fortran (free and fixed form) context: header, enclosing declarations and the signatures
of the procedures called so far.

Only the units around the cursor are visited (ancestors of the cursor's node, their
specification parts); the rest of the file is reached through depth-limited queries, never
by walking the whole tree in Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import tree_sitter

from hpcls.ai.context_index import IndexView, dummy_names
from hpcls.ai.context_parts import (
    Parts,
    TreeCache,
    block_of,
    compiled_query,
    first_identifier,
    visible,
)
from hpcls.ai.context_text import dedent, display_path
from hpcls.ai.context_walk import (
    ancestors,
    error_container,
    named_after,
    named_before,
    shallow_captures,
)
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document

Node = tree_sitter.Node

UNIT_TYPES = frozenset(
    {"program", "module", "submodule", "subroutine", "function", "block_data", "module_procedure"}
)
UNIT_STATEMENTS = frozenset(
    {
        "program_statement",
        "module_statement",
        "submodule_statement",
        "subroutine_statement",
        "function_statement",
        "block_data_statement",
        "module_procedure_statement",
    }
)
_PROCEDURES = frozenset({"subroutine", "function", "module_procedure"})
HEADER_TYPES = frozenset({"use_statement", "include_statement", "preproc_include"})
SPEC_TYPES = frozenset(
    {
        "variable_declaration",
        "derived_type_definition",
        "parameter_statement",
        "common_statement",
        "data_statement",
        "equivalence_statement",
        "variable_modification",
        "namelist_statement",
        "enum",
        "enumeration_type",
        "save_statement",
        "bind_statement",
        "cray_pointer_declaration",
        "procedure_statement",
        "generic_statement",
    }
)
# Seen in a specification part, but not shown as a declaration (or shown elsewhere).
_PASS_TYPES = frozenset(
    {
        "comment",
        "implicit_statement",
        "import_statement",
        "public_statement",
        "private_statement",
        "interface",
        "format_statement",
        "entry_statement",
        "statement_label",
        "ERROR",
        "preproc_def",
        "preproc_function_def",
        "preproc_call",
        "preproc_if",
        "preproc_ifdef",
        "inline_preproc_comment",
        "multiline_preproc_comment",
    }
)
# Words followed by "(" that are never user procedures: skipped before any lookup.
_NOT_CALLS = frozenset(
    """if while write read print allocate deallocate select case where forall open close
    inquire format real integer logical character complex double precision type class
    dimension intent kind len result bind do then size present allocated associated trim
    adjustl adjustr len_trim min max abs sqrt exp log log10 sin cos tan atan atan2 mod modulo
    int nint dble sngl cmplx huge tiny epsilon sum maxval minval maxloc minloc reshape shape
    lbound ubound merge any all count pack spread matmul dot_product transpose product
    selected_real_kind selected_int_kind stop return go goto procedure module interface use
    only pure elemental recursive function subroutine program end contains implicit
    parameter save data common equivalence external intrinsic optional pointer target
    allocatable public private protected value volatile asynchronous contiguous sync
    critical block associate rank default else elseif nullify flush rewind backspace wait
    null iand ior ieor ishft btest floor ceiling sign char ichar index scan verify repeat
    achar iachar move_alloc get_command_argument command_argument_count cpu_time
    date_and_time random_number random_seed system_clock storage_size c_loc c_f_pointer
    c_sizeof float aimag conjg exit cycle continue""".split()  # noqa: SIM905
)
_STRINGS_AND_COMMENTS = re.compile(rb"'[^'\n]*'|\"[^\"\n]*\"|![^\n]*")
_FIXED_COMMENT_LINES = re.compile(rb"(?m)^[cC*][^\n]*")
# `call f`, or `f(`: not a type-bound procedure (`call g%f`, `g%f(`).
_CALLS = re.compile(rb"(?i)\bcall[ \t]+(\w+)\b(?![ \t]*%)|(?<![%\w])(\w+)[ \t]*\(")
_USE = re.compile(
    r"^\s*use\b(?:\s*,\s*(?:non_)?intrinsic)?\s*(?:::)?\s*(\w+)\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ONLY = re.compile(r"^,\s*only\s*:(.*)$", re.IGNORECASE | re.DOTALL)
# Calls are looked for in at most this many bytes before the cursor.
_MAX_CALL_SCAN = 256 * 1024
_MAX_CALLEES = 48
# Statements looked at before the cursor for a broken unit's first statement, and after a
# unit's first statement for its specification part: cheap even inside a wide ERROR node,
# whose children are listed once (~1 ms for 100k), not stepped through.
_BROKEN_STEPS = 100_000
_SPEC_STEPS = 100_000

# Statements of top-level units (depth 2: translation_unit > unit > statement). A pattern
# with a wildcard parent would take 100 ms to compile on this grammar.
_HEADER_QUERY = "[(use_statement) (include_statement) (preproc_include)] @header"
_PROCEDURE_QUERY = "[(subroutine) (function) (module_procedure) (interface)] @proc"
# The name in a unit's first statement: `pure integer(i8) function f(x)`, `interface g`.
_UNIT_NAME = re.compile(rb"(?i)[^\n!;]*?\b(?:subroutine|function|procedure|interface)[ \t]+(\w+)")


@dataclass(slots=True)
class _Unit:
    statement: Node  # the unit's first statement: `subroutine f(x)`, `module m`, ...
    node: Node | None  # the unit, or None when found in broken code
    specs: list[Node] = field(default_factory=list)
    headers: list[Node] = field(default_factory=list)
    implicit: list[Node] = field(default_factory=list)


def fortran_parts(
    doc: Document, offset: int, window: tuple[int, int], view: IndexView | None, parts: Parts
) -> None:
    """Fill parts for a cursor at source offset; window: the source range shown around it."""
    assert doc.tree is not None and doc.language is not None
    p = doc.to_parse(offset)
    chain = _chain(doc.tree, p)
    cursor_line_start = doc.lines.line_start(doc.lines.line_of(offset))
    for unit in chain:
        _read_unit(unit, doc, cursor_line_start)
    parts.header = _header(doc, chain)
    if chain:
        own = chain[-1]
        parts.own = [block_of(doc, own.statement)] + [block_of(doc, n) for n in own.specs]
        for unit in chain[:-1]:
            parts.host.append(block_of(doc, unit.statement))
            parts.host += [block_of(doc, n) for n in unit.specs]
        parts.signatures = _signatures(doc, offset, chain, window, view)


# --- the units around the cursor -------------------------------------------------------


def _chain(tree: tree_sitter.Tree, p: int) -> list[_Unit]:
    """The program units holding parse offset p, outermost first."""
    chain: list[_Unit] = []
    # A few dozen levels up at most: past that (10k nested loops) the outer units are left out.
    above = list(ancestors(tree.root_node.descendant_for_byte_range(p, p), "context: units"))
    for node in above:
        if node.type in UNIT_TYPES:
            first = node.named_child(0)
            if first is not None and first.type in UNIT_STATEMENTS:
                chain.append(_Unit(first, node))
    chain.reverse()
    if not chain:
        # Broken code: the unit's statement may still be there, among the ERROR's children.
        container = error_container(tree, p, above)
        found = _statement_before(container, p) if container is not None else None
        if found is not None:
            chain.append(_Unit(found, None))
    return chain


def _statement_before(container: Node, p: int) -> Node | None:
    for child in named_before(container, p, _BROKEN_STEPS, "context: broken unit"):
        if child.type in UNIT_STATEMENTS:
            return child
        if child.type.startswith("end_") and child.type.endswith("_statement"):
            return None  # the cursor is after the end of a unit
    return None


def _following(statement: Node) -> Iterator[Node]:
    """The statements after a unit's first one, up to its first executable statement."""
    for node in named_after(statement, _SPEC_STEPS, "context: specification part"):
        t = node.type
        known = t in SPEC_TYPES or t in HEADER_TYPES or t in _PASS_TYPES
        if not known and not t.startswith("preproc_"):
            return
        yield node


def _read_unit(unit: _Unit, doc: Document, cursor_line_start: int) -> None:
    for node in _following(unit.statement):
        if doc.to_source(node.end_byte) > cursor_line_start:
            break  # the cursor is in the specification part: only what is above it
        t = node.type
        if t in SPEC_TYPES:
            unit.specs.append(node)
        elif t in HEADER_TYPES:
            unit.headers.append(node)
        elif t == "implicit_statement":
            unit.implicit.append(node)


def _header(doc: Document, chain: list[_Unit]) -> list[str]:
    """`use`/`include` lines of the file's units and of the units around the cursor, and
    the `implicit` statements of the latter: in file order, each line once."""
    assert doc.tree is not None and doc.language is not None
    query = compiled_query(doc.language, _HEADER_QUERY)
    found = shallow_captures(query, doc.tree.root_node, "header", 2, "context: use lines")
    nodes = {n.start_byte: n for n in found}
    for unit in chain:
        nodes.update((n.start_byte, n) for n in unit.headers + unit.implicit)
    seen: set[str] = set()
    out = []
    for _, node in sorted(nodes.items()):
        block = block_of(doc, node)
        key = " ".join(block.lower().split())
        if key not in seen:
            seen.add(key)
            out.append(block)
    return out


# --- calls and their signatures ----------------------------------------------------------


def called_names(text: bytes, fixed: bool) -> list[str]:
    """Names called (or indexed: arrays look the same) in Fortran text, first call first."""
    if fixed:
        text = _FIXED_COMMENT_LINES.sub(b"", text)
    text = _STRINGS_AND_COMMENTS.sub(b" ", text)
    names: dict[str, None] = {}
    for call, paren in _CALLS.findall(text):
        name = (call or paren).decode("ascii", "replace")
        key = name.lower()
        if key not in _NOT_CALLS and not key[:1].isdigit() and key not in names:
            names[key] = None
    return list(names)


def _declared(chain: list[_Unit]) -> set[str]:
    """Names declared in the units around the cursor, dummy arguments included."""
    names: set[str] = set()
    for unit in chain:
        for node in unit.specs:
            if node.type != "variable_declaration":
                continue
            for decl in node.children_by_field_name("declarator"):
                name = first_identifier(decl)
                if name:
                    names.add(name.lower())
        names.update(dummy_names(_text(unit.statement)))
    return names


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _signatures(
    doc: Document,
    offset: int,
    chain: list[_Unit],
    window: tuple[int, int],
    view: IndexView | None,
) -> list[str]:
    assert doc.tree is not None and doc.language is not None
    own = chain[-1]
    start = doc.to_source(own.statement.start_byte)
    start = max(start, offset - _MAX_CALL_SCAN)
    fixed = doc.language is LanguageKind.FORTRAN_FIXED
    declared = _declared(chain)
    names = [n for n in called_names(doc.lf_source[start:offset], fixed) if n not in declared]
    table = _procedures(doc)
    modules = _used_modules(chain)
    chain_ids = {u.node.id for u in chain if u.node is not None}
    here = display_path(doc.uri, view.roots if view is not None else [])
    out: list[str] = []
    for name in names[:_MAX_CALLEES]:
        local = _local(table.get(name, []), chain_ids)
        if local is not None:
            head = local.named_child(0) or local
            if local.id in chain_ids or visible(doc, head, window):
                continue
            out += [f"! {here}\n{text}" for text in _local_signature(doc, local, table, chain_ids)]
        elif view is not None:
            pairs = [(m, remote) for m, only in modules if (remote := _via(name, only))]
            out += [f"! {view.tag(f.uri)}\n{f.text}" for f in view.fortran_procedure(name, pairs)]
    return out


def _via(name: str, only: dict[str, str] | None) -> str | None:
    """The module's name for `name` through a `use` with this only-list (None: no list)."""
    if only is None:
        return name
    return only.get(name)


def _used_modules(chain: list[_Unit]) -> list[tuple[str, dict[str, str] | None]]:
    """Modules used by the units around the cursor, innermost unit first, with their
    only-lists as {local name: module's name}."""
    out: list[tuple[str, dict[str, str] | None]] = []
    for unit in reversed(chain):
        for node in unit.headers:
            if node.type != "use_statement":
                continue
            m = _USE.match(" ".join(_text(node).replace("&", " ").split()))
            if m is None:
                continue
            only_m = _ONLY.match(m.group(2).strip())
            only: dict[str, str] | None = None
            if only_m is not None:
                only = {}
                for item in only_m.group(1).split(","):
                    local, _, remote = item.partition("=>")
                    local = local.strip().lower()
                    if local:
                        only[local] = (remote.strip() or local).lower()
            out.append((m.group(1).lower(), only))
    return out


_procedure_cache = TreeCache[dict[str, list[Node]]]()


def _procedures(doc: Document) -> dict[str, list[Node]]:
    """Procedures and generic interfaces of the file down to module/program level, by name."""
    assert doc.tree is not None and doc.language is not None
    tree, kind = doc.tree, doc.language

    def build() -> dict[str, list[Node]]:
        query = compiled_query(kind, _PROCEDURE_QUERY)
        found = shallow_captures(query, tree.root_node, "proc", 3, "context: procedures")
        table: dict[str, list[Node]] = {}
        source = doc.parse_source
        for node in found:
            m = _UNIT_NAME.match(source, node.start_byte)
            if m is not None:
                table.setdefault(m.group(1).decode("ascii").lower(), []).append(node)
        for nodes in table.values():
            nodes.sort(key=lambda n: n.start_byte)
        return table

    return _procedure_cache.get(tree, build)


def _local(candidates: list[Node], chain_ids: set[int]) -> Node | None:
    """The procedure a name means among the file's: an internal procedure of a unit around
    the cursor first, then a module procedure, then an external one or an interface body."""
    best: tuple[int, int] | None = None
    found: Node | None = None
    for node in candidates:
        parent = node.parent
        host = parent.parent if parent is not None else None
        if host is not None and host.id in chain_ids:
            rank = 0
        elif host is not None and host.type in ("module", "submodule"):
            rank = 1
        else:
            rank = 2
        if best is None or (rank, node.start_byte) < best:
            best, found = (rank, node.start_byte), node
    return found


def _local_signature(
    doc: Document, proc: Node, table: dict[str, list[Node]], chain_ids: set[int]
) -> list[str]:
    fixed = doc.language is LanguageKind.FORTRAN_FIXED
    first = proc.named_child(0)
    if first is None:
        return []
    if proc.type == "interface":
        return _local_interface(doc, proc, table, chain_ids)
    dummies = set(dummy_names(_text(first)))
    blocks = [block_of(doc, first)]
    for node in _following(first):
        if node.type != "variable_declaration":
            continue
        names = {
            (first_identifier(d) or "").lower() for d in node.children_by_field_name("declarator")
        }
        if names & dummies:
            blocks.append(block_of(doc, node))
    text = "\n".join(blocks)
    return [text if fixed else dedent(text)]


def _local_interface(
    doc: Document, iface: Node, table: dict[str, list[Node]], chain_ids: set[int]
) -> list[str]:
    """A generic interface: its block, then the signatures of its specific procedures."""
    text = block_of(doc, iface, max_lines=12)
    out = [text if doc.language is LanguageKind.FORTRAN_FIXED else dedent(text)]
    specifics: list[str] = []
    for child in iface.named_children:
        if child.type == "procedure_statement":
            specifics += [_text(d).lower() for d in child.children_by_field_name("declarator")]
        elif child.type in _PROCEDURES:
            continue  # an interface body: already in the block
    for name in specifics[:4]:
        local = _local(table.get(name, []), chain_ids)
        if local is not None and local.type != "interface":
            out += _local_signature(doc, local, table, chain_ids)
    return out
