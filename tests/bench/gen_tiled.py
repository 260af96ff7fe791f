"""Deterministic generator of a large polyhedral-tiled C kernel file (issue 12, part 5).

What a polyhedral compiler emits after tiling, written by our own rules: a chain of
kernels (matrix multiply, transpose-add, triangular update, 1-D and 2-D time-tiled
stencils) whose tile and point loops have bounds made of nested `max`/`min` over
`ceild`/`floord` (macros built from `?:`), some outer tile loops under
`#pragma omp parallel for` with their private lists, in one file of about `lines` lines.
The same seed gives the same text.

    python -m tests.bench.gen_tiled --lines 2800 -o tiled.c
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

_PRELUDE = """\
#include <math.h>

#define ceild(n, d) (((n) < 0) ? -((-(n)) / (d)) : ((n) + (d) - 1) / (d))
#define floord(n, d) (((n) < 0) ? -((-(n) - (d) + 1) / (d)) : (n) / (d))
#define max(x, y) ((x) > (y) ? (x) : (y))
#define min(x, y) ((x) < (y) ? (x) : (y))

#define NX 512
#define NY 512
"""

_TILES = (8, 16, 32, 64)


class _Kernel:
    """Lines of one kernel, indented as the loops nest."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.depth = 1

    def emit(self, text: str) -> None:
        self.lines.append("  " * self.depth + text)

    def open(self, var: str, lower: str, upper: str) -> None:
        self.emit(f"for ({var} = {lower}; {var} <= {upper}; {var}++) {{")
        self.depth += 1

    def close(self, count: int) -> None:
        for _ in range(count):
            self.depth -= 1
            self.emit("}")


def _nest_max(rng: random.Random, parts: list[str]) -> str:
    """max over `parts`, nested pairwise in a random shape (`max(max(a, b), c)`)."""
    out = parts[0]
    for p in parts[1:]:
        out = f"max({out}, {p})" if rng.random() < 0.5 else f"max({p}, {out})"
    return out


