"""`hpcls check` over the labelled corpus against the compilers' own syntax check over the
same files, side by side in one run (issue 6's goal: hpcls ≤ 1.0 x the compiler's time).

Both sides do what a user or a CI script would run: `hpcls check tests/corpus` is one
process over every file (parsing, lowering, dependence tests, race analysis);
the compilers are `gcc`/`g++`/`gfortran -fsyntax-only -fopenmp`, one process per file, as
a build runs them. The sides alternate, `--repeats` times each; medians are compared.

    .venv/bin/python -m bench.check_vs_compiler [--repeats 5] [--json out.json]
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
from pathlib import Path
from typing import Any

from bench.common import machine_info, ratio

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
_COMPILER = {".c": "gcc", ".cpp": "g++", ".f90": "gfortran", ".f": "gfortran"}


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in _COMPILER and p.is_file())


def run_hpcls(files: list[Path]) -> float:
    start = time.perf_counter()
    # Exit 1 means findings (the corpus has races): only 2 is a failure.
    done = subprocess.run(
        [sys.executable, "-m", "hpcls", "check", "--format", "json", str(CORPUS)],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode == 2:
        raise RuntimeError(f"hpcls check failed: {done.stderr[-2000:]}")
    checked = len(json.loads(done.stdout)["files"])
    if checked != len(files):
        raise RuntimeError(f"hpcls checked {checked} files, the corpus has {len(files)}")
    return elapsed


def run_compilers(files: list[Path]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        for path in files:
            compiler = _COMPILER[path.suffix]
            extra = [f"-J{tmp}"] if compiler == "gfortran" else []
            done = subprocess.run(
                [compiler, "-fsyntax-only", "-fopenmp", *extra, str(path)],
                capture_output=True,
                check=False,
                cwd=tmp,
            )
            if done.returncode != 0:
                raise RuntimeError(f"{compiler} rejected {path}")
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, help="write the results here")
    args = parser.parse_args(argv)
    missing = [c for c in set(_COMPILER.values()) if shutil.which(c) is None]
    if missing:
        print(f"compilers missing: {missing}", file=sys.stderr)
        return 2
    files = corpus_files()
    hpcls: list[float] = []
    compilers: list[float] = []
    for _ in range(args.repeats):
        compilers.append(run_compilers(files))
        hpcls.append(run_hpcls(files))
    result: dict[str, Any] = {
        "machine": machine_info(),
        "files": len(files),
        "lines": sum(len(p.read_text().splitlines()) for p in files),
        "repeats": args.repeats,
        "hpcls_check_s": [round(x, 3) for x in hpcls],
        "compilers_s": [round(x, 3) for x in compilers],
        "hpcls_median_s": round(statistics.median(hpcls), 3),
        "compilers_median_s": round(statistics.median(compilers), 3),
    }
    result["ratio"] = ratio(result["hpcls_median_s"], result["compilers_median_s"])
    result["goal"] = 1.0
    result["met"] = result["ratio"] is not None and result["ratio"] <= 1.0
    print(
        f"{result['files']} files, {result['lines']} lines; medians of {args.repeats}:\n"
        f"  hpcls check (one process)             {result['hpcls_median_s']:.2f} s\n"
        f"  gcc/g++/gfortran -fsyntax-only -fopenmp {result['compilers_median_s']:.2f} s\n"
        f"  ratio hpcls/compilers                 {result['ratio']}  (goal ≤ 1.0: "
        f"{'met' if result['met'] else 'missed'})"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
