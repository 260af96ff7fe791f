"""syntax/error findings: the regions tree-sitter could not parse."""

from __future__ import annotations

import tree_sitter

from hpcls.analysis.findings import Finding, Severity
from hpcls.workspace.line_ends import content_end

# A file that is mostly broken says so a bounded number of times, not once per token.
MAX_SYNTAX_FINDINGS = 50
_SNIPPET = 30


def _snippet(source: bytes, start: int, end: int) -> str:
    text = source[start:end].decode("utf-8", "replace").strip()
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= _SNIPPET else first[: _SNIPPET - 1] + "…"


def _context(node: tree_sitter.Node) -> str:
    parent = node.parent
    while parent is not None and parent.type == "ERROR":
        parent = parent.parent
    if parent is None or parent.parent is None:
        return ""
    return " in " + parent.type.replace("_", " ")


def _blame(node: tree_sitter.Node, source: bytes) -> tuple[int, int]:
    """The part of an ERROR node to point at.

    Error recovery often wraps whole statements that parsed fine (a `program` header, a
    `contains`) into the ERROR node; the user's mistake is where the first piece that is
    not such a complete statement starts, and the report stays on that line.
    """
    start = node.start_byte
    for child in node.children:
        complete = (
            child.type.endswith("_statement") or child.type in ("comment", "preproc_include")
        ) and not child.has_error
        if not complete:
            start = child.start_byte
            break
    else:
        if node.children:
            start = node.children[-1].start_byte
    # The line's text only: a CRLF's "\r" is not part of the mistake.
    end = min(node.end_byte, content_end(source, start))
    return start, max(end, start)


def syntax_findings(tree: tree_sitter.Tree, parse_source: bytes) -> list[Finding]:
    """ERROR and MISSING nodes, outermost first, in parse-source byte offsets.

    Only subtrees that contain an error are walked, so a clean file costs one check.
    """
    findings: list[Finding] = []
    stack = [tree.root_node]
    while stack and len(findings) < MAX_SYNTAX_FINDINGS:
        node = stack.pop()
        if node.is_missing:
            findings.append(
                Finding(
                    "syntax/error",
                    f"Syntax error: missing `{node.type}`{_context(node)}",
                    Severity.ERROR,
                    node.start_byte,
                    node.end_byte,
                    # An anonymous node is a literal token (`;`, `)`, `then`): the quick fix
                    # can insert it. A named one (an identifier) has no text to offer.
                    data={"kind": "missing"} | ({} if node.is_named else {"token": node.type}),
                )
            )
            continue
        if node.is_error:
            start, end = _blame(node, parse_source)
            snippet = _snippet(parse_source, start, end)
            what = f"unexpected `{snippet}`" if snippet else "unexpected input"
            findings.append(
                Finding(
                    "syntax/error",
                    f"Syntax error: {what}{_context(node)}",
                    Severity.ERROR,
                    start,
                    end,
                    data={"kind": "error"},
                )
            )
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    findings.sort(key=lambda f: (f.start, f.end))
    return findings
