"""`hpcls loops` and `hpcls parallelize`: the loop analysis from the command line.

`loops` lists every loop with its verdict and where the directive goes in its nest (JSON
per docs/cli.md; `--stats` counts verdicts, advice and refusal reasons); `parallelize`
runs the code action on the loop at FILE:LINE (or the loop around it, outermost first) and
prints its trust label with the directive, a unified diff (`--diff`), or writes the file
(`--write`, only for a verified edit unless `--force`).
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from hpcls.actions.parallelize import TITLE, apply, not_offered, plan
from hpcls.analysis.dependence import LoopVerdict, Verdict, analyze_unit, program_of
from hpcls.analysis.ir import Unit
from hpcls.analysis.loop_advice import Advice, LoopAdvice, advise_unit, reason_group
from hpcls.analysis.lower import lower_document
from hpcls.analysis.reduction_ops import reduction_operator
from hpcls.reporting import UsageError, source_files
from hpcls.workspace.document import Document
from hpcls.workspace.index import load_document
from hpcls.workspace.lines import Encoding


def _loop_json(
    doc: Document, unit: Unit, verdict: LoopVerdict, advice: LoopAdvice
) -> dict[str, Any]:
    loop = unit.constructs[verdict.loop]
    header = loop.header or loop.span
    line, column = doc.position_of(header.start, Encoding.UTF16)
    end_line, _ = doc.position_of(max(loop.span.start, loop.span.end - 1), Encoding.UTF16)
    fortran = doc.language is not None and doc.language.is_fortran
    by_op: dict[str, list[str]] = {}
    for reduction in verdict.reductions:
        op = reduction_operator(reduction.op, fortran) or reduction.op
        by_op.setdefault(op, []).extend(reduction.vars)
    return {
        "line": line + 1,
        "column": column + 1,
        "end_line": end_line + 1,
        "depth": advice.depth,
        "parent_line": None if advice.parent is None else _header_line(unit, advice.parent),
        "verdict": verdict.verdict.value,
        "advice": advice.advice.value,
        "private": sorted(verdict.private),
        "lastprivate": sorted(verdict.lastprivate),
        "reduction": [{"op": op, "vars": sorted(v)} for op, v in sorted(by_op.items())],
        "collapse": verdict.collapse,
        "reasons": list(verdict.reasons),
    }


def _header_line(unit: Unit, construct: int) -> int:
    """1-based line of a loop's header (or of an OpenMP construct's directive)."""
    c = unit.constructs[construct]
    return (c.header or c.span).line + 1


def _advice_text(unit: Unit, advice: LoopAdvice) -> str:
    """The advice as the text listing shows it, after an arrow."""
    if advice.advice is Advice.PARALLELIZE:
        return "parallelize"
    if advice.advice is Advice.TOO_SMALL:
        return f"too small ({advice.iterations} iterations in all)"
    if advice.advice is Advice.INNER_OF_PARALLEL:
        if advice.target is not None:
            return (
                f"inside the loop at line {_header_line(unit, advice.target)}: parallelize that one"
            )
        omp = advice.openmp
        if omp is not None and omp.directive is not None:
            return f"inside the OpenMP {omp.directive.name} at line {omp.span.line + 1}"
        return "inside a parallel construct"
    return ""  # serial / unknown: the verdict says it


def _entries(doc: Document) -> list[tuple[dict[str, Any], str]]:
    """Every loop of a document as JSON with its advice in words, in source order."""
    out: list[tuple[int, dict[str, Any], str]] = []
    units = lower_document(doc)
    program = program_of(units, doc.lf_source)  # same-file calls are looked into
    for unit in units:
        verdicts = analyze_unit(unit, program)
        advice = advise_unit(unit, verdicts)
        for verdict in verdicts:
            loop = unit.constructs[verdict.loop]
            told = advice[verdict.loop]
            entry = _loop_json(doc, unit, verdict, told)
            out.append(((loop.header or loop.span).start, entry, _advice_text(unit, told)))
    return [(entry, text) for _, entry, text in sorted(out, key=lambda t: t[0])]


def file_loops(doc: Document) -> list[dict[str, Any]]:
    """Every loop of a document with its verdict and advice, in source order."""
    return [entry for entry, _ in _entries(doc)]


def _load(path: Path) -> Document:
    doc = load_document(path)
    if doc is None or doc.language is None:
        raise UsageError(f"cannot read {path} as Fortran, C, C++ or CUDA")
    return doc


def _loops_or_warn(path: Path) -> list[tuple[dict[str, Any], str]]:
    """A failure of the analysis on one file is reported on stderr and costs only that
    file's loops, never the whole listing."""
    doc = _load(path)
    try:
        return _entries(doc)
    except Exception as exc:
        print(f"hpcls: warning: loop analysis failed on {path}: {exc!r}", file=sys.stderr)
        return []


