"""Bounded tree access for the completion context builders (issue 13).

The builders look at the cursor's ancestors, a few siblings and the file's top levels. On
pathological text each of those was unbounded: a whole-file query through a wide ERROR node
(100k unclosed `(`) took ~10 s, a `Node.parent` climb through 100k valid nested blocks ~280 s
(each step walks down from the root), and `prev_named_sibling` inside a wide ERROR ~1 ms a
step. Here, on top of analysis.tree_walk:

- climbs go up at most CONTEXT_DEPTH levels (the examples nest 26 levels at most);
- the children of a wide ERROR node are listed once and indexed, never stepped through;
- top-level queries run as before (one depth-limited cursor) unless a wide ERROR node lies
  within their levels, then through `run_query`, which splits them around it.

Past a limit the result is partial (with one log line), never slow; on normal files every
answer is the same as an unbounded walk's.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Generator, Iterator

import tree_sitter

from hpcls.analysis import tree_walk
from hpcls.analysis.tree_walk import Nav, run_query, truncated

Node = tree_sitter.Node

# Levels a climb from the cursor goes up (Node.parent costs the node's depth, so a climb in
# a 100k-deep tree is quadratic): real code nests a few dozen levels at most.
CONTEXT_DEPTH = 64
# Nodes looked at while searching a query's top levels for a wide ERROR node.
_TOP_SEARCH_NODES = tree_walk.ERROR_SEARCH_NODES


def ancestors(node: Node | None, what: str, levels: int = CONTEXT_DEPTH) -> Iterator[Node]:
    """node, then the nodes above it: `levels` nodes at most. Stopping short of the root
    logs one line (the caller's answer is partial)."""
    for _ in range(levels):
        if node is None:
            return
        yield node
        node = node.parent
    if node is not None:
        truncated(f"{what}: looked {levels} levels up from the cursor at most; partial result")


def is_wide(node: Node) -> bool:
    """An ERROR node whose children are stepped through only at great cost (its hidden chain
    is as deep as they are many)."""
    return node.is_error and node.child_count > tree_walk.WIDE_ERROR_CHILDREN


def child_before(container: Node, p: int) -> Node | None:
    """The last named child of container starting at or before parse offset p (a binary
    search: `first_named_child_for_byte` crashes the binding on a childless node)."""
    if is_wide(container):
        kids = container.named_children
        i = bisect_right(kids, p, key=_start)
        return kids[i - 1] if i else None
    lo, hi = 0, container.named_child_count - 1
    found: Node | None = None
    while lo <= hi:
        mid = (lo + hi) // 2
        child = container.named_child(mid)
        if child is None:
            break
        if child.start_byte <= p:
            found, lo = child, mid + 1
        else:
            hi = mid - 1
    return found


def named_before(container: Node, p: int, limit: int, what: str) -> Iterator[Node]:
    """container's named children starting at or before parse offset p, nearest first: at
    most `limit` of them."""
    if is_wide(container):
        kids = container.named_children  # listed once: ~1 ms for 100k children
        i = bisect_right(kids, p, key=_start)
        yield from reversed(kids[max(0, i - limit) : i])
        cut = i > limit
    else:
        cut = yield from _stepped(child_before(container, p), limit, backward=True)
    if cut:
        truncated(f"{what}: looked at {limit} statements before the cursor; partial result")


def _stepped(first: Node | None, limit: int, backward: bool) -> Generator[Node, None, bool]:
    """first and its named siblings one step at a time (`limit` at most); whether some
    were left."""
    node, count = first, 0
    while node is not None and count < limit:
        yield node
        count += 1
        node = node.prev_named_sibling if backward else node.next_named_sibling
    return node is not None


def named_after(node: Node, limit: int, what: str) -> Iterator[Node]:
    """The named siblings after node, in order: `limit` of them at most."""
    parent = node.parent
    if parent is not None and is_wide(parent):
        kids = parent.named_children
        i = bisect_right(kids, node.start_byte, key=_start)
        while i > 0 and kids[i - 1].id != node.id:  # zero-width siblings share a start
            i -= 1
        if i == 0:
            return  # not a named child (a caller's anonymous node): no named siblings
        yield from kids[i : i + limit]
        cut = i + limit < len(kids)
    else:
        cut = yield from _stepped(node.next_named_sibling, limit, backward=False)
    if cut:
        truncated(f"{what}: looked at {limit} statements at most; partial result")


def error_container(tree: tree_sitter.Tree, p: int, above: list[Node] | None = None) -> Node | None:
    """The ERROR node that broken code around parse offset p was flattened into: an
    ancestor of the cursor's node, else (a cursor at the end of the text) the ERROR that
    ends the file. `above`: the cursor's ancestors when the caller has climbed already (a
    climb costs the depth at every level)."""
    if above is None:
        above = list(ancestors(tree.root_node.descendant_for_byte_range(p, p), "context: ERROR"))
    for node in above:
        if node.type == "ERROR":
            return node
    found: Node | None = None
    node = tree.root_node
    for _ in range(16):
        child = child_before(node, p)
        if child is None or child.type != "ERROR":
            break
        found = node = child
    return found


def shallow_captures(
    query: tree_sitter.Query,
    root: Node,
    name: str,
    depth: int,
    what: str,
    lead: Callable[[int], int] = lambda pattern: 0,
) -> list[Node]:
    """The nodes captured as `name` by matches that start at most `depth` levels below root
    (QueryCursor.captures with set_max_start_depth(depth)).

    Where a wide ERROR node lies within those levels that cursor takes seconds: the query
    goes through `run_query`, and what it finds deeper is dropped (`lead(pattern)`: levels
    from a pattern's first node down to its capture)."""
    if not _wide_within(root, depth):
        cursor = tree_sitter.QueryCursor(query)
        cursor.set_max_start_depth(depth)
        return cursor.captures(root).get(name, [])
    run = run_query(query, root, what)
    nav = Nav(run)
    levels: dict[int, int] = {}  # node id -> its depth (capped), shared by the climbs
    out: list[Node] = []
    for pattern, captures in run.matches:
        limit = depth + lead(pattern)
        out += [n for n in captures.get(name, ()) if _depth(nav, n, limit + 1, levels) <= limit]
    return out


def _wide_within(root: Node, depth: int) -> bool:
    """Whether a wide ERROR node lies at most `depth` levels below root (only subtrees that
    hold an error are entered: a clean tree costs one check)."""
    level = [root] if root.has_error else []
    seen = 0
    for _ in range(depth + 1):
        below: list[Node] = []
        for node in level:
            if is_wide(node):
                return True
            seen += 1 + node.child_count
            if seen > _TOP_SEARCH_NODES:
                return True  # a huge broken top level: the bounded runner (exact, filtered)
            below += [c for c in node.children if c.has_error]
        level = below
    return False


def _depth(nav: Nav, node: Node, cap: int, memo: dict[int, int]) -> int:
    """node's depth below the tree's root, or `cap` when deeper (a capped climb through Nav,
    which knows the parents inside wide ERROR nodes). `memo` keeps the exact depths found."""
    path: list[Node] = []
    up: Node | None = node
    while up is not None and len(path) < cap:
        known = memo.get(up.id)
        if known is not None:
            found = known + len(path)
            break
        path.append(up)
        up = nav.parent(up)
    else:
        if up is not None:
            return cap  # deeper than asked: nothing exact to remember
        found = len(path) - 1  # the last node of the path is the root
    for k, n in enumerate(path):
        memo[n.id] = found - k
    return min(cap, found)


def _start(node: Node) -> int:
    return node.start_byte
