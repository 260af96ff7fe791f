"""C, C++ and CUDA context: #include lines, the enclosing function (signature, locals above
the cursor, the file's types/macros/globals it uses) and the signatures of what it calls."""

from __future__ import annotations

import re
from dataclasses import dataclass

import tree_sitter

from hpcls.ai.context_index import IndexView
from hpcls.ai.context_parts import Parts, block_of, compiled_query
from hpcls.ai.context_text import MAX_BLOCK_LINES, dedent, display_path, lines_text
from hpcls.ai.context_walk import ancestors, error_container, named_before, shallow_captures
from hpcls.languages.registry import LanguageKind, ts_language
from hpcls.workspace.document import Document
from hpcls.workspace.index import FileFacts

Node = tree_sitter.Node

_NAME_TYPES = frozenset(
    {
        "identifier",
        "field_identifier",
        "type_identifier",
        "qualified_identifier",
        "operator_name",
        "destructor_name",
    }
)
_TYPE_SPECIFIERS = frozenset(
    {"struct_specifier", "union_specifier", "enum_specifier", "class_specifier"}
)
_DEF_PARENTS = (
    "translation_unit",
    "preproc_ifdef",
    "preproc_if",
    "preproc_else",
    "preproc_elif",
    "declaration_list",
)
_DEF_TYPES = (
    "function_definition",
    "declaration",
    "preproc_def",
    "preproc_function_def",
    "type_definition",
    "struct_specifier",
    "union_specifier",
    "enum_specifier",
    "class_specifier",
)
_NOT_CALLS = frozenset(
    """if for while switch return sizeof alignof decltype typeof defined catch do else case
    static_assert static_cast dynamic_cast reinterpret_cast const_cast new delete throw
    __attribute__ __declspec alignas noexcept""".split()  # noqa: SIM905
)
# Words of the languages themselves: never looked up as the file's definitions.
_KEYWORDS = frozenset(
    """auto bool break case char class const constexpr continue default delete do double
    else enum extern false float for goto if inline int long namespace new noexcept nullptr
    operator private protected public register restrict return short signed sizeof static
    struct switch template this true typedef typename union unsigned using virtual void
    volatile while std size_t __global__ __device__ __host__ __shared__ __restrict__""".split()  # noqa: SIM905
)
_COMMENTS_AND_STRINGS = re.compile(rb"//[^\n]*|/\*.*?\*/|\"(?:\\.|[^\"\\\n])*\"", re.DOTALL)
# A call or kernel launch; not a member call (`obj.f(`, `p->f(`).
_CALLS = re.compile(rb"(?<![\w.])(?<!->)([A-Za-z_]\w*)\s*(?:<<<|\()")
_WORDS = re.compile(rb"[A-Za-z_]\w*")
_MAX_SCAN = 128 * 1024
_HEAD_BYTES = 400
_MACRO_NAME = re.compile(rb"\s*#\s*define\s+(\w+)")
# A function's (or prototype's) name: the last word before its first "(" (not after "=").
_HEAD_NAME = re.compile(rb"[^;{=(]*?(\w+)\s*\(")
_ATTRIBUTES = frozenset(
    {b"__attribute__", b"__declspec", b"alignas", b"__launch_bounds__", b"decltype", b"__align__"}
)
_MAX_CALLEES = 48
_MAX_TYPES = 24
_SIGNATURE_LINES = 16
# Statements looked at before the cursor for a broken function's declarator.
_BROKEN_STEPS = 2000


@dataclass(frozen=True, slots=True)
class _Def:
    kind: str  # function | prototype | macro | macro_fn | type | global
    node: Node  # the definition (a template_declaration around it included)
    head_end: int  # parse offset where its signature ends (a function's body start)


