"""OpenMP's reduction identifiers, by language, for the IR's update operators."""

from __future__ import annotations

# "-" reduces like "+" (OpenMP 5.2 deprecates the "-" identifier).
_C_OPS = {"+": "+", "-": "+", "*": "*", "&": "&", "|": "|", "^": "^", "&&": "&&", "||": "||"}
_F_OPS = {
    "+": "+",
    "-": "+",
    "*": "*",
    ".and.": ".and.",
    ".or.": ".or.",
    ".eqv.": ".eqv.",
    ".neqv.": ".neqv.",
    "iand": "iand",
    "ior": "ior",
    "ieor": "ieor",
}
_BOTH = {"max": "max", "min": "min"}


def reduction_operator(op: str, fortran: bool) -> str | None:
    """OpenMP's spelling of an IR update operator, or None when OpenMP has no such
    reduction in that language."""
    table = _F_OPS if fortran else _C_OPS
    return table.get(op) or _BOTH.get(op)