def run_loops(paths: list[Path], fmt: str, stats: bool = False) -> int:
    try:
        files = [(str(p), _loops_or_warn(p)) for p in source_files(paths)]
    except UsageError as exc:
        print(f"hpcls: error: {exc}", file=sys.stderr)
        return 2
    every = [entry for _, entries in files for entry, _ in entries]
    if fmt == "json":
        body: dict[str, Any] = {
            "version": 1,
            "files": [{"path": p, "loops": [e for e, _ in entries]} for p, entries in files],
        }
        if stats:
            body["stats"] = loop_stats(every)
        print(json.dumps(body, indent=2))
        return 0
    for path, entries in files:
        for loop, advice in entries:
            clauses = " ".join(_clause_words(loop)) if loop["verdict"] == "parallel" else ""
            reasons = "; ".join(loop["reasons"])
            print(
                f"{path}:{loop['line']}:{loop['column']}: {loop['verdict']} {clauses}".rstrip()
                + (f" → {advice}" if advice else "")
                + (f" — {reasons}" if reasons else "")
            )
    if stats:
        print(_stats_text(loop_stats(every)))
    return 0


# The analysis' "and N more" line: not a reason of its own.
_MORE = "and further loop-carried dependences"


def loop_stats(loops: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts of verdicts, of advice and of the reasons loops were refused (verdict not
    parallel), each reason counted once per loop without its names and lines."""
    verdicts = dict.fromkeys((v.value for v in Verdict), 0)
    advice = dict.fromkeys((a.value for a in Advice), 0)
    reasons: Counter[str] = Counter()
    for loop in loops:
        verdicts[loop["verdict"]] += 1
        advice[loop["advice"]] += 1
        if loop["verdict"] != Verdict.PARALLEL.value:
            groups = {reason_group(r) for r in loop["reasons"]}
            reasons.update(groups - {_MORE})
    ranked = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
    return {"loops": len(loops), "verdicts": verdicts, "advice": advice, "reasons": dict(ranked)}


def _stats_text(stats: dict[str, Any]) -> str:
    def counts(table: dict[str, int]) -> str:
        return ", ".join(f"{n} {name}" for name, n in table.items())

    lines = [
        f"{stats['loops']} loops: {counts(stats['verdicts'])}",
        f"advice: {counts(stats['advice'])}",
    ]
    if stats["reasons"]:
        lines.append("refusal reasons (loops):")
        lines += [f"{n:>6}  {reason}" for reason, n in stats["reasons"].items()]
    return "\n".join(lines)


def _clause_words(loop: dict[str, Any]) -> list[str]:
    words = []
    if loop["collapse"] > 1:
        words.append(f"collapse({loop['collapse']})")
    for name in ("private", "lastprivate"):
        if loop[name]:
            words.append(f"{name}({', '.join(loop[name])})")
    for reduction in loop["reduction"]:
        words.append(f"reduction({reduction['op']}: {', '.join(reduction['vars'])})")
    return words


def _location(text: str) -> tuple[Path, int]:
    path, _, line = text.rpartition(":")
    if not path or not line.isdigit() or int(line) < 1:
        raise UsageError(f"expected FILE:LINE (1-based), got {text!r}")
    return Path(path), int(line)


def run_parallelize(location: str, mode: str, force: bool = False) -> int:
    """Exit 0: a verified edit (printed, diffed or written); 1: none offered, or only an
    unverified one; 2: usage error or no loop on that line."""
    try:
        path, line = _location(location)
        doc = _load(path)
    except UsageError as exc:
        print(f"hpcls: error: {exc}", file=sys.stderr)
        return 2
    result = plan(doc, line - 1)
    if result is None:
        why = not_offered(doc, line - 1)
        if why is not None:  # a loop, already under OpenMP: nothing to offer, and why
            print(f"{TITLE} (not offered: {why})")
            return 1
        print(f"hpcls: error: no loop starts on {path}:{line}", file=sys.stderr)
        return 2
    print(result.title)
    if result.asked is not None:
        at = (result.loop.header or result.loop.span).line + 1
        print(
            f"  the loop on line {line} is inside the loop on line {at}, which is "
            "parallel: the directive goes there (outermost first)"
        )
    if result.iterations is not None:
        print(
            f"  note: the nest runs its bodies {result.iterations} times in all: starting "
            "threads may cost more than it saves"
        )
    for rung in result.rungs:
        print(f"  {rung.name}: {rung.status} ({rung.detail})")
    if not result.offered:
        return 1
    edited = apply(doc.source, result.edits).decode("utf-8", "replace")
    if mode == "write":
        if not result.verified and not force:
            print(
                "not written: the edit is unverified (use --force to write it anyway)",
                file=sys.stderr,
            )
            return 1
        path.write_text(edited, encoding="utf-8")
        print(f"wrote {path}")
    elif mode == "diff":
        sys.stdout.writelines(_diff(doc.text, edited, str(path)))
    else:
        for edit in result.edits:  # one per line: a closing brace's text starts with \n
            text = edit.text.lstrip("\r\n")
            print(text, end="" if text.endswith("\n") else "\n")
    return 0 if result.verified else 1


def _diff(before: str, after: str, name: str) -> list[str]:
    return list(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            after.splitlines(keepends=True),
            fromfile=f"a/{name}",
            tofile=f"b/{name}",
        )
    )
