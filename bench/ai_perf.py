"""AI completion performance, side by side in one run: P1, P2 and P5, reported as ratios.

    python -m bench.ai_perf [--model PATH] [--repeat N] [--json OUT]
                            [--positions N] [--context-chars N] [--threads N]

P1  textDocument/inlineCompletion through a real `hpcls serve` (stdio, debounce 0, model
    loaded) ÷ raw llama-cpp-python on the same prompt, sampling the same tokens.
P2  a completion after one more keystroke (KV cache reused) ÷ a cold one at the same place,
    prompts of about 1,000 tokens; through the LSP, and on the engine alone.
P5  resident memory of `hpcls serve` with the model loaded ÷ the model file's size.

At each position (one per example file, the line cut after the cursor as if just typed)
the server answers a cold request, then the user types one character that does not start
the suggestion and the server answers again, then the character is deleted. The same
requests, in the same order, go to an in-process copy of the completion service (the
mirror: exact prompt, token counts, engine time; its suggestions must equal the server's)
and to a raw `llama_cpp.Llama`. See bench/README.md for the method.
Exit code 1 when a side failed or the mirror's suggestion differed from the server's.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shlex
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.ai_report import (
    Sample,
    breakdown_table,
    ratio_table,
    rss_line,
    summarize,
)
from bench.ai_sides import AiServer, Mirror, RawProcess
from bench.common import machine_info
from bench.lsp_driver import LspDriverError
from hpcls.ai.service import model_path
from hpcls.config import Settings, merge
from hpcls.workspace.lines import Encoding
from hpcls.workspace.uris import path_to_uri

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
RESULTS = Path(__file__).resolve().parent / "results" / "ai_perf.json"
# With the default model, about 1,000 prompt tokens at these positions (P2 asks for that).
CONTEXT_CHARS = 3600
# Large, so that a loaded machine cannot cut a generation short: the server and the mirror
# must produce the same text, and the raw side the same number of tokens.
TIME_LIMIT_MS = 120_000
# They change how llama.cpp's OpenMP threads wait, which matters on a busy machine.
OPENMP_VARIABLES = ("OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "OMP_NUM_THREADS", "OMP_PROC_BIND")
# Typed at the cursor for P2: the first one that does not start the last suggestion.
KEYSTROKE_CHARS = "xqz"


@dataclass(frozen=True, slots=True)
class Spot:
    """A cursor position: in `path` (under examples/), right after `needle`, with the rest
    of that line deleted, as if the user had just typed up to there."""

    path: str
    needle: str
    language_id: str

    def text_and_offset(self, original: str) -> tuple[str, int]:
        cut = original.index(self.needle) + len(self.needle)
        end = original.find("\n", cut)
        text = original[:cut] + (original[end:] if end >= 0 else "")
        return text, len(text[:cut].encode("utf-8"))


# Consecutive positions are in different files (and languages): each cold request follows a
# prompt that shares nothing but the first token with it.
SPOTS: tuple[Spot, ...] = (
    Spot("heat/heat_solver.f90", "    grid%ny_global = ", "fortran"),
    Spot("jacobi/jacobi.c", "            const double exact = ", "c"),
    Spot("legacy/dgtsv_like.f", "         CALL TRISOL( ", "fortran"),
    Spot("stencil/stencil.cpp", "        const double c1 = ", "cpp"),
    Spot("heat/heat_halo.f90", "    call MPI_Waitall(", "fortran"),
    Spot("cuda/saxpy_reduce.cu", "    CUDA_CHECK(cudaMemcpy(d_y, ", "cuda-cpp"),
    Spot("mpi/ring.c", "        MPI_Isend(", "c"),
)


class Run:
    """One benchmark run: the three sides, the open documents, the samples."""

    def __init__(self, args: argparse.Namespace, root: Path) -> None:
        self.args = args
        self.root = root
        ai: dict[str, Any] = {
            "debounce_ms": 0,
            "time_limit_ms": TIME_LIMIT_MS,
            "context_chars": args.context_chars,
            "threads": args.threads,
        }
        if args.model is not None:
            ai["model"] = str(args.model.resolve())
        self.options = {"ai": ai}
        # The settings the server computes from the same initializationOptions.
        settings, problems = merge(Settings(), self.options, "bench")
        if problems:
            raise ValueError("; ".join(problems))
        self.settings = settings
        self.model = model_path(settings.ai)  # the default model is sha256-checked: once
        self.server = AiServer(root, self.options, args.timeout)
        self.mirror = Mirror(settings.ai, settings.index, root, self.model)
        self.raw: RawProcess | None = None
        self.spots = list(SPOTS[: args.positions])
        self.offsets: dict[str, int] = {}
        self.versions: dict[str, int] = {}
        self.samples: list[Sample] = []
        self.mismatches: list[str] = []
        self.rss: dict[str, int] = {}

    def uri(self, spot: Spot) -> str:
        return path_to_uri(self.root / spot.path)

    async def start(self) -> None:
        log("starting hpcls serve, the mirror and the raw llama-cpp-python …")
        await self.server.start()
        await asyncio.to_thread(self.mirror.start)
        for spot in self.spots:
            text, offset = spot.text_and_offset((self.root / spot.path).read_text("utf-8"))
            uri = self.uri(spot)
            self.offsets[uri] = offset
            self.versions[uri] = 1
            await self.server.open(uri, spot.language_id, text)
            self.mirror.open(uri, spot.language_id, text)
        await self.server.wait_indexed()
        before = self.server.memory()
        self.rss |= {f"before_{k}": v for k, v in before.items() if k in ("VmRSS", "VmHWM")}
        self.raw = await asyncio.to_thread(RawProcess, self.settings.ai, self.model)

    async def request(self, spot: Spot, offset: int, kind: str, repeat: int) -> Sample:
        """The same completion on the three sides, one after the other (never at once)."""
        assert self.raw is not None
        uri = self.uri(spot)
        doc = self.mirror.docs[uri]
        line, character = doc.position_of(offset, Encoding.UTF16)
        lsp_s, text = await self.server.complete(uri, line, character)
        service_s, suggestion, rec = await asyncio.to_thread(self.mirror.suggest, uri, offset)
        raw = await asyncio.to_thread(self.raw.run, rec.prompt, rec.sampled)
        if raw.prompt_tokens != rec.result.prompt_tokens:
            raise RuntimeError(
                f"raw llama-cpp-python read {raw.prompt_tokens} prompt tokens, "
                f"the engine {rec.result.prompt_tokens}"
            )
        mine = suggestion.text if suggestion is not None and suggestion.text else None
        where = f"{spot.path}:{line + 1}"
        if mine != text:
            self.mismatches.append(f"{where} ({kind}): server {text!r}, in process {mine!r}")
        n = len(rec.sampled_ids)  # the raw side evaluated as many sampled tokens
        sample = Sample(
            position=where,
            repeat=repeat,
            kind=kind,
            lsp_s=lsp_s,
            service_s=service_s,
            engine_s=rec.result.seconds,
            raw_s=raw.seconds,
            raw_prompt_s=raw.prompt_seconds,
            prompt_tokens=rec.result.prompt_tokens,
            engine_reused=rec.result.reused_prompt_tokens,
            raw_reused=raw.reused,
            sampled=rec.sampled,
            generated=rec.result.tokens,
            finish=rec.result.finish_reason,
            text=text,
            text_matches=mine == text,
            raw_ids_match=raw.ids[:n] == rec.sampled_ids,
        )
        log(
            f"{where:24} {kind:9} LSP {lsp_s * 1000:7.0f} ms, raw {raw.seconds * 1000:7.0f} ms, "
            f"prompt {sample.prompt_tokens} tokens ({sample.engine_reused} reused), "
            f"{sample.sampled} sampled"
        )
        return sample

    async def edit(self, spot: Spot, start: int, end: int, text: str) -> int:
        """The same edit (byte offsets) on the server and the mirror; returns the index of
        the server's next notification, to wait for its diagnostics from."""
        uri = self.uri(spot)
        doc = self.mirror.docs[uri]
        a = doc.position_of(start, Encoding.UTF16)
        b = doc.position_of(end, Encoding.UTF16)
        self.versions[uri] += 1
        version = self.versions[uri]
        since = await self.server.change(uri, version, a, b, text)
        self.mirror.change(uri, version, a, b, text)
        return since

    async def position(self, spot: Spot, repeat: int) -> None:
        uri = self.uri(spot)
        offset = self.offsets[uri]
        cold = await self.request(spot, offset, "cold", repeat)
        head = cold.text or ""
        char = next(c for c in KEYSTROKE_CHARS if not head.startswith(c))
        await self.edit(spot, offset, offset, char)
        key = await self.request(spot, offset + len(char.encode()), "keystroke", repeat)
        since = await self.edit(spot, offset, offset + len(char.encode()), "")
        # Wait for the server's debounced diagnostics: it is idle when the next request goes.
        await self.server.wait_diagnostics(uri, self.versions[uri], since)
        self.samples += [cold, key]

    async def measure(self) -> None:
        warm = self.spots[-1]
        log(f"warming up at {warm.path} (loads the model in the server)")
        await self.request(warm, self.offsets[self.uri(warm)], "warm-up", -1)
        for repeat in range(self.args.repeat):
            for spot in self.spots:
                await self.position(spot, repeat)
        after = self.server.memory()
        self.rss |= {f"after_{k}": v for k, v in after.items() if k in ("VmRSS", "VmHWM")}

    async def close(self) -> None:
        await self.server.stop()
        if self.raw is not None:
            self.raw.close()
        self.mirror.close()

    def threads(self) -> str:
        return "?" if self.raw is None else self.raw.threads


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


