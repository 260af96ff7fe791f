"""Independence from the loop bounds themselves: Fourier-Motzkin elimination on the
system "same element, both iterations inside their loops, the source's iteration of the
analysed loop first" (or last). The subscript tests see each loop's trip count but not
bounds that depend on outer loop variables (`for j < i`), so a triangular nest such as
an in-place transpose (B[i][j] with B[j][i] for j < i) stays possible there; here the
real relaxation of the system is empty, hence so is the integer one.

Only equations and bounds that are linear in loop variables and names the loop does not
write are used: leaving a constraint out only makes the system easier to satisfy, so
"infeasible" stays a proof.
"""

from __future__ import annotations

from fractions import Fraction

from hpcls.analysis.budget import DEFAULT_LIMITS, Budget
from hpcls.analysis.ir import Access, Affine
from hpcls.analysis.loop_facts import LoopScope

_MAX_CONSTRAINTS = 400
Constraint = tuple[dict[str, Fraction], Fraction]  # sum(c * x) + k >= 0


def _linear(expr: Affine, rename: dict[str, str], invariant: frozenset[str]) -> Constraint | None:
    coeffs: dict[str, Fraction] = {}
    for monomial, c in expr.terms:
        if len(monomial) != 1:
            return None
        name = monomial[0]
        if name in rename:
            name = rename[name]
        elif name not in invariant:
            return None
        coeffs[name] = coeffs.get(name, Fraction(0)) + c
    return coeffs, Fraction(expr.constant)


def _minus(x: Constraint, y: Constraint) -> Constraint:
    out = dict(x[0])
    for n, c in y[0].items():
        out[n] = out.get(n, Fraction(0)) - c
    return out, x[1] - y[1]


def _infeasible(system: list[Constraint], budget: Budget) -> bool:
    rows = [({n: c for n, c in co.items() if c}, k) for co, k in system]
    while True:
        budget.spend(len(rows))
        if any(not co and k < 0 for co, k in rows):
            return True
        rows = [(co, k) for co, k in rows if co]
        names = sorted({n for co, _ in rows for n in co})
        if not names:
            return False
        # the variable whose elimination makes the fewest new rows (signs counted in
        # one pass over the rows, not one per variable)
        ups: dict[str, int] = {}
        downs: dict[str, int] = {}
        for co, _ in rows:
            for n, c in co.items():
                side = ups if c > 0 else downs
                side[n] = side.get(n, 0) + 1
        best = min(names, key=lambda n: ups.get(n, 0) * downs.get(n, 0))
        pos = [r for r in rows if r[0].get(best, 0) > 0]
        neg = [r for r in rows if r[0].get(best, 0) < 0]
        rest = [r for r in rows if not r[0].get(best, 0)]
        if len(rest) + len(pos) * len(neg) > _MAX_CONSTRAINTS:
            return False  # as below, before making rows only to drop them
        budget.spend(len(pos) * len(neg))
        for pc, pk in pos:
            for nc, nk in neg:
                a, b = pc[best], -nc[best]
                merged: dict[str, Fraction] = {}
                for n, c in pc.items():
                    merged[n] = merged.get(n, Fraction(0)) + c * b
                for n, c in nc.items():
                    merged[n] = merged.get(n, Fraction(0)) + c * a
                merged = {n: c for n, c in merged.items() if c and n != best}
                rest.append((merged, pk * b + nk * a))
        if len(rest) > _MAX_CONSTRAINTS:
            return False
        rows = rest


def _side(
    scope: LoopScope, nest: tuple[int, ...], tag: str, invariant: frozenset[str]
) -> tuple[dict[str, str], list[Constraint]]:
    rename: dict[str, str] = {}
    bounds: list[Constraint] = []
    for cid in nest:
        info = scope.unit.constructs[cid].loop
        if info is None or info.var is None:
            continue
        rename[info.var] = f"{tag}:{info.var}"
        me = (({rename[info.var]: Fraction(1)}), Fraction(0))
        if not info.step:
            continue
        for bound, least in ((info.lower, info.step > 0), (info.upper, info.step < 0)):
            lin = None if bound is None else _linear(bound, rename, invariant)
            if lin is not None:  # var >= the least value, var <= the greatest
                bounds.append(_minus(me, lin) if least else _minus(lin, me))
    return rename, bounds


def carried_impossible(
    scope: LoopScope, a: Access, b: Access, direction: str, budget: Budget | None = None
) -> bool:
    """No iteration pair with `a`'s iteration of the analysed loop before (`<`) or after
    (`>`) `b`'s touches one element."""
    info = scope.info
    if not info.step or info.var is None or len(a.subscripts) != len(b.subscripts):
        return False
    loops = {lv.var for c in scope.inner if (lv := scope.unit.constructs[c].loop) and lv.var}
    names = {n for s in (*a.subscripts, *b.subscripts) if s is not None for n in s.names()}
    for c in scope.inner:
        lv = scope.unit.constructs[c].loop
        for bound in (lv.lower, lv.upper) if lv is not None else ():
            names |= bound.names() if bound is not None else set()
    invariant = frozenset(n for n in names - loops if n not in scope.written)
    ra, system = _side(scope, scope.nest(a), "s", invariant)
    rb, more = _side(scope, scope.nest(b), "t", invariant)
    system += more
    for sa, sb in zip(a.subscripts, b.subscripts, strict=True):
        la = None if sa is None else _linear(sa, ra, invariant)
        lb = None if sb is None else _linear(sb, rb, invariant)
        if la is not None and lb is not None:
            eq = _minus(la, lb)
            system += [eq, ({n: -c for n, c in eq[0].items()}, -eq[1])]
    s, t = ra[info.var], rb[info.var]
    step = Fraction(abs(info.step))
    later = ({t: Fraction(1), s: Fraction(-1)}, -step)  # t >= s + step
    earlier = ({s: Fraction(1), t: Fraction(-1)}, -step)
    forward = (info.step > 0) == (direction == "<")
    system.append(later if forward else earlier)
    return _infeasible(system, budget if budget is not None else DEFAULT_LIMITS.for_loop())


