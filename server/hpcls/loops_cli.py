"""`hpcls loops` and `hpcls parallelize`: the loop analysis from the command line.

`loops` lists every counted loop with its verdict (JSON per docs/cli.md); `parallelize`
runs the code action on the loop at FILE:LINE and prints its trust label with the
directive, a unified diff (`--diff`), or writes the file (`--write`, only for a verified
edit unless `--force`).
"""

from __future__ import annotations

import difflib
import json
import sys
from pathlib import Path
from typing import Any

from hpcls.actions.parallelize import apply, plan
from hpcls.analysis.dependence import LoopVerdict, analyze_unit, program_of
from hpcls.analysis.lower import lower_document
from hpcls.analysis.reduction_ops import reduction_operator
from hpcls.reporting import UsageError, source_files
from hpcls.workspace.document import Document
from hpcls.workspace.index import load_document
from hpcls.workspace.lines import Encoding


def _loop_json(doc: Document, verdict: LoopVerdict, start: int) -> dict[str, Any]:
    line, column = doc.position_of(start, Encoding.UTF16)
    fortran = doc.language is not None and doc.language.is_fortran
    by_op: dict[str, list[str]] = {}
    for reduction in verdict.reductions:
        op = reduction_operator(reduction.op, fortran) or reduction.op
        by_op.setdefault(op, []).extend(reduction.vars)
    return {
        "line": line + 1,
        "column": column + 1,
        "verdict": verdict.verdict.value,
        "private": sorted(verdict.private),
        "lastprivate": sorted(verdict.lastprivate),
        "reduction": [{"op": op, "vars": sorted(v)} for op, v in sorted(by_op.items())],
        "collapse": verdict.collapse,
        "reasons": list(verdict.reasons),
    }


def file_loops(doc: Document) -> list[dict[str, Any]]:
    """Every loop of a document with its verdict, in source order."""
    out: list[tuple[int, dict[str, Any]]] = []
    units = lower_document(doc)
    program = program_of(units, doc.source)  # same-file calls are looked into
    for unit in units:
        by_id = {c.id: c for c in unit.loops()}
        for verdict in analyze_unit(unit, program):
            loop = by_id[verdict.loop]
            header = loop.header or loop.span
            out.append((header.start, _loop_json(doc, verdict, header.start)))
    return [entry for _, entry in sorted(out, key=lambda pair: pair[0])]


def _load(path: Path) -> Document:
    doc = load_document(path)
    if doc is None or doc.language is None:
        raise UsageError(f"cannot read {path} as Fortran, C, C++ or CUDA")
    return doc


def _loops_or_warn(path: Path) -> list[dict[str, Any]]:
    """A failure of the analysis on one file is reported on stderr and costs only that
    file's loops, never the whole listing."""
    doc = _load(path)
    try:
        return file_loops(doc)
    except Exception as exc:
        print(f"hpcls: warning: loop analysis failed on {path}: {exc!r}", file=sys.stderr)
        return []


def run_loops(paths: list[Path], fmt: str) -> int:
    try:
        files = [(str(p), _loops_or_warn(p)) for p in source_files(paths)]
    except UsageError as exc:
        print(f"hpcls: error: {exc}", file=sys.stderr)
        return 2
    if fmt == "json":
        body = {"version": 1, "files": [{"path": p, "loops": loops} for p, loops in files]}
        print(json.dumps(body, indent=2))
        return 0
    for path, loops in files:
        for loop in loops:
            clauses = " ".join(_clause_words(loop))
            reasons = "; ".join(loop["reasons"])
            print(
                f"{path}:{loop['line']}:{loop['column']}: {loop['verdict']} {clauses}".rstrip()
                + (f" — {reasons}" if reasons else "")
            )
    return 0


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
        print(
            f"hpcls: error: no counted loop without an OpenMP directive starts on {path}:{line}",
            file=sys.stderr,
        )
        return 2
    print(result.title)
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
        for edit in result.edits:
            print(edit.text, end="")
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
