"""Side-by-side benchmarks of hpcls and fortls, in one run, reported as ratios.

    python -m bench.run_all [--lines 20000] [--keystrokes 40] [--requests 200]
                            [--repeats 3] [--only hpcls|fortls] [--edit declaration]

Both servers are driven by the same client (bench/lsp_driver.py) on the same generated
file (bench/gen_fortran.py); all stay up and take turns, phase by phase. See
bench/README.md for the method. Prints a table and writes bench/results/latest.json.
Exit code 1 when a server failed (crashed, timed out, or a measured request errored).

The pieces: bench/session.py (one server's session), bench/report.py (ratios and the
table), bench/common.py (statistics and machine information).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import functools
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.common import machine_info
from bench.gen_fortran import EDIT_STATEMENTS, HPC_KINDS, generate
from bench.report import GOALS, print_table, ratios
from bench.session import Session, pick_sites, server_specs, typed_text

RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


async def run_all(args: argparse.Namespace) -> dict[str, Any]:
    gen = generate(args.lines)
    print(
        f"generated {gen.line_count} lines ({len(gen.text) / 1e6:.2f} MB), "
        f"{len(gen.probes)} probes (+{len(gen.hpc_probes)} on intrinsics, MPI, OpenMP), "
        f"{len(gen.edit_sites)} edit sites",
        file=sys.stderr,
    )
    specs = [
        s
        for s in server_specs(args.fortls_sync)
        if args.only is None or s.key.startswith(args.only)
    ]
    if args.skip_debounce_0:
        specs = [s for s in specs if s.key != "hpcls_debounce_0"]
    started = time.perf_counter()
    # All servers stay up; each phase runs them in turn, so load from elsewhere on the
    # machine spreads over all of them rather than landing on one.
    sessions = [Session(spec, gen, args) for spec in specs]
    for sess in sessions:
        print(f"starting {sess.spec.label} …", file=sys.stderr, flush=True)
        await sess.step("initialize/open", sess.start)
    for method, key in (("textDocument/hover", "hover"), ("textDocument/definition", "definition")):
        for sess in sessions:
            if sess.spec.navigation:
                await sess.step(key, functools.partial(sess.navigation, method, key))
    # After the user-symbol figures, so that those are measured as they always were.
    for sess in sessions:
        if sess.spec.navigation:
            await sess.step("hover on intrinsics, MPI, OpenMP", sess.hpc_hover)
    for site in pick_sites(gen.edit_sites, args.repeats, args.edit):
        await asyncio.sleep(0.3)  # let earlier work settle
        for sess in sessions:
            await sess.step("keystrokes", functools.partial(sess.keystroke_run, site))
    for sess in sessions:
        await sess.step("keystroke summary", sess.keystroke_summary)
    servers = {sess.spec.key: await sess.close() for sess in sessions}
    return {
        "schema": 1,
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "wall_s": round(time.perf_counter() - started, 1),
        "machine": machine_info(),
        "sizes": {
            "lines": gen.line_count,
            "bytes": len(gen.text.encode()),
            "keystrokes": len(typed_text(args.keystrokes, args.edit)),
            "edit": args.edit,
            "repeats": args.repeats,
            "requests": args.requests,
        },
        "method": {
            "keystrokes": (
                "one-character incremental didChange notifications sent back to back into an "
                "auto-indented line mid-file; figure = time from writing the first one until "
                "the answer to a documentSymbol request sent after the last one (preceded by "
                "a null hover as a cheap barrier); both servers at their default settings "
                "(fortls with --incremental_sync, as VS Code's Modern Fortran starts it)"
            ),
            "navigation": (
                "sequential requests at identifier positions spread over the file, after "
                "indexing; latency = response read - request written"
            ),
            "hover_by_kind": (
                "hover and definition (and their ratios) use --requests user-symbol probes "
                "(call, function, local, module_var, interleaved), kept per kind as well; "
                "then --requests hovers per HPC kind (intrinsic: an intrinsic function "
                "name before '(', mpi: the name in 'call MPI_...(', omp_directive: a "
                "directive name or clause on a !$omp line), each spread over the file; "
                "fortls answers null on MPI and OpenMP, so those have no ratio"
            ),
            "fortls_sync": args.fortls_sync,
        },
        "servers": servers,
        "ratios": ratios(servers),
        "goals": GOALS,
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run_all", description=__doc__.splitlines()[0])
    p.add_argument("--lines", type=int, default=20000, help="size of the generated file")
    p.add_argument("--keystrokes", type=int, default=40, help="characters typed per run")
    p.add_argument("--repeats", type=int, default=5, help="keystroke runs per server")
    p.add_argument("--requests", type=int, default=200, help="hover and definition requests")
    p.add_argument(
        "--edit",
        choices=sorted(EDIT_STATEMENTS),
        default="executable",
        help="what is typed: an executable statement or a declaration",
    )
    p.add_argument("--only", choices=["hpcls", "fortls"], help="run one server")
    p.add_argument(
        "--fortls-sync",
        choices=["incremental", "full"],
        default="incremental",
        help="fortls's document sync (its default is full; see README)",
    )
    p.add_argument(
        "--skip-debounce-0",
        action="store_true",
        help="skip the extra hpcls run without diagnostics debounce",
    )
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for a server")
    p.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    p.add_argument("--keep", action="store_true", help="keep the temporary workspaces")
    args = p.parse_args(argv)
    if args.lines < 100 or args.keystrokes < 1 or args.repeats < 1 or args.requests < 1:
        p.error("--lines must be >= 100; --keystrokes, --repeats, --requests >= 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report = asyncio.run(run_all(args))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_table(report)
    print(f"\nresults: {args.json}")
    servers = report["servers"].values()
    errors = sum(
        (s.get(k) or {}).get("errors", 0) for s in servers for k in ("hover", "definition")
    )
    errors += sum(
        (s.get("hover_by_kind") or {}).get(k, {}).get("errors", 0)
        for s in servers
        for k in HPC_KINDS
    )
    if errors:
        print(f"{errors} hover/definition requests answered with an error", file=sys.stderr)
    missing = hpcls_hpc_nulls(report)
    for kind, stats in missing.items():
        print(
            f"REGRESSION: hpcls answered null on {stats['null_results']}/{stats['count']} "
            f"{kind} hovers (first at {', '.join(stats.get('null_at', []))})",
            file=sys.stderr,
        )
    return 0 if all(s.get("ok") for s in servers) and not errors and not missing else 1


def hpcls_hpc_nulls(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The HPC probe kinds on which hpcls answered some hover with null: a regression."""
    kinds = (report["servers"].get("hpcls") or {}).get("hover_by_kind") or {}
    return {k: kinds[k] for k in HPC_KINDS if k in kinds and kinds[k].get("null_results")}


if __name__ == "__main__":
    raise SystemExit(main())
