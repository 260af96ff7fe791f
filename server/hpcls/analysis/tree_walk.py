"""Bounded tree walks for what request handlers run on every keystroke (issue 13).

Pathological text (100k unclosed `(` or `{`) makes tree-sitter's error recovery keep the
tokens as the children of one ERROR node, held internally in a chain of hidden nodes as
deep as they are many. Inside such a node a query, `Node.parent` and `Node.next_sibling`
each cost time in proportion to that depth, so a whole-file query took 10-70 s. Here:

- queries run child by child inside a *wide* ERROR node (more than WIDE_ERROR_CHILDREN
  children), and on the rest of the file by byte ranges around it;
- `Nav` answers parent and sibling lookups there from what the query run saw;
- a valid but absurdly deep tree (50k nested blocks) is queried QUERY_DEPTH levels down;
- every walk counts its steps in a `WalkBudget` (never wall time, so the same text gives
  the same answer anywhere); past the limit it stops with a partial result and one log line.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import tree_sitter

Node = tree_sitter.Node
Captures = dict[str, list[Node]]

log = logging.getLogger(__name__)

# An ERROR node with more children than this is queried child by child. A chain this deep
# costs a whole-node query ~1 ms; 100k children cost ~10 s.
WIDE_ERROR_CHILDREN = 1_000
# Nodes looked at while searching a tree for wide ERROR nodes (only subtrees that hold an
# error are entered: a clean tree costs one check).
ERROR_SEARCH_NODES = 1_000_000
# Separate query runs per query (the children of wide ERROR nodes): ~1 µs each.
QUERY_ROOTS = 400_000
# Sibling steps per file (orphaned Fortran units looking for their `end`, broken C
# functions for their extent).
SIBLING_STEPS = 2_000_000
# Outline nesting: deeper containers are listed flat at this depth (JSON encoders and
# editors recurse over the nesting).
SYMBOL_DEPTH = 64
# Queries start matches at most this many levels below the node they run on. Real code
# nests a few dozen levels; 25k nested `if` blocks made the folds query take 15 s, and
# Node.parent (which walks down from the root) on 50k nested declarations 160 s.
QUERY_DEPTH = 256
# Evenly spaced bytes at which a query's root is probed for nesting deeper than that.
_DEPTH_PROBES = 256


class WalkBudget:
    """Steps left to one walk. `take` answers False once the limit is passed; the first
    time, one log line says which walk stopped (its result is partial from there on)."""

    __slots__ = ("limit", "spent", "truncated", "what")

    def __init__(self, what: str, limit: int) -> None:
        self.what = what
        self.limit = limit
        self.spent = 0
        self.truncated = False

    def take(self, units: int = 1) -> bool:
        self.spent += units
        if self.spent <= self.limit:
            return True
        if not self.truncated:
            self.truncated = True
            truncated(f"{self.what}: stopped at its limit of {self.limit} steps; partial result")
        return False


def truncated(message: str) -> None:
    """The one log line a walk writes when it gives a partial result."""
    log.warning("%s", message)


@dataclass(slots=True)
class QueryRun:
    """A query's matches over one tree, in document order."""

    matches: list[tuple[int, Captures]]
    # ERROR nodes queried child by child (patterns anchored on them cannot match).
    wide: list[Node] = field(default_factory=list)
    # Child id -> its wide ERROR parent; node id -> the child (query root) it lies in.
    parents: dict[int, Node] = field(default_factory=dict)
    roots: dict[int, Node] = field(default_factory=dict)
    truncated: bool = False


def wide_errors(node: Node, budget: WalkBudget) -> list[Node]:
    """The outermost wide ERROR nodes at or under `node`, in document order."""
    if not node.has_error:
        return []
    found: list[Node] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.is_error and n.child_count > WIDE_ERROR_CHILDREN:
            found.append(n)
            continue
        if not budget.take(1 + n.child_count):
            break
        stack.extend(c for c in n.children if c.has_error)
    found.sort(key=lambda n: n.start_byte)
    return found


