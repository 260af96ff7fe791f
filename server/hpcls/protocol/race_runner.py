"""Data-race diagnostics off the keystroke path.

Lowering a file and testing its loops takes far longer than the syntax checks (about a
second for 20,000 lines of OpenMP Fortran), so it runs in a worker *process* (a thread
would hold the GIL and slow every hover), after the user has paused. Meanwhile each
publish carries the last results moved through the edits since: findings before the
edited region stay, findings after it shift, findings that touch it are dropped. When the
fresh results arrive for the document's current version, the diagnostics are published
again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from hpcls.analysis.directives import mentions_openmp
from hpcls.analysis.findings import Finding, Related
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document
from hpcls.workspace.large_trees import SLOT
from hpcls.workspace.memory import trim
from hpcls.workspace.text_diff import changed_region

log = logging.getLogger(__name__)

# After the fast diagnostics: a pause this long before the race analysis starts.
RACE_DELAY_S = 0.4
# A worker that holds more than this after an analysis is stopped (the next one starts
# afresh): the allocator keeps a large file's peak for reuse, and nothing else frees it.
WORKER_KEEP_MIB = 256


def compute_races(uri: str, language: str, source: bytes) -> list[Finding]:
    """Runs in the worker process: parse, lower, analyse."""
    from hpcls.analysis.races import race_findings  # the worker imports it once

    doc = Document.create(uri, LanguageKind(language), 0, source)
    try:
        return race_findings(doc)
    finally:
        # The worker keeps nothing between analyses: give back the tree and the IR's pages.
        if not SLOT.release():
            trim()


def _worker_init() -> None:
    """In the worker: yield the CPU to the server (requests stay fast while it analyses),
    keep away from the server's stdio (stdout is the JSON-RPC channel), and exit when the
    server is gone, even if it was killed."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(15)
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(devnull, 1)
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, name="hpcls-parent-watch", daemon=True).start()


def might_race(doc: Document) -> bool:
    return doc.parsed and doc.language is not None and mentions_openmp(doc.source)


@dataclass(frozen=True, slots=True)
class RaceResult:
    version: int
    source: bytes
    findings: tuple[Finding, ...]


def moved(findings: tuple[Finding, ...], old: bytes, new: bytes) -> list[Finding]:
    """The findings of `old` where they are in `new`: the edit is the differing middle."""
    start, old_end, _ = changed_region(old, new)
    delta = len(new) - len(old)

    def place(offset: int) -> int | None:
        if offset <= start:
            return offset
        if offset >= old_end:
            return offset + delta
        return None

    out: list[Finding] = []
    for f in findings:
        s, e = place(f.start), place(f.end)
        related = [(place(r.start), place(r.end), r.message) for r in f.related]
        if s is None or e is None or any(a is None or b is None for a, b, _ in related):
            continue
        moved_related = tuple(
            Related(a, b, m) for a, b, m in related if a is not None and b is not None
        )
        out.append(replace(f, start=s, end=e, related=moved_related))
    return out


class RaceRunner:
    """One worker process for the whole server, started on first use."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self.results: dict[str, RaceResult] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._wanted: dict[str, tuple[Document, Callable[[], None]]] = {}
        self._lock = asyncio.Lock()

    def current(self, doc: Document) -> tuple[list[Finding], bool]:
        """(race findings to publish for this snapshot, whether they are up to date)."""
        if not might_race(doc):
            return [], True
        result = self.results.get(doc.uri)
        if result is None:
            return [], False
        if result.version == doc.version and result.source == doc.source:
            return list(result.findings), True
        return moved(result.findings, result.source, doc.source), False

    def schedule(self, doc: Document, republish: Callable[[], None]) -> None:
        """Analyse `doc` after a pause. One analysis runs at a time; while it runs, newer
        snapshots replace each other, and only the latest is analysed next (work never
        piles up in the worker on a long typing session)."""
        self._wanted[doc.uri] = (doc, republish)
        if doc.uri not in self._tasks:
            self._tasks[doc.uri] = asyncio.get_event_loop().create_task(self._drain(doc.uri))

    async def _drain(self, uri: str) -> None:
        try:
            while uri in self._wanted:
                await asyncio.sleep(RACE_DELAY_S)
                doc, republish = self._wanted.pop(uri)
                async with self._lock:
                    findings = await self._analyse(doc)
                self.results[uri] = RaceResult(doc.version, doc.source, tuple(findings))
                if uri not in self._wanted:  # a newer snapshot will publish its own
                    republish()
        finally:
            self._tasks.pop(uri, None)

    async def _analyse(self, doc: Document) -> list[Finding]:
        assert doc.language is not None
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                1, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_init
            )
        loop = asyncio.get_running_loop()
        try:
            found = await loop.run_in_executor(
                self._pool, compute_races, doc.uri, doc.language.value, doc.source
            )
            if self.worker_rss_mib() > WORKER_KEEP_MIB:
                self._stop_pool()
            return found
        except asyncio.CancelledError:
            raise
        except Exception:  # a crash in the analysis must not take diagnostics down
            log.exception("race analysis failed for %s", doc.uri)
            self._stop_pool()  # a dead worker breaks the pool: start afresh next time
            return []

    def worker_rss_mib(self) -> float:
        """Resident memory of the worker process (0 where /proc cannot tell)."""
        processes: dict[int, multiprocessing.Process] = getattr(self._pool, "_processes", {})
        total = 0.0
        for pid in list(processes):
            with contextlib.suppress(OSError, ValueError, IndexError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) / 1024
        return total

    def forget(self, uri: str) -> None:
        self.results.pop(uri, None)
        self._wanted.pop(uri, None)
        if (task := self._tasks.pop(uri, None)) is not None:
            task.cancel()

    def shutdown(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        self._tasks.clear()
        self._wanted.clear()
        self._stop_pool()

    def _stop_pool(self) -> None:
        """Stop the worker now: exit must not wait for an analysis of a big file."""
        if self._pool is None:
            return
        # ProcessPoolExecutor has no public kill; its process table is stable in CPython.
        processes: dict[int, multiprocessing.Process] = getattr(self._pool, "_processes", {})
        for process in list(processes.values()):
            with contextlib.suppress(Exception):
                process.kill()
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = None
