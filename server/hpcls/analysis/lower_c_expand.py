"""Seeing through macros and one-line functions (collected by lower_c_defs.py): a use
`IDX(i, j, ld)`, `N`, `u(i, j)`, `g.at(i, j)` or `(*this)(i, j)` becomes the expression
its definition spells with the arguments' text substituted, parsed with the file's own
grammar. The lowering then lowers that expression in place of the use (lower_c_expr.py,
lower_c_affine.affine), so `u[IDX(i, j, ld)]` has an affine subscript and a call to an
accessor is an access of the array it returns.

Safe by construction: a use expands only when its definition is unambiguous and its
expansion parses as one expression; nesting stops at MAX_DEPTH; `#`/`##`, variadic macros
and bodies that are not expressions never expand (the use stays a call or a name)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import tree_sitter

from hpcls.analysis.lower_c_affine import EXPANDER, cast_operand, strip, text
from hpcls.analysis.lower_c_decl import declarators, name_and_shape
from hpcls.analysis.lower_c_defs import (
    Definitions,
    Inline,
    collect,
    declarator,
    enclosing_class,
    function_name,
    lambdas,
)
from hpcls.languages.registry import LanguageKind, new_parser
from hpcls.workspace.document import Document
from hpcls.workspace.uris import uri_to_path

Node = tree_sitter.Node

MAX_DEPTH = 8
# Expansions per unit: arguments used several times nest into exponentially many.
MAX_EXPANSIONS = 4000
_MAX_TEXT = 4000
_TOKEN = re.compile(r"\d[\w.']*|[A-Za-z_]\w*")


class Expander:
    def __init__(self, defs: Definitions, kind: LanguageKind) -> None:
        self.defs = defs
        self.kind = kind
        self._parser: tree_sitter.Parser | None = None
        self._trees: dict[str, tree_sitter.Tree | None] = {}
        self.depth = 0
        self.budget = MAX_EXPANSIONS
        # The unit being lowered: its class (methods) and each name's declared type.
        self.unit_class: str | None = None
        self.types: dict[str, str] = {}
        self.file_types: dict[str, str] = {}
        self.lambdas: dict[tuple[str, int], Inline | None] = {}

    def enter_unit(self, fn: Node) -> None:
        cls = enclosing_class(fn)
        name = cls.child_by_field_name("name") if cls is not None else None
        self.unit_class = text(name) if name is not None else None
        fd = declarator(fn)
        named = function_name(fd) if fd is not None else None
        if self.unit_class is None and named is not None:
            self.unit_class = named[1]
        self.types = dict(self.file_types)
        self.types.update(declared_types(fn))
        self.lambdas = lambdas(fn)
        self.budget = MAX_EXPANSIONS

    def _is_a(self, obj: str, owner: str | None) -> bool:
        """Whether object `obj` (a name or `this`) is declared with class `owner`."""
        if owner is None:
            return False
        if obj == "this":
            return self.unit_class == owner
        return re.search(rf"\b{re.escape(owner)}\b", self.types.get(obj, "")) is not None

    @contextmanager
    def deeper(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def parse(self, expression: str) -> Node | None:
        """The expression node of `expression`, or None when it is not one expression."""
        if len(expression) > _MAX_TEXT or self.budget <= 0:
            return None
        self.budget -= 1
        if expression not in self._trees:
            if self._parser is None:
                self._parser = new_parser(self.kind)
            fresh = self._parser.parse(f"({expression});".encode())
            self._trees[expression] = None if fresh.root_node.has_error else fresh
        tree = self._trees[expression]
        if tree is None:
            return None
        kids = tree.root_node.named_children
        if len(kids) != 1 or kids[0].type != "expression_statement":
            return None
        inner = kids[0].named_children
        if len(inner) != 1 or inner[0].type != "parenthesized_expression":
            return None
        body = [c for c in inner[0].named_children if c.type != "comment"]
        return body[0] if len(body) == 1 else None

    def identifier(self, node: Node) -> Node | None:
        """The expansion of an object-like macro's name."""
        if self.depth >= MAX_DEPTH:
            return None
        macro = self.defs.macros.get(text(node))
        if macro is None or macro.params is not None:
            return None
        return self.parse(macro.body)

    def call(self, node: Node, is_variable: Callable[[str], bool] | None = None) -> Node | None:
        """The expansion of a call to a function-like macro or a one-line function."""
        if self.depth >= MAX_DEPTH:
            return None
        fn, args = node.child_by_field_name("function"), node.child_by_field_name("arguments")
        if fn is None or args is None or args.type != "argument_list":
            return None
        values = [text(a) for a in args.named_children if a.type != "comment"]
        if fn.type == "identifier":
            macro = self.defs.macros.get(text(fn))
            if text(fn) in self.defs.macros:
                if macro is None or macro.params is None or len(macro.params) != len(values):
                    return None
                return self.parse(_substitute(macro.body, macro.params, values))
        found = self._target(fn, len(values), is_variable)
        if found is None:
            return None
        inline, prefix = found
        effects = any(_has_effects(a) for a in args.named_children)
        if effects and any(inline.uses(k) != 1 for k in range(len(inline.params))):
            return None  # an argument's side effects would be dropped or repeated
        return self.parse(_fill(inline, prefix, values))

    def _target(
        self, fn: Node, arity: int, is_variable: Callable[[str], bool] | None
    ) -> tuple[Inline, str] | None:
        """The one-line function a call's callee names, and the prefix its class members
        take at this call (`g.`, `p->`, or "" inside the class)."""
        name: str | None = None
        prefix: str | None = None
        obj: str | None = None  # the object of a method call, "this" inside the class
        s = strip(fn) if fn.type == "parenthesized_expression" else fn
        if s.type == "identifier":
            word = text(s)
            if (word, arity) in self.lambdas:
                inline = self.lambdas[(word, arity)]
                return (inline, "") if inline is not None else None
            if is_variable is not None and is_variable(word):
                name, prefix, obj = "operator()", f"{word}.", word
            else:
                name, prefix = word, ""
        elif s.type == "pointer_expression" and fn.type == "parenthesized_expression":
            op, arg = s.child_by_field_name("operator"), s.child_by_field_name("argument")
            obj = _object(arg) if op is not None and op.type == "*" and arg is not None else None
            if obj is not None:
                name, prefix = "operator()", "" if obj == "this" else f"{obj}->"
        elif s.type == "field_expression":
            arg, op = s.child_by_field_name("argument"), s.child_by_field_name("operator")
            fld = s.child_by_field_name("field")
            obj = _object(arg) if arg is not None else None
            if obj is not None and op is not None and fld is not None:
                name = text(fld)
                prefix = "" if obj == "this" else f"{obj}{op.type}"
        if name is None or prefix is None:
            return None
        inline = self.defs.functions.get((name, arity))
        if inline is None:
            return None
        if inline.owner is not None and not self._is_a(obj or "this", inline.owner):
            return None  # a method of another class, or of an object of unknown type
        if inline.owner is None and obj is not None:
            return None
        return inline, prefix


