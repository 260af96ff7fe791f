"""One LSP server under benchmark (bench/run_all.py): start, open, navigate, type.

A Session drives one server with bench/lsp_driver.py through the phases of a run; a failure
is recorded on the session and ends that server's part of the run, never the others'.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import client_capabilities, ms, percentile
from bench.gen_fortran import EDIT_STATEMENTS, HPC_KINDS, EditSite, Generated, Probe, spread
from bench.lsp_driver import LspClient, LspDriverError, Notification, Response

FILE_NAME = "solver_big.f90"
PUBLISH = "textDocument/publishDiagnostics"
# Hover here ends the keystroke runs: the generated file's first line is a comment.
BARRIER = Probe(0, 2, "", "comment")


@dataclass(frozen=True, slots=True)
class ServerSpec:
    key: str  # key in the results
    label: str
    command: list[str]
    init_options: Any = None
    # How the server reports diagnostics for edited text (read from its source):
    # hpcls publishes on didChange (versioned, debounced); fortls only on open/save.
    diagnostics_on_change: bool = True
    debounce_ms: int | None = None  # the diagnostics debounce it runs with, if any
    navigation: bool = True  # measure hover/definition in this session


def _hpcls_default_debounce_ms() -> int:
    try:
        from hpcls.config import DiagnosticsSettings

        return int(DiagnosticsSettings().debounce_ms)
    except Exception:  # hpcls mid-edit must not stop the fortls side
        return 200


def server_specs(fortls_sync: str) -> list[ServerSpec]:
    py = sys.executable
    fortls_cmd = [py, "-m", "fortls", "--disable_autoupdate"]
    if fortls_sync == "incremental":
        fortls_cmd.append("--incremental_sync")
    hpcls_cmd = [py, "-m", "hpcls", "serve"]
    return [
        ServerSpec(
            "fortls",
            "fortls",
            fortls_cmd,
            diagnostics_on_change=False,
        ),
        # Default settings: the figures in the ratios.
        ServerSpec("hpcls", "hpcls", hpcls_cmd, debounce_ms=_hpcls_default_debounce_ms()),
        # No debounce: diagnostics for every keystroke; keystrokes only, for the record.
        ServerSpec(
            "hpcls_debounce_0",
            "hpcls (debounce 0)",
            hpcls_cmd,
            {"diagnostics": {"debounce_ms": 0}},
            debounce_ms=0,
            navigation=False,
        ),
    ]


# -- LSP messages -------------------------------------------------------------------------


def _sync_kind(capabilities: dict[str, Any]) -> int:
    sync = capabilities.get("textDocumentSync", 0)
    if isinstance(sync, dict):
        return int(sync.get("change", 0))
    return int(sync)


def _pos(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


def typed_text(keystrokes: int, edit: str) -> str:
    """What is typed: the statement, cut or padded with a trailing comment."""
    statement = EDIT_STATEMENTS[edit]
    if keystrokes <= len(statement):
        return statement[:keystrokes]
    pad = " ! typed by the benchmark" * (keystrokes // 20 + 1)
    return (statement + pad)[:keystrokes]


def pick_sites(sites: list[EditSite], count: int, edit: str) -> list[EditSite]:
    """count distinct edit sites of kind edit around the middle of the file."""
    ordered = sorted((s for s in sites if s.kind == edit), key=lambda s: s.line)
    if not ordered:
        raise ValueError("the generated file has no edit site; use more --lines")
    mid = len(ordered) // 2
    picked: list[EditSite] = []
    for offset in range(len(ordered)):
        for idx in (mid + offset, mid - offset):
            site = ordered[idx] if 0 <= idx < len(ordered) else None
            if site is not None and site not in picked:
                picked.append(site)
            if len(picked) == count:
                return picked
    # Fewer sites than repeats: reuse (the text grows on the same line).
    return [picked[i % len(picked)] for i in range(count)]


# -- one server session -------------------------------------------------------------------


@dataclass
class RequestStats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    nulls: int = 0
    first_error: str | None = None
    null_at: list[str] = field(default_factory=list)  # the first few null probes

    def add(self, sent: float, resp: Response, probe: Probe | None = None) -> None:
        self.latencies.append(resp.received - sent)
        if not resp.ok:
            self.errors += 1
            if self.first_error is None:
                self.first_error = json.dumps(resp.error)[:500]
        elif resp.result is None or resp.result == []:
            self.nulls += 1
            if probe is not None and len(self.null_at) < 5:
                self.null_at.append(f"{probe.line + 1}:{probe.character + 1} {probe.name}")

    def summary(self) -> dict[str, Any]:
        p50 = percentile(self.latencies, 50)
        p95 = percentile(self.latencies, 95)
        return {
            "count": len(self.latencies),
            "errors": self.errors,
            "null_results": self.nulls,
            "non_null": len(self.latencies) - self.errors - self.nulls,
            "first_error": self.first_error,
            "p50_ms": None if p50 is None else ms(p50),
            "p95_ms": None if p95 is None else ms(p95),
            "mean_ms": ms(statistics.fmean(self.latencies)) if self.latencies else None,
            "max_ms": ms(max(self.latencies)) if self.latencies else None,
            **({"null_at": self.null_at} if self.null_at else {}),
        }


class Session:
    def __init__(self, spec: ServerSpec, gen: Generated, args: argparse.Namespace) -> None:
        self.spec = spec
        self.gen = gen
        self.args = args
        self.timeout: float = args.timeout
        self.root = Path(tempfile.mkdtemp(prefix=f"hpcls-bench-{spec.key}-"))
        self.path = self.root / FILE_NAME
        self.uri = self.path.as_uri()
        self.lines = gen.text.split("\n")
        self.version = 1
        self.sync_kind = 2
        self.client = LspClient(
            spec.label, spec.command, cwd=self.root, stderr_path=self.root / "server.stderr"
        )
        self.result: dict[str, Any] = {"command": spec.command, "ok": False, "error": None}
        self.runs: list[dict[str, Any]] = []
        self.closed = False
        self.first_keystroke_note = 0  # index of the first notification after typing began

    def log(self, message: str) -> None:
        print(f"  [{self.spec.label}] {message}", file=sys.stderr, flush=True)

    @property
    def failed(self) -> bool:
        return self.result["error"] is not None

    async def step(self, name: str, action: Callable[[], Awaitable[None]]) -> None:
        """Run one phase; a failure is recorded and ends this server's part of the run."""
        if self.failed:
            return
        try:
            await action()
        except LspDriverError as exc:
            self.result["error"] = f"{exc} [during {name}]"
            print(f"\nERROR during {name}: {exc}\n", file=sys.stderr, flush=True)
        except (OSError, ValueError) as exc:
            self.result["error"] = f"{self.spec.label}: {exc!r} [during {name}]"
            print(f"\nERROR: {self.spec.label} during {name}: {exc!r}\n", file=sys.stderr)
        if self.failed:
            await self.close()

    async def start(self) -> None:
        self.path.write_text(self.gen.text, encoding="utf-8")
        await self.client.start()
        await self._open()

    async def close(self) -> dict[str, Any]:
        if self.closed:
            return self.result
        self.closed = True
        with contextlib.suppress(Exception):
            await self.client.stop(polite=not self.failed)
        stderr = self.client.stderr_tail(4000).strip()
        if stderr and self.failed:
            self.result["stderr_tail"] = stderr
        if not self.args.keep:
            shutil.rmtree(self.root, ignore_errors=True)
        self.result["ok"] = not self.failed
        self.result["window_messages"] = [
            n.params.get("message")
            for n in self.client.notifications
            if n.method == "window/showMessage" and isinstance(n.params, dict)
        ][:20]
        return self.result

    # -- steps --

    async def _request(self, method: str, params: Any) -> tuple[float, Response]:
        sent, fut = await self.client.send_request(method, params)
        return sent, await self.client.wait_response(method, fut, self.timeout)

    async def _open(self) -> None:
        c = self.client
        root_uri = self.root.as_uri()
        t0 = time.perf_counter()
        _, init = await self._request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "hpcls-bench", "version": "1"},
                "rootUri": root_uri,
                "rootPath": str(self.root),
                "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
                "capabilities": client_capabilities(),
                "initializationOptions": self.spec.init_options,
            },
        )
        if not init.ok or not isinstance(init.result, dict):
            raise LspDriverError(f"{self.spec.label}: initialize failed: {init.error}")
        caps = init.result.get("capabilities", {})
        self.sync_kind = _sync_kind(caps)
        self.result["initialize_ms"] = ms(init.received - t0)
        self.result["server_info"] = init.result.get("serverInfo")
        self.result["text_document_sync"] = {1: "full", 2: "incremental"}.get(self.sync_kind)
        await c.notify("initialized", {})
        t_open = await c.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": self.uri,
                    "languageId": "fortran",
                    "version": 1,
                    "text": self.gen.text,
                }
            },
        )
        note = await c.wait_notification(self._diags_for(None), self.timeout, "diagnostics on open")
        self.result["open_to_diagnostics_ms"] = ms(note.received - t_open)
        self.result["diagnostics_on_open"] = len(note.params.get("diagnostics", []))
        # Ready: a hover answered (hpcls waits for its index) and every progress ended.
        probe = self.gen.probes[len(self.gen.probes) // 2]
        _, warm = await self._request("textDocument/hover", self._at(probe))
        indexed = await c.wait_progress_done(self.timeout)
        self.result["ready_ms"] = ms(max(warm.received, indexed or 0.0) - t_open)
        # documentSymbol on the unchanged file: the cost of the request that ends (a).
        idle: list[float] = []
        for _ in range(3):
            sent, resp = await self._request("textDocument/documentSymbol", self._doc())
            if not resp.ok:
                raise LspDriverError(f"{self.spec.label}: documentSymbol failed: {resp.error}")
            idle.append(resp.received - sent)
        self.result["document_symbol_idle_ms"] = ms(statistics.median(idle))
        self.log(
            f"initialize {self.result['initialize_ms']:.0f} ms, ready "
            f"{self.result['ready_ms']:.0f} ms after didOpen"
        )

    def _doc(self) -> dict[str, Any]:
        return {"textDocument": {"uri": self.uri}}

    def _at(self, probe: Probe) -> dict[str, Any]:
        return {**self._doc(), "position": _pos(probe.line, probe.character)}

    def _diags_for(self, version: int | None) -> Any:
        def pred(n: Notification) -> bool:
            if n.method != PUBLISH or not isinstance(n.params, dict):
                return False
            if n.params.get("uri") != self.uri:
                return False
            return version is None or n.params.get("version") == version

        return pred

    async def navigation(self, method: str, key: str) -> None:
        """`--requests` requests over the user-symbol probes (the figures in the ratios);
        hover also keeps them per probe kind, under `hover_by_kind`."""
        stats = RequestStats()
        by_kind: dict[str, RequestStats] = {}
        for probe in spread(self.gen.probes, self.args.requests):
            sent, resp = await self._request(method, self._at(probe))
            stats.add(sent, resp)
            by_kind.setdefault(probe.kind, RequestStats()).add(sent, resp, probe)
        self.result[key] = s = stats.summary()
        if key == "hover":
            kinds = self.result.setdefault("hover_by_kind", {})
            kinds.update({k: by_kind[k].summary() for k in sorted(by_kind)})
        self.log(
            f"{key}: p50 {s['p50_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms, "
            f"{s['errors']} errors, {s['null_results']} null"
        )

    async def hpc_hover(self) -> None:
        """`--requests` hovers per HPC probe kind (intrinsic, MPI, OpenMP directive), each
        kind spread over the file on its own; results under `hover_by_kind`."""
        kinds = self.result.setdefault("hover_by_kind", {})
        for kind in HPC_KINDS:
            stats = RequestStats()
            probes = [p for p in self.gen.hpc_probes if p.kind == kind]
            for probe in spread(probes, self.args.requests):
                sent, resp = await self._request("textDocument/hover", self._at(probe))
                stats.add(sent, resp, probe)
            kinds[kind] = s = stats.summary()
            if s["count"]:
                self.log(
                    f"hover {kind}: p50 {s['p50_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms, "
                    f"{s['errors']} errors, {s['non_null']}/{s['count']} non-null"
                )

    async def keystroke_run(self, site: EditSite) -> None:
        """Type the statement at site, one didChange per character; time until processed."""
        c = self.client
        if not self.runs:
            self.first_keystroke_note = len(c.notifications)
        text = typed_text(self.args.keystrokes, self.args.edit)
        line, col = site.line, len(self.lines[site.line])
        since = len(c.notifications)
        t0 = time.perf_counter()
        for ch in text:
            self.version += 1
            change: dict[str, Any]
            if self.sync_kind == 2:
                change = {"range": {"start": _pos(line, col), "end": _pos(line, col)}, "text": ch}
            self.lines[line] = self.lines[line][:col] + ch + self.lines[line][col:]
            col += 1
            if self.sync_kind != 2:  # full sync: the client sends the whole text
                change = {"text": "\n".join(self.lines)}
            await c.notify(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": self.uri, "version": self.version},
                    "contentChanges": [change],
                },
            )
        # The measure, like for like: through to the diagnostics of the final text.
        # fortls publishes diagnostics only on save, so every server is sent didSave after
        # the last keystroke (the text written to disk first, as an editor does), and the
        # clock stops at the first publishDiagnostics after it (hpcls: for the final version).
        self.path.write_text("\n".join(self.lines), encoding="utf-8")
        since_save = len(c.notifications)
        await c.notify("textDocument/didSave", self._doc())
        saved = await c.wait_notification(
            self._diags_for(self.version if self.spec.diagnostics_on_change else None),
            self.timeout,
            "diagnostics after the keystrokes and didSave",
            since=since_save,
        )
        # Then, for the record: a cheap request (hover on the comment in line 1: null for
        # both servers), then documentSymbol, which needs the final text's outline.
        _, barrier = await self._request("textDocument/hover", self._at(BARRIER))
        sent, resp = await self._request("textDocument/documentSymbol", self._doc())
        for what, r in (("hover", barrier), ("documentSymbol", resp)):
            if not r.ok:
                raise LspDriverError(
                    f"{self.spec.label}: {what} after keystrokes failed: {r.error}"
                )
        run: dict[str, Any] = {
            "line": line,
            "saved_diagnostics_ms": ms(saved.received - t0),
            "processed_ms": ms(resp.received - t0),
            "barrier_ms": ms(barrier.received - t0),
            "document_symbol_ms": ms(resp.received - sent),
            "diagnostics_ms": None,
        }
        if self.spec.diagnostics_on_change:
            note = await c.wait_notification(
                self._diags_for(self.version),
                self.timeout,
                f"diagnostics for version {self.version}",
                since=since,
            )
            run["diagnostics_ms"] = ms(note.received - t0)
        self.runs.append(run)

    async def keystroke_summary(self) -> None:
        runs = self.runs
        if not runs:
            return

        def median(key: str) -> float | None:
            values = [r[key] for r in runs if r[key] is not None]
            return round(statistics.median(values), 3) if values else None

        text = typed_text(self.args.keystrokes, self.args.edit)
        summary: dict[str, Any] = {
            "typed": text,
            "count": len(text),
            "runs": runs,
            "median_ms": median("saved_diagnostics_ms"),
            "min_ms": min(r["saved_diagnostics_ms"] for r in runs),
            "document_symbol_after_median_ms": median("processed_ms"),
            "barrier_median_ms": median("barrier_ms"),
            "document_symbol_median_ms": median("document_symbol_ms"),
            "diagnostics_median_ms": median("diagnostics_ms"),
            "debounce_ms": self.spec.debounce_ms,
            "publish_diagnostics_received": sum(
                1
                for n in self.client.notifications[self.first_keystroke_note :]
                if self._diags_for(None)(n)
            ),
        }
        self.result["keystrokes"] = summary
        self.log(
            f"keystrokes + save → diagnostics: median {summary['median_ms']:.1f} ms over "
            f"{len(runs)} runs ({[r['saved_diagnostics_ms'] for r in runs]})"
        )