def c_parts(
    doc: Document, offset: int, window: tuple[int, int], view: IndexView | None, parts: Parts
) -> None:
    """Fill parts for a cursor at source offset; window: the source range shown around it."""
    assert doc.tree is not None and doc.language is not None
    p = doc.to_parse(offset)
    includes = _includes(doc)
    parts.header = [block_of(doc, n) for n in includes]
    func = _enclosing(doc.tree, p)
    if func is None:
        return
    headers: list[FileFacts] = []
    if view is not None:
        for node in includes:
            target = _local_include(node)
            facts = view.include(doc.uri, target) if target else None
            if facts is not None:
                headers.append(facts)
    start, end = doc.to_source(func.start), doc.to_source(func.node.end_byte)
    scan_from = max(start, offset - _MAX_SCAN)
    body_text = _strip(doc.lf_source[scan_from : min(end, offset + _MAX_SCAN)])
    before = _strip(doc.lf_source[scan_from:offset])  # `//` comments end at "\n"
    declared = _declared_names(func)
    calls = [
        n
        for n in dict.fromkeys(m.decode("ascii") for m in _CALLS.findall(before))
        if n not in _NOT_CALLS and n not in declared and n != func.name
    ]
    words = {w.decode("ascii") for w in _WORDS.findall(body_text)}
    used = sorted(words - declared - _KEYWORDS)
    defs = _definitions(doc, {n.encode() for n in (*calls, *used)})
    # The enclosing function: its class (for an inline method), signature, locals.
    parts.own = [_head_text(doc, func.start, func.head_end)]
    # A declaration on the cursor's line is being typed: showing it above the prefix would
    # change the prompt's stable head at each keystroke (and lose the KV cache).
    line_start = doc.to_parse(doc.lines.line_start(doc.lines.line_of(offset)))
    parts.own += [block_of(doc, n) for n in func.locals if n.end_byte <= line_start]
    for cls in func.classes:
        parts.host += _class_context(doc, cls)
    # Types, macros and globals of the file (then of its headers) that the function uses.
    called = set(calls)
    local_types: list[tuple[int, str]] = []
    for name in used:
        if name == func.name:
            continue
        for d in defs.get(name, ()):
            if d.kind in ("type", "macro", "global") and d.node.end_byte <= func.node.start_byte:
                local_types.append((d.node.start_byte, _definition_text(doc, d.node)))
    types = [text for _, text in sorted(set(local_types))]
    if view is not None:
        rest = [n for n in used if n not in defs and n not in called]
        types += [f.text for f in view.c_types(rest, headers)]
    parts.host = types[:_MAX_TYPES] + parts.host
    parts.signatures = _signatures(doc, calls, defs, func, window, view, headers)


# --- header ------------------------------------------------------------------------------


def _includes(doc: Document) -> list[Node]:
    assert doc.tree is not None and doc.language is not None
    query = compiled_query(doc.language, "(preproc_include) @h")
    nodes = shallow_captures(query, doc.tree.root_node, "h", 2, "context: #include lines")
    seen: set[bytes] = set()
    out = []
    for node in sorted(nodes, key=lambda n: n.start_byte):
        key = b" ".join((node.text or b"").split())
        if key not in seen:
            seen.add(key)
            out.append(node)
    return out


def _local_include(node: Node) -> str | None:
    path = node.child_by_field_name("path")
    if path is None or path.type != "string_literal":
        return None
    return (path.text or b"").decode("utf-8", "replace").strip('"') or None


# --- the enclosing function ----------------------------------------------------------------


@dataclass(slots=True)
class _Function:
    node: Node  # the function_definition, or the ERROR holding a broken one
    start: int  # parse offset where its text starts (a template_declaration included)
    head_end: int  # parse offset where its signature ends
    name: str
    locals: list[Node]
    classes: list[Node]


