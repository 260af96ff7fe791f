"""A Document to IR units, by language family: one entry point for every consumer."""

from __future__ import annotations

from hpcls.analysis.ir import Unit
from hpcls.analysis.lower_c import lower_c
from hpcls.analysis.lower_fortran import lower_fortran
from hpcls.workspace.document import Document


def lower_document(doc: Document) -> tuple[Unit, ...]:
    """The program units of a parsed document; () for a file that is not parsed."""
    if doc.tree is None or doc.language is None:
        return ()
    if doc.language.is_fortran:
        return lower_fortran(doc)
    return lower_c(doc)
