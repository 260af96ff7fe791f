"""Race findings carried through edits while the worker re-analyses
(protocol/race_runner.py): kept before the edit, shifted after it, dropped on it."""

from __future__ import annotations

import asyncio

import pytest

from hpcls.analysis.findings import Finding, Related, Severity
from hpcls.languages.registry import LanguageKind
from hpcls.protocol import race_runner
from hpcls.protocol.race_runner import RaceResult, RaceRunner, moved
from hpcls.workspace.document import Document

OLD = b"0123456789abcdefghij"


def _finding(start: int, end: int, related: tuple[int, int]) -> Finding:
    return Finding(
        "omp/data-race", "m", Severity.WARNING, start, end, (Related(*related, "other"),)
    )


def test_moved_keeps_shifts_and_drops() -> None:
    before = _finding(0, 2, (3, 4))
    after = _finding(14, 16, (12, 13))
    touching = _finding(8, 10, (0, 1))
    new = OLD[:6] + b"XYZW" + OLD[9:]  # bytes 6..9 replaced by 4 bytes: +1
    result = moved((before, after, touching), OLD, new)
    assert result[0] == before
    assert (result[1].start, result[1].end) == (15, 17)
    assert (result[1].related[0].start, result[1].related[0].end) == (13, 14)
    assert len(result) == 2  # the finding on the edited bytes is gone


def test_current_is_fresh_only_for_the_same_version() -> None:
    runner = RaceRunner()
    text = b"void f(void) {\n#pragma omp parallel\n  ;\n}\n"
    doc = Document.create("file:///r.c", LanguageKind.C, 3, text)
    assert runner.current(doc) == ([], False)
    finding = _finding(15, 17, (15, 17))
    runner.results[doc.uri] = RaceResult(3, text, (finding,))
    assert runner.current(doc) == ([finding], True)
    newer = Document.create(doc.uri, LanguageKind.C, 4, b"\n" + text)
    found, fresh = runner.current(newer)
    assert not fresh and found[0].start == 16
    plain = Document.create("file:///p.c", LanguageKind.C, 1, b"int x;\n")
    assert runner.current(plain) == ([], True)  # no OpenMP: nothing to analyse


def test_shutdown_stops_the_worker_at_once() -> None:
    """An analysis still running (a big file) must not hold up the server's exit."""
    import time

    async def run() -> None:
        runner = RaceRunner()
        loop_body = "".join(f"    a[i] = a[i] + {k}.0 * b[i];\n" for k in range(400))
        text = (
            "void f(double *a, double *b, int n) {\n#pragma omp parallel for\n"
            "  for (int i = 0; i < n; i++) {\n" + loop_body + "  }\n}\n"
        ) * 40
        doc = Document.create("file:///big.c", LanguageKind.C, 1, text.encode())
        published: list[int] = []
        runner.schedule(doc, lambda: published.append(1))
        deadline = time.monotonic() + 60
        while runner._pool is None or not getattr(runner._pool, "_processes", None):
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
        processes = list(runner._pool._processes.values())  # type: ignore[attr-defined]
        await asyncio.sleep(0.3)
        started = time.monotonic()
        runner.shutdown()
        for process in processes:
            process.join(5)
            assert not process.is_alive()
        assert time.monotonic() - started < 5

    asyncio.run(run())


def test_a_worker_holding_too_much_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """After an analysis, a worker above WORKER_KEEP_MIB is stopped; the findings still
    arrive and the next analysis starts a fresh worker."""
    monkeypatch.setattr(race_runner, "WORKER_KEEP_MIB", 0)
    text = (
        b"void f(double *a, int n) {\n#pragma omp parallel for\n"
        b"  for (int i = 1; i < n; i++) a[i] = a[i - 1];\n}\n"
    )

    async def run() -> None:
        runner = RaceRunner()
        try:
            for version in (1, 2):
                doc = Document.create("file:///w.c", LanguageKind.C, version, text)
                done = asyncio.Event()
                runner.schedule(doc, done.set)
                await asyncio.wait_for(done.wait(), 120)
                found, fresh = runner.current(doc)
                assert fresh and [f.code for f in found] == ["omp/data-race"]
                assert runner._pool is None  # stopped: it held more than 0 MiB
        finally:
            runner.shutdown()

    asyncio.run(run())
