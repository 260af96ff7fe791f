"""The pure half of `python -m bench.ai_perf`: samples in, ratios and markdown tables out.

Nothing here runs a model or a server, so the tests can check the arithmetic and the
table on made-up numbers (tests/test_bench_ai_perf.py).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from bench.common import ratio

GOALS = {"P1": 1.10, "P2": 0.25, "P5": 1.6}
MIB = 2**20


@dataclass(frozen=True, slots=True)
class Sample:
    """One completion request, as each side saw it (seconds; token counts)."""

    position: str  # "heat/heat_solver.f90:159"
    repeat: int
    kind: str  # "cold" | "keystroke"
    lsp_s: float  # inlineCompletion request written -> answer read, in the client
    service_s: float  # CompletionService.suggest in this process (the mirror)
    engine_s: float  # LlamaEngine.complete in the mirror (CompletionResult.seconds)
    raw_s: float  # llama_cpp.Llama: tokenize + generate, the same prompt and tokens
    raw_prompt_s: float  # raw: until the first token is sampled (prompt evaluation)
    prompt_tokens: int
    engine_reused: int  # prompt tokens whose KV cache the engine reused
    raw_reused: int  # the same, for the raw Llama (its own prefix match)
    sampled: int  # tokens sampled by the engine (generated + the one that stopped it)
    generated: int  # CompletionResult.tokens
    finish: str
    text: str | None  # the suggestion through the LSP (None: no suggestion)
    text_matches: bool  # the mirror's suggestion is the same text
    raw_ids_match: bool  # the raw Llama sampled the same token ids as the engine

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_proc_status(text: str) -> dict[str, int]:
    """The `kB` fields of /proc/PID/status (VmRSS, VmHWM, ...), in bytes."""
    out: dict[str, int] = {}
    for line in text.splitlines():
        name, _, value = line.partition(":")
        parts = value.split()
        if len(parts) == 2 and parts[1] == "kB" and parts[0].isdigit():
            out[name.strip()] = int(parts[0]) * 1024
    return out


def median(values: Iterable[float]) -> float | None:
    data = list(values)
    return statistics.median(data) if data else None


def paired_ratios(
    samples: Sequence[Sample],
    numerator: Callable[[Sample], float],
    denominator: Callable[[Sample], float],
    kind: str,
) -> list[float]:
    """numerator / denominator for each sample of this kind (same request, two sides)."""
    return [numerator(s) / denominator(s) for s in samples if s.kind == kind and denominator(s) > 0]


def keystroke_ratios(samples: Sequence[Sample], side: Callable[[Sample], float]) -> list[float]:
    """keystroke / cold for each (position, repeat) that has both: the same place, typed on."""
    cold = {(s.position, s.repeat): s for s in samples if s.kind == "cold"}
    out: list[float] = []
    for s in samples:
        c = cold.get((s.position, s.repeat))
        if s.kind == "keystroke" and c is not None and side(c) > 0:
            out.append(side(s) / side(c))
    return out


def summarize(samples: Sequence[Sample], rss: dict[str, int], model_bytes: int) -> dict[str, Any]:
    """The ratios with their goals, and the medians behind them (milliseconds, tokens)."""

    def med_ms(kind: str, side: Callable[[Sample], float]) -> float | None:
        m = median(side(s) for s in samples if s.kind == kind)
        return None if m is None else round(m * 1000, 1)

    def med_n(kind: str, side: Callable[[Sample], int]) -> float | None:
        return median(side(s) for s in samples if s.kind == kind)

    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    def lsp(s: Sample) -> float:
        return s.lsp_s

    def raw(s: Sample) -> float:
        return s.raw_s

    def engine(s: Sample) -> float:
        return s.engine_s

    sides: dict[str, Callable[[Sample], float]] = {
        "lsp": lsp,
        "service": lambda s: s.service_s,
        "engine": engine,
        "raw": raw,
        "raw_prompt_eval": lambda s: s.raw_prompt_s,
        "raw_generation": lambda s: s.raw_s - s.raw_prompt_s,
    }
    counts: dict[str, Callable[[Sample], int]] = {
        "prompt_tokens": lambda s: s.prompt_tokens,
        "engine_reused": lambda s: s.engine_reused,
        "raw_reused": lambda s: s.raw_reused,
        "sampled": lambda s: s.sampled,
    }
    medians = {
        kind: {
            **{f"{k}_ms": med_ms(kind, f) for k, f in sides.items()},
            **{k: med_n(kind, f) for k, f in counts.items()},
            "count": sum(1 for s in samples if s.kind == kind),
        }
        for kind in ("cold", "keystroke")
    }
    after = rss.get("after_VmRSS")
    hwm = rss.get("after_VmHWM")
    ratios = {
        "P1": rounded(median(paired_ratios(samples, lsp, raw, "cold"))),
        "P1_keystroke": rounded(median(paired_ratios(samples, lsp, raw, "keystroke"))),
        "P2": rounded(median(keystroke_ratios(samples, lsp))),
        "P2_engine": rounded(median(keystroke_ratios(samples, engine))),
        "P2_raw": rounded(median(keystroke_ratios(samples, raw))),
        "P5": ratio(after, model_bytes),
        "P5_hwm": ratio(hwm, model_bytes),
    }
    return {"ratios": ratios, "medians": medians, "goals": GOALS}


# -- markdown ---------------------------------------------------------------------------


def markdown(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A markdown table, columns padded so that it also reads as plain text."""
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _mib(value: int | float | None) -> str:
    return "—" if value is None else f"{value / MIB:,.1f} MiB"


