"""Fortran `use` and `include` lines for hpcls.analysis.outline."""

from __future__ import annotations

import tree_sitter

from hpcls.analysis.outline_common import collapse, include_target, node_end, node_text
from hpcls.analysis.outline_fortran import FortranFile, first_named
from hpcls.analysis.outline_model import Import
from hpcls.languages.registry import LanguageKind

Node = tree_sitter.Node


def fortran_imports(tree: tree_sitter.Tree, source: bytes, kind: LanguageKind) -> list[Import]:
    return imports_of(FortranFile(tree.root_node, source, kind))


def imports_of(f: FortranFile) -> list[Import]:
    """The `use` and `include` lines among the file's symbols query matches."""
    source = f.source
    out: list[Import] = []
    for m in f.matches:
        statement = m.node
        end = node_end(source, statement)
        if m.tag == "use":
            name = m.one("name")
            if name is None:
                continue
            scope = f.scope(f.context(f.nav.parent(statement), statement.start_byte))
            out.append(
                Import(
                    target=node_text(source, name),
                    kind="use",
                    start=statement.start_byte,
                    end=end,
                    target_start=name.start_byte,
                    target_end=name.end_byte,
                    scope_start=scope[0],
                    scope_end=scope[1],
                    only=_only_list(statement, source),
                )
            )
        elif m.tag == "include":
            path = m.one("path")
            if path is None:
                continue
            found = include_target(source, path)
            if statement.type == "include_statement":
                # Fortran INCLUDE pastes text into the unit it sits in.
                scope = f.scope(f.context(f.nav.parent(statement), statement.start_byte))
            else:
                scope = (0, len(source))
            out.append(
                Import(
                    target=found.target,
                    kind=found.kind,
                    start=statement.start_byte,
                    end=end,
                    target_start=found.start,
                    target_end=found.end,
                    scope_start=scope[0],
                    scope_end=scope[1],
                )
            )
    out.sort(key=lambda i: i.start)
    return out


def _only_list(statement: Node, source: bytes) -> tuple[str, ...]:
    """Local names from `only:`; renames without `only:` still import everything."""
    for items in statement.named_children:
        if items.type != "included_items" or not any(c.type == "only" for c in items.children):
            continue
        names: list[str] = []
        for item in items.named_children:
            if item.type == "use_alias":
                local = first_named(item)  # local_name, before the `=>`
                if local is not None:
                    names.append(node_text(source, local))
            elif item.type != "comment":
                names.append(collapse(node_text(source, item)).replace(" ", ""))
        return tuple(names)
    return ()
