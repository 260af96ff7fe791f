"""A Document to IR units, by language family: one entry point for every consumer."""

from __future__ import annotations

import threading
from collections import OrderedDict

from hpcls.analysis.ir import Unit
from hpcls.analysis.lower_c import lower_c
from hpcls.analysis.lower_fortran import lower_fortran
from hpcls.workspace.document import Document

# The last few lowerings, by (uri, text): a code action, its dependence rung and a race
# fix often ask about the same snapshot. Bytes cache their hash, so a hit is cheap.
_CACHE: OrderedDict[tuple[str, str, bytes], tuple[Unit, ...]] = OrderedDict()
_CACHE_SIZE = 8
_LOCK = threading.Lock()


def lower_document(doc: Document) -> tuple[Unit, ...]:
    """The program units of a parsed document; () for a file that is not parsed."""
    if doc.tree is None or doc.language is None:
        return ()
    key = (doc.uri, doc.language.value, doc.source)
    with _LOCK:
        if (units := _CACHE.get(key)) is not None:
            _CACHE.move_to_end(key)
            return units
    units = lower_fortran(doc) if doc.language.is_fortran else lower_c(doc)
    with _LOCK:
        _CACHE[key] = units
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return units
