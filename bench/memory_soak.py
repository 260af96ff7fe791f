"""Memory per document and pathological input, against the real server over stdio (issue 13).

Memory: for a generated 2 MB and 10 MB Fortran file and a 2 MB C file, one server per file
opens it and runs `--rounds` rounds of didChange (a comment line inserted in the middle, then
removed: the size stays the same) + documentSymbol + foldingRange (+ semanticTokens/full when
the server offers it), sampling the server's VmRSS (/proc/<pid>/status) after each round.
Each round is sampled twice: at once ("busy": a large file's tree is still held for the next
request) and after `--rest` seconds, once the server's idle timer has freed it ("at rest",
what the document costs while the user reads). Goal: flat after the first round, and at
rest at most 10 times the file's size above the idle server.

Pathological input: 100k unclosed `(` and 100k unclosed `{` in a C file, 10k unclosed
Fortran `do`, each beside a normal file of the same size: the time from didOpen to the first
answer of each of PATHO_REQUESTS (documentSymbol, publishDiagnostics, definition,
foldingRange, hover, references, completion, signatureHelp, codeAction), each asked first on
its own freshly opened copy. Goal: ≤ 2 s each.

    .venv/bin/python -m bench.memory_soak [--rounds 50] [--sizes 2,10] [--only memory|patho]
                                          [--change incremental|full] [--json out.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.bench.gen_tiled import generate as generate_tiled

from bench.common import client_capabilities, machine_info
from bench.gen_fortran import generate as generate_fortran
from bench.lsp_driver import LspClient, Notification

MIB = 1024 * 1024
PATHOLOGICAL_GOAL_S = 2.0
PUBLISH = "textDocument/publishDiagnostics"
# What the pathological cases time, each on a freshly opened copy.
PATHO_REQUESTS = (
    "symbols",
    "diagnostics",
    "definition",
    "folding",
    "hover",
    "references",
    "completion",
    "signatureHelp",
    "codeAction",
)


def rss_mib(pid: int) -> float:
    """VmRSS of a process in MiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def children_rss_mib(pid: int) -> float:
    """VmRSS of the process's children (the race-analysis worker), in MiB."""
    total = 0.0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += rss_mib(int(child))
    except (OSError, ValueError):
        pass
    return total


def _sized(make: Callable[[int], str], target: int, probe_lines: int = 2000) -> str:
    """make(lines) scaled so that the text is about `target` bytes."""
    sample = make(probe_lines)
    per_line = len(sample.encode()) / max(1, sample.count("\n"))
    return make(max(60, int(target / per_line)))


def fortran_text(size: int) -> str:
    return _sized(lambda n: generate_fortran(n).text, size)


def c_text(size: int) -> str:
    return _sized(lambda n: generate_tiled(n, 12), size)


# -- a server session -----------------------------------------------------------------------


class Server:
    """One `hpcls serve` over stdio in a temporary workspace."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.client = LspClient(
            "hpcls",
            [sys.executable, "-m", "hpcls", "serve"],
            cwd=root,
            stderr_path=root / "server.stderr",
        )
        self.capabilities: dict[str, Any] = {}

    async def start(self) -> None:
        await self.client.start()
        caps = client_capabilities()
        caps["textDocument"]["semanticTokens"] = {
            "requests": {"full": True},
            "tokenTypes": [],
            "tokenModifiers": [],
            "formats": ["relative"],
        }
        init = await self.client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": self.root.as_uri(),
                "capabilities": caps,
                "initializationOptions": None,
            },
        )
        if not init.ok:
            raise RuntimeError(f"initialize failed: {init.error}")
        self.capabilities = init.result.get("capabilities", {})
        await self.client.notify("initialized", {})

    @property
    def pid(self) -> int:
        assert self.client.pid is not None
        return self.client.pid

    async def open(self, uri: str, language_id: str, text: str) -> float:
        return await self.client.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": language_id, "version": 1, "text": text}},
        )

    async def ask(self, method: str, params: dict[str, Any], timeout: float) -> float:
        """Send a request and wait: the time its answer arrived (perf_counter)."""
        resp = await self.client.request(method, params, timeout=timeout)
        if not resp.ok:
            raise RuntimeError(f"{method} failed: {resp.error}")
        return resp.received

    async def diagnostics(self, uri: str, timeout: float, since: int = 0) -> float:
        def mine(n: Notification) -> bool:
            return n.method == PUBLISH and n.params.get("uri") == uri

        note = await self.client.wait_notification(mine, timeout, "diagnostics", since)
        return note.received

    async def stop(self) -> None:
        await self.client.stop()


# -- memory soak ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SoakFile:
    name: str
    language_id: str
    suffix: str
    comment: str
    make: Callable[[int], str]
    size: int


def _edit(line: int, insert: bool, comment: str) -> dict[str, Any]:
    start = {"line": line, "character": 0}
    if insert:
        return {"range": {"start": start, "end": start}, "text": f"{comment} soak\n"}
    return {"range": {"start": start, "end": {"line": line + 1, "character": 0}}, "text": ""}


async def warm_baseline(
    server: Server, spec: SoakFile, root: Path, timeout: float, rest: float
) -> float:
    """RSS of the server once a small file of the same language has had the round's
    requests and was closed: every module the features import is loaded, so what the big
    file adds is the document's own memory."""
    params = await open_and_ask(
        server, spec, root / f"warm{spec.suffix}", spec.make(20_000), timeout
    )
    await server.client.notify("textDocument/didClose", params)
    await asyncio.sleep(rest)
    return rss_mib(server.pid)


