"""Smoke test of `python -m bench.run_all` at a tiny size, against hpcls and fortls.

Checks the shape of the results and that every measured request succeeded; never timings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
RATIOS = (
    "keystrokes", "hover_p50", "hover_p95", "definition_p50", "definition_p95",
    "hover_intrinsic_p50", "hover_intrinsic_p95",
)  # fmt: skip
HPC_KINDS = ("intrinsic", "mpi", "omp_directive")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("bench") / "latest.json"
    cmd = [
        sys.executable, "-m", "bench.run_all",
        "--lines", "300", "--keystrokes", "5", "--requests", "10", "--repeats", "2",
        "--skip-debounce-0", "--timeout", "60", "--json", str(out),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def test_ratios_present(report: dict[str, Any]) -> None:
    ratios = report["ratios"]
    assert isinstance(ratios, dict)
    for key in RATIOS:
        assert isinstance(ratios.get(key), float), (key, ratios)
    sizes = report["sizes"]
    assert sizes["lines"] > 0 and sizes["bytes"] > 0
    assert (sizes["keystrokes"], sizes["repeats"], sizes["requests"]) == (5, 2, 10)
    assert "cpu_count" in report["machine"]


@pytest.mark.parametrize("server", ["hpcls", "fortls"])
def test_every_request_succeeded(report: dict[str, Any], server: str) -> None:
    result = report["servers"][server]
    assert result["ok"], result.get("error")
    assert result["error"] is None
    for method in ("hover", "definition"):
        stats = result[method]
        assert stats["count"] == 10
        assert stats["errors"] == 0, stats["first_error"]
        assert stats["p50_ms"] is not None and stats["p95_ms"] is not None
    by_kind = result["hover_by_kind"]
    # The user-symbol kinds split the hover figures; each HPC kind has --requests of its own.
    assert sum(by_kind[k]["count"] for k in by_kind if k not in HPC_KINDS) == 10
    for kind in HPC_KINDS:
        stats = by_kind[kind]
        assert stats["count"] == 10
        assert stats["errors"] == 0, stats["first_error"]
        assert stats["non_null"] + stats["null_results"] == 10
        if server == "hpcls":  # hpcls must answer on every intrinsic, MPI and OpenMP probe
            assert stats["non_null"] == 10, (kind, stats)
    keystrokes = result["keystrokes"]
    assert keystrokes["count"] == 5
    assert len(keystrokes["runs"]) == 2
    assert all(run["processed_ms"] is not None for run in keystrokes["runs"])
    # Every run ends with didSave and the diagnostics that follow it, for both servers.
    assert all(run["saved_diagnostics_ms"] is not None for run in keystrokes["runs"])
    if server == "hpcls":  # also publishes versioned diagnostics for the final text
        assert all(run["diagnostics_ms"] is not None for run in keystrokes["runs"])
