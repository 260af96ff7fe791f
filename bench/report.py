"""The table printed at the end of `python -m bench.run_all`, and the ratios behind it."""

from __future__ import annotations

from typing import Any

from bench.common import fmt, ratio

GOALS = {"keystrokes": 0.05, "hover": 0.5, "definition": 0.5, "hover_intrinsic": 0.5}
# Hover rows per HPC probe kind: (kind, label, compared with fortls). fortls has an
# intrinsics database but answers null on MPI and OpenMP: no ratio for those.
HPC_ROWS = (
    ("intrinsic", "hover intrinsic", True),
    ("mpi", "hover MPI", False),
    ("omp_directive", "hover OpenMP", False),
)
USER_KINDS = ("call", "function", "local", "module_var")


def ratios(servers: dict[str, dict[str, Any]]) -> dict[str, float | None]:
    h, f = servers.get("hpcls", {}), servers.get("fortls", {})

    def get(d: dict[str, Any], *keys: str) -> float | None:
        cur: Any = d
        for k in keys:
            if not isinstance(cur, dict):
                return None
            cur = cur.get(k)
        return cur if isinstance(cur, int | float) else None

    out: dict[str, float | None] = {
        "keystrokes": ratio(get(h, "keystrokes", "median_ms"), get(f, "keystrokes", "median_ms")),
        "keystrokes_document_symbol": ratio(
            get(h, "keystrokes", "document_symbol_after_median_ms"),
            get(f, "keystrokes", "document_symbol_after_median_ms"),
        ),
    }
    for key in ("hover", "definition"):
        for p in ("p50", "p95"):
            out[f"{key}_{p}"] = ratio(get(h, key, f"{p}_ms"), get(f, key, f"{p}_ms"))
    for p in ("p50", "p95"):
        out[f"hover_intrinsic_{p}"] = ratio(
            get(h, "hover_by_kind", "intrinsic", f"{p}_ms"),
            get(f, "hover_by_kind", "intrinsic", f"{p}_ms"),
        )
    return out


def print_table(report: dict[str, Any]) -> None:
    servers = report["servers"]
    h, f = servers.get("hpcls", {}), servers.get("fortls", {})
    h0 = servers.get("hpcls_debounce_0", {})
    r = report["ratios"]
    sizes = report["sizes"]

    def g(d: dict[str, Any], k: str, sub: str) -> Any:
        return (d.get(k) or {}).get(sub)

    print()
    print(
        f"hpcls vs fortls: {sizes['lines']} lines; {sizes['keystrokes']} keystrokes "
        f"({sizes['edit']} statement) x {sizes['repeats']} runs; "
        f"{sizes['requests']} hover + {sizes['requests']} definition requests"
    )
    head = f"{'':40} {'hpcls':>10} {'fortls':>10} {'hpcls/fortls':>13} {'goal':>6}"
    print(head)
    print("-" * len(head))

    def row(label: str, hv: Any, fv: Any, value: float | None, goal: float | None) -> None:
        verdict = (
            "" if value is None or goal is None else ("  met" if value <= goal else "  MISSED")
        )
        ratio_s = "—" if value is None else f"{value:.3f}"
        goal_s = "" if goal is None else "≤" + f"{goal:g}"
        fs = fv if isinstance(fv, str) else fmt(fv)
        print(f"{label:40} {fmt(hv):>10} {fs:>10} {ratio_s:>13} {goal_s:>6}{verdict}")

    row(
        "keystrokes + save → diagnostics",
        g(h, "keystrokes", "median_ms"),
        g(f, "keystrokes", "median_ms"),
        r["keystrokes"],
        GOALS["keystrokes"],
    )
    for key in ("hover", "definition"):
        for p in ("p50", "p95"):
            row(
                f"{key} {p}",
                g(h, key, f"{p}_ms"),
                g(f, key, f"{p}_ms"),
                r[f"{key}_{p}"],
                GOALS[key],
            )
    hk, fk = h.get("hover_by_kind") or {}, f.get("hover_by_kind") or {}
    for kind, label, compared in HPC_ROWS:
        for p in ("p50", "p95"):
            fv: Any = g(fk, kind, f"{p}_ms")
            if not compared and kind in fk:  # a null is not a latency to compare
                fv = f"{g(fk, kind, 'null_results')} null"
            row(
                f"{label} {p}",
                g(hk, kind, f"{p}_ms"),
                fv,
                r.get(f"hover_{kind}_{p}") if compared else None,
                GOALS.get(f"hover_{kind}") if compared else None,
            )
    print()
    print("for the record (medians; not in the ratios):")
    never = "never on change"
    rows: list[tuple[str, Any, Any]] = [
        ("initialize (fortls indexes here)", h.get("initialize_ms"), f.get("initialize_ms")),
        (
            "didOpen → first diagnostics",
            h.get("open_to_diagnostics_ms"),
            f.get("open_to_diagnostics_ms"),
        ),
        ("didOpen → ready (index done, warm hover)", h.get("ready_ms"), f.get("ready_ms")),
        (
            "documentSymbol, unchanged file",
            h.get("document_symbol_idle_ms"),
            f.get("document_symbol_idle_ms"),
        ),
        (
            "keystrokes → documentSymbol answered",
            g(h, "keystrokes", "document_symbol_after_median_ms"),
            g(f, "keystrokes", "document_symbol_after_median_ms"),
        ),
        (
            "keystrokes → null hover answered",
            g(h, "keystrokes", "barrier_median_ms"),
            g(f, "keystrokes", "barrier_median_ms"),
        ),
        (
            "  then documentSymbol request alone",
            g(h, "keystrokes", "document_symbol_median_ms"),
            g(f, "keystrokes", "document_symbol_median_ms"),
        ),
        (
            f"keystrokes → diagnostics (debounce {g(h, 'keystrokes', 'debounce_ms')} ms)"
            if g(h, "keystrokes", "debounce_ms") is not None
            else "keystrokes → diagnostics (defaults)",
            g(h, "keystrokes", "diagnostics_median_ms"),
            never,
        ),
        (
            "keystrokes → diagnostics (debounce 0)",
            g(h0, "keystrokes", "diagnostics_median_ms"),
            never,
        ),
        (
            "  documentSymbol answered (debounce 0)",
            g(h0, "keystrokes", "document_symbol_after_median_ms"),
            "—",
        ),
        (
            "hover / definition null results",
            f"{g(h, 'hover', 'null_results')}/{g(h, 'definition', 'null_results')}",
            f"{g(f, 'hover', 'null_results')}/{g(f, 'definition', 'null_results')}",
        ),
    ]

    def answered(d: dict[str, Any], kinds: tuple[str, ...]) -> str:
        stats = [d[k] for k in kinds if k in d]
        if not stats:
            return "—"
        return f"{sum(s['non_null'] for s in stats)}/{sum(s['count'] for s in stats)}"

    rows.append(("hover non-null answers:", "", ""))
    rows.append(
        ("  user symbols (the hover rows)", answered(hk, USER_KINDS), answered(fk, USER_KINDS))
    )
    for kind, label, _ in HPC_ROWS:
        rows.append(
            (f"  {label.removeprefix('hover ')}", answered(hk, (kind,)), answered(fk, (kind,)))
        )
    for label, hv, fv in rows:
        hs = hv if isinstance(hv, str) else fmt(hv)
        fs = fv if isinstance(fv, str) else fmt(fv)
        print(f"  {label:42} {hs:>10} {fs:>16}")
    for key, srv in servers.items():
        if srv.get("error"):
            print(f"\n{key} FAILED: {srv['error'].splitlines()[0]}")
