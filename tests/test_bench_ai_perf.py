"""bench/ai_perf.py cannot rot silently: its arithmetic and table on made-up numbers, its
positions against examples/, and one whole run on a tiny random model (never timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bench.ai_perf import EXAMPLES, SPOTS
from bench.ai_report import Sample, parse_proc_status, ratio_table, summarize

from tests.ai.tiny_model import write_tiny_model

REPO = Path(__file__).resolve().parent.parent

STATUS = """Name:\tpython
Umask:\t0022
State:\tS (sleeping)
VmPeak:\t 2000000 kB
VmHWM:\t  400000 kB
VmRSS:\t  300000 kB
Threads:\t5
voluntary_ctxt_switches:\t12
"""


def test_parse_proc_status() -> None:
    fields = parse_proc_status(STATUS)
    assert fields["VmRSS"] == 300000 * 1024
    assert fields["VmHWM"] == 400000 * 1024
    assert "Threads" not in fields and "Name" not in fields


def _sample(position: str, kind: str, lsp: float, raw: float, engine: float) -> Sample:
    return Sample(
        position=position,
        repeat=0,
        kind=kind,
        lsp_s=lsp,
        service_s=engine,
        engine_s=engine,
        raw_s=raw,
        raw_prompt_s=raw / 2,
        prompt_tokens=1000,
        engine_reused=1 if kind == "cold" else 999,
        raw_reused=1 if kind == "cold" else 999,
        sampled=10,
        generated=9,
        finish="stop",
        text="x",
        text_matches=True,
        raw_ids_match=True,
    )


SAMPLES = [
    _sample("a", "cold", lsp=2.0, raw=1.0, engine=1.5),  # P1 2.0
    _sample("a", "keystroke", lsp=0.2, raw=0.1, engine=0.3),  # P2 0.1, engine 0.2
    _sample("b", "cold", lsp=1.05, raw=1.0, engine=1.0),  # P1 1.05
    _sample("b", "keystroke", lsp=0.42, raw=0.1, engine=0.5),  # P2 0.4, engine 0.5
    _sample("c", "cold", lsp=3.0, raw=3.0, engine=2.0),  # P1 1.0
    _sample("c", "keystroke", lsp=0.9, raw=0.2, engine=1.0),  # P2 0.3, engine 0.5
]
RSS = {"before_VmRSS": 80 * 2**20, "after_VmRSS": 300 * 2**20, "after_VmHWM": 350 * 2**20}


def test_summary_pairs_the_requests() -> None:
    s = summarize(SAMPLES, RSS, 200 * 2**20)
    r = s["ratios"]
    assert r["P1"] == pytest.approx(1.05)  # median of 2.0, 1.05, 1.0
    assert r["P2"] == pytest.approx(0.3)  # median of 0.1, 0.4, 0.3: per position
    assert r["P2_engine"] == pytest.approx(0.5)  # median of 0.2, 0.5, 0.5
    assert r["P5"] == pytest.approx(1.5)
    assert r["P5_hwm"] == pytest.approx(1.75)
    cold = s["medians"]["cold"]
    assert cold["lsp_ms"] == pytest.approx(2000.0)
    assert cold["count"] == 3 and s["medians"]["keystroke"]["engine_reused"] == 999


def test_table_shows_goals_and_verdicts() -> None:
    table = ratio_table(summarize(SAMPLES, RSS, 200 * 2**20), RSS, 200 * 2**20)
    lines = table.splitlines()
    assert lines[0].startswith("| measure") and set(lines[1]) <= {"|", "-", " "}
    p1 = next(line for line in lines if line.startswith("| P1 inlineCompletion"))
    p2 = next(line for line in lines if line.startswith("| P2 keystroke"))
    p5 = next(line for line in lines if line.startswith("| P5 VmRSS"))
    assert "1.050" in p1 and "≤ 1.1" in p1 and "met" in p1  # 1.05 <= 1.10
    assert "0.300" in p2 and "MISSED" in p2  # 0.3 > 0.25
    assert "1.500" in p5 and "300.0 MiB" in p5 and "met" in p5


def test_empty_run_still_prints() -> None:
    table = ratio_table(summarize([], {}, 1), {}, 1)
    assert "—" in table and "MISSED" not in table


@pytest.mark.parametrize("spot", SPOTS, ids=lambda s: s.path)
def test_positions_are_in_the_examples(spot: Any) -> None:
    original = (EXAMPLES / spot.path).read_text(encoding="utf-8")
    assert original.count(spot.needle) == 1, "the needle must name one place"
    text, offset = spot.text_and_offset(original)
    head = text.encode()[:offset].decode()
    assert head.endswith(spot.needle)
    assert text[len(head) :].startswith("\n")  # the rest of the line is gone


def test_whole_run_on_a_tiny_model(tmp_path: Path) -> None:
    model = write_tiny_model(tmp_path / "tiny.gguf")
    out = tmp_path / "ai_perf.json"
    cmd = [
        sys.executable, "-m", "bench.ai_perf", "--model", str(model), "--positions", "2",
        "--context-chars", "1200", "--timeout", "120", "--json", str(out),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=280)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert "| P1 inlineCompletion" in proc.stdout and "command: " in proc.stdout
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    assert report["error"] is None and report["mismatches"] == []
    samples = report["samples"]
    assert [s["kind"] for s in samples] == ["cold", "keystroke"] * 2
    for cold, key in zip(samples[::2], samples[1::2], strict=True):
        assert cold["text_matches"] and key["text_matches"]
        assert cold["sampled"] >= 1 and cold["prompt_tokens"] > 100
        # Cold: the KV cache held another file's prompt; keystroke: all but the end reused.
        assert cold["engine_reused"] < cold["prompt_tokens"] // 2
        assert key["engine_reused"] >= key["prompt_tokens"] - 8
        assert key["raw_reused"] == key["engine_reused"]
    ratios = report["summary"]["ratios"]
    for key in ("P1", "P1_keystroke", "P2", "P2_engine", "P2_raw", "P5", "P5_hwm"):
        assert isinstance(ratios[key], float) and ratios[key] > 0, key
    rss = report["rss"]
    assert rss["before_VmRSS"] > 0 and rss["after_VmHWM"] >= rss["after_VmRSS"] > 0