def _verdict(value: float | None, goal: float | None) -> str:
    if value is None or goal is None:
        return ""
    return "met" if value <= goal else "MISSED"


def ratio_table(summary: dict[str, Any], rss: dict[str, int], model_bytes: int) -> str:
    r = summary["ratios"]
    cold = summary["medians"]["cold"]
    key = summary["medians"]["keystroke"]
    n_cold, n_key = cold["count"], key["count"]
    rows: list[tuple[str, str, str, float | None, float | None]] = [
        (
            f"P1 inlineCompletion (LSP) ÷ raw llama-cpp-python, cold, median of {n_cold}",
            _ms(cold["lsp_ms"]),
            _ms(cold["raw_ms"]),
            r["P1"],
            GOALS["P1"],
        ),
        (
            f"P1 the same, keystroke requests, median of {n_key}",
            _ms(key["lsp_ms"]),
            _ms(key["raw_ms"]),
            r["P1_keystroke"],
            None,
        ),
        (
            f"P2 keystroke ÷ cold through the LSP, median of {n_key}",
            _ms(key["lsp_ms"]),
            _ms(cold["lsp_ms"]),
            r["P2"],
            GOALS["P2"],
        ),
        (
            "P2 the same on LlamaEngine.complete",
            _ms(key["engine_ms"]),
            _ms(cold["engine_ms"]),
            r["P2_engine"],
            None,
        ),
        (
            "P2 the same on raw llama-cpp-python",
            _ms(key["raw_ms"]),
            _ms(cold["raw_ms"]),
            r["P2_raw"],
            None,
        ),
        (
            "P5 VmRSS of hpcls serve after completions ÷ model file",
            _mib(rss.get("after_VmRSS")),
            _mib(model_bytes),
            r["P5"],
            GOALS["P5"],
        ),
        (
            "P5 the same, VmHWM (peak)",
            _mib(rss.get("after_VmHWM")),
            _mib(model_bytes),
            r["P5_hwm"],
            None,
        ),
    ]
    return markdown(
        ["measure", "hpcls", "reference", "ratio", "goal", ""],
        [
            (label, a, b, _x(value), "—" if goal is None else f"≤ {goal:g}", _verdict(value, goal))
            for label, a, b, value, goal in rows
        ],
    )


def breakdown_table(summary: dict[str, Any]) -> str:
    """Where the time goes: the same requests seen from the outside in (medians)."""
    cold = summary["medians"]["cold"]
    key = summary["medians"]["keystroke"]

    def n(value: float | None) -> str:
        return "—" if value is None else f"{value:g}"

    rows = [
        ("inlineCompletion through the LSP (client clock)", "lsp_ms", _ms),
        ("CompletionService.suggest, in process", "service_ms", _ms),
        ("LlamaEngine.complete, in process", "engine_ms", _ms),
        ("raw llama-cpp-python: tokenize + generate", "raw_ms", _ms),
        ("  of which prompt evaluation (to first token)", "raw_prompt_eval_ms", _ms),
        ("  of which generation", "raw_generation_ms", _ms),
        ("prompt tokens", "prompt_tokens", n),
        ("prompt tokens reused from the KV cache: engine", "engine_reused", n),
        ("prompt tokens reused from the KV cache: raw", "raw_reused", n),
        ("tokens sampled", "sampled", n),
    ]
    return markdown(
        ["median", "cold", "keystroke"],
        [(label, f(cold[k]), f(key[k])) for label, k, f in rows],
    )


def rss_line(rss: dict[str, int]) -> str:
    return (
        f"hpcls serve memory: before the model loads VmRSS {_mib(rss.get('before_VmRSS'))}; "
        f"after the completions VmRSS {_mib(rss.get('after_VmRSS'))}, "
        f"VmHWM {_mib(rss.get('after_VmHWM'))}"
    )