async def open_and_ask(
    server: Server, spec: SoakFile, path: Path, text: str, timeout: float
) -> dict[str, Any]:
    """Write and open a file, wait for its diagnostics, ask for its symbols and folds."""
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    await server.open(uri, spec.language_id, text)
    await server.diagnostics(uri, timeout)
    params = {"textDocument": {"uri": uri}}
    await server.ask("textDocument/documentSymbol", params, timeout)
    await server.ask("textDocument/foldingRange", params, timeout)
    return params


async def more_documents(
    server: Server,
    spec: SoakFile,
    root: Path,
    text: str,
    count: int,
    timeout: float,
    rest: float,
) -> list[float]:
    """Open `count` more copies of the file (each a little different), each asked the round's
    requests: RSS at rest after each. What one more open document costs."""
    found: list[float] = []
    for k in range(count):
        path = root / f"{spec.name}_copy{k}{spec.suffix}"
        await open_and_ask(server, spec, path, f"{spec.comment} copy {k}\n{text}", timeout)
        await asyncio.sleep(rest)
        found.append(rss_mib(server.pid))
    return found


async def soak(
    spec: SoakFile, rounds: int, change: str, timeout: float, rest: float, extra_docs: int
) -> dict[str, Any]:
    text = spec.make(spec.size)
    size = len(text.encode())
    with tempfile.TemporaryDirectory(prefix="hpcls-soak-") as tmp:
        # The files live outside the workspace root: the server's indexer never reads them
        # from disk, so what is measured is the open documents alone.
        root, files = Path(tmp) / "workspace", Path(tmp) / "open"
        root.mkdir()
        files.mkdir()
        path = files / f"{spec.name}{spec.suffix}"
        path.write_text(text, encoding="utf-8")
        uri = path.as_uri()
        server = Server(root)
        await server.start()
        try:
            idle = await warm_baseline(server, spec, files, timeout, rest)
            await server.open(uri, spec.language_id, text)
            await server.diagnostics(uri, timeout)
            opened = rss_mib(server.pid)
            semantic = "semanticTokensProvider" in server.capabilities
            middle = text.count("\n") // 2
            lines = text.split("\n")
            samples: list[float] = []
            busy: list[float] = []
            workers: list[float] = []
            round_s: list[float] = []
            for r in range(rounds):
                insert = r % 2 == 0
                if change == "full":
                    edited = [*lines[:middle], f"{spec.comment} soak", *lines[middle:]]
                    changes: list[dict[str, Any]] = [
                        {"text": "\n".join(edited if insert else lines)}
                    ]
                else:
                    changes = [_edit(middle, insert, spec.comment)]
                t0 = await server.client.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": r + 2}, "contentChanges": changes},
                )
                params = {"textDocument": {"uri": uri}}
                await server.ask("textDocument/documentSymbol", params, timeout)
                done = await server.ask("textDocument/foldingRange", params, timeout)
                if semantic:
                    done = await server.ask("textDocument/semanticTokens/full", params, timeout)
                round_s.append(done - t0)
                busy.append(rss_mib(server.pid))
                await asyncio.sleep(rest)
                samples.append(rss_mib(server.pid))
                workers.append(children_rss_mib(server.pid))
            extra = await more_documents(server, spec, files, text, extra_docs, timeout, rest)
        finally:
            await server.stop()
    first, last = samples[0], samples[-1]
    return {
        "file": spec.name,
        "bytes": size,
        "rounds": rounds,
        "change": change,
        "semantic_tokens": semantic,
        "rss_idle_mib": round(idle, 1),
        "rss_open_mib": round(opened, 1),
        "rss_first_mib": round(first, 1),
        "rss_last_mib": round(last, 1),
        "rss_max_mib": round(max(samples), 1),
        "rss_busy_max_mib": round(max(busy), 1),
        "rest_s": rest,
        "growth_after_first_mib": round(last - first, 1),
        "ratio_total": round(last * MIB / size, 1),
        "ratio_document": round((last - idle) * MIB / size, 1),
        "round_median_s": round(statistics.median(round_s), 3),
        "workers_max_mib": round(max(workers), 1),
        "workers_last_mib": round(workers[-1], 1),
        "extra_documents": len(extra),
        "rss_with_extra_mib": [round(x, 1) for x in extra],
        "ratio_per_extra_document": (
            round((extra[-1] - samples[-1]) * MIB / size / len(extra), 1) if extra else None
        ),
        "samples_mib": [round(s, 1) for s in samples],
    }