def _object(node: Node) -> str | None:
    """`g`, `this`: an object whose declared type is known."""
    s = strip(node)
    return text(s) if s.type in ("identifier", "this") else None


_EFFECTS = frozenset({"assignment_expression", "update_expression", "call_expression"})


def _has_effects(node: Node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in _EFFECTS and cast_operand(n) is None:
            return True
        stack.extend(n.named_children)
    return False


def declared_types(scope: Node) -> dict[str, str]:
    """The declared type's text of each parameter and variable declared in `scope`
    (the first declaration of a name wins); file scope not entered into functions."""
    out: dict[str, str] = {}
    stack = [scope]
    while stack:
        n = stack.pop()
        if n.type in ("parameter_declaration", "optional_parameter_declaration"):
            ty, d = n.child_by_field_name("type"), n.child_by_field_name("declarator")
            name = name_and_shape(d)[0] if d is not None else None
            if ty is not None and name is not None:
                out.setdefault(name, text(ty))
        elif n.type in ("declaration", "field_declaration"):
            ty = n.child_by_field_name("type")
            for d, _value in declarators(n):
                name = name_and_shape(d)[0]
                if ty is not None and name is not None:
                    out.setdefault(name, text(ty))
        if n.type != "function_definition" or n is scope:
            stack.extend(n.named_children)
    return out


def _substitute(body: str, params: tuple[str, ...], values: list[str]) -> str:
    table = dict(zip(params, values, strict=True))
    return _TOKEN.sub(lambda m: table.get(m.group(0), m.group(0)), body)


def _fill(inline: Inline, prefix: str, values: list[str]) -> str:
    raw = inline.body.encode()
    out: list[bytes] = []
    at = 0
    for start, end, what in inline.holes:
        out.append(raw[at:start])
        if what >= 0:
            out.append(f"({values[what]})".encode())
        else:
            out.append(prefix.encode())
            if what == -1:
                out.append(raw[start:end])
        at = end
    out.append(raw[at:])
    return b"".join(out).decode(errors="replace")


def expander_for(doc: Document) -> Expander | None:
    if doc.tree is None or doc.language is None or doc.language.is_fortran:
        return None
    directory: Path | None = None
    if doc.uri.startswith("file:"):
        directory = uri_to_path(doc.uri).parent
    ex = Expander(collect(doc.tree.root_node, doc.language, directory), doc.language)
    ex.file_types = declared_types(doc.tree.root_node)
    return ex


@contextmanager
def expanding(doc: Document) -> Iterator[Expander | None]:
    """Make the document's expander the one affine() and the expression lowering use."""
    ex = expander_for(doc)
    token = EXPANDER.set(ex)
    try:
        yield ex
    finally:
        EXPANDER.reset(token)


def current() -> Expander | None:
    found = EXPANDER.get()
    return found if isinstance(found, Expander) else None
