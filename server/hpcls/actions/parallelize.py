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

Outermost first (analysis/loop_advice.py): asked about an inner loop of a nest whose
enclosing loop is advised `parallelize`, the edit is for that enclosing loop (its
`collapse` covers the inner one where the analysis allows); an inner loop of a loop that
already has a directive, or of any parallel construct, gets none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from hpcls.actions.parallelize_text import Insertion, insertions
from hpcls.analysis.checks import syntax_errors
from hpcls.analysis.dependence import LoopVerdict, Program, Verdict, analyze_loop, program_of
from hpcls.analysis.ir import Construct, ConstructKind, Unit
from hpcls.analysis.loop_advice import (
    Advice,
    advise,
    binding_directive,
    surrounding_openmp,
)
from hpcls.analysis.lower import lower_document
from hpcls.analysis.openmp_sharing import loop_sharing
from hpcls.verify.compile_check import compile_check
from hpcls.workspace.document import Document
from hpcls.workspace.line_ends import line_breaks
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
    loop: Construct  # the loop the directive goes on
    verdict: LoopVerdict
    edits: tuple[Insertion, ...]  # () when nothing is offered
    rungs: tuple[Rung, ...]
    # The loop asked about, when the directive goes on a loop around it (outermost first).
    asked: Construct | None = None
    iterations: int | None = None  # set when the nest is too small to be worth it

    @property
    def head(self) -> str:
        """The title without its trust label."""
        if self.asked is None:
            return TITLE
        line = (self.loop.header or self.loop.span).line + 1
        return f"Parallelize the enclosing loop (line {line}) with OpenMP"

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
            return f"{self.head} (not offered: {self.why_not})"
        if self.verified:
            passed = [r.name for r in self.rungs if r.status == "passed"]
            skipped = [r for r in self.rungs if r.status == "skipped"]
            text = f"{self.head} (verified: {', '.join(passed)}"
            for rung in skipped:
                text += f"; not compiled: {rung.detail}"
            return text + ")"
        return f"{self.head} (unverified: {self.why_not})"

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
    """The parallelization for the loop whose header is on `line` (0-based): of the loop
    around it when that one is advised `parallelize` (outermost first), else of the loop
    itself; None when there is no such loop or it already runs under OpenMP (see
    `not_offered` for why)."""
    if doc.language is None:
        return None
    units = lower_document(doc)
    found = loop_at(units, line)
    if found is None:
        return None
    unit, loop = found
    if _has_directive(unit, loop):
        return None
    verdicts = _Verdicts(unit, program_of(units, doc.lf_source))
    told = advise(unit, loop.id, verdicts)
    if told.advice is Advice.INNER_OF_PARALLEL and told.target is None:
        return None  # already inside an OpenMP construct (_has_directive covers it too)
    if told.target is not None and told.target != loop.id:
        outer = unit.constructs[told.target]
        result = _plan_loop(doc, unit, outer, verdicts(outer.id), compile_rung)
        if result.offered:
            return replace(result, asked=loop)
    small = told.iterations if told.advice is Advice.TOO_SMALL else None
    return replace(_plan_loop(doc, unit, loop, verdicts(loop.id), compile_rung), iterations=small)


def not_offered(doc: Document, line: int) -> str | None:
    """Why `plan` offers nothing for the loop on `line` (0-based) though one starts
    there; None when no loop does."""
    found = loop_at(lower_document(doc), line) if doc.language is not None else None
    if found is None:
        return None
    unit, loop = found
    own = binding_directive(unit, loop.id)
    around = surrounding_openmp(unit, loop.id)
    if own is not None and own.directive is not None:
        name, at = own.directive.name, own.span.line + 1
        return f"the loop already has an OpenMP directive ({name}, line {at})"
    if around is not None and around.directive is not None:
        return (
            f"the loop is inside the OpenMP {around.directive.name} at line "
            f"{around.span.line + 1}: a directive here would nest parallel regions"
        )
    return "the loop is inside an OpenMP construct"


class _Verdicts:
    """Each loop's verdict, analysed once and only when asked for."""

    def __init__(self, unit: Unit, program: Program) -> None:
        self.unit, self.program = unit, program
        self.known: dict[int, LoopVerdict] = {}

    def __call__(self, loop: int) -> LoopVerdict:
        if loop not in self.known:
            self.known[loop] = analyze_loop(self.unit, loop, program=self.program)
        return self.known[loop]


def _plan_loop(
    doc: Document, unit: Unit, loop: Construct, verdict: LoopVerdict, compile_rung: bool
) -> Parallelization:
    """The edit for `loop` (no directive around it) checked on the trust ladder."""
    assert doc.language is not None
    if verdict.verdict is Verdict.SERIAL:
        return Parallelization(loop, verdict, (), ())
    header = loop.header or loop.span
    braces = _unbraced_body(doc, unit, loop)
    try:
        edits = insertions(
            doc.source, header.start, loop.span.end, verdict, doc.language, braces, lf=doc.lf_source
        )
    except ValueError as error:  # a reduction OpenMP cannot express
        return Parallelization(loop, verdict, (), (Rung("parses", "skipped", str(error)),))
    edited = Document.create(doc.uri, doc.language, doc.version, apply(doc.source, edits))
    rungs = [_parses(doc, edited)]
    if rungs[0].status == "failed":
        return Parallelization(loop, verdict, (), tuple(rungs))
    opening_lines = line_breaks(edits[0].text)
    if verdict.verdict is Verdict.PARALLEL:
        rungs.append(_dependence(edited, header.line + opening_lines))
    if compile_rung:
        result = compile_check(doc.text, edited.text, doc.language, _folder(doc), timeout=30.0)
        rungs.append(Rung("compiles", result.status, result.message))
        if result.status == "failed":
            return Parallelization(loop, verdict, (), tuple(rungs))
    return Parallelization(loop, verdict, edits, tuple(rungs))


def _unbraced_body(doc: Document, unit: Unit, loop: Construct) -> bool:
    """C: the loop, on a line of its own, is the whole body of the `for` or `if` around
    it, written without braces (an inner loop of a nest, often)."""
    if doc.language is None or doc.language.is_fortran or loop.parent is None:
        return False
    start = (loop.header or loop.span).start
    lf = doc.lf_source  # lines end at "\n" there, whatever the file's line ends
    if lf[lf.rfind(b"\n", 0, start) + 1 : start].strip():
        return False  # not first on its line: `if (c) for (...)`
    parent = unit.constructs[loop.parent]
    if parent.kind is ConstructKind.BRANCH:
        return parent.span.start == loop.span.start
    if parent.kind is not ConstructKind.LOOP or parent.header is None:
        return False
    between = lf[parent.header.end : start]
    return b"{" not in _C_COMMENT.sub(b"", between)


_C_COMMENT = re.compile(rb"/\*.*?\*/|//[^\n]*", re.DOTALL)


def _folder(doc: Document) -> Path | None:
    if not doc.uri.startswith("file:"):
        return None
    path = uri_to_path(doc.uri)
    return path.parent if path.parent.is_dir() else None
