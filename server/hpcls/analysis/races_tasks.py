"""Races involving explicit tasks: a task and the code after its creation (before the
`taskwait`, barrier or end of `taskgroup` that waits for it), and sibling tasks (or
instances of one task created in a loop or by every thread) that touch the same shared
variable with no `depend` ordering them.
"""

from __future__ import annotations

from hpcls.analysis.ir import Access, Construct, ConstructKind, Standalone, StorageKind, Unit
from hpcls.analysis.openmp_sharing import base_name, sharing_of
from hpcls.analysis.races_loops import Race
from hpcls.analysis.races_regions import counters_meet, subscript_gap
from hpcls.analysis.races_sync import region_of, whole

_WAITS = frozenset({"taskwait", "barrier"})
_OUT = ("out", "inout", "mutexinoutset", "inoutset")


def _deferred_target(c: Construct) -> bool:
    """`target ... nowait` runs as a deferred task of the encountering thread."""
    return (
        "target" in c.words and c.directive is not None and c.directive.clause("nowait") is not None
    )


def _tasks(unit: Unit) -> list[Construct]:
    return [
        c
        for c in unit.constructs
        if c.kind is ConstructKind.OMP
        and (("task" in c.words and "taskloop" not in c.words) or _deferred_target(c))
    ]


def _shared_in(unit: Unit, task: Construct) -> list[Access]:
    """The task's accesses to memory it shares: shared variables, and what a pointer
    points to (a firstprivate copy of a pointer still points to the same memory)."""
    out: list[Access] = []
    for a in unit.accesses(task.id):
        if a.atomic:
            continue
        symbol = unit.symbols.get(base_name(a.name))
        pointee = (
            bool(a.subscripts) and symbol is not None and symbol.storage is StorageKind.POINTER
        )
        if pointee or sharing_of(unit, a.context[-1], a.name) == "shared":
            out.append(a)
    return out


def _depends(task: Construct) -> dict[str, set[str]]:
    """Dependence type → the variables a task's depend clauses name."""
    out: dict[str, set[str]] = {}
    if task.directive is None:
        return out
    for clause in task.directive.clauses_named("depend"):
        args = clause.arguments or ""
        kind, _, items = args.partition(":")
        names = {base_name(i.strip().split("[")[0].split("(")[0]) for i in items.split(",")}
        out.setdefault(kind.strip().lower(), set()).update(n for n in names if n)
    return out


def _ordered_by_depend(a: Construct, b: Construct, name: str) -> bool:
    da, db = _depends(a), _depends(b)
    a_out = any(name in da.get(k, set()) for k in _OUT)
    b_out = any(name in db.get(k, set()) for k in _OUT)
    a_any = a_out or name in da.get("in", set())
    b_any = b_out or name in db.get("in", set())
    return (a_out and b_any) or (b_out and a_any)


def _wait_between(unit: Unit, start: int, end: int, task: Construct) -> bool:
    """A taskwait / barrier that the creating code reaches between two orders, or the
    end of a taskgroup around the task."""
    for e in unit.events:
        waits = isinstance(e, Standalone) and e.directive.name in _WAITS
        if waits and start < e.order < end and task.id not in e.context:
            return True
    for cid in unit.ancestors(task.id):
        c = unit.constructs[cid]
        if "taskgroup" in c.words:
            orders = [e.order for e in unit.inside(c.id)]
            if orders and max(orders) < end:
                return True
    return False


def _innermost_task(unit: Unit, context: tuple[int, ...]) -> int | None:
    """The innermost explicit task around a context (outermost first); None: the
    implicit task of the region."""
    for cid in reversed(context):
        c = unit.constructs[cid]
        if c.kind is ConstructKind.OMP and "task" in c.words and "taskloop" not in c.words:
            return cid
    return None


def _same_element(unit: Unit, a: Access, b: Access) -> bool:
    """Certainly the same memory at some point: equal subscripts, a whole array and any
    known element of it, or loop subscripts that reach the other's element."""
    if a.name != b.name:
        return False
    if not a.subscripts and not b.subscripts:
        return True
    if whole(a) or whole(b):
        other = b if whole(a) else a
        return whole(other) or None not in other.subscripts
    if len(a.subscripts) != len(b.subscripts):
        return False
    for sa, sb in zip(a.subscripts, b.subscripts, strict=True):
        if sa is None or sb is None:
            return False
        if counters_meet(subscript_gap(unit, sa, sb, a, b)) is not True:
            return False
    return True


def _repeated(unit: Unit, task: Construct) -> bool:
    """Created more than once: inside a loop, or by every thread of a region."""
    for cid in unit.ancestors(task.id):
        c = unit.constructs[cid]
        if c.kind is ConstructKind.LOOP:
            return True
        if c.kind is ConstructKind.OMP and c.words & {"single", "master", "masked"}:
            return False
        if c.kind is ConstructKind.OMP and c.words & {"parallel"}:
            return True
    return False


def task_races(unit: Unit) -> list[Race]:
    races: list[Race] = []
    tasks = _tasks(unit)
    for task in tasks:
        inside = _shared_in(unit, task)
        if not inside:
            continue
        last = max(e.order for e in unit.inside(task.id))
        creator = _innermost_task(unit, unit.ancestors(task.id)[::-1])
        region = region_of(unit, unit.ancestors(task.id)[::-1])
        # The creating code after the task, until something waits for it.
        for e in unit.events:
            if not isinstance(e, Access) or e.order <= last or task.id in e.context:
                continue
            if region_of(unit, e.context) is not region:
                continue
            if _innermost_task(unit, e.context) != creator:
                continue  # another task's body: the sibling rules decide
            for a in inside:
                conflict = (a.write or e.write) and _same_element(unit, a, e)
                if conflict and not _wait_between(unit, last, e.order, task):
                    why = (
                        f"the task writes `{a.name}` (line {a.span.line + 1}) and the code "
                        f"that created it uses `{e.name}` at line {e.span.line + 1} "
                        "before a taskwait"
                        if a.write
                        else f"the task reads `{a.name}` (line {a.span.line + 1}) while "
                        f"the creating code writes it at line {e.span.line + 1}"
                    )
                    races.append(Race(a, e, "task-before-wait", why))
                    break
        # Another instance of the same task.
        if _repeated(unit, task):
            for a in inside:
                if a.write and not _ordered_by_depend(task, task, a.name):
                    why = (
                        f"every instance of the task writes the shared `{a.name}` "
                        f"(line {a.span.line + 1}) and instances may run at the same time"
                    )
                    races.append(Race(a, a, "sibling-tasks", why))
                    break
    # Two different sibling tasks.
    for i, t1 in enumerate(tasks):
        for t2 in tasks[i + 1 :]:
            end1 = max((e.order for e in unit.inside(t1.id)), default=0)
            start2 = min((e.order for e in unit.inside(t2.id)), default=0)
            if t1.id in unit.ancestors(t2.id) or _wait_between(unit, end1, start2, t1):
                continue
            for a in _shared_in(unit, t1):
                b = next(
                    (
                        b
                        for b in _shared_in(unit, t2)
                        if (a.write or b.write)
                        and _same_element(unit, a, b)
                        and not _ordered_by_depend(t1, t2, a.name)
                    ),
                    None,
                )
                if b is not None:
                    why = (
                        f"two tasks use the shared `{a.name}` (lines {a.span.line + 1} and "
                        f"{b.span.line + 1}), at least one writing, with no depend clause or "
                        "taskwait ordering them"
                    )
                    races.append(Race(a, b, "sibling-tasks", why))
                    break
    return races
