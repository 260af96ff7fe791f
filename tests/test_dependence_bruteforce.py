"""The subscript tests against brute force on small iteration spaces: every real
dependence is found (soundness), and an exact answer lists exactly the real directions."""

from __future__ import annotations

import random
from itertools import product
from math import prod

from hpcls.analysis.dependence import Verdict, analyze_loop
from hpcls.analysis.dependence_tests import (
    DirVector,
    Equation,
    combine,
    decide_dimension,
)
from tests.dependence_builder import Builder, aff


def _direction(k: int, k2: int) -> str:
    return "<" if k < k2 else ">" if k > k2 else "="


def brute(eq: Equation) -> set[DirVector]:
    """Every direction vector with a solution, by enumeration (extents must be known)."""
    ranges = [range(m + 1) for m in eq.extent if m is not None]
    free = [range(m + 1) for _, m in eq.free if m is not None]
    found: set[DirVector] = set()
    for ks in product(*ranges):
        for ks2 in product(*ranges):
            value = eq.constant + sum(
                a * k - b * k2 for a, b, k, k2 in zip(eq.src, eq.sink, ks, ks2, strict=True)
            )
            for us in product(*free):
                if value + sum(f * u for (f, _), u in zip(eq.free, us, strict=True)) == 0:
                    found.add(tuple(_direction(k, k2) for k, k2 in zip(ks, ks2, strict=True)))
                    break
    return found


def random_equation(rng: random.Random, levels: int, free: int) -> Equation:
    coef = [-3, -2, -1, 0, 0, 1, 1, 2, 3]
    src = tuple(rng.choice(coef) for _ in range(levels))
    sink = tuple(rng.choice([c, c, -c, *coef]) for c in src)  # strong / crossing often
    extent = tuple(rng.randint(0, 5) for _ in range(levels))
    frees = tuple((rng.choice([-2, -1, 1, 2]), rng.randint(0, 3)) for _ in range(free))
    names = tuple(f"#u{n}" for n in range(free))
    return Equation(src, sink, extent, frees, rng.randint(-8, 8), names)


def test_single_dimension_against_brute_force() -> None:
    rng = random.Random(6)
    for _ in range(1500):
        eq = random_equation(rng, rng.randint(1, 2), rng.choice([0, 0, 0, 1]))
        expected = brute(eq)
        result = decide_dimension(eq)
        assert expected <= result.vectors, (eq, result)
        if result.exact:
            assert expected == result.vectors, (eq, result)


def test_combined_dimensions_against_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(400):
        levels = rng.randint(1, 2)
        e1 = random_equation(rng, levels, 0)
        e2 = random_equation(rng, levels, 0)
        e2 = Equation(e2.src, e2.sink, e1.extent, (), e2.constant)
        both = {v for v in brute(e1) & brute(e2) if _joint(e1, e2, v)}
        result = combine(levels, [decide_dimension(e1), decide_dimension(e2)])
        assert both <= result.vectors, (e1, e2, result)
        if result.exact:
            assert both == result.vectors, (e1, e2, result)


def _joint(e1: Equation, e2: Equation, vector: DirVector) -> bool:
    """One pair of iterations solving both equations with this direction vector."""
    ranges = [range(m + 1) for m in e1.extent if m is not None]
    for ks in product(*ranges):
        for ks2 in product(*ranges):
            if tuple(_direction(k, k2) for k, k2 in zip(ks, ks2, strict=True)) != vector:
                continue
            if all(
                e.constant
                + sum(a * k - b * k2 for a, b, k, k2 in zip(e.src, e.sink, ks, ks2, strict=True))
                == 0
                for e in (e1, e2)
            ):
                return True
    return False


# --- whole loops --------------------------------------------------------------------------


def _values(lower: int, upper: int, step: int) -> list[int]:
    return list(range(lower, upper + (1 if step > 0 else -1), step))


def _subscript(rng: random.Random, names: list[str]) -> str:
    text = str(rng.randint(-3, 3))
    for n in names:
        c = rng.choice([-2, -1, 0, 1, 1, 2])
        if c:
            text += f"+{c}*{n}" if c > 0 else f"-{-c}*{n}"
    return text


def _evaluate(text: str, env: dict[str, int]) -> int:
    value = aff(text)
    return value.constant + sum(c * prod(env[n] for n in m) for m, c in value.terms)


def test_loop_verdicts_against_execution() -> None:
    """PARALLEL only when no two iterations of the outer loop touch one element with a
    write among them; SERIAL only when some do."""
    rng = random.Random(11)
    for _ in range(300):
        depth = rng.randint(1, 2)
        names = ["i", "j"][:depth]
        bounds = []
        for _ in names:
            step = rng.choice([1, 1, 2, -1])
            lo, hi = rng.randint(0, 2), rng.randint(0, 5)
            if step < 0:
                lo, hi = hi, lo
            bounds.append((lo, hi, step))
        dims = rng.randint(1, 2)
        write = [_subscript(rng, names) for _ in range(dims)]
        read = [_subscript(rng, names) for _ in range(dims)]
        b = Builder()
        with b.loop("i", str(bounds[0][0]), str(bounds[0][1]), bounds[0][2]):
            if depth == 2:
                with b.loop("j", str(bounds[1][0]), str(bounds[1][1]), bounds[1][2]):
                    b.assign("a[" + "][".join(write) + "]", "a[" + "][".join(read) + "]")
            else:
                b.assign("a[" + "][".join(write) + "]", "a[" + "][".join(read) + "]")
        verdict = analyze_loop(b.unit(), 0).verdict
        touched: list[tuple[int, tuple[int, ...], bool]] = []
        for i in _values(*bounds[0]):
            inner = _values(*bounds[1]) if depth == 2 else [0]
            for j in inner:
                env = {"i": i, "j": j}
                touched.append((i, tuple(_evaluate(s, env) for s in write), True))
                touched.append((i, tuple(_evaluate(s, env) for s in read), False))
        carried = any(
            x[0] != y[0] and x[1] == y[1] and (x[2] or y[2]) for x in touched for y in touched
        )
        case = (bounds, write, read, verdict)
        if verdict is Verdict.PARALLEL:
            assert not carried, case
        if verdict is Verdict.SERIAL:
            assert carried, case
