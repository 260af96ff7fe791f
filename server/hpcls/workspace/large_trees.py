"""Trees of large files: parsed when a feature asks, one kept at a time, freed when idle.

A tree-sitter tree takes 10-50 times its file's size (about 100 MiB for a 2 MB Fortran
file, 480 MiB for 10 MB), so a document at or above LARGE_BYTES keeps no tree of its own
(issue 13: memory per document at most 10 times its size at rest). Its tree lives here instead:

- parsed on first use, and kept while requests keep using it (hover after hover costs
  one parse, not one each);
- carried through edits: `Document.apply` edits a copy, and the next use reparses it
  incrementally, as for a small file;
- freed IDLE_RELEASE_S after its last use (the server's idle timer calls `release_idle`),
  and at once when another large file's tree is needed; the C heap is trimmed then, so the
  memory goes back to the system.

Keyed by the identity of the snapshot's source bytes (a new text is a new bytes object)
and its language. Thread-safe: code actions and the indexing thread parse here too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import tree_sitter

from hpcls.workspace.memory import trim

# Documents at least this large keep no tree between requests.
LARGE_BYTES = 1024 * 1024
# A large file's tree is freed after this long unused.
IDLE_RELEASE_S = 2.0

# Parses the snapshot's text: afresh (None) or incrementally from an edited old tree.
Parse = Callable[[tree_sitter.Tree | None], tree_sitter.Tree]


@dataclass(slots=True)
class _Held:
    source: bytes  # the snapshot's source object: the key, by identity
    language: object
    tree: tree_sitter.Tree
    edited: bool  # edited with Tree.edit for this source, not reparsed yet
    fresh: bool  # parsed from scratch (its error recovery owes nothing to the edits)
    used: float  # time.monotonic() of the last use


class TreeSlot:
    """At most one large file's tree."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._held: _Held | None = None

    def _match(self, source: bytes, language: object) -> _Held | None:
        held = self._held
        if held is not None and held.source is source and held.language == language:
            return held
        return None

    def tree(self, source: bytes, language: object, parse: Parse) -> tree_sitter.Tree:
        """The snapshot's tree: the one held, an edited one reparsed, or a fresh parse."""
        with self._lock:
            held = self._match(source, language)
            if held is None:
                self._drop()
                held = _Held(source, language, parse(None), False, True, 0.0)
                self._held = held
            elif held.edited:
                held.tree, held.edited, held.fresh = parse(held.tree), False, False
            held.used = time.monotonic()
            return held.tree

    def canonical(self, source: bytes, language: object, parse: Parse) -> None:
        """Replace an incrementally reparsed tree with errors by a fresh parse (see
        Document.canonical): diagnostics must not depend on how the text was typed."""
        with self._lock:
            held = self._match(source, language)
            if held is None or held.fresh:
                return
            if held.edited:
                held.tree, held.edited = parse(held.tree), False
            if held.tree.root_node.has_error:
                held.tree, held.fresh = parse(None), True

    def edit_copy(self, source: bytes, language: object) -> tree_sitter.Tree | None:
        """A copy of the snapshot's tree to edit for the next snapshot, if one is held."""
        with self._lock:
            held = self._match(source, language)
            # An edited tree may be edited again: keystrokes pile up until the next use.
            return held.tree.copy() if held is not None else None

    def hold_edited(self, source: bytes, language: object, tree: tree_sitter.Tree) -> None:
        """Keep `tree`, edited to match `source`, to be reparsed on first use."""
        with self._lock:
            self._drop()
            self._held = _Held(source, language, tree, True, False, time.monotonic())

    def holds(self, source: bytes, language: object) -> bool:
        with self._lock:
            return self._match(source, language) is not None

    def release(self) -> bool:
        """Free the tree held (if any) and give the memory back; whether one was held."""
        with self._lock:
            had = self._drop()
        if had:
            trim()
        return had

    def release_idle(self, now: float | None = None, idle_s: float = IDLE_RELEASE_S) -> bool:
        """Free the tree if it has not been used for idle_s; whether it was freed."""
        with self._lock:
            held = self._held
            if held is None or (now if now is not None else time.monotonic()) - held.used < idle_s:
                return False
        return self.release()

    def _drop(self) -> bool:
        had = self._held is not None
        self._held = None
        return had


# The process's slot: one large tree at a time, whichever file it belongs to.
SLOT = TreeSlot()
