""" "Parallelize loop with OpenMP": the directive a loop needs, checked on the trust
ladder before it is offered.

1. **parses**: the edited file has no syntax error the original did not have;
2. **dependence-checked**: the edited file is lowered again, the new directive binds the
   loop, and with the clauses as written the loop has no loop-carried dependence;
3. **compiles**: gcc / g++ / gfortran `-fsyntax-only -fopenmp` accept the edited file
   (skipped, and said so, when no compiler is installed or the file did not compile
   before the edit).

A loop whose verdict is `serial` gets no edit; an `unknown` one gets an edit labelled
unverified, with the reason; only a `parallel` loop whose edit passed every rung that
applies is labelled verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hpcls.actions.parallelize_text import Insertion, insertions
from hpcls.analysis.checks import syntax_errors
from hpcls.analysis.dependence import LoopVerdict, Verdict, analyze_loop, program_of
from hpcls.analysis.ir import Construct, Unit
from hpcls.analysis.lower import lower_document
from hpcls.analysis.openmp_sharing import loop_sharing
from hpcls.verify.compile_check import compile_check
from hpcls.workspace.document import Document
from hpcls.workspace.uris import uri_to_path

RungName = Literal["parses", "dependence-checked", "compiles"]
RungStatus = Literal["passed", "failed", "skipped"]

TITLE = "Parallelize loop with OpenMP"


@dataclass(frozen=True, slots=True)
class Rung:
    name: RungName
    status: RungStatus
    detail: str


@dataclass(frozen=True, slots=True)
class Parallelization:
    loop: Construct
    verdict: LoopVerdict
    edits: tuple[Insertion, ...]  # () when nothing is offered
    rungs: tuple[Rung, ...]

    @property
    def offered(self) -> bool:
        return bool(self.edits)

    @property
    def verified(self) -> bool:
        if not self.offered or self.verdict.verdict is not Verdict.PARALLEL:
            return False
        passed = {r.name for r in self.rungs if r.status == "passed"}
        failed = any(r.status == "failed" for r in self.rungs)
        return not failed and {"parses", "dependence-checked"} <= passed

    @property
    def title(self) -> str:
        if not self.offered:
            return f"{TITLE} (not offered: {self.why_not})"
        if self.verified:
            passed = [r.name for r in self.rungs if r.status == "passed"]
            skipped = [r for r in self.rungs if r.status == "skipped"]
            text = f"{TITLE} (verified: {', '.join(passed)}"
            for rung in skipped:
                text += f"; not compiled: {rung.detail}"
            return text + ")"
        return f"{TITLE} (unverified: {self.why_not})"

    @property
    def why_not(self) -> str:
        for rung in self.rungs:
            if rung.status == "failed":
                return f"{rung.name} failed: {rung.detail}"
        if self.verdict.verdict is Verdict.SERIAL:
            return "loop-carried dependence: " + _first(self.verdict.reasons)
        if self.verdict.verdict is Verdict.UNKNOWN:
            return "cannot prove the iterations independent: " + _first(self.verdict.reasons)
        return "all checks passed"


def _first(reasons: tuple[str, ...]) -> str:
    return reasons[0] if reasons else "no reason given"


def apply(source: bytes, edits: tuple[Insertion, ...]) -> bytes:
    out = source
    for edit in sorted(edits, key=lambda e: e.at, reverse=True):
        out = out[: edit.at] + edit.text.encode("utf-8") + out[edit.at :]
    return out


def loop_at(units: tuple[Unit, ...], line: int) -> tuple[Unit, Construct] | None:
    """The loop whose header is on `line` (0-based); the outermost when several are."""
    for unit in units:
        for c in unit.loops():
            header = c.header or c.span
            if header.line == line:
                return unit, c
    return None


def _has_directive(unit: Unit, loop: Construct) -> bool:
    """Inside any OpenMP construct (a loop directive binding it included): nested
    parallelism is never what a user means by "parallelize this loop"."""
    return loop.parent is not None and next(unit.enclosing_omp(loop.parent), None) is not None


def _parses(doc: Document, edited: Document) -> Rung:
    before = len(syntax_errors(doc))
    after = len(syntax_errors(edited))
    if after > before:
        return Rung("parses", "failed", f"{after - before} new syntax error(s)")
    return Rung("parses", "passed", "no new syntax errors")


def _dependence(edited: Document, line: int) -> Rung:
    units = lower_document(edited)
    found = loop_at(units, line)
    if found is None:
        return Rung("dependence-checked", "failed", "the loop was not found after the edit")
    unit, loop = found
    sharing = loop_sharing(unit, loop.id)
    if sharing is None:
        return Rung("dependence-checked", "failed", "the directive does not bind the loop")
    result = analyze_loop(unit, loop.id, sharing, program_of(units, edited.source))
    if result.verdict is not Verdict.PARALLEL or result.carried:
        return Rung("dependence-checked", "failed", _first(result.reasons))
    return Rung("dependence-checked", "passed", "no loop-carried dependence with these clauses")


def plan(doc: Document, line: int, *, compile_rung: bool = True) -> Parallelization | None:
    """The parallelization of the loop whose header is on `line` (0-based), or None when
    there is no such loop or it is already under an OpenMP directive."""
    if doc.language is None:
        return None
    units = lower_document(doc)
    found = loop_at(units, line)
    if found is None:
        return None
    unit, loop = found
    if _has_directive(unit, loop):
        return None
    verdict = analyze_loop(unit, loop.id, program=program_of(units, doc.source))
    if verdict.verdict is Verdict.SERIAL:
        return Parallelization(loop, verdict, (), ())
    header = loop.header or loop.span
    try:
        edits = insertions(doc.source, header.start, loop.span.end, verdict, doc.language)
    except ValueError as error:  # a reduction OpenMP cannot express
        return Parallelization(loop, verdict, (), (Rung("parses", "skipped", str(error)),))
    edited = Document.create(doc.uri, doc.language, doc.version, apply(doc.source, edits))
    rungs = [_parses(doc, edited)]
    if rungs[0].status == "failed":
        return Parallelization(loop, verdict, (), tuple(rungs))
    opening_lines = edits[0].text.count("\n")
    if verdict.verdict is Verdict.PARALLEL:
        rungs.append(_dependence(edited, line + opening_lines))
    if compile_rung:
        result = compile_check(doc.text, edited.text, doc.language, _folder(doc), timeout=30.0)
        rungs.append(Rung("compiles", result.status, result.message))
        if result.status == "failed":
            return Parallelization(loop, verdict, (), tuple(rungs))
    return Parallelization(loop, verdict, edits, tuple(rungs))


def _folder(doc: Document) -> Path | None:
    if not doc.uri.startswith("file:"):
        return None
    path = uri_to_path(doc.uri)
    return path.parent if path.parent.is_dir() else None