# --- witnesses ------------------------------------------------------------------------------

_MAX_POINTS = 4096  # iterations enumerated per side
_SIZES = (2, 3, 4, 6, 8)
_FIRST = 8  # values tried per loop


def _grows(info_bounds: list[tuple[Affine, bool]], sizes: frozenset[str]) -> bool:
    """Every size name only widens the loops as it grows: a positive coefficient in
    upper bounds, a negative one in lower bounds, and no products with it."""
    for bound, least in info_bounds:
        for monomial, c in bound.terms:
            used = [n for n in monomial if n in sizes]
            if not used:
                continue
            if len(monomial) != 1 or (c > 0) == least:
                return False
    return True


def _evaluate(expr: Affine, env: dict[str, int]) -> int | None:
    total = expr.constant
    for monomial, c in expr.terms:
        value = c
        for n in monomial:
            if n not in env:
                return None
            value *= env[n]
        total += value
    return total


def _iterations(
    scope: LoopScope, nest: tuple[int, ...], env: dict[str, int], budget: Budget
) -> list[dict[str, int]] | None:
    points: list[dict[str, int]] = [dict(env)]
    for cid in nest:
        info = scope.unit.constructs[cid].loop
        if info is None or info.var is None or info.lower is None or info.upper is None:
            return None
        if not info.step:
            return None
        grown: list[dict[str, int]] = []
        for p in points:
            lo, hi = _evaluate(info.lower, p), _evaluate(info.upper, p)
            if lo is None or hi is None:
                return None
            values = range(lo, hi + 1, info.step) if info.step > 0 else range(lo, hi - 1, info.step)
            for v in values[:_FIRST]:  # a witness among the first iterations is one
                grown.append({**p, info.var: v})
                if len(grown) > _MAX_POINTS:
                    return None
        budget.spend(len(grown))
        points = grown
    return points


def carried_witness(
    scope: LoopScope, a: Access, b: Access, direction: str, budget: Budget | None = None
) -> bool:
    """Some pair of iterations, `a`'s iteration of the analysed loop before (`<`) or after
    (`>`) `b`'s, touches one element, for every large enough value of the sizes the loop
    bounds use. Subscripts may use only loop variables and constants; the sizes must only
    widen the loops as they grow, so a witness at one size is a witness at all larger."""
    if len(a.subscripts) != len(b.subscripts) or any(
        s is None for s in (*a.subscripts, *b.subscripts)
    ):
        return False
    nests = (scope.nest(a), scope.nest(b))
    infos = [scope.unit.constructs[c].loop for c in (*nests[0], *nests[1])]
    loops = {i.var for i in infos if i is not None and i.var is not None}
    subs = [s for s in (*a.subscripts, *b.subscripts) if s is not None]
    if any(s.names() - loops for s in subs):
        return False
    bounds: list[tuple[Affine, bool]] = []
    for info in infos:
        if info is None or info.lower is None or info.upper is None or not info.step:
            return False
        if info.exits:
            return False  # the loop may stop before the witness
        bounds += [(info.lower, info.step > 0), (info.upper, info.step < 0)]
    sizes = frozenset(n for bound, _ in bounds for n in bound.names()) - loops
    if sizes & scope.written or not _grows(bounds, sizes):
        return False
    work = budget if budget is not None else DEFAULT_LIMITS.for_loop()
    var, step = scope.info.var or "", scope.info.step or 1
    sign = 1 if direction == "<" else -1
    for size in _SIZES:
        env = dict.fromkeys(sizes, size)
        src = _iterations(scope, nests[0], env, work)
        snk = _iterations(scope, nests[1], env, work)
        if src is None or snk is None:
            return False
        touched: dict[tuple[int | None, ...], list[int]] = {}
        for p in snk:
            key = tuple(_evaluate(s, p) for s in b.subscripts if s is not None)
            touched.setdefault(key, []).append(p[var])
        for p in src:
            key = tuple(_evaluate(s, p) for s in a.subscripts if s is not None)
            if any((other - p[var]) * step * sign > 0 for other in touched.get(key, ())):
                return True  # the sink's iteration comes later (`<`) or earlier (`>`)
    return False


def quotient_collision(scope: LoopScope, a: Access) -> bool:
    """A one-dimensional write `x[num / den]` whose numerator moves by less than `den`
    per iteration of the analysed loop (and not at all with inner loops): among any
    den + 1 consecutive iterations two write the same element."""
    if not a.write or len(a.subscripts) != 1 or a.subscripts[0] is not None:
        return False
    q = a.quotients[0] if a.quotients else None
    info = scope.info
    if q is None or info.var is None or not info.step or len(scope.nest(a)) != 1:
        return False
    if a.name in scope.reassigned:
        return False  # a moving pointer: another element each time
    if (q.num.names() - {info.var}) & scope.written:
        return False
    if any(info.var in m and m != (info.var,) for m, _ in q.num.terms):
        return False
    move = abs(q.num.coefficient(info.var) * info.step)
    extent = scope.extents.get(scope.loop)
    return 0 < move < q.den and (extent is None or extent >= q.den)
