"""Where a CUDA hover applies in a parsed .cu file: the leaf under the cursor, which may be a
qualifier keyword (`__global__` is not an identifier), or a `<<<...>>>` launch configuration."""

from __future__ import annotations

import tree_sitter

from hpcls.knowledge.cuda import cuda_markdown, launch_markdown

_NOT_CODE = frozenset({"comment", "string_literal", "string_content", "char_literal"})
_LAUNCH = "kernel_call_syntax"  # tree-sitter-cuda's `<<<grid, block, shmem, stream>>>`
_LAUNCH_REACH = 32  # levels from the token under the cursor up to its launch configuration


def _launch_around(node: tree_sitter.Node) -> tree_sitter.Node | None:
    current: tree_sitter.Node | None = node
    # A few levels up at most: Node.parent walks down from the root, so climbing a
    # 50k-deep expression took O(depth²) (75 s); a launch argument is never that deep.
    for _ in range(_LAUNCH_REACH):
        if current is None or current.type in ("call_expression", "compound_statement"):
            return None
        if current.type == _LAUNCH:
            return current
        current = current.parent
    return None


def cuda_hover(tree: tree_sitter.Tree, source: bytes, offset: int) -> tuple[str, int, int] | None:
    """Hover markdown and its byte range (in `source`, the parsed text) at `offset`."""
    for probe in (offset, offset - 1):
        if probe < 0:
            continue
        node = tree.root_node.descendant_for_byte_range(probe, probe)
        if node is None or node.type in _NOT_CODE or node.parent is None:
            continue
        if node.parent.type in _NOT_CODE:
            continue
        launch = _launch_around(node)
        if launch is not None:
            commas = [c for c in launch.children if c.type == "," and c.start_byte < offset]
            return launch_markdown(len(commas)), launch.start_byte, launch.end_byte
        if node.child_count == 0 and node.start_byte <= offset <= node.end_byte:
            text = cuda_markdown(source[node.start_byte : node.end_byte].decode("utf-8", "replace"))
            if text is not None:
                return text, node.start_byte, node.end_byte
    return None