def _enclosing(tree: tree_sitter.Tree, p: int) -> _Function | None:
    path: list[Node] = []
    func: Node | None = None
    # A function a few dozen levels up at most: in a 100k-deep expression, none is found.
    for node in ancestors(tree.root_node.descendant_for_byte_range(p, p), "context: function"):
        if node.type == "function_definition":
            func = node
            break
        path.append(node)
    if func is None:
        container = error_container(tree, p, path)
        return _broken_enclosing(container, p) if container is not None else None
    body = func.child_by_field_name("body")
    if body is None:
        return None
    start = (
        func.parent
        if func.parent is not None and (func.parent.type == "template_declaration")
        else func
    )
    classes = [
        up for up in ancestors(func.parent, "context: classes") if up.type in _TYPE_SPECIFIERS
    ]
    locals_: list[Node] = []
    for block in reversed(path):
        if block.start_byte >= p:
            continue
        if block.type == "compound_statement":
            locals_ += _declarations_before(block, p)
        elif block.type in ("for_statement", "for_range_loop"):
            init = block.child_by_field_name("initializer")
            if init is not None and init.type == "declaration" and init.end_byte <= p:
                locals_.append(init)
    name = _declarator_name(func) or ""
    return _Function(func, start.start_byte, body.start_byte, name, locals_, classes[::-1])


def _declarations_before(block: Node, p: int) -> list[Node]:
    out = []
    child: Node | None = block.named_child(0)
    while child is not None and child.end_byte <= p:
        if child.type == "declaration":
            out.append(child)
        child = child.next_named_sibling
    return out


def _broken_enclosing(container: Node, p: int) -> _Function | None:
    """In broken code a function may be flattened into an ERROR: its declarator, `{`, and
    statements as siblings. Walk back from the cursor to the declarator."""
    decls: list[Node] = []
    for child in named_before(container, p, _BROKEN_STEPS, "context: broken function"):
        if child.type == "function_definition":
            return None
        if child.type == "function_declarator":
            name = _declarator_name(child) or ""
            head = child.prev_named_sibling or child
            return _Function(container, head.start_byte, child.end_byte, name, decls[::-1], [])
        if child.type == "declaration" and child.end_byte <= p:
            decls.append(child)
    return None


def _head_text(doc: Document, start: int, head_end: int) -> str:
    """Whole lines from the line of parse offset start to head_end (a body's `{`)."""
    begin = doc.lines.line_start(doc.lines.line_of(doc.to_source(start)))
    return doc.source[begin : doc.to_source(head_end)].decode("utf-8", "replace").rstrip()


def _declarator_name(node: Node) -> str | None:
    """The name a declarator chain ends in: `f` of `int *f(int)`, `A::g` -> `g`."""
    for _ in range(16):
        inner = node.child_by_field_name("declarator")
        if inner is None:
            break
        node = inner
    if node.type not in _NAME_TYPES:
        return None
    if node.type == "qualified_identifier":
        inner = node.child_by_field_name("name")
        return _declarator_name(inner) if inner is not None else None
    return _text(node)


def _text(node: Node) -> str:
    return (node.text or b"").decode("utf-8", "replace")


def _declared_names(func: _Function) -> set[str]:
    names: set[str] = set()
    for node in func.locals:
        for d in node.children_by_field_name("declarator"):
            name = _declarator_name(d) if d.type not in _NAME_TYPES else None
            name = name or (d.text or b"").decode("utf-8", "replace")
            names.add(name)
    declarator = func.node.child_by_field_name("declarator")
    while declarator is not None and declarator.type != "function_declarator":
        declarator = declarator.child_by_field_name("declarator")
    params = declarator.child_by_field_name("parameters") if declarator is not None else None
    if params is not None:
        for param in params.named_children:
            name = _declarator_name(param)
            if name:
                names.add(name)
    return names


def _class_context(doc: Document, cls: Node) -> list[str]:
    """An inline method's class: its head line and its data members."""
    line = doc.lines.line_of(doc.to_source(cls.start_byte))
    out = [lines_text(doc, line, line)]
    body = cls.child_by_field_name("body")
    if body is None:
        return out
    for member in body.named_children:
        if member.type == "field_declaration" and not _is_function(member):
            out.append(block_of(doc, member))
    return out


