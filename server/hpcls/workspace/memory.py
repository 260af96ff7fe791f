"""Giving memory back to the system after the work on a large file (issue 13).

CPython and glibc keep freed memory for reuse: after a 2 MB file's tree (~100 MiB) is freed
the process still holds it, and long-lived facts computed beside thousands of short-lived
objects pin half-empty pages. `trim` hands free pages back; `computed_compact` re-creates a value
away from the garbage it was computed among, so that the pages holding that garbage empty.
"""

from __future__ import annotations

import ctypes
import logging
import pickle
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


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


def computed_compact(make: Callable[[], T]) -> T:
    """make()'s value, re-created in fresh memory once the garbage of computing it is gone.

    Worth it only for large values computed among much garbage (a large file's outline:
    9 MiB of facts pinned ~30 MiB of pages; the copy occupies ~10). Costs ~0.1 s per
    10 MiB of objects. A value that does not pickle is returned as computed.
    """
    value = make()
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        log.debug("not compacted: %s", exc)
        return value
    # The original and its garbage go first, so the copy lands in emptied pages.
    del value
    trim()
    copy: T = pickle.loads(data)
    return copy
