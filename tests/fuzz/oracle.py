"""The differential oracle: does every verified "Parallelize loop" edit keep the
program's output?

A program with a `main` (C, C++) or `program` (Fortran) is compiled serially (-O1, no
-fopenmp) and run; its output is the reference. Every loop hpcls labels `parallel` whose
plan is *verified* gets its edit. Edits of loops that do not nest go into one program
together (a nested verified loop waits for the next round), with `schedule(runtime)`
added so one build runs under several schedules; it is built with -fopenmp and run with
1, 3 and 4 threads under static, dynamic and guided schedules. Any difference from the
reference (output, exit status, a hang) is a wrong verdict; a combined program that
differs is bisected to the loop responsible.
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hpcls.actions.parallelize import plan
from hpcls.actions.parallelize_text import Insertion
from hpcls.languages.registry import LanguageKind
from hpcls.loops_cli import file_loops
from hpcls.workspace.document import Document
from hpcls.workspace.index import load_document
from tests.fuzz.edits import (
    combine,
    declared_tolerance,
    first_difference,
    same_output,
    with_schedule,
)
from tests.fuzz.toolchain import Built, Ran, build, run

# (threads, OMP_SCHEDULE) for the `schedule(runtime)` build.
CONFIGS: tuple[tuple[int, str], ...] = (
    (1, "static"),
    (4, "static"),
    (4, "dynamic,1"),
    (4, "guided"),
    (3, "dynamic,2"),
)
_OPENMP = re.compile(r"(?im)^\s*(#\s*pragma\s+omp|[!cC*]\$omp)|\bomp_")
_REASSOCIATED = re.compile(r"reduction\(\s*[-+*]")


@dataclass(frozen=True, slots=True)
class Candidate:
    line: int  # 1-based line of the loop header
    start: int  # the loop's bytes in the original source
    end: int
    edits: tuple[Insertion, ...]
    directive: str  # the directive as offered


@dataclass(frozen=True, slots=True)
class Discrepancy:
    path: str
    lines: tuple[int, ...]  # one loop, or several when only their combination differs
    directive: str
    kind: str  # output | status | timeout | compile | combined
    config: str
    detail: str
    serial: str
    parallel: str
    edited: str  # the program as run in parallel
    headers: tuple[str, ...] = ()  # the loops' header lines, stripped
    loops: tuple[str, ...] = ()  # the loops' source text

    def summary(self) -> str:
        where = ",".join(str(n) for n in self.lines)
        return f"{self.path}:{where}: {self.kind} [{self.config}] {self.directive!r}"


@dataclass(slots=True)
class Report:
    path: str
    loops: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    verified: int = 0
    tested: int = 0
    caught_by_compiler: int = 0  # verified without the compile rung, rejected with it
    discrepancies: list[Discrepancy] = field(default_factory=list)
    skipped: str | None = None
    reference: str = "the serial build"
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass(slots=True)
class _Failure:
    kind: str
    config: str
    detail: str
    parallel: str
    edited: str


def _first_error(errors: str) -> str:
    lines = errors.splitlines()
    for needle in ("undefined reference", "error"):
        for line in lines:
            if needle in line.lower():
                return line.split(": ", 1)[-1].strip() if needle != "error" else line.strip()
    return lines[0] if lines else ""


def has_openmp(text: str) -> bool:
    return _OPENMP.search(text) is not None


def candidates(doc: Document, report: Report) -> list[Candidate]:
    """Every loop that is `parallel` with a verified plan (the compile rung is left to
    the oracle's own build, and consulted only when that build fails)."""
    try:
        loops = file_loops(doc)
    except Exception as exc:  # an analysis crash costs this file's loops, and is reported
        report.errors.append(f"loop analysis failed: {exc!r}")
        return []
    report.loops = len(loops)
    report.verdicts.update(loop["verdict"] for loop in loops)
    found: list[Candidate] = []
    seen: set[int] = set()  # two header lines may name one loop
    for loop in loops:
        if loop["verdict"] != "parallel":
            continue
        try:
            result = plan(doc, loop["line"] - 1, compile_rung=False)
        except Exception as exc:
            report.errors.append(f"plan failed on line {loop['line']}: {exc!r}")
            continue
        span = result.loop.span if result is not None else None
        if result is None or span is None or not result.verified or span.start in seen:
            continue
        seen.add(span.start)
        directive = result.edits[0].text.strip()
        found.append(Candidate(loop["line"], span.start, span.end, result.edits, directive))
    report.verified = len(found)
    return found


def _outermost(remaining: Sequence[Candidate]) -> list[Candidate]:
    """The candidates no other one contains (spans are distinct: see `candidates`)."""
    return [
        c
        for c in remaining
        if not any(o is not c and o.start <= c.start and c.end <= o.end for o in remaining)
    ]


class Oracle:
    """One program at a time: `check(path)` returns its Report."""

    def __init__(
        self,
        *,
        exact: bool = False,
        reassociation: float | None = None,
        stop_early: bool = False,
        repeats: int = 2,
    ) -> None:
        self.exact = exact  # also run the edit exactly as offered (no schedule clause)
        self.reassociation = reassociation  # tolerance when a +,-,* reduction is applied
        self.stop_early = stop_early  # the first discrepancy is enough (minimizing)
        self.repeats = repeats  # runs of each config when confirming a single loop

    def check_source(self, text: str, suffix: str, name: str = "prog") -> Report:
        with tempfile.TemporaryDirectory(prefix="hpcls-fuzz-") as tmp:
            path = Path(tmp) / f"{name}{suffix}"
            path.write_text(text, encoding="utf-8")
            return self.check(path, display=f"{name}{suffix}")

    def check(self, path: Path, display: str | None = None) -> Report:
        began = time.perf_counter()
        report = Report(display or str(path))
        doc = load_document(path)
        if doc is None or doc.language is None:
            report.skipped = "not a C, C++ or Fortran file"
            return report
        found = candidates(doc, report)
        if found:
            with tempfile.TemporaryDirectory(prefix="hpcls-oracle-") as tmp:
                _Run(self, doc, report, Path(tmp)).test(found)
        report.seconds = time.perf_counter() - began
        return report


class _Run:
    """The builds and runs for one program, in a private folder."""

    def __init__(self, oracle: Oracle, doc: Document, report: Report, folder: Path) -> None:
        self.oracle = oracle
        self.doc = doc
        self.report = report
        self.folder = folder
        self.text = doc.text
        self.suffix = Path(report.path).suffix
        assert doc.language is not None
        self.language: LanguageKind = doc.language
        self.builds = 0
        self.tolerance = declared_tolerance(self.text)
        self.reference: Ran | None = None

    def _build(self, source: str, openmp: bool) -> Built:
        self.builds += 1
        return build(source, self.suffix, self.folder, f"b{self.builds}", openmp)

    def _reference(self) -> str | None:
        """The serial output, or why there is none to compare with."""
        built = self._build(self.text, openmp=False)
        if built.exe is not None:
            ran = run(built.exe)
            if ran != run(built.exe):  # e.g. random_number with gfortran's random seed
                return "nondeterministic serially"
        else:  # e.g. it calls omp_get_wtime(): then -fopenmp with one thread
            built = self._build(self.text, openmp=True)
            if built.exe is None:
                return f"does not build: {_first_error(built.errors)}"
            ran = run(built.exe, 1)
        if ran.timed_out or ran.rc != 0:
            return f"the serial run fails (exit {ran.rc}{', timed out' if ran.timed_out else ''})"
        self.reference = ran
        if has_openmp(self.text):  # its own directives must not change the output
            built = self._build(self.text, openmp=True)
            if built.exe is None:
                return "does not build with -fopenmp as written"
            one = run(built.exe, 1, "static")
            if not self._same(one):  # `!$` lines, omp_get_num_threads(): -fopenmp differs
                self.reference = one
                self.report.reference = "the -fopenmp build with 1 thread"
            for threads, schedule in CONFIGS:
                got = run(built.exe, threads, schedule)
                if not self._same(got):
                    return f"nondeterministic with its own OpenMP ({threads} threads, {schedule})"
        return None

    def _same(self, got: Ran) -> bool:
        assert self.reference is not None
        ref = self.reference
        return got.same_status(ref) and same_output(ref.stdout, got.stdout, self.tolerance)

    def test(self, found: list[Candidate]) -> None:
        reassociates = any(_REASSOCIATED.search(c.directive) for c in found)
        if self.oracle.reassociation and (reassociates or _REASSOCIATED.search(self.text)):
            self.tolerance = self.tolerance or self.oracle.reassociation
        why = self._reference()
        if why is not None:
            self.report.skipped = why
            return
        remaining = sorted(found, key=lambda c: c.start)
        while remaining:
            group = _outermost(remaining)
            remaining = [c for c in remaining if c not in group]
            self.report.tested += len(group)
            self._group(group)
            if self.oracle.stop_early and self.report.discrepancies:
                return

    def _group(self, group: list[Candidate]) -> None:
        failure = self._try(group, 1)
        if failure is None:
            return
        if len(group) == 1:
            self._record(group, failure)
            return
        blamed = False
        for one in group:  # bisect: which loop, alone, changes the output?
            alone = self._try([one], self.oracle.repeats)
            if alone is not None:
                self._record([one], alone)
                blamed = True
                if self.oracle.stop_early:
                    return
        if not blamed and failure.kind != "compile":  # (a compile error alone was caught)
            failure.kind = "combined"
            self._record(group, failure)

    def _variants(self, group: list[Candidate]) -> list[tuple[str, list[tuple[int, str | None]]]]:
        runtime = [(with_schedule(c.edits[0].text, self.language, "runtime"), c) for c in group]
        loops = [(Insertion(c.edits[0].at, text), *c.edits[1:]) for text, c in runtime]
        source = self.doc.source
        variants: list[tuple[str, list[tuple[int, str | None]]]] = [
            (combine(source, loops).decode("utf-8", "replace"), list(CONFIGS))
        ]
        if self.oracle.exact:
            offered = combine(source, [c.edits for c in group]).decode("utf-8", "replace")
            variants.append((offered, [(4, None), (2, None)]))
        return variants

    def _try(self, group: list[Candidate], repeats: int) -> _Failure | None:
        for edited, configs in self._variants(group):
            built = self._build(edited, openmp=True)
            if built.exe is None:
                return self._compile_failure(group, edited, built.errors)
            for _ in range(repeats):
                for threads, schedule in configs:
                    got = self._run_one(built.exe, threads, schedule, edited)
                    if got is not None:
                        return got
        return None

    def _run_one(
        self, exe: Path, threads: int, schedule: str | None, edited: str
    ) -> _Failure | None:
        got = run(exe, threads, schedule)
        if self._same(got):
            return None
        assert self.reference is not None
        config = f"OMP_NUM_THREADS={threads}" + (f" OMP_SCHEDULE={schedule}" if schedule else "")
        if got.timed_out:
            return _Failure("timeout", config, "the parallel run timed out", got.stdout, edited)
        if not got.same_status(self.reference):
            detail = f"exit {got.rc} (serial {self.reference.rc}): {got.stderr.strip()[-500:]}"
            return _Failure("status", config, detail, got.stdout, edited)
        detail = first_difference(self.reference.stdout, got.stdout)
        return _Failure("output", config, detail, got.stdout, edited)

    def _compile_failure(self, group: list[Candidate], edited: str, errors: str) -> _Failure | None:
        """A build failure of one loop's edit blames it only when hpcls, with its compile
        rung, still calls the loop verified (otherwise the rung would have caught it); a
        group that fails is bisected by the caller."""
        failure = _Failure("compile", "build", errors[:1500], "", edited)
        if len(group) > 1:
            return failure
        result = plan(self.doc, group[0].line - 1, compile_rung=True)
        if result is None or not result.verified:
            self.report.caught_by_compiler += 1
            return None
        return failure

    def _record(self, group: list[Candidate], failure: _Failure) -> None:
        assert self.reference is not None
        self.report.discrepancies.append(
            Discrepancy(
                self.report.path,
                tuple(c.line for c in group),
                " | ".join(c.directive for c in group),
                failure.kind,
                failure.config,
                failure.detail,
                self.reference.stdout,
                failure.parallel,
                failure.edited,
                tuple(self.text.splitlines()[c.line - 1].strip() for c in group),
                tuple(self.doc.source[c.start : c.end].decode("utf-8", "replace") for c in group),
            )
        )