def _definition_text(doc: Document, node: Node) -> str:
    """A type, macro or global definition; a class with inline methods shows their
    signatures only."""
    spec = next(
        (
            n
            for n in (node, *node.named_children, node.child_by_field_name("type"))
            if n is not None and n.type in _TYPE_SPECIFIERS
        ),
        None,
    )
    body = spec.child_by_field_name("body") if spec is not None else None
    if body is None or not any(_method(m) is not None for m in body.named_children):
        return block_of(doc, node)
    lines = [_head_text(doc, node.start_byte, body.start_byte + 1)]
    for member in body.named_children:
        method = _method(member)
        if method is not None:
            inner = method.child_by_field_name("body")
            end = inner.start_byte if inner is not None else method.end_byte
            for child in method.named_children:
                if child.type == "field_initializer_list":
                    end = min(end, child.start_byte)
            lines.append(_head_text(doc, member.start_byte, end).rstrip(" {") + ";")
        elif member.type != "comment":
            lines.append(block_of(doc, member))
    last = doc.lines.line_of(doc.to_source(max(node.start_byte, node.end_byte - 1)))
    lines.append(lines_text(doc, last, last))
    return "\n".join("\n".join(lines).split("\n")[:MAX_BLOCK_LINES])


def _method(member: Node) -> Node | None:
    """An inline method definition (a template one included) among a class's members."""
    if member.type == "template_declaration":
        member = next((c for c in member.named_children if c.type == "function_definition"), member)
    return member if member.type == "function_definition" else None


def _is_function(node: Node) -> bool:
    d = node.child_by_field_name("declarator")
    for _ in range(16):
        if d is None:
            return False
        if d.type == "function_declarator":
            return True
        d = d.child_by_field_name("declarator")
    return False


def _strip(text: bytes) -> bytes:
    return _COMMENTS_AND_STRINGS.sub(b" ", text)


# --- the file's definitions ----------------------------------------------------------------


def _def_parents(kind: LanguageKind) -> list[str]:
    lang = ts_language(kind)
    return [t for t in _DEF_PARENTS if lang.id_for_node_kind(t, True) is not None]


def _plain_patterns(kind: LanguageKind) -> int:
    """How many of _definitions_query's patterns come before the template_declaration ones."""
    return len(_def_parents(kind))


def _definitions_query(kind: LanguageKind) -> str:
    lang = ts_language(kind)
    parents = _def_parents(kind)
    types = [t for t in _DEF_TYPES if lang.id_for_node_kind(t, True) is not None]
    alternatives = "[" + " ".join(f"({t})" for t in types) + "]"
    patterns = [f"({p} {alternatives} @def)" for p in parents]
    if lang.id_for_node_kind("template_declaration", True) is not None:
        patterns += [f"({p} (template_declaration {alternatives} @def))" for p in parents]
    return "\n".join(patterns)


def _definitions(doc: Document, wanted: set[bytes]) -> dict[str, list[_Def]]:
    """The file-level functions, prototypes, macros, types and globals with a wanted name,
    in file order. A definition's name is first guessed from its text (a regex costs less
    than walking its declarator), so only the few wanted ones are read from the tree."""
    assert doc.tree is not None and doc.language is not None
    query = compiled_query(doc.language, _definitions_query(doc.language))
    plain = _plain_patterns(doc.language)  # then the template_declaration ones: a level more
    nodes = shallow_captures(
        query, doc.tree.root_node, "def", 2, "context: definitions", lambda i: 1 + (i >= plain)
    )
    source = doc.parse_source
    table: dict[str, list[_Def]] = {}
    for node in sorted(nodes, key=_start):
        start, end = node.start_byte, node.end_byte
        t = node.type
        m = None
        if t in ("preproc_def", "preproc_function_def"):
            m = _MACRO_NAME.match(source, start, end)
        elif t in ("function_definition", "declaration"):
            m = _HEAD_NAME.match(source, start, min(end, start + _HEAD_BYTES))
        if m is not None and m.group(1) not in _ATTRIBUTES:
            if m.group(1) not in wanted:
                continue
        else:
            words = set(_WORDS.findall(source, start, min(end, start + _HEAD_BYTES)))
            if end - start > _HEAD_BYTES:  # `typedef struct {...} name;` ends with its name
                words.update(_WORDS.findall(source, max(start + _HEAD_BYTES, end - 200), end))
            if wanted.isdisjoint(words):
                continue
        for name, d in _read_definition(node):
            if name.encode() in wanted:
                table.setdefault(name, []).append(d)
    return table


