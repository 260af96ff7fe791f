"""`hpcls loops` and `hpcls check --no-compile` on large generated files, side by side with
the compiler's own syntax check of the same file (issue 12, part 5: bounded analysis;
goal ≤ 5 s per file for each command).

The files come from our generators (tests/bench/): a polyhedral-tiled C chain with
max/min/ceild/floord bounds, in functions of 16 kernels and all in one function, and a
NAS-size Fortran application. Each side runs as a user would run it, one process per
file; the sides alternate `--repeats` times and medians are compared. Also printed: the
time per loop and how many loops ran out of their budget (`analysis budget exceeded`).

    .venv/bin/python -m bench.large_files [--repeats 3] [--json out.json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bench.gen_app import generate as generate_app
from tests.bench.gen_tiled import generate as generate_tiled

from bench.common import machine_info, ratio
from hpcls.analysis.budget import BUDGET_REASON

GOAL_S = 5.0
_COMPILER = {".c": "gcc", ".f90": "gfortran"}

# name → (suffix, text maker)
FILES: dict[str, tuple[str, Callable[[], str]]] = {
    "tiled_2800": (".c", lambda: generate_tiled(2800, 12)),
    "tiled_one_function": (".c", lambda: generate_tiled(2800, 12, kernels_per_function=1000)),
    "app_3500": (".f90", lambda: generate_app(3500, 12)),
}


def _timed(argv: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False, cwd=cwd)
    return time.perf_counter() - start, done


def run_loops(path: Path) -> tuple[float, list[dict[str, Any]]]:
    elapsed, done = _timed(
        [sys.executable, "-m", "hpcls", "loops", "--format", "json", str(path)], path.parent
    )
    if done.returncode != 0:
        raise RuntimeError(f"hpcls loops failed on {path}: {done.stderr[-2000:]}")
    loops: list[dict[str, Any]] = json.loads(done.stdout)["files"][0]["loops"]
    return elapsed, loops


def run_check(path: Path) -> tuple[float, int]:
    argv = [sys.executable, "-m", "hpcls", "check", "--no-compile", "--format", "json"]
    elapsed, done = _timed([*argv, str(path)], path.parent)
    if done.returncode == 2:  # 1 means findings
        raise RuntimeError(f"hpcls check failed on {path}: {done.stderr[-2000:]}")
    return elapsed, len(json.loads(done.stdout)["files"][0]["diagnostics"])


def run_compiler(path: Path) -> float:
    compiler = _COMPILER[path.suffix]
    extra = [f"-J{path.parent}"] if compiler == "gfortran" else []
    elapsed, done = _timed([compiler, "-fsyntax-only", "-fopenmp", *extra, str(path)], path.parent)
    if done.returncode != 0:
        raise RuntimeError(f"{compiler} rejected {path}: {done.stderr[-2000:]}")
    return elapsed


def measure(path: Path, repeats: int) -> dict[str, Any]:
    loops_s: list[float] = []
    check_s: list[float] = []
    compiler_s: list[float] = []
    loops: list[dict[str, Any]] = []
    findings = 0
    for _ in range(repeats):
        compiler_s.append(run_compiler(path))
        elapsed, loops = run_loops(path)
        loops_s.append(elapsed)
        elapsed, findings = run_check(path)
        check_s.append(elapsed)
    verdicts = {v: sum(1 for x in loops if x["verdict"] == v) for v in ("parallel", "serial")}
    verdicts["unknown"] = len(loops) - sum(verdicts.values())
    over = sum(1 for x in loops if BUDGET_REASON in x["reasons"])
    out: dict[str, Any] = {
        "lines": len(path.read_text().splitlines()),
        "loops": len(loops),
        "verdicts": verdicts,
        "budget_exceeded": over,
        "findings": findings,
        "loops_s": [round(x, 3) for x in loops_s],
        "check_s": [round(x, 3) for x in check_s],
        "compiler_s": [round(x, 3) for x in compiler_s],
    }
    for side in ("loops", "check", "compiler"):
        out[f"{side}_median_s"] = round(statistics.median(out[f"{side}_s"]), 3)
    out["ms_per_loop"] = round(1000 * out["loops_median_s"] / max(1, len(loops)), 2)
    out["loops_vs_compiler"] = ratio(out["loops_median_s"], out["compiler_median_s"])
    out["check_vs_compiler"] = ratio(out["check_median_s"], out["compiler_median_s"])
    out["met"] = max(out["loops_median_s"], out["check_median_s"]) <= GOAL_S
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--keep", type=Path, help="write the generated files here")
    args = parser.parse_args(argv)
    missing = [c for c in set(_COMPILER.values()) if shutil.which(c) is None]
    if missing:
        print(f"compilers missing: {missing}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"machine": machine_info(), "goal_s": GOAL_S, "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name, (suffix, make) in FILES.items():
            path = folder / f"{name}{suffix}"
            path.write_text(make())
            results["files"][name] = measure(path, args.repeats)
    print(f"medians of {args.repeats}; goal ≤ {GOAL_S:.0f} s per file and command")
    print(
        f"{'file':<20} {'lines':>6} {'loops':>6} {'loops s':>8} {'check s':>8} "
        f"{'ms/loop':>8} {'compiler s':>10} {'loops/cc':>9} {'check/cc':>9} {'budget':>7}  goal"
    )
    for name, r in results["files"].items():
        print(
            f"{name:<20} {r['lines']:>6} {r['loops']:>6} {r['loops_median_s']:>8.2f} "
            f"{r['check_median_s']:>8.2f} {r['ms_per_loop']:>8.2f} "
            f"{r['compiler_median_s']:>10.3f} {r['loops_vs_compiler']!s:>9} "
            f"{r['check_vs_compiler']!s:>9} {r['budget_exceeded']:>7}  "
            f"{'met' if r['met'] else 'missed'}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
