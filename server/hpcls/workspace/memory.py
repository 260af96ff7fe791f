"""Giving memory back to the system after the work on a large file (issue 13).

glibc keeps freed memory for reuse: `trim` hands its free pages back to the system. (Python's
own allocator frees a 1 MiB arena only when all of it is free: after a large file's tree is
freed, the arenas that still hold a few live objects stay. Re-creating the long-lived facts
in fresh memory was measured not to help: bench.memory_soak, docs/architecture.md.)
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None elsewhere (musl, macOS, Windows: nothing to do)."""
    try:  # the process's own symbols: libc is among them where malloc_trim exists
        found: Callable[[int], int] | None = getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):
        return None
    return found


_TRIM = _malloc_trim()


def trim() -> bool:
    """Return the C heap's free pages to the system; whether that was possible here."""
    if _TRIM is None:
        return False
    try:
        _TRIM(0)
    except OSError:  # pragma: no cover - a libc without a working malloc_trim
        return False
    return True
