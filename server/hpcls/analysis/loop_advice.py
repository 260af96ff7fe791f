"""Where the directive goes in a loop nest: outermost first.

The dependence verdict says whether a loop's iterations are independent; the advice says
whether this is the loop to put `parallel for` / `parallel do` on:

- `parallelize`: verdict parallel, no enclosing loop is advised `parallelize`, and it is
  not inside an OpenMP construct (its own loop directive aside);
- `inner-of-parallel`: an enclosing loop is advised `parallelize`, or the loop already
  runs inside an OpenMP construct: a directive here would nest parallel regions (the
  enclosing loop's `collapse`, when the analysis allows one, covers it);
- `too-small`: verdict parallel, but the whole nest runs its bodies fewer than
  TOO_SMALL_BELOW times, every trip count known: starting threads costs more;
- `serial` / `unknown`: the verdict, for a loop that is not inside a parallel one.

Pure: works from a lowered Unit and a function giving a loop's verdict, so a caller
analyses only the loops it asks about and their enclosing loops.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum

from hpcls.analysis.dependence import LoopVerdict, Verdict
from hpcls.analysis.ir import Call, Construct, ConstructKind, LoopForm, Unit
from hpcls.analysis.loop_facts import trip_extent
from hpcls.analysis.openmp_sharing import bound_loops

# A parallel region costs about a microsecond or more to start and join; a nest whose
# bodies run fewer than this many times in all (no calls, every trip count a constant)
# does less work than that, and leaves most threads of a node idle besides.
TOO_SMALL_BELOW = 1000

# OpenMP constructs that do not make their body run in a team of threads.
_NOT_PARALLEL = frozenset({"target data", "taskgroup"})


class Advice(Enum):
    PARALLELIZE = "parallelize"
    INNER_OF_PARALLEL = "inner-of-parallel"
    TOO_SMALL = "too-small"
    SERIAL = "serial"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class LoopAdvice:
    loop: int  # construct id
    advice: Advice
    depth: int  # enclosing loops in the unit; 0 for an outermost loop
    parent: int | None  # the innermost enclosing loop
    # PARALLELIZE: the loop itself; INNER_OF_PARALLEL: the enclosing loop advised
    # `parallelize` (None when an existing OpenMP construct is the reason).
    target: int | None
    openmp: Construct | None  # INNER_OF_PARALLEL: the OpenMP construct it already runs in
    directive: Construct | None  # the OpenMP loop directive binding this loop, if written
    iterations: int | None  # body executions of the whole nest, when all are known


VerdictOf = Callable[[int], LoopVerdict]


def enclosing_loop(unit: Unit, loop: int) -> int | None:
    return next(
        (c for c in unit.ancestors(loop) if unit.constructs[c].kind is ConstructKind.LOOP), None
    )


def loop_depth(unit: Unit, loop: int) -> int:
    return sum(1 for c in unit.ancestors(loop) if unit.constructs[c].kind is ConstructKind.LOOP)


def binding_directive(unit: Unit, loop: int) -> Construct | None:
    """The OpenMP loop directive that binds `loop` (directly, or through `collapse`)."""
    parent = unit.constructs[loop].parent
    for omp in unit.enclosing_omp(parent) if parent is not None else ():
        if any(c.id == loop for c in bound_loops(unit, omp)):
            return omp
    return None


def surrounding_openmp(unit: Unit, loop: int) -> Construct | None:
    """The innermost OpenMP construct the loop already runs in, its own directive aside."""
    own = binding_directive(unit, loop)
    parent = unit.constructs[loop].parent
    for omp in unit.enclosing_omp(parent) if parent is not None else ():
        name = omp.directive.name if omp.directive is not None else ""
        if omp is not own and name not in _NOT_PARALLEL:
            return omp
    return None


def trips(unit: Unit, loop: int) -> int | None:
    info = unit.constructs[loop].loop
    if info is None or info.form is LoopForm.OTHER:
        return None
    extent = trip_extent(info)
    return None if extent is None else max(extent + 1, 0)


def nest_iterations(unit: Unit, loop: int) -> int | None:
    """How many times the bodies of the nest run in all: the loop's trip count times the
    inner loops' (those in branches counted as if taken: an upper bound). None when a
    trip count is unknown or the body calls anything (its work is unknown)."""
    if any(isinstance(e, Call) for e in unit.inside(loop)):
        return None
    inner: dict[int, list[int]] = {}
    for c in unit.loops():
        around = enclosing_loop(unit, c.id)
        if around is not None:
            inner.setdefault(around, []).append(c.id)

    def count(at: int) -> int | None:
        own = trips(unit, at)
        if own is None:
            return None
        total = 0
        for child in inner.get(at, ()):
            n = count(child)
            if n is None:
                return None
            total += n
        return own * max(total, 1)

    return count(loop)


def advise(
    unit: Unit, loop: int, verdict_of: VerdictOf, memo: dict[int, LoopAdvice] | None = None
) -> LoopAdvice:
    """The advice for LOOP construct `loop`; `verdict_of` is asked only for this loop and
    the loops around it."""
    memo = {} if memo is None else memo
    known = memo.get(loop)
    if known is not None:
        return known
    parent = enclosing_loop(unit, loop)
    depth = loop_depth(unit, loop)
    directive = binding_directive(unit, loop)
    omp = surrounding_openmp(unit, loop)
    target: int | None = None
    iterations: int | None = None
    up = advise(unit, parent, verdict_of, memo) if parent is not None else None
    if omp is not None:
        advice = Advice.INNER_OF_PARALLEL
    elif up is not None and up.advice is Advice.PARALLELIZE:
        advice, target = Advice.INNER_OF_PARALLEL, up.loop
    elif up is not None and up.advice is Advice.INNER_OF_PARALLEL:
        advice, target, omp = Advice.INNER_OF_PARALLEL, up.target, up.openmp
    else:
        verdict = verdict_of(loop).verdict
        if verdict is Verdict.SERIAL:
            advice = Advice.SERIAL
        elif verdict is Verdict.UNKNOWN:
            advice = Advice.UNKNOWN
        else:
            iterations = nest_iterations(unit, loop)
            small = iterations is not None and iterations < TOO_SMALL_BELOW
            advice = Advice.TOO_SMALL if small else Advice.PARALLELIZE
            target = None if small else loop
    result = LoopAdvice(loop, advice, depth, parent, target, omp, directive, iterations)
    memo[loop] = result
    return result


def advise_unit(unit: Unit, verdicts: Iterable[LoopVerdict]) -> dict[int, LoopAdvice]:
    """The advice for every loop of the unit, from its verdicts (analyze_unit)."""
    by_loop = {v.loop: v for v in verdicts}
    memo: dict[int, LoopAdvice] = {}
    for c in unit.loops():
        if c.id in by_loop:
            advise(unit, c.id, by_loop.__getitem__, memo)
    return memo


# --- reasons, grouped -----------------------------------------------------------------------

_LINE = r"\(line \d+\)"
_WHEN = r"(?:in the next iteration|\d+ iterations later|in a later iteration)"
# (pattern, group): the analysis' sentences without the names and lines that make each
# one unique. The last rules are the generic fallback for a sentence not listed here.
_GROUPS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(rf"^.+ {_LINE} and .+ {_LINE} may point to the same memory$"),
        "two pointers may point to the same memory",
    ),
    (
        re.compile(
            rf"^.+ {_LINE} and .+ {_LINE} may touch the same memory in different iterations$"
        ),
        "accesses may touch the same memory in different iterations",
    ),
    (
        re.compile(rf"^.+ written {_LINE} is read as .+ {_LINE} {_WHEN}$"),
        "a value written is read in a later iteration",
    ),
    (
        re.compile(rf"^.+ read {_LINE} is overwritten as .+ {_LINE} {_WHEN}$"),
        "a value read is overwritten in a later iteration",
    ),
    (
        re.compile(rf"^.+ written {_LINE} is written again as .+ {_LINE} {_WHEN}$"),
        "a location written is written again in a later iteration",
    ),
    (
        re.compile(r"^calls \S+ \(line \d+\), which may have side effects$"),
        "calls a procedure that may have side effects",
    ),
    (
        re.compile(r"^the address of \S+ is taken at line \d+$"),
        "the address of a variable is taken",
    ),
    (re.compile(r"^pointer \S+ is moved at line \d+: (.*)$"), r"a pointer is moved: \1"),
    (
        re.compile(r"^\S+ is written only conditionally \(line \d+\) and used after the loop$"),
        "a variable is written only conditionally and used after the loop",
    ),
    (
        re.compile(r"^\S+ is updated with different operators \(.*\), so it is no reduction$"),
        "a variable is updated with different operators",
    ),
    (
        re.compile(r"^\S+ is read at line \d+ before it is written at line \d+: (.*)$"),
        r"a variable is read before it is written: \1",
    ),
    (
        re.compile(r"^\S+ is written only conditionally \(line \d+\) and read at line \d+: (.*)$"),
        r"a variable is written only conditionally and read: \1",
    ),
    (
        re.compile(r"^\S+ is one variable for every call of \S+: (.*)$"),
        r"a variable is one variable for every call: \1",
    ),
    (
        re.compile(r"^\S+ writes \S+, which may be a variable of its host$"),
        "a called procedure writes a variable of its host",
    ),
    (
        re.compile(r"^\S+ is updated like a reduction, (.*)$"),
        r"a variable is updated like a reduction, \1",
    ),
    (
        re.compile(r"^the loop variable \S+ is changed in the body at line \d+$"),
        "the loop variable is changed in the body",
    ),
    (re.compile(r"^(.*?) ?(?:\(line \d+\)|at line \d+)(.*)$"), r"\1\2"),
)


_QUOTED = re.compile(r"`[^`]*`")


def reason_group(reason: str) -> str:
    """The reason without the names and line numbers, so that the same cause in two
    loops counts once: "calls f (line 3), ..." and "calls g (line 9), ..." group."""
    reason = _QUOTED.sub("`…`", reason)  # quoted code: `=` on `a(i)`, `x + y`
    for pattern, group in _GROUPS:
        grouped, hits = pattern.subn(group, reason)
        if hits:
            # The fallback strips one line reference at a time.
            return reason_group(grouped) if pattern is _GROUPS[-1][0] else grouped
    return reason
