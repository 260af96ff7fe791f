"""`python -m tests.fuzz --count N --seed S --lang c,cpp,f90,f --jobs J --keep DIR`:
generate N programs, check every verified loop edit with the differential oracle, print a
summary, and write each discrepancy's program (minimized) to DIR. Exit 1 when any was
found."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tests.fuzz.campaign import keep_case, run_campaign, work
from tests.fuzz.gen_ir import Lang


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--count", type=int, default=100, help="programs to generate")
    parser.add_argument("--seed", type=int, default=1, help="the first seed")
    parser.add_argument("--lang", default="c,cpp,f90,f", help="languages, comma-separated")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument("--keep", type=Path, help="write each discrepancy's program here")
    parser.add_argument(
        "--no-minimize", action="store_true", help="keep discrepancies as generated"
    )
    parser.add_argument(
        "--minimize-seconds", type=float, default=180.0, help="time budget per case"
    )
    args = parser.parse_args(argv)
    try:
        langs = [Lang(name.strip()) for name in args.lang.split(",") if name.strip()]
    except ValueError as exc:
        parser.error(f"--lang: {exc} (use c, cpp, f90, f)")
    summary = run_campaign(work(langs, args.count, args.seed), args.jobs, progress=True)
    print(summary.text())
    if args.keep is not None:
        kept: set[tuple[Lang, int, str]] = set()
        for lang, seed, found in summary.found:
            if (lang, seed, found.kind) in kept:  # one file per program and kind
                continue
            kept.add((lang, seed, found.kind))
            path = keep_case(
                lang,
                seed,
                found,
                args.keep,
                shrink=not args.no_minimize,
                budget_s=args.minimize_seconds,
            )
            print(f"kept {path}", flush=True)
    return 1 if summary.found else 0


if __name__ == "__main__":
    sys.exit(main())