def run_query(query: tree_sitter.Query, root: Node, what: str = "query") -> QueryRun:
    """query's matches under root: one plain run when no wide ERROR node is there (the
    common case: identical to QueryCursor.matches), else split around them."""
    search = WalkBudget(f"{what}: error search", ERROR_SEARCH_NODES)
    deep = deeper_than(root, QUERY_DEPTH)
    if deep:
        truncated(f"{what}: nothing deeper than {QUERY_DEPTH} levels is looked at; partial result")
    first = wide_errors(root, search)
    if not first:
        return QueryRun(_cursor(query).matches(root), truncated=search.truncated or deep)
    run = QueryRun([])
    seen: set[tuple[int, tuple[tuple[str, tuple[int, ...]], ...]]] = set()
    roots_left = WalkBudget(f"{what}: split query", QUERY_ROOTS)
    whole = _cursor(query)  # one cursor for the child-by-child runs (each run resets it)
    work: list[tuple[Node, list[Node]]] = [(root, first)]
    while work:
        node, wide = work.pop()
        owner = None if node is root else node
        if not wide:  # a child of a wide node: its own subtree, no other run sees it
            _add(run, None, whole.matches(node), owner)
            continue
        # Around the wide nodes: byte ranges that leave their insides out. A node spanning
        # two ranges matches in both: those runs are de-duplicated.
        edges = [node.start_byte, *(b for w in wide for b in (w.start_byte, w.end_byte))]
        edges.append(node.end_byte)
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            if end > start:
                cursor = _cursor(query)
                cursor.set_byte_range(start, end)
                _add(run, seen, cursor.matches(node), owner)
        for w in wide:
            run.wide.append(w)
            if owner is not None:
                run.roots[w.id] = owner
            for child in w.children:
                run.parents[child.id] = w
                if not roots_left.take():
                    break
                work.append((child, wide_errors(child, search) if child.has_error else []))
    run.truncated = search.truncated or roots_left.truncated or deep
    run.matches.sort(key=_match_position)
    return run


def _cursor(query: tree_sitter.Query) -> tree_sitter.QueryCursor:
    cursor = tree_sitter.QueryCursor(query)
    cursor.set_max_start_depth(QUERY_DEPTH)
    return cursor


def deeper_than(node: Node, depth: int) -> bool:
    """Whether the tree under node nests deeper than `depth` levels at one of a fixed set of
    evenly spaced bytes (a sampled check: it only decides the log line)."""
    if node.descendant_count <= depth:
        return False
    cursor = node.walk()
    start, end = node.start_byte, node.end_byte
    for k in range(_DEPTH_PROBES):
        cursor.reset(node)
        at = start + (end - start) * k // _DEPTH_PROBES
        level = 0
        while (here := cursor.node) is not None:
            if here.is_error and here.child_count > WIDE_ERROR_CHILDREN:
                break  # a step into it costs its width (its children are queried one by one)
            if cursor.goto_first_child_for_byte(at) is None:
                break
            level += 1
            if level > depth:
                return True
    return False


def _add(
    run: QueryRun,
    seen: set[tuple[int, tuple[tuple[str, tuple[int, ...]], ...]]] | None,
    matches: list[tuple[int, Captures]],
    owner: Node | None,
) -> None:
    """Add matches (those not `seen` yet, when runs may overlap); remember which child of a
    wide node (`owner`) each captured node lies in."""
    for pattern, captures in matches:
        if seen is not None:
            key = (pattern, tuple(sorted((k, tuple(n.id for n in v)) for k, v in captures.items())))
            if key in seen:
                continue
            seen.add(key)
        run.matches.append((pattern, captures))
        if owner is not None:
            for nodes in captures.values():
                for n in nodes:
                    if n.id != owner.id:
                        run.roots.setdefault(n.id, owner)


def _match_position(match: tuple[int, Captures]) -> tuple[int, int]:
    nodes = [n for v in match[1].values() for n in v]
    return (min((n.start_byte for n in nodes), default=0), match[0])


class Nav:
    """Parent and sibling lookups that stay cheap inside wide ERROR nodes.

    Below a wide node, `Node.parent` walks down from the tree's root through the node's
    hidden chain; here a node the query run saw finds its parent from the child of the wide
    node it lies in (a small subtree), and the children of a parent are listed once.
    """

    def __init__(self, run: QueryRun | None = None) -> None:
        self._up: dict[int, Node] = dict(run.parents) if run is not None else {}
        self._roots: dict[int, Node] = dict(run.roots) if run is not None else {}
        self._kids: dict[int, tuple[list[Node], dict[int, int]]] = {}

    def parent(self, node: Node) -> Node | None:
        known = self._up.get(node.id)
        if known is not None:
            return known
        root = self._roots.get(node.id)
        if root is None:
            return node.parent
        p = root
        while (inner := p.child_with_descendant(node)) is not None and inner.id != node.id:
            p = inner
        self._up[node.id] = p
        if p.id != root.id:
            self._roots[p.id] = root
        return p

    def siblings(self, node: Node) -> tuple[list[Node], int]:
        """The children of node's parent, and node's index among them."""
        parent = self.parent(node)
        if parent is None:
            return [node], 0
        entry = self._kids.get(parent.id)
        if entry is None:
            kids = parent.children
            entry = self._kids[parent.id] = (kids, {c.id: i for i, c in enumerate(kids)})
        index = entry[1].get(node.id)
        return (entry[0], index) if index is not None else ([node], 0)
