"""Subscript dependence tests on one dimension pair, in normalised iteration space.

Every loop variable is rewritten as `lower + step*K` with its iteration counter K in
[0, M] (M = trip count - 1, None when unknown: unbounded above). One dimension pair then
reads

    sum(src[l] * K_l) - sum(sink[l] * K'_l) + sum(f * U) + constant = 0

over the common levels l (K for the source's iteration, K' for the sink's) and the
counters U of loops around only one of the two accesses. A direction vector gives, per
common level, "<" (the source's iteration comes first), "=" or ">".
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import product

DIRECTIONS = ("<", "=", ">")
DirVector = tuple[str, ...]
_INF = math.inf


@dataclass(frozen=True, slots=True)
class Equation:
    src: tuple[int, ...]  # the source counter's coefficient per common level
    sink: tuple[int, ...]  # the sink counter's coefficient per common level (subtracted)
    extent: tuple[int | None, ...]  # M per common level; None: unknown
    free: tuple[tuple[int, int | None], ...] = ()  # (coefficient, M) of one-sided counters
    constant: int = 0
    free_names: tuple[str, ...] = ()  # names of the one-sided counters, for combining

    @property
    def levels(self) -> int:
        return len(self.src)

    def used_levels(self) -> tuple[int, ...]:
        return tuple(lv for lv in range(self.levels) if self.src[lv] or self.sink[lv])


@dataclass(frozen=True, slots=True)
class DimResult:
    test: str  # the test that decided: "ZIV", "strong SIV", ..., "symbolic"
    vectors: frozenset[DirVector]  # the feasible direction vectors; empty: independent
    exact: bool  # every vector in `vectors` really has a dependence
    constrained: tuple[int, ...] = ()  # the common levels this dimension restricts
    distance: tuple[tuple[int, int], ...] = ()  # (level, K' - K) from strong SIV
    counters: tuple[str, ...] = ()  # the one-sided counters it restricts

    @property
    def independent(self) -> bool:
        return not self.vectors


def all_vectors(levels: int) -> frozenset[DirVector]:
    return frozenset(product(DIRECTIONS, repeat=levels))


def _with_level(levels: int, level: int, allowed: Iterable[str]) -> frozenset[DirVector]:
    keep = set(allowed)
    return frozenset(v for v in all_vectors(levels) if v[level] in keep)


def _sign(d: int) -> str:
    return "<" if d > 0 else ">" if d < 0 else "="


def symbolic(levels: int) -> DimResult:
    """A subscript pair the tests cannot decide: every direction stays possible."""
    return DimResult("symbolic", all_vectors(levels), exact=False)


def ziv(eq: Equation) -> DimResult:
    """Zero index variables: dependent exactly when the constants are equal."""
    dependent = eq.constant == 0
    return DimResult("ZIV", all_vectors(eq.levels) if dependent else frozenset(), exact=True)


def strong_siv(eq: Equation, level: int) -> DimResult:
    """a*K - a*K' + c = 0: the distance K' - K = c / a, exact; beyond the trip count there
    is no pair of iterations that far apart."""
    a, c, m = eq.src[level], eq.constant, eq.extent[level]
    if c % a:
        return DimResult("strong SIV", frozenset(), exact=True)
    d = c // a
    if m is not None and abs(d) > m:
        return DimResult("strong SIV", frozenset(), exact=True)
    vectors = _with_level(eq.levels, level, _sign(d))
    return DimResult("strong SIV", vectors, True, (level,), ((level, d),))


def weak_zero_siv(eq: Equation, level: int) -> DimResult:
    """One side does not move at this level (a*K + c = 0 or -b*K' + c = 0): only the
    iteration K0 = -c / a touches the element, when it exists."""
    a, b, c, m = eq.src[level], eq.sink[level], eq.constant, eq.extent[level]
    coefficient = a if a else -b
    if c % coefficient:
        return DimResult("weak-zero SIV", frozenset(), exact=True)
    k0 = -c // coefficient
    if k0 < 0 or (m is not None and k0 > m):
        return DimResult("weak-zero SIV", frozenset(), exact=True)
    # The fixed side is at k0 and the other side anywhere in [0, M].
    earlier, later = k0 > 0, m is None or k0 < m
    allowed = {"="}
    if a:  # the source is fixed: the sink comes later when it is after k0
        allowed |= {"<"} if later else set()
        allowed |= {">"} if earlier else set()
    else:
        allowed |= {"<"} if earlier else set()
        allowed |= {">"} if later else set()
    return DimResult("weak-zero SIV", _with_level(eq.levels, level, allowed), True, (level,))


def weak_crossing_siv(eq: Equation, level: int) -> DimResult:
    """a*K + a*K' + c = 0 (the sink's coefficient is the source's negated): K + K' = s, the
    iterations cross at s / 2."""
    a, c, m = eq.src[level], eq.constant, eq.extent[level]
    top = _INF if m is None else m
    if c % a:
        return DimResult("weak-crossing SIV", frozenset(), exact=True)
    s = -c // a
    if s < 0 or s > 2 * top:
        return DimResult("weak-crossing SIV", frozenset(), exact=True)
    allowed: set[str] = set()
    if s % 2 == 0:
        allowed.add("=")
    # K < K' with K + K' = s: some integer K in [max(0, s - M), ceil(s/2) - 1].
    if max(0, s - top) <= math.ceil(s / 2) - 1:
        allowed |= {"<", ">"}
    return DimResult("weak-crossing SIV", _with_level(eq.levels, level, allowed), True, (level,))


def _coefficients(eq: Equation, vector: DirVector | None) -> list[int]:
    out: list[int] = [f for f, _ in eq.free]
    for lv in range(eq.levels):
        if vector is not None and vector[lv] == "=":
            out.append(eq.src[lv] - eq.sink[lv])  # K = K' merges the two terms
        else:
            out += [eq.src[lv], eq.sink[lv]]
    return out


def gcd_test(eq: Equation, vector: DirVector | None = None) -> bool:
    """False when no integer solution exists: the gcd of the coefficients does not divide
    the constant. Bounds are ignored."""
    g = math.gcd(*(abs(c) for c in _coefficients(eq, vector)))
    return eq.constant == 0 if g == 0 else eq.constant % g == 0


# Per direction: the vertices and rays of the region of (K, K') in [0, M]^2; M = None means
# unbounded, when only the vertices with finite coordinates and the rays remain.
def _region(
    direction: str, m: int | None
) -> tuple[list[tuple[float, float]], list[tuple[int, int]]]:
    if m is not None and m < 0:
        return [], []
    if direction == "=":
        return ([(0, 0)], [(1, 1)]) if m is None else ([(0, 0), (m, m)], [])
    if direction == "<":
        if m is None:
            return [(0, 1)], [(0, 1), (1, 1)]
        return ([(0, 1), (0, m), (m - 1, m)], []) if m >= 1 else ([], [])
    if direction == ">":
        if m is None:
            return [(1, 0)], [(1, 0), (1, 1)]
        return ([(1, 0), (m, 0), (m, m - 1)], []) if m >= 1 else ([], [])
    if m is None:
        return [(0, 0)], [(1, 0), (0, 1)]
    return [(0, 0), (0, m), (m, 0), (m, m)], []


def _term_range(a: int, b: int, direction: str, m: int | None) -> tuple[float, float] | None:
    """min and max of a*K - b*K' over the region; None when the region is empty."""
    vertices, rays = _region(direction, m)
    if not vertices:
        return None
    values = [a * k - b * k2 for k, k2 in vertices]
    low, high = float(min(values)), float(max(values))
    for rk, rk2 in rays:
        slope = a * rk - b * rk2
        low = -_INF if slope < 0 else low
        high = _INF if slope > 0 else high
    return low, high


def banerjee(eq: Equation, vector: DirVector) -> bool:
    """False when the equation has no real solution in the bounded region of `vector`:
    0 lies outside [min, max] of the left-hand side (Banerjee's inequalities)."""
    low = high = float(eq.constant)
    for lv, direction in enumerate(vector):
        r = _term_range(eq.src[lv], eq.sink[lv], direction, eq.extent[lv])
        if r is None:
            return False
        low, high = low + r[0], high + r[1]
    for f, m in eq.free:
        if m is not None and m < 0:
            return False
        top = _INF if m is None else m
        ends = (0.0, f * top) if f else (0.0, 0.0)
        low, high = low + min(ends), high + max(ends)
    return low <= 0 <= high


def _refine(eq: Equation, prefix: DirVector) -> set[DirVector]:
    """The feasible vectors starting with `prefix`, refining one level at a time and
    pruning a prefix as soon as GCD or Banerjee rule it out with "*" for the rest."""
    full = prefix + ("*",) * (eq.levels - len(prefix))
    if not (gcd_test(eq, full) and banerjee(eq, full)):
        return set()
    lv = len(prefix)
    if lv == eq.levels:
        return {prefix}
    if eq.src[lv] or eq.sink[lv]:
        return {v for d in DIRECTIONS for v in _refine(eq, (*prefix, d))}
    # A level the equation does not use: any direction its loop can take, same suffixes.
    rest = _refine(eq, (*prefix, "="))
    m = eq.extent[lv]
    moves = DIRECTIONS if m is None or m >= 1 else ("=",)
    return {(*v[:lv], d, *v[lv + 1 :]) for v in rest for d in moves}


def miv(eq: Equation) -> DimResult:
    """Several index variables: GCD first, then Banerjee per direction vector."""
    if not gcd_test(eq):
        return DimResult("GCD", frozenset(), exact=True)
    vectors = frozenset(_refine(eq, ()))
    # Only one-sided counters, each with coefficient +-1: every integer between the
    # Banerjee bounds is reached, so the dependence is certain.
    exact = not eq.used_levels() and all(abs(f) == 1 for f, _ in eq.free)
    names = tuple(n for n, (f, _) in zip(eq.free_names, eq.free, strict=False) if f)
    return DimResult("Banerjee", vectors, exact, eq.used_levels(), counters=names)


def decide_dimension(eq: Equation) -> DimResult:
    """Pick the exact test that fits the equation's shape, else GCD + Banerjee; a loop
    with one iteration has only "=" at its level."""
    result = _decide(eq)
    single = [lv for lv, m in enumerate(eq.extent) if m == 0]
    if not single:
        return result
    kept = frozenset(v for v in result.vectors if all(v[lv] == "=" for lv in single))
    return replace(result, vectors=kept)


def _decide(eq: Equation) -> DimResult:
    used = eq.used_levels()
    if not used and not any(f for f, _ in eq.free):
        return ziv(eq)
    if len(used) == 1 and not any(f for f, _ in eq.free):
        lv = used[0]
        a, b = eq.src[lv], eq.sink[lv]
        if a == b:
            return strong_siv(eq, lv)
        if a == 0 or b == 0:
            return weak_zero_siv(eq, lv)
        if a == -b:
            return weak_crossing_siv(eq, lv)
    return miv(eq)


@dataclass(frozen=True, slots=True)
class PairResult:
    vectors: frozenset[DirVector]
    exact: bool  # the dependence is certain for every vector (given the accesses run)
    distance: tuple[tuple[int, int], ...]  # (level, K' - K) known exactly
    tests: tuple[str, ...]


def combine(levels: int, dims: Iterable[DimResult]) -> PairResult:
    """All dimensions must allow a dependence: intersect their vectors. Strong SIV
    distances at one level must agree. The result is exact only when the exact tests
    restrict disjoint levels (coupled subscripts are only bounded, not solved)."""
    vectors = all_vectors(levels)
    exact = True
    distance: dict[int, int] = {}
    by_level: dict[int, list[DimResult]] = {}
    tests: list[str] = []
    dims_seen = list(dims)
    for d in dims_seen:
        tests.append(d.test)
        vectors &= d.vectors
        exact = exact and d.exact
        for lv, dist in d.distance:
            if distance.setdefault(lv, dist) != dist:
                vectors = frozenset()
        for lv in d.constrained:
            by_level.setdefault(lv, []).append(d)
    counters = [c for d in dims_seen for c in d.counters]
    if len(counters) != len(set(counters)) or any(not d.exact and d.counters for d in dims_seen):
        exact = False
    for lv, ds in by_level.items():
        # two tests on one level stay exact only as the same strong SIV distance
        same = distance.get(lv) is not None and all(lv in dict(d.distance) for d in ds)
        if len(ds) > 1 and not same:
            exact = False
    if not vectors:
        return PairResult(frozenset(), True, (), tuple(tests))
    return PairResult(vectors, exact, tuple(sorted(distance.items())), tuple(tests))
