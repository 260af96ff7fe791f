"""Calls to procedures defined in the same file, seen through their bodies.

`inline_calls` rewrites a unit so that each call to a known procedure is replaced by what
the callee does, in the caller's terms: its loops and branches become constructs under
the call, its locals become names declared there (one copy per call: private), its
dummy arguments become the actual arguments (an element passed by reference, an array
with the same subscripts, a value substituted into subscripts), and the variables that
outlive a call (C `static` and globals, Fortran module / COMMON / SAVE variables) keep
their identity, *pinned*: a clause on the caller's loop cannot privatise them, since the
callee keeps using the shared object.

A call stays as it was (an unknown effect) when the callee is recursive, ambiguous, holds
OpenMP constructs, calls procedures with unknown effects, lets a pointer argument escape,
or when the argument text cannot be matched to the dummy arguments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from hpcls.analysis.budget import DEFAULT_LIMITS, Budget, BudgetExceeded
from hpcls.analysis.call_text import call_arguments, parameter_names, parse_affine, result_name
from hpcls.analysis.dependence_pairs import substitute
from hpcls.analysis.ir import (
    Access,
    Affine,
    Call,
    Construct,
    ConstructKind,
    Event,
    LoopInfo,
    Span,
    StorageKind,
    Symbol,
    Unit,
)

_IDENT = re.compile(rb"[A-Za-z_][A-Za-z_0-9]*")
_SCALE = 1000  # caller orders and statements are scaled by this to make room for callees
_MAX_DEPTH = 3


@dataclass(frozen=True, slots=True)
class Program:
    """The units of one file with its source text (for argument lists)."""

    units: tuple[Unit, ...]
    source: bytes | None = None

    def unit_named(self, name: str, fortran: bool) -> Unit | None:
        key = name.lower() if fortran else name
        found = [u for u in self.units if (u.name.lower() if u.fortran else u.name) == key]
        return found[0] if len(found) == 1 else None


def program_of(units: Iterable[Unit], source: bytes | str | None = None) -> Program:
    text = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    return Program(tuple(units), text)


@dataclass(frozen=True, slots=True)
class Inlined:
    unit: Unit  # the caller with its known calls replaced by their effects
    original: Mapping[int, Access]  # by order in `unit`: the caller's own access
    call_of: Mapping[int, Call]  # by order in `unit`: the call an inlined access stands for
    pinned: Mapping[str, str]  # shared variable touched by a callee → the callee's name
    doubts: tuple[tuple[Call, str], ...] = ()  # what keeps a call's effect uncertain
    own: int = 0  # constructs with ids from here on stand for callees' loops and branches


@dataclass(frozen=True, slots=True)
class _Bind:
    """How a dummy argument maps to the caller."""

    kind: str  # "value" | "ref" | "base" | "foot" | "local"
    name: str = ""
    subscripts: tuple[Affine | None, ...] = ()
    value: Affine | None = None  # for subscripts that use the dummy


@dataclass
class _Out:
    constructs: list[Construct]
    symbols: dict[str, Symbol]
    pinned: dict[str, str] = field(default_factory=dict)
    doubts: list[tuple[Call, str]] = field(default_factory=list)
    locals: dict[int, set[str]] = field(default_factory=dict)


class _Opaque(Exception):
    """The call cannot be seen through."""


def inline_calls(unit: Unit, program: Program, budget: Budget | None = None) -> Inlined:
    """The unit with its calls to same-file procedures seen through. Past `budget` (by
    default DEFAULT_LIMITS.inline) the remaining calls stay as they are: unknown effects."""
    work = budget if budget is not None else DEFAULT_LIMITS.for_inlining()
    calls = [
        e
        for e in unit.events
        if isinstance(e, Call) and not e.pure and e.context and program.source is not None
    ]
    if not any(program.unit_named(c.name, unit.fortran) is not None for c in calls):
        # Nothing to see through: the unit itself (no copy of every event per loop).
        mine = {e.order: e for e in unit.events if isinstance(e, Access)}
        none: Mapping[int, Call] = MappingProxyType({})
        return Inlined(
            unit, MappingProxyType(mine), none, MappingProxyType({}), (), len(unit.constructs)
        )
    out = _Out(list(unit.constructs), dict(unit.symbols))
    replaced: dict[int, list[Event]] = {}
    cleared: set[int] = set()
    dropped: set[int] = set()
    for call in calls:
        saved = (len(out.constructs), dict(out.symbols), dict(out.pinned), len(out.doubts))
        kept = {k: set(v) for k, v in out.locals.items()}
        try:
            callee = program.unit_named(call.name, unit.fortran)
            if callee is not None:  # binding scans the caller's events; the body is copied
                work.spend(len(unit.events) + len(callee.events))
            events, actuals, gone = _expand(unit, call, program, out, 0, (unit.name,))
        # Text not as expected, or past the budget: the call stays opaque.
        except (_Opaque, KeyError, IndexError, ValueError, BudgetExceeded):
            del out.constructs[saved[0] :]
            out.symbols, out.pinned, out.locals = saved[1], saved[2], kept
            del out.doubts[saved[3] :]
            continue
        replaced[call.order] = events
        cleared |= actuals
        dropped |= gone
    events_out: list[Event] = []
    original: dict[int, Access] = {}
    call_of: dict[int, Call] = {}
    for e in unit.events:
        if e.order in dropped:
            continue
        if e.order in replaced:
            assert isinstance(e, Call)
            for j, x in enumerate(replaced[e.order], start=1):
                moved = replace(x, order=e.order * _SCALE + j)
                if isinstance(moved, Access):
                    call_of[moved.order] = e
                events_out.append(moved)
            continue
        if isinstance(e, Access):
            moved_a = replace(
                e,
                order=e.order * _SCALE,
                statement=e.statement * _SCALE,
                via=tuple(None if v is None else v * _SCALE for v in e.via),
                address_taken=e.address_taken and e.order not in cleared,
            )
            original[moved_a.order] = e
            events_out.append(moved_a)
        elif isinstance(e, Call):
            events_out.append(replace(e, order=e.order * _SCALE, statement=e.statement * _SCALE))
        else:
            events_out.append(replace(e, order=e.order * _SCALE))
    constructs = [
        replace(
            c,
            locals=c.locals | frozenset(out.locals.get(c.id, ())),
            loop=_scaled_skips(c.loop) if c.id < len(unit.constructs) else c.loop,
        )
        for c in out.constructs
    ]
    new_unit = replace(
        unit,
        constructs=tuple(constructs),
        events=tuple(events_out),
        symbols=MappingProxyType(out.symbols),
    )
    return Inlined(
        new_unit,
        MappingProxyType(original),
        MappingProxyType(call_of),
        MappingProxyType(out.pinned),
        tuple(dict.fromkeys(out.doubts)),
        len(unit.constructs),
    )


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _bare(source: bytes, a: Access) -> bool:
    """The access is written as its name alone: in Fortran, the whole array."""
    return _IDENT.fullmatch(source[a.span.start : a.span.end].strip()) is not None


def _storage(unit: Unit, name: str) -> StorageKind | None:
    """ARRAY or POINTER when `name` is one in `unit`."""
    sym = unit.symbols.get(name)
    if sym is None or sym.storage not in (StorageKind.ARRAY, StorageKind.POINTER):
        return None
    return sym.storage


def _caller_rank(unit: Unit, name: str) -> int | None:
    ranks = {len(a.subscripts) for a in unit.events if isinstance(a, Access) and a.name == name}
    ranks.discard(0)
    return ranks.pop() if len(ranks) == 1 else None if ranks else 1


def _bind(
    caller: Unit,
    callee: Unit,
    call: Call,
    dummy: str,
    actual: Span,
    source: bytes,
    written: set[str],
    cleared: set[int],
    dropped: set[int],
) -> _Bind:
    sym = callee.symbols[dummy]
    accs = [
        a
        for a in caller.events
        if isinstance(a, Access)
        and a.statement == call.statement
        and a.order < call.order
        and _within(a.span, actual)
    ]
    text = source[actual.start : actual.end]
    amp = text.startswith(b"&") and not caller.fortran
    core = (actual.start + 1 if amp else actual.start, actual.end)
    while amp and core[0] < core[1] and source[core[0]] in b" \t":
        core = (core[0] + 1, core[1])
    ends = {core, (actual.start, actual.end)}
    outer = next((a for a in accs if (a.span.start, a.span.end) in ends), None)
    cleared.update(a.order for a in accs if a.address_taken)
    if outer is not None and (caller.fortran or amp):
        dropped.add(outer.order)  # passed by reference: what the callee does counts
    if sym.storage is StorageKind.SCALAR:
        if caller.fortran and outer is not None and not amp:
            value = Affine.var(outer.name) if not outer.subscripts else None
            keep = None if dummy in written else value
            return _Bind("ref", outer.name, outer.subscripts, keep)
        if dummy in written:
            return _Bind("local")
        return _Bind("value", value=parse_affine(text, caller.fortran))
    if outer is None or (not caller.fortran and not amp and outer.subscripts):
        arrays = {a.name for a in accs if a.subscripts or _storage(caller, a.name) is not None}
        if len(arrays) != 1:
            raise _Opaque
        return _Bind("foot", arrays.pop())
    if caller.fortran:
        if not _bare(source, outer):
            return _Bind("foot", outer.name)
        return _Bind("base", outer.name, ())  # offsets per dimension, made per access
    if amp and not outer.subscripts and _storage(caller, outer.name) is None:
        return _Bind("ref", outer.name, ())  # `&t`: *p is t
    if amp:
        if len(outer.subscripts) != 1 or _caller_rank(caller, outer.name) != 1:
            return _Bind("foot", outer.name)
        return _Bind("base", outer.name, outer.subscripts)
    if _caller_rank(caller, outer.name) != 1:
        return _Bind("foot", outer.name)
    return _Bind("base", outer.name, (Affine.const(0),))


def _expand(
    caller: Unit, call: Call, program: Program, out: _Out, depth: int, stack: tuple[str, ...]
) -> tuple[list[Event], set[int], set[int]]:
    callee = program.unit_named(call.name, caller.fortran)
    source = program.source
    if callee is None or source is None or depth >= _MAX_DEPTH or callee.name in stack:
        raise _Opaque
    if any(c.kind is ConstructKind.OMP for c in callee.constructs):
        raise _Opaque
    dummies = parameter_names(source, callee.span, callee.name, callee.fortran)
    params = {s.name for s in callee.symbols.values() if s.parameter}
    actuals = call_arguments(source, call.span, call.name, caller.fortran)
    if dummies is None or set(dummies) != params or actuals is None:
        raise _Opaque
    if len(actuals) != len(dummies) or len(dummies) != len(set(dummies)):
        raise _Opaque
    written = {a.name for a in callee.events if isinstance(a, Access) and a.write}
    cleared: set[int] = set()
    dropped: set[int] = set()
    binds = {
        d: _bind(caller, callee, call, d, span, source, written, cleared, dropped)
        for d, span in zip(dummies, actuals, strict=True)
    }
    at = call.context[-1]
    prefix = f"{callee.name}::"
    names: dict[str, str] = {}  # callee name → caller name for plain renames
    roots = {_root(a.name) for a in callee.events if isinstance(a, Access)}
    result = result_name(source, callee.span) if callee.fortran else None
    for name in sorted(roots | set(callee.symbols)):
        sym = callee.symbols.get(name) or Symbol(name, StorageKind.UNKNOWN)
        if sym.parameter and binds[sym.name].kind not in ("local", "value"):
            continue
        shared = sym.static or sym.threadprivate
        if not shared and (sym.storage is not StorageKind.UNKNOWN or sym.parameter):
            new = prefix + sym.name
            names[sym.name] = new
            out.symbols[new] = replace(sym, name=new, parameter=False, declared_in=at)
            out.locals.setdefault(at, set()).add(new)
        elif not shared and callee.fortran and sym.name not in (callee.name.lower(), result):
            new = prefix + sym.name  # an implicit local, a result or a host's variable
            names[sym.name] = new
            out.locals.setdefault(at, set()).add(new)
            if sym.name in written:
                why = f"{callee.name} writes {sym.name}, which may be a variable of its host"
                out.doubts.append((call, why))
        elif not shared and callee.fortran:
            names[sym.name] = prefix + sym.name
            out.locals.setdefault(at, set()).add(prefix + sym.name)
        else:
            if sym.storage is StorageKind.UNKNOWN and not callee.fortran and sym.name in written:
                raise _Opaque  # not declared here: a member of `this`, or extern
            mine = caller.symbols.get(sym.name)
            same = mine is None or mine.static or mine.storage is StorageKind.UNKNOWN
            new = sym.name if same else prefix + sym.name
            names[sym.name] = new
            out.symbols.setdefault(new, replace(sym, name=new))
            if not sym.threadprivate:
                out.pinned.setdefault(new, callee.name)
    ids: dict[int, int] = {}
    for c in callee.constructs:
        ids[c.id] = len(out.constructs)
        parent = ids[c.parent] if c.parent is not None else at
        info = c.loop
        if info is not None and info.skips:
            raise _Opaque  # its skip positions are orders of the callee's events
        if info is not None:
            info = _loop_info(info, names, binds)
        out.constructs.append(
            Construct(
                ids[c.id],
                c.kind,
                call.span,
                parent,
                info,
                header=call.span,
                locals=frozenset(names.get(n, n) for n in c.locals),
            )
        )
    events: list[Event] = []
    first = min((e.statement for e in callee.events if isinstance(e, Access)), default=0)
    for e in callee.events:
        ctx = call.context + tuple(ids[c] for c in e.context)
        if isinstance(e, Call):
            if not e.pure:
                raise _Opaque
            events.append(replace(e, span=call.span, context=ctx, statement=call.statement))
            continue
        if not isinstance(e, Access):
            raise _Opaque
        statement = e.statement - first + 1
        if statement >= _SCALE:
            raise _Opaque
        if callee.fortran and e.subscripts and not any(e.subscripts) and _bare(source, e):
            e = replace(e, subscripts=())  # `row = ...`: every element
        mapped = _access(e, names, binds, callee, caller)
        events.append(
            replace(
                mapped,
                span=call.span,
                statement=call.statement * _SCALE + statement,
                context=ctx,
                quotients=(),
                via=(),
                value=None,
            )
        )
    if len(events) >= _SCALE:
        raise _Opaque
    return events, cleared, dropped


def _root(name: str) -> str:
    for sep in (".", "%", "->"):
        name = name.split(sep, 1)[0]
    return name


def _translate(
    expr: Affine | None, names: Mapping[str, str], binds: Mapping[str, _Bind]
) -> Affine | None:
    if expr is None:
        return None
    for n in expr.names():
        bind = binds.get(n)
        if bind is not None and bind.kind in ("value", "ref"):
            if bind.value is None:
                return None
            expr = substitute(expr, n, bind.value)
        elif bind is not None:
            return None
        elif n in names and names[n] != n:
            expr = expr.rename(n, names[n])
    return expr


def _scaled_skips(info: LoopInfo | None) -> LoopInfo | None:
    """The caller's loops keep their skips at the caller's renumbered events."""
    if info is None or not info.skips:
        return info
    return replace(info, skips=tuple(s * _SCALE for s in info.skips))


def _loop_info(info: LoopInfo, names: Mapping[str, str], binds: Mapping[str, _Bind]) -> LoopInfo:
    var = names.get(info.var, info.var) if info.var is not None else None
    return replace(
        info,
        var=var,
        lower=_translate(info.lower, names, binds),
        upper=_translate(info.upper, names, binds),
    )


def _access(
    a: Access, names: Mapping[str, str], binds: Mapping[str, _Bind], callee: Unit, caller: Unit
) -> Access:
    root = _root(a.name)
    subs = tuple(_translate(s, names, binds) for s in a.subscripts)
    bind = binds.get(root)
    if bind is None:
        new = names.get(root, root)
        return replace(a, name=new + a.name[len(root) :], subscripts=subs)
    if root != a.name or bind.kind in ("value", "local"):
        if bind.kind in ("value", "local"):
            return replace(a, name=names.get(root, root) + a.name[len(root) :], subscripts=subs)
        raise _Opaque  # a member of a dummy argument
    if bind.kind == "ref":
        if a.subscripts and (callee.fortran or a.subscripts != (Affine.const(0),)):
            raise _Opaque  # only `*p` / `p[0]` is the variable itself
        return replace(a, name=bind.name, subscripts=bind.subscripts, address_taken=False)
    if bind.kind == "foot":
        rank = max(_caller_rank(caller, bind.name) or 1, 1)
        return replace(a, name=bind.name, subscripts=(None,) * rank)
    # "base": an array passed whole (Fortran) or from an element on (C).
    if not a.subscripts:
        if not callee.fortran or a.address_taken:
            raise _Opaque  # the pointer itself is used: it may escape
        whole = () if _storage(caller, bind.name) is not None else (None,)
        return replace(a, name=bind.name, subscripts=whole)
    if callee.fortran:
        tag = f"{bind.name}'{callee.name}.{root}"
        shifted = tuple(
            None if s is None else s + Affine.var(f"{tag}{d}") for d, s in enumerate(subs)
        )
        return replace(a, name=bind.name, subscripts=shifted)
    if len(subs) != 1:
        return replace(a, name=bind.name, subscripts=(None,))
    start = bind.subscripts[0]
    moved = None if start is None or subs[0] is None else start + subs[0]
    return replace(a, name=bind.name, subscripts=(moved,))