def _nest_min(rng: random.Random, parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        out = f"min({out}, {p})" if rng.random() < 0.5 else f"min({p}, {out})"
    return out


def _omp(k: _Kernel, rng: random.Random, private: list[str]) -> None:
    if rng.random() < 0.7:
        k.lines.append(f"#pragma omp parallel for private({', '.join(private)})")


def _matmul(k: _Kernel, rng: random.Random, t: int) -> None:
    """C += alpha * A * B, tiled in three dimensions."""
    k.emit("if (ni >= 1 && nj >= 1 && nk >= 1) {")
    k.depth += 1
    _omp(k, rng, ["t3", "t4", "t5", "t6", "t7"])
    k.open("t2", "0", f"floord(ni - 1, {t})")
    k.open("t3", "0", f"floord(nj - 1, {t})")
    k.open("t4", "0", f"floord(nk - 1, {t})")
    k.open("t5", f"{t} * t2", _nest_min(rng, ["ni - 1", f"{t} * t2 + {t - 1}"]))
    k.open("t6", f"{t} * t4", _nest_min(rng, ["nk - 1", f"{t} * t4 + {t - 1}"]))
    k.open("t7", f"{t} * t3", _nest_min(rng, ["nj - 1", f"{t} * t3 + {t - 1}"]))
    k.emit("C[t5][t7] = C[t5][t7] + alpha * A[t5][t6] * B[t6][t7];")
    k.close(6)
    k.depth -= 1
    k.emit("}")


def _transpose_add(k: _Kernel, rng: random.Random, t: int) -> None:
    """B = A + A^T over tiles, with a lower-triangle tile loop."""
    _omp(k, rng, ["t3", "t4", "t5"])
    k.open("t2", "0", f"floord(n - 1, {t})")
    k.open("t3", "0", "t2")
    k.open("t4", f"{t} * t2", _nest_min(rng, ["n - 1", f"{t} * t2 + {t - 1}"]))
    upper = _nest_min(rng, ["t4", f"{t} * t3 + {t - 1}"])
    k.open("t5", f"{t} * t3", upper)
    k.emit("B[t4][t5] = A[t4][t5] + A[t5][t4];")
    k.emit("B[t5][t4] = B[t4][t5];")
    k.close(4)


def _triangular(k: _Kernel, rng: random.Random, t: int) -> None:
    """A lower-triangular rank-k update: the point loop's lower bound meets the diagonal."""
    _omp(k, rng, ["t3", "t4", "t5", "t6"])
    k.open("t2", "0", f"floord(n - 1, {t})")
    k.open("t3", "0", "t2")
    k.open("t4", "0", f"floord(m - 1, {t})")
    k.open(
        "t5",
        _nest_max(rng, [f"{t} * t2", f"{t} * t3"]),
        _nest_min(rng, ["n - 1", f"{t} * t2 + {t - 1}"]),
    )
    k.open("t6", f"{t} * t4", _nest_min(rng, ["m - 1", f"{t} * t4 + {t - 1}"]))
    k.open("t7", f"{t} * t3", _nest_min(rng, ["t5", f"{t} * t3 + {t - 1}"]))
    k.emit("C[t5][t7] = C[t5][t7] + alpha * A[t5][t6] * A[t7][t6];")
    k.close(6)


def _stencil1d(k: _Kernel, rng: random.Random, t: int) -> None:
    """A 1-D Jacobi chain, time-skewed: tile bounds are max/min of ceild/floord."""
    h = t // 2
    k.emit("if (n >= 3 && steps >= 1) {")
    k.depth += 1
    k.open("t1", "-1", f"floord(steps - 1, {h})")
    lbp = _nest_max(rng, ["ceild(t1, 2)", f"ceild({t} * t1 - steps + 2, {t})"])
    ubp = _nest_min(
        rng, [f"floord(steps + n - 3, {t})", f"floord({h} * t1 + n + {h - 3}, {t})", "t1"]
    )
    k.emit(f"lbp = {lbp};")
    k.emit(f"ubp = {ubp};")
    _omp(k, rng, ["t3", "t4"])
    k.open("t2", "lbp", "ubp")
    lo3 = _nest_max(rng, ["0", "ceild(t1 - 1, 2)", f"ceild({t} * t2 - n - {t - 4}, {t})"])
    hi3 = _nest_min(
        rng,
        [
            "steps - 1",
            f"floord({h} * t1 + {h - 1}, 2)" if h > 2 else "t1",
            f"floord({t} * t2 + {t - 2}, {t})",
        ],
    )
    k.open(
        "t3",
        _nest_max(rng, ["0", f"{h} * t1 - {h} * t2"]),
        _nest_min(rng, ["steps - 1", f"{h} * t1 - {h} * t2 + {h - 1}"]),
    )
    k.emit(f"/* tile range {lo3} .. {hi3} */")
    lo4 = _nest_max(rng, [f"{t} * t2", "t3 + 1", f"{t} * t1 - {t} * t2 + 2 * t3 - {t - 1}"])
    hi4 = _nest_min(rng, [f"{t} * t2 + {t - 1}", "t3 + n - 2", f"{t} * t1 - {t} * t2 + 2 * t3"])
    k.open("t4", lo4, hi4)
    k.emit("B[0][-t3 + t4] = 0.33333 * (A[0][-t3 + t4 - 1] + A[0][-t3 + t4] + A[0][-t3 + t4 + 1]);")
    k.emit("A[0][-t3 + t4] = B[0][-t3 + t4];")
    k.close(4)
    k.depth -= 1
    k.emit("}")


def _stencil2d(k: _Kernel, rng: random.Random, t: int) -> None:
    """A 2-D five-point sweep, tiled in space, the inner tile loop skewed."""
    _omp(k, rng, ["t3", "t4", "t5"])
    k.open("t2", "0", f"floord(n - 2, {t})")
    k.open(
        "t3",
        _nest_max(rng, ["0", f"ceild({t} * t2 - {t - 1}, {t})"]),
        _nest_min(rng, [f"floord(n - 2, {t})", f"floord({t} * t2 + n + {t - 3}, {t})"]),
    )
    k.open(
        "t4", _nest_max(rng, ["1", f"{t} * t2"]), _nest_min(rng, ["n - 2", f"{t} * t2 + {t - 1}"])
    )
    k.open(
        "t5", _nest_max(rng, ["1", f"{t} * t3"]), _nest_min(rng, ["n - 2", f"{t} * t3 + {t - 1}"])
    )
    k.emit(
        "B[t4][t5] = 0.2 * (A[t4][t5] + A[t4][t5 - 1] + A[t4][t5 + 1] + A[t4 + 1][t5] + A[t4 - 1][t5]);"
    )
    k.close(4)
    _omp(k, rng, ["t3", "t4", "t5"])
    k.open("t2", "0", f"floord(n - 2, {t})")
    k.open("t3", "0", f"floord(n - 2, {t})")
    k.open(
        "t4", _nest_max(rng, ["1", f"{t} * t2"]), _nest_min(rng, ["n - 2", f"{t} * t2 + {t - 1}"])
    )
    k.open(
        "t5", _nest_max(rng, ["1", f"{t} * t3"]), _nest_min(rng, ["n - 2", f"{t} * t3 + {t - 1}"])
    )
    k.emit("A[t4][t5] = B[t4][t5];")
    k.close(4)


def _seidel(k: _Kernel, rng: random.Random, t: int) -> None:
    """An in-place 1-D Gauss-Seidel sweep under wavefront bounds: serial, never parallel."""
    k.open("t1", "0", f"floord(steps + n - 3, {t})")
    k.open(
        "t2",
        _nest_max(rng, ["0", f"ceild({t} * t1 - n + 2, {t})"]),
        _nest_min(rng, ["t1", f"floord(steps - 1, {t})"]),
    )
    k.open(
        "t3",
        _nest_max(rng, [f"{t} * t2", f"{t} * t1 - {t} * t2 - n + 2"]),
        _nest_min(rng, ["steps - 1", f"{t} * t2 + {t - 1}"]),
    )
    k.open(
        "t4",
        _nest_max(rng, [f"{t} * t1 - {t} * t2", "t3 + 1"]),
        _nest_min(rng, [f"{t} * t1 - {t} * t2 + {t - 1}", "t3 + n - 2"]),
    )
    k.emit("C[1][-t3 + t4] = (C[1][-t3 + t4 - 1] + C[1][-t3 + t4] + C[1][-t3 + t4 + 1]) / 3.0;")
    k.close(4)


_SHAPES = (_matmul, _transpose_add, _triangular, _stencil1d, _stencil2d, _seidel)


def generate(lines: int = 2800, seed: int = 12, kernels_per_function: int = 16) -> str:
    """The text of a tiled-kernel file of about `lines` lines (at least one kernel). A
    polyhedral compiler puts a whole chain in one function: `kernels_per_function`
    kernels share one (large) function body; the arrays are globals, as in its output."""
    rng = random.Random(seed)
    out = _PRELUDE.splitlines()
    out += ["", "double A[NX][NY], B[NX][NY], C[NX][NY];", ""]
    body: list[str] = []
    functions: list[str] = []
    number = 0

    def flush() -> None:
        name = f"tiled_chain_{len(functions)}"
        params = "int n, int m, int ni, int nj, int nk, int steps, double alpha"
        out.extend([f"void {name}({params})", "{", "  int t1, t2, t3, t4, t5, t6, t7;"])
        out.extend(["  int lbp, ubp;", *body, "}", ""])
        functions.append(name)
        body.clear()

    while len(out) + len(body) < lines - 12 or number == 0:
        shape = _SHAPES[number % len(_SHAPES)] if number < len(_SHAPES) else rng.choice(_SHAPES)
        k = _Kernel()
        k.emit(f"/* kernel {number}: {shape.__name__.strip('_')} */")
        shape(k, rng, rng.choice(_TILES))
        body.extend(k.lines)
        number += 1
        if number % kernels_per_function == 0:
            flush()
    if body:
        flush()
    out += ["void run_all(int n, int steps)", "{"]
    out += [f"  {name}(n, n, n, n, n, steps, 1.5);" for name in functions]
    out += ["}", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=2800)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    args.output.write_text(generate(args.lines, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