def _start(node: Node) -> int:
    return node.start_byte


def _read_definition(node: Node) -> list[tuple[str, _Def]]:
    outer = (
        node.parent
        if node.parent is not None and (node.parent.type == "template_declaration")
        else node
    )
    t = node.type
    if t in ("preproc_def", "preproc_function_def"):
        macro = node.child_by_field_name("name")
        kind = "macro" if t == "preproc_def" else "macro_fn"
        text = _text(macro) if macro is not None else ""
        return [(text, _Def(kind, node, node.end_byte))] if text else []
    if t == "function_definition":
        body = node.child_by_field_name("body")
        fname = _declarator_name(node)
        end = body.start_byte if body is not None else node.end_byte
        return [(fname, _Def("function", outer, end))] if fname else []
    out: list[tuple[str, _Def]] = []
    spec = node if t in _TYPE_SPECIFIERS else node.child_by_field_name("type")
    if spec is not None and spec.type in _TYPE_SPECIFIERS:
        sname = spec.child_by_field_name("name")
        if sname is not None and spec.child_by_field_name("body") is not None:
            out.append((_text(sname), _Def("type", outer, outer.end_byte)))
    for d in node.children_by_field_name("declarator"):
        name = _declarator_name(d) if d.type not in _NAME_TYPES else _text(d)
        if not name:
            continue
        kind = "prototype" if _is_function(node) else "global"
        kind = "type" if t == "type_definition" else kind
        out.append((name, _Def(kind, outer, outer.end_byte)))
    return out


# --- signatures ------------------------------------------------------------------------------


def _signatures(
    doc: Document,
    calls: list[str],
    defs: dict[str, list[_Def]],
    func: _Function,
    window: tuple[int, int],
    view: IndexView | None,
    headers: list[FileFacts],
) -> list[str]:
    here = display_path(doc.uri, view.roots if view is not None else [])
    out: list[str] = []
    for name in calls[:_MAX_CALLEES]:
        local = [d for d in defs.get(name, ()) if d.kind in ("function", "prototype", "macro_fn")]
        if local:
            if any(_head_visible(doc, d, window) for d in local):
                continue
            d = local[0]
            if d.node.start_byte <= func.node.start_byte < d.node.end_byte:
                continue  # recursion: the signature is in the enclosing section
            out.append(f"// {here}\n{_local_signature(doc, d)}")
        elif view is not None:
            out += [f"// {view.tag(f.uri)}\n{f.text}" for f in view.c_function(name, headers)]
    return out


def _head_visible(doc: Document, d: _Def, window: tuple[int, int]) -> bool:
    start = doc.to_source(d.node.start_byte)
    end = doc.to_source(d.head_end)
    return window[0] <= start and end <= window[1]


def _local_signature(doc: Document, d: _Def) -> str:
    if d.kind == "macro_fn":
        return block_of(doc, d.node, max_lines=_SIGNATURE_LINES)
    text = _head_text(doc, d.node.start_byte, d.head_end)
    if d.kind == "function" and not text.endswith(";"):
        text += ";"
    return dedent(text)
