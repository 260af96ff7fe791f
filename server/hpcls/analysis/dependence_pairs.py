"""From two accesses to the same array to a combined dependence result: delinearize
`i*n + j`, rewrite loop variables as iteration counters, build one Equation per dimension
and combine the dimension tests."""

from __future__ import annotations

from dataclasses import dataclass

from hpcls.analysis.dependence_tests import (
    DimResult,
    Equation,
    PairResult,
    all_vectors,
    combine,
    decide_dimension,
    symbolic,
)
from hpcls.analysis.ir import Access, Affine, LoopInfo
from hpcls.analysis.loop_facts import LoopScope, whole_array

_UNKNOWN = "?"  # prefix of a name standing for a value the tests cannot use


@dataclass(frozen=True, slots=True)
class PairOutcome:
    result: PairResult
    levels: int  # common loop levels, the analysed loop first


def substitute(expr: Affine, name: str, by: Affine) -> Affine:
    """`expr` with every occurrence of `name` replaced by `by` (powers included)."""
    out = Affine.const(expr.constant)
    for monomial, c in expr.terms:
        term = Affine.const(c)
        rest = [n for n in monomial if n != name]
        for n in rest:
            term = term * Affine.var(n)
        for _ in range(len(monomial) - len(rest)):
            term = term * by
        out = out + term
    return out


def _info(scope: LoopScope, cid: int) -> LoopInfo:
    info = scope.unit.constructs[cid].loop
    assert info is not None
    return info


def _clean(scope: LoopScope, nest: tuple[int, ...], sub: Affine | None) -> Affine | None:
    """None when the subscript uses a name that changes inside the loop but is not the
    variable of a loop around the access."""
    if sub is None:
        return None
    around = {_info(scope, c).var for c in nest}
    for n in sub.names():
        if n not in around and n in scope.written:
            return None
    return sub


# --- delinearization ------------------------------------------------------------------------


def _range(scope: LoopScope, nest: tuple[int, ...], r: Affine) -> tuple[Affine, Affine] | None:
    """Lowest and highest value of `r`, affine in the loops' variables with constant
    coefficients, from the loop bounds; None when it has other terms."""
    bounds: dict[str, tuple[Affine, Affine]] = {}
    for c in nest:
        info = _info(scope, c)
        if info.var is None or info.lower is None or info.upper is None or not info.step:
            continue
        first, last = info.lower, info.upper
        bounds[info.var] = (first, last) if info.step > 0 else (last, first)
    low = high = Affine.const(r.constant)
    for monomial, c in r.terms:
        if len(monomial) != 1 or monomial[0] not in bounds:
            return None
        lo, hi = bounds[monomial[0]]
        low = low + (lo if c > 0 else hi).scale(c)
        high = high + (hi if c > 0 else lo).scale(c)
    return low, high


def _split(sub: Affine, n: str) -> tuple[Affine, Affine] | None:
    """sub = n*Q + R with n in neither Q nor R."""
    q, r = Affine(), Affine.const(sub.constant)
    for monomial, c in sub.terms:
        count = monomial.count(n)
        if count > 1:
            return None
        part = Affine(((tuple(x for x in monomial if x != n), c),) if len(monomial) > 1 else ())
        if count and len(monomial) == 1:
            q = q + Affine.const(c)
        elif count:
            q = q + part
        else:
            r = r + Affine(((monomial, c),))
    return q, r


def _fits(scope: LoopScope, nest: tuple[int, ...], r: Affine, n: str) -> bool:
    """0 <= r <= n - 1 over the whole iteration space."""
    span = _range(scope, nest, r)
    if span is None:
        return False
    low, high = span
    top = high - Affine.var(n)
    return low.is_constant and low.constant >= 0 and top.is_constant and top.constant <= -1


def delinearize(
    scope: LoopScope, nests: tuple[tuple[int, ...], tuple[int, ...]], a: Affine, b: Affine
) -> list[tuple[Affine, Affine]]:
    """Split `a = b` into `Qa = Qb and Ra = Rb` when both read `n*Q + R` with R provably in
    [0, n): then equal elements need equal Q and equal R. Repeats on the Q parts."""
    candidates = sorted(
        {x for m, _ in (*a.terms, *b.terms) if len(m) > 1 for x in m}
        - {_info(scope, c).var for c in (*nests[0], *nests[1])}
        - scope.written
    )
    for n in candidates:
        sa, sb = _split(a, n), _split(b, n)
        if sa is None or sb is None or (sa[0].is_constant and sb[0].is_constant):
            continue
        if _fits(scope, nests[0], sa[1], n) and _fits(scope, nests[1], sb[1], n):
            return [*delinearize(scope, nests, sa[0], sb[0]), (sa[1], sb[1])]
    return [(a, b)]


