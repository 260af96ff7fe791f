"""Races that need the values behind a subscript, from the IR's value facts
(`Access.quotients`, `Access.via`, `Access.value`; empty where a lowering does not
fill them):

* `coarse[i / 4] = ...` under a loop directive: consecutive iterations write the same
  element (a write-write race);
* `b[idx[i]] = ...` where this unit filled `idx[i] = i / 2` (or a constant) over the same
  iterations: the indices visibly repeat, so different iterations write one element;
* `partial[t / 2] += s` with `t = omp_get_thread_num()`: threads 0 and 1 share a slot.
"""

from __future__ import annotations

from hpcls.analysis.ir import Access, Affine, Construct, ConstructKind, Quotient, Unit
from hpcls.analysis.openmp_sharing import bound_loops, sharing_of
from hpcls.analysis.races_loops import Race
from hpcls.analysis.races_sync import place, region_of

_LOOP_WORDS = frozenset({"for", "do", "simd", "distribute", "taskloop", "loop"})
_THREAD_ID = frozenset({"omp_get_thread_num"})


def _unguarded(unit: Unit, outer: int, a: Access) -> bool:
    """No branch between construct `outer` and the access: it runs every iteration."""
    if outer not in a.context:
        return False
    inner = a.context[a.context.index(outer) + 1 :]
    return all(unit.constructs[c].kind is not ConstructKind.BRANCH for c in inner)


def _unprotected_shared(unit: Unit, a: Access, barriers: dict[int, list[int]]) -> bool:
    p = place(unit, a, barriers)
    if p is None or p.atomic or p.criticals or p.locks or p.ordered:
        return False
    return sharing_of(unit, a.context[-1], a.name) == "shared"


def _groups(q: Quotient, var: str, step: int) -> bool:
    """`(var + c) / den` with |step| < den: neighbouring iterations share a value."""
    names = q.num.names()
    return names == {var} and q.num.coefficient(var) in (1, -1) and abs(step) < q.den


def _quotient_write(unit: Unit, loop: Construct, w: Access) -> bool:
    info = loop.loop
    if info is None or info.var is None or info.step is None or not w.quotients:
        return False
    grouped = False
    for d, sub in enumerate(w.subscripts):
        q = w.quotients[d] if d < len(w.quotients) else None
        if sub is None and q is not None and _groups(q, info.var, info.step):
            grouped = True
        elif sub is None or info.var in sub.names():
            return False  # another dimension could tell the iterations apart
    return grouped


def _fill(unit: Unit, read: Access, loop: Construct) -> bool:
    """The index array was filled once in this unit, over the same iterations, with a
    value that repeats: `idx[j] = j / 2` or a loop-invariant constant."""
    info = loop.loop
    if info is None or info.var is None or read.subscripts != (Affine.var(info.var),):
        return False
    writes = [e for e in unit.events if isinstance(e, Access) and e.write and e.name == read.name]
    if len(writes) != 1 or region_of(unit, writes[0].context) is not None:
        return False
    f = writes[0]
    fill_loop = next(
        (unit.constructs[c] for c in reversed(f.context) if unit.constructs[c].loop), None
    )
    fill = fill_loop.loop if fill_loop is not None else None
    if fill_loop is None or fill is None or fill.var is None:
        return False
    if (fill.lower, fill.upper, fill.step) != (info.lower, info.upper, info.step):
        return False
    if f.subscripts != (Affine.var(fill.var),) or not _unguarded(unit, fill_loop.id, f):
        return False
    if isinstance(f.value, Quotient):
        return info.step is not None and _groups(f.value, fill.var, info.step)
    if isinstance(f.value, Affine):
        return not f.value.names()  # one constant for every element
    return False


def _indirect_write(unit: Unit, loop: Construct, w: Access) -> bool:
    if len(w.subscripts) != 1 or w.subscripts[0] is not None or not w.via:
        return False
    order = w.via[0]
    read = next((e for e in unit.events if e.order == order), None)
    return isinstance(read, Access) and not read.write and _fill(unit, read, loop)


def _loop_value_races(unit: Unit) -> list[Race]:
    races: list[Race] = []
    barriers: dict[int, list[int]] = {}
    for omp in unit.constructs:
        if omp.kind is not ConstructKind.OMP or not omp.words & _LOOP_WORDS:
            continue
        loops = bound_loops(unit, omp)
        if not loops:
            continue
        loop = loops[0]
        for w in unit.accesses(loop.id):
            if not w.write or not _unguarded(unit, loop.id, w):
                continue
            if not _unprotected_shared(unit, w, barriers):
                continue
            line = w.span.line + 1
            if _quotient_write(unit, loop, w):
                why = (
                    f"consecutive iterations write the same element of `{w.name}` (line "
                    f"{line}): the subscript divides the loop index, and the iterations run on "
                    "different threads"
                )
                races.append(Race(w, w, "loop-carried", why, (), omp))
            elif _indirect_write(unit, loop, w):
                why = (
                    f"the index array that selects the element of `{w.name}` (line {line}) "
                    "holds repeated values, so different iterations, on different threads, "
                    "write the same element"
                )
                races.append(Race(w, w, "loop-carried", why, (), omp))
    return races


def _thread_ids(unit: Unit, region: int) -> set[str]:
    """Scalars private to the region whose only write there is `= omp_get_thread_num()`."""
    out: set[str] = set()
    writes: dict[str, list[Access]] = {}
    for e in unit.accesses(region):
        if e.write and not e.subscripts:
            writes.setdefault(e.name, []).append(e)
    for name, ws in writes.items():
        value = ws[0].value
        thread_id = isinstance(value, str) and value.lower() in _THREAD_ID
        if len(ws) == 1 and thread_id and sharing_of(unit, ws[0].context[-1], name) != "shared":
            out.add(name)
    return out


def _thread_quotient_races(unit: Unit) -> list[Race]:
    races: list[Race] = []
    barriers: dict[int, list[int]] = {}
    for e in unit.events:
        if not isinstance(e, Access) or not e.write or not e.quotients:
            continue
        p = place(unit, e, barriers)
        if p is None or p.executor != "all" or not _unprotected_shared(unit, e, barriers):
            continue
        ids = _thread_ids(unit, p.region)
        dims = zip(e.subscripts, e.quotients, strict=False)
        shared_slot = any(
            s is None and q is not None and q.num == Affine.var(t) and q.den > 1
            for s, q in dims
            for t in ids
        )
        others = [s for s in e.subscripts if s is not None]
        if shared_slot and not any(s.names() & ids for s in others):
            why = (
                f"the slot of `{e.name}` (line {e.span.line + 1}) is the thread number "
                "divided by a constant, so several threads update the same slot"
            )
            races.append(Race(e, e, "shared-write", why))
    return races


def value_races(unit: Unit) -> list[Race]:
    return [*_loop_value_races(unit), *_thread_quotient_races(unit)]
