"""OpenMP data-sharing attributes (OpenMP 5.2, section 5.1) of the variables in a
construct, decided on the IR: explicit clauses first, then the predetermined rules (loop
iteration variables, variables declared inside the region, threadprivate), then the
`default` clause and the implicit rules (shared in `parallel`/`teams`, firstprivate in a
`task` unless shared in the enclosing context).

Attributes are the clause names: "private", "firstprivate", "lastprivate", "reduction",
"linear", "shared", "threadprivate".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from hpcls.analysis.directives_syntax import Directive
from hpcls.analysis.ir import Access, Construct, ConstructKind, StorageKind, Unit

_LIST_CLAUSES = ("private", "firstprivate", "lastprivate", "linear", "shared")
_REDUCTIONS = ("reduction", "in_reduction", "task_reduction")
# Constructs that create the implicit tasks whose data environment the rules describe.
_REGION_WORDS = frozenset({"parallel", "teams", "task", "taskloop", "target"})
# Loop directives: the loop(s) they bind make their iteration variables private.
_LOOP_WORDS = frozenset({"for", "do", "simd", "distribute", "taskloop", "loop"})


def is_fortran(directive: Directive) -> bool:
    return not directive.sentinel.startswith("#")


def _key(name: str, fortran: bool) -> str:
    return name.lower() if fortran else name


def base_name(name: str) -> str:
    """`s.x`, `p->x`, `t%x` → the variable the clauses name."""
    return re.split(r"\.|->|%", name, maxsplit=1)[0]


@lru_cache(maxsize=4096)
def explicit_sharing(directive: Directive) -> Mapping[str, str]:
    """The attributes a directive's clauses give (`reduction(+: s)` → s: reduction).
    A variable in both `firstprivate` and `lastprivate` is reported as lastprivate."""
    fortran = is_fortran(directive)
    out: dict[str, str] = {}
    for clause in _LIST_CLAUSES:
        for name in directive.clause_vars(clause):
            key = _key(name, fortran)
            if not (clause == "firstprivate" and out.get(key) == "lastprivate"):
                out[key] = clause
    for clause in _REDUCTIONS:
        for name in directive.clause_vars(clause):
            out[_key(name, fortran)] = "reduction"
    return MappingProxyType(out)


def bound_loops(unit: Unit, omp: Construct) -> tuple[Construct, ...]:
    """The loops a loop directive binds: the first loop in its body and, with
    collapse(n) / ordered(n), the next n - 1 loops nested in it."""
    if omp.directive is None or not (omp.words & _LOOP_WORDS):
        return ()
    depth = 1
    for name in ("collapse", "ordered"):
        clause = omp.directive.clause(name)
        if clause is not None and clause.arguments and clause.arguments.strip().isdigit():
            depth = max(depth, int(clause.arguments))
    loops: list[Construct] = []
    at = next(
        (c for c in unit.children(omp.id) if c.kind is ConstructKind.LOOP),
        None,
    )
    while at is not None and len(loops) < depth:
        loops.append(at)
        at = next((c for c in unit.children(at.id) if c.kind is ConstructKind.LOOP), None)
    return tuple(loops)


def _loop_variable_private(unit: Unit, name: str, construct: int, fortran: bool) -> bool:
    """Predetermined private as a loop iteration variable at `construct`: a loop bound by
    a loop directive around it, or (Fortran) any DO loop inside a region construct."""
    for omp in unit.enclosing_omp(construct):
        if any(loop.loop and loop.loop.var == name for loop in bound_loops(unit, omp)):
            return True
        if fortran and omp.words & _REGION_WORDS:
            return any(
                c.loop is not None and c.loop.var == name and unit.within(c.id, omp.id)
                for c in unit.loops()
            )
    return False


def sharing_of(unit: Unit, construct: int, name: str) -> str:
    """The attribute of `name` for code inside `construct` (any construct id: the rules
    walk outwards through the OMP constructs around it). A member path (`s.x`, `p->x`,
    `t%x`) has the attribute of its base variable."""
    name = base_name(name)
    symbol = unit.symbols.get(name)
    if symbol is not None and symbol.threadprivate:
        return "threadprivate"
    omps = list(unit.enclosing_omp(construct))
    fortran = bool(omps) and omps[0].directive is not None and is_fortran(omps[0].directive)
    if _loop_variable_private(unit, name, construct, fortran):
        return "private"
    for index, omp in enumerate(omps):
        assert omp.directive is not None
        given = explicit_sharing(omp.directive).get(name)
        if given is not None:
            return given
        inside = symbol is not None and not symbol.static and symbol.declared_in is not None
        if inside and unit.within(symbol.declared_in if symbol else None, omp.id):
            return "private"  # declared inside the region: each thread has its own
        words = omp.words
        if not words & _REGION_WORDS:
            continue  # worksharing, critical, ...: the enclosing region decides
        default = omp.directive.clause("default")
        if default is not None and default.arguments:
            kind = default.arguments.strip().lower()
            if kind in ("private", "firstprivate"):
                return kind
            if kind == "shared":
                return "shared"
            # none: every variable must be listed; unlisted ones are a compile error.
            return "shared"
        if words & {"task", "taskloop"} or "target" in words:
            # Shared in the enclosing context stays shared; otherwise firstprivate
            # (scalars in `target` are firstprivate too).
            outer = omps[index + 1 :]
            if outer and sharing_of(unit, outer[0].id, name) == "shared":
                return "shared"
            if not outer and symbol is not None and symbol.static:
                return "shared"
            if "target" in words and symbol is not None and symbol.storage is StorageKind.ARRAY:
                return "shared"  # arrays are mapped tofrom, one copy on the device
            return "firstprivate"
        return "shared"
    return "shared"


def loop_sharing(unit: Unit, loop: int) -> Mapping[str, str] | None:
    """For a loop bound by a loop directive, the attribute of every variable it accesses
    that is not shared (the form `dependence.analyze_loop(sharing=...)` takes); None when
    no loop directive binds the loop."""
    parent = unit.constructs[loop].parent
    binding: Construct | None = None
    for omp in unit.enclosing_omp(parent) if parent is not None else ():
        if any(c.id == loop for c in bound_loops(unit, omp)):
            binding = omp
            break
    if binding is None:
        return None
    names = {a.name for a in unit.accesses(loop) if isinstance(a, Access)}
    out = {name: sharing_of(unit, loop, name) for name in sorted(names)}
    return MappingProxyType({n: s for n, s in out.items() if s != "shared"})