# --- equations ------------------------------------------------------------------------------


def _counters(scope: LoopScope, nest: tuple[int, ...], sub: Affine, tag: str) -> Affine:
    """Rewrite the variable of each loop in `nest`, innermost first, as
    `lower + step*#<tag><level>`; a loop without affine lower bound or constant step gives
    an unusable name."""
    for level in range(len(nest) - 1, -1, -1):
        info = _info(scope, nest[level])
        if info.var is None:
            continue
        counter = Affine.var(f"#{tag}{level}")
        if info.step and info.lower is not None:
            by = info.lower + counter.scale(info.step)
        elif info.step and level == 0:
            # The analysed loop's first value is evaluated once: one unknown for both.
            by = Affine.var(_UNKNOWN + info.var) + counter.scale(info.step)
        else:
            # An inner loop's start may differ between the two iterations: one unknown
            # per side, so that nothing cancels.
            by = Affine.var(f"{_UNKNOWN}{tag}{level}{info.var}")
        sub = substitute(sub, info.var, by)
    return sub


def _rewritten(scope: LoopScope, nest: tuple[int, ...], sub: Affine, tag: str) -> Affine:
    key = (nest, sub, tag)
    done = scope.rewritten.get(key)
    if done is None:
        done = scope.rewritten[key] = _counters(scope, nest, sub, tag)
    return done


def equation(
    scope: LoopScope,
    nests: tuple[tuple[int, ...], tuple[int, ...]],
    common: int,
    a: Affine,
    b: Affine,
) -> Equation | None:
    """The dimension equation a(K) - b(K') = 0; None when symbols do not cancel."""
    h = _rewritten(scope, nests[0], a, "s") - _rewritten(scope, nests[1], b, "t")
    src, sink = [0] * common, [0] * common
    free: list[tuple[int, int | None]] = []
    names: list[str] = []
    for monomial, c in h.terms:
        if len(monomial) != 1 or not monomial[0].startswith("#"):
            return None
        tag, level = monomial[0][1], int(monomial[0][2:])
        if level < common:
            if tag == "s":
                src[level] = c
            else:
                sink[level] = -c
        else:
            nest = nests[0] if tag == "s" else nests[1]
            free.append((c, scope.extents[nest[level]]))
            names.append(monomial[0])
    extent = tuple(scope.extents[nests[0][lv]] for lv in range(common))
    return Equation(tuple(src), tuple(sink), extent, tuple(free), h.constant, tuple(names))


def pair_dependence(scope: LoopScope, a: Access, b: Access) -> PairOutcome:
    """Where `a` (as source) and `b` (as sink) may touch the same element."""
    nests = (scope.nest(a), scope.nest(b))
    common = 0
    while common < min(map(len, nests)) and nests[0][common] == nests[1][common]:
        common += 1
    if any((scope.extents[c] or 0) < 0 for c in (*nests[0], *nests[1])):
        return PairOutcome(PairResult(frozenset(), True, (), ("empty loop",)), common)
    dims: list[DimResult] = []
    if whole_array(scope, a) or whole_array(scope, b) or not a.subscripts or not b.subscripts:
        dims.append(DimResult("whole", all_vectors(common), exact=True))
    elif len(a.subscripts) != len(b.subscripts) or a.name in scope.reassigned:
        dims.append(symbolic(common))
    else:
        for sa, sb in zip(a.subscripts, b.subscripts, strict=True):
            ca, cb = _clean(scope, nests[0], sa), _clean(scope, nests[1], sb)
            if ca is None or cb is None:
                dims.append(symbolic(common))
                continue
            for pa, pb in delinearize(scope, nests, ca, cb):
                eq = equation(scope, nests, common, pa, pb)
                dims.append(symbolic(common) if eq is None else decide_dimension(eq))
    return PairOutcome(combine(common, dims), common)