# -- pathological input ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    suffix: str
    language_id: str
    text: str
    # (line, character) asked for go-to-definition: a name the file uses.
    position: tuple[int, int]


def pathological_cases(n: int) -> list[Case]:
    parens = "int f(void) { return " + "(" * n + "1;\n}\n"
    braces = "void f(void) " + "{" * n + "\n"
    do_block = "program p\n" + "do i = 1, 2\n" * (n // 10) + "end program\n"
    normal_c = c_text(len(parens))
    normal_f = fortran_text(len(do_block))
    return [
        Case(f"c_open_parens_{_k(n)}", ".c", "c", parens, (0, 4)),
        Case(f"c_open_braces_{_k(n)}", ".c", "c", braces, (0, 5)),
        Case("c_normal_same_size", ".c", "c", normal_c, _name_position(normal_c, "for")),
        Case(f"fortran_open_do_{_k(n // 10)}", ".f90", "fortran", do_block, (2, 3)),
        Case("fortran_normal_same_size", ".f90", "fortran", normal_f, (1, 8)),
    ]


def _k(n: int) -> str:
    return f"{n / 1000:g}k"


def _name_position(text: str, after: str) -> tuple[int, int]:
    """The first identifier after the middle line's `after` keyword (else line 0)."""
    lines = text.split("\n")
    for i in range(len(lines) // 2, len(lines)):
        col = lines[i].find(after + " (")
        if col >= 0:
            return i, col + len(after) + 2
    return 0, 0


async def pathological(case: Case, timeout: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="hpcls-patho-") as tmp:
        root = Path(tmp)
        server = Server(root)
        await server.start()
        out: dict[str, Any] = {"case": case.name, "bytes": len(case.text.encode())}
        try:
            # The model loads on the first completion: load it before the clock runs.
            warm = {"textDocument": {"uri": (root / f"warm{case.suffix}").as_uri()}}
            await server.open(warm["textDocument"]["uri"], case.language_id, "\n")
            at = {**warm, "position": {"line": 0, "character": 0}}
            await server.ask("textDocument/completion", at, timeout)
            for what in PATHO_REQUESTS:
                uri = (root / f"{what}{case.suffix}").as_uri()
                since = len(server.client.notifications)
                t0 = await server.open(uri, case.language_id, case.text)
                doc = {"textDocument": {"uri": uri}}
                line, character = case.position
                at = {**doc, "position": {"line": line, "character": character}}
                if what == "diagnostics":
                    done = await server.diagnostics(uri, timeout, since)
                elif what == "references":
                    params = {**at, "context": {"includeDeclaration": True}}
                    done = await server.ask("textDocument/references", params, timeout)
                elif what == "codeAction":
                    here = at["position"]
                    params = {
                        **doc,
                        "range": {"start": here, "end": here},
                        "context": {"diagnostics": []},
                    }
                    done = await server.ask("textDocument/codeAction", params, timeout)
                elif what in ("definition", "hover", "completion", "signatureHelp"):
                    done = await server.ask(f"textDocument/{what}", at, timeout)
                else:
                    method = {"symbols": "documentSymbol", "folding": "foldingRange"}[what]
                    done = await server.ask(f"textDocument/{method}", doc, timeout)
                out[f"{what}_s"] = round(done - t0, 3)
                await server.client.notify("textDocument/didClose", doc)
        finally:
            await server.stop()
    return out


# -- report ---------------------------------------------------------------------------------


def memory_table(rows: list[dict[str, Any]]) -> str:
    head = (
        f"{'file':<12} {'MiB':>5} {'rounds':>6} {'idle':>6} {'open':>6} {'round 1':>8} "
        f"{'last':>7} {'max':>7} {'growth':>7} {'doc/size':>8} {'busy max':>8} {'round':>7} "
        f"{'worker':>6} {'max':>6} {'per doc':>8}"
    )
    out = [head, "-" * len(head)]
    for r in rows:
        out.append(
            f"{r['file']:<12} {r['bytes'] / MIB:>5.1f} {r['rounds']:>6} {r['rss_idle_mib']:>6.0f} "
            f"{r['rss_open_mib']:>6.0f} {r['rss_first_mib']:>8.0f} {r['rss_last_mib']:>7.0f} "
            f"{r['rss_max_mib']:>7.0f} {r['growth_after_first_mib']:>+7.0f} "
            f"{r['ratio_document']:>7.1f}x {r['rss_busy_max_mib']:>8.0f} "
            f"{r['round_median_s']:>6.2f}s {r['workers_last_mib']:>6.0f} "
            f"{r['workers_max_mib']:>6.0f} {_ratio(r['ratio_per_extra_document']):>8}"
        )
    out.append(
        "RSS in MiB (VmRSS of the server process). idle: warm (a small file of the same "
        "language opened, asked the same requests and closed); open: after the "
        "first diagnostics; round 1 / last / max: at rest (sampled --rest s after a round); "
        "growth: last - round 1; doc/size: (last - idle) / file size; busy max: sampled right "
        "after a round (a large file's tree still held); round: median seconds of one round; "
        "worker: the race-analysis worker process at the last sample and its max; per doc: "
        "RSS that each further copy of the file adds (opened after the rounds), / file size."
    )
    return "\n".join(out)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}x"


def patho_table(rows: list[dict[str, Any]]) -> str:
    names = {"diagnostics": "diagnost.", "references": "refs", "signatureHelp": "signature"}
    heads = [names.get(w, w) for w in PATHO_REQUESTS]
    head = f"{'case':<26} {'KiB':>5} " + " ".join(f"{h:>9}" for h in heads)
    out = [head, "-" * len(head)]
    for r in rows:
        cells = [r.get(f"{w}_s") for w in PATHO_REQUESTS]
        shown = [f"{c:.2f}s" if isinstance(c, float) else str(c) for c in cells]
        out.append(
            f"{r['case']:<26} {r['bytes'] / 1024:>5.0f} " + " ".join(f"{c:>9}" for c in shown)
        )
    out.append(
        f"seconds from didOpen to the first answer, each on a fresh copy of the file "
        f"(goal ≤ {PATHOLOGICAL_GOAL_S:g} s)."
    )
    return "\n".join(out)


def soak_files(sizes: list[float], c_size: float) -> list[SoakFile]:
    files = [
        SoakFile(f"fortran_{s:g}mb", "fortran", ".f90", "!", fortran_text, int(s * MIB))
        for s in sizes
    ]
    if c_size > 0:
        files.append(SoakFile(f"c_{c_size:g}mb", "c", ".c", "//", c_text, int(c_size * MIB)))
    return files


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    result: dict[str, Any] = {"machine": machine_info(), "memory": [], "pathological": []}
    if args.only in (None, "memory"):
        sizes = [float(s) for s in args.sizes.split(",") if s]
        for spec in soak_files(sizes, args.c_size):
            print(f"soak {spec.name}: {args.rounds} rounds ...", file=sys.stderr, flush=True)
            started = time.perf_counter()
            row = await soak(
                spec, args.rounds, args.change, args.timeout, args.rest, args.extra_docs
            )
            print(f"  done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            result["memory"].append(row)
        print(memory_table(result["memory"]))
        print()
    if args.only in (None, "patho"):
        for case in pathological_cases(args.nesting):
            print(f"pathological {case.name} ...", file=sys.stderr, flush=True)
            result["pathological"].append(await pathological(case, args.timeout))
        print(patho_table(result["pathological"]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--sizes", default="2,10", help="Fortran file sizes in MiB")
    parser.add_argument("--c-size", type=float, default=2.0, help="C file size in MiB (0: none)")
    parser.add_argument("--change", choices=("incremental", "full"), default="incremental")
    parser.add_argument("--nesting", type=int, default=100_000, help="pathological depth")
    parser.add_argument("--only", choices=("memory", "patho"))
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument(
        "--extra-docs", type=int, default=2, help="more copies opened after the rounds"
    )
    parser.add_argument(
        "--rest", type=float, default=3.0, help="seconds after each round before the sample"
    )
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args(argv)
    result = asyncio.run(main_async(args))
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