async def run(args: argparse.Namespace) -> tuple[dict[str, Any], bool]:
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="hpcls-bench-ai-"))
    root = tmp / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns("*.md"))
    bench = Run(args, root)
    error: str | None = None
    try:
        await bench.start()
        await bench.measure()
    except (LspDriverError, OSError, RuntimeError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"
        tail = bench.server.stderr_tail().strip()
        if tail:
            error += f"\n--- last stderr of hpcls serve ---\n{tail}"
    finally:
        await bench.close()
        shutil.rmtree(tmp, ignore_errors=True)
    model = bench.model
    model_bytes = model.stat().st_size
    summary = summarize(bench.samples, bench.rss, model_bytes)
    report: dict[str, Any] = {
        "schema": 1,
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command_line(args.argv),
        "wall_s": round(time.perf_counter() - started, 1),
        "machine": machine_info() | llama_version(),
        "environment": {k: v for k, v in os.environ.items() if k in OPENMP_VARIABLES},
        "model": {"path": str(model), "bytes": model_bytes, "threads": bench.threads()},
        "settings": {"initializationOptions": bench.options},
        "positions": [f"{s.path} after {s.needle.strip()!r}" for s in bench.spots],
        "repeat": args.repeat,
        "rss": bench.rss,
        "summary": summary,
        "samples": [s.as_json() for s in bench.samples],
        "mismatches": bench.mismatches,
        "raw_ids_differ": sum(1 for s in bench.samples if not s.raw_ids_match),
        "error": error,
    }
    ok = error is None and not bench.mismatches and bool(bench.samples)
    return report, ok


def llama_version() -> dict[str, str]:
    try:
        return {"llama_cpp_python_version": metadata.version("llama_cpp_python")}
    except metadata.PackageNotFoundError:
        return {}


def command_line(argv: list[str]) -> str:
    exe = Path(sys.executable)
    python = str(exe.relative_to(REPO)) if exe.is_relative_to(REPO) else str(exe)
    return shlex.join([python, "-m", "bench.ai_perf", *argv])


def print_report(report: dict[str, Any]) -> None:
    m = report["machine"]
    model = report["model"]
    ai = report["settings"]["initializationOptions"]["ai"]
    summary = report["summary"]
    cold = summary["medians"]["cold"]
    print()
    print(f"command: {report['command']}  ({report['wall_s']:.0f} s)")
    print(
        f"machine: {m.get('cpu_count')} CPUs ({m.get('cpus_usable', '?')} usable), "
        f"{m.get('cpu_model', '?')}, {m.get('memory_gib', '?')} GiB, load average at end "
        f"{m.get('load_average', '?')}; Python {m.get('python')}, llama-cpp-python "
        f"{m.get('llama_cpp_python_version', '?')}"
    )
    print(f"model: {model['path']} ({model['bytes'] / 2**20:.1f} MiB), threads {model['threads']}")
    print(
        f"settings: {json.dumps(ai)}; {len(report['positions'])} positions x "
        f"{report['repeat']} repeat(s); prompt tokens, cold: median {cold['prompt_tokens']}"
    )
    print()
    print(ratio_table(summary, report["rss"], model["bytes"]))
    print()
    print(breakdown_table(summary))
    print()
    print(rss_line(report["rss"]))
    if report["raw_ids_differ"]:
        print(
            f"note: in {report['raw_ids_differ']} requests raw llama-cpp-python sampled other "
            "token ids than the engine (same count)"
        )
    for line in report["mismatches"]:
        print(f"MISMATCH: {line}")
    if report["error"]:
        print(f"\nFAILED: {report['error']}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    doc = __doc__ or ""
    p = argparse.ArgumentParser(prog="python -m bench.ai_perf", description=doc.splitlines()[0])
    p.add_argument("--model", type=Path, help="a GGUF model (default: the embedded default)")
    p.add_argument("--repeat", type=int, default=1, help="passes over the positions")
    p.add_argument("--json", type=Path, default=RESULTS, help="where to write the results")
    p.add_argument(
        "--positions", type=int, default=len(SPOTS), help=f"how many of the {len(SPOTS)} to use"
    )
    p.add_argument(
        "--context-chars",
        type=int,
        default=CONTEXT_CHARS,
        help="ai.context_chars (the default gives prompts of about 1,000 tokens)",
    )
    p.add_argument("--threads", type=int, default=0, help="ai.threads (0: llama.cpp's choice)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the server")
    args = p.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    if args.repeat < 1 or not 2 <= args.positions <= len(SPOTS):
        p.error(f"--repeat must be >= 1 and --positions between 2 and {len(SPOTS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    report, ok = asyncio.run(run(args))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_report(report)
    print(f"\nresults: {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
