"""What an OpenMP directive does to the Fortran statements around it (part of the lowering)."""

from __future__ import annotations

from enum import Enum

from hpcls.analysis.directives_syntax import Directive


class DirectiveRole(Enum):
    LOOP = "loop"  # applies to the DO loop that follows: `do`, `parallel do`, `simd`, ...
    ATOMIC = "atomic"  # applies to the statement that follows
    BLOCK = "block"  # opens a construct closed by its `end` directive
    END = "end"  # `end parallel`, `end do`, ...
    STANDALONE = "standalone"  # barrier, taskwait, flush, ...: an event
    OTHER = "other"  # declarative (threadprivate, declare ...), OpenACC, unknown


_STANDALONE = frozenset(
    {
        "barrier",
        "taskwait",
        "taskyield",
        "flush",
        "cancel",
        "cancellation point",
        "target update",
        "target enter data",
        "target exit data",
        "depobj",
        "error",
        "scan",
        "interop",
    }
)
# The last word of a directive that applies to a loop nest.
_LOOP_WORDS = frozenset({"do", "simd", "taskloop", "distribute", "loop", "tile", "unroll"})
_NOT_BLOCK = frozenset(
    {
        "threadprivate",
        "requires",
        "allocate",
        "assumes",
        "nothing",
        "declare simd",
        "declare target",
        "declare reduction",
        "declare mapper",
        "declare variant",
    }
)


def role_of(d: Directive) -> DirectiveRole:
    if d.family != "omp" or not d.name:
        return DirectiveRole.OTHER
    name = d.name
    if d.is_end:
        return DirectiveRole.END
    if name in _STANDALONE:
        return DirectiveRole.STANDALONE
    if name == "ordered" and (d.clause("depend") is not None or d.clause("doacross") is not None):
        return DirectiveRole.STANDALONE  # the doacross form is standalone
    if name == "atomic":
        return DirectiveRole.ATOMIC
    if name.split()[-1] in _LOOP_WORDS and not name.startswith("declare"):
        return DirectiveRole.LOOP
    if name == "section":
        return DirectiveRole.BLOCK
    if name in _NOT_BLOCK or name.startswith("declare") or not d.known:
        return DirectiveRole.OTHER
    return DirectiveRole.BLOCK
