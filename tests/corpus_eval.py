"""Run hpcls's analyses over a corpus file and compare with its labels: the shared core of
tests/test_corpus.py and `python -m tests.corpus_eval` (which prints precision/recall)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from hpcls.analysis.races import race_findings
from hpcls.languages.registry import language_for
from hpcls.loops_cli import file_loops
from hpcls.workspace.document import Document
from tests.corpus_labels import Labels, corpus_files, read_labels


@dataclass
class FileResult:
    labels: Labels
    predicted_race: bool
    predicted_pairs: set[tuple[int, int]]
    loops: dict[int, dict[str, object]]
    problems: list[str] = field(default_factory=list)


def _clauses(loop: dict[str, object]) -> tuple[set[str], set[str], set[tuple[str, str]], int]:
    private = {str(v).lower() for v in loop["private"]}  # type: ignore[attr-defined]
    lastprivate = {str(v).lower() for v in loop["lastprivate"]}  # type: ignore[attr-defined]
    reduction = {
        (str(r["op"]).lower(), str(v).lower())
        for r in loop["reduction"]  # type: ignore[attr-defined]
        for v in r["vars"]
    }
    return private, lastprivate, reduction, int(loop["collapse"])  # type: ignore[call-overload]


def evaluate(path: Path) -> FileResult:
    labels = read_labels(path)
    doc = Document.create(path.as_uri(), language_for(str(path)), 0, path.read_bytes())
    findings = [f for f in race_findings(doc) if f.code == "omp/data-race"]
    pairs: set[tuple[int, int]] = set()
    for f in findings:
        line = doc.lines.line_of(f.start) + 1
        for r in f.related:
            other = doc.lines.line_of(r.start) + 1
            pairs.add((min(line, other), max(line, other)))
    loops = {int(loop["line"]): loop for loop in file_loops(doc)}  # type: ignore[call-overload]
    result = FileResult(labels, bool(findings), pairs, loops)
    if result.predicted_race != labels.race:
        result.problems.append(f"race: expected {labels.race}, got {result.predicted_race}")
    for pair in labels.pairs:
        if labels.race and result.predicted_race and pair not in pairs:
            result.problems.append(f"pair {pair} not reported (got {sorted(pairs)})")
    for loop in labels.loops:
        got = loops.get(loop.line)
        if got is None:
            result.problems.append(f"loop {loop.line}: not found")
            continue
        if got["verdict"] != loop.verdict:
            result.problems.append(
                f"loop {loop.line}: expected {loop.verdict}, got {got['verdict']}"
            )
        elif loop.verdict == "parallel":
            private, lastprivate, reduction, collapse = _clauses(got)
            expected = (
                set(loop.private),
                set(loop.lastprivate),
                set(loop.reduction),
                loop.collapse,
            )
            if (private, lastprivate, reduction, collapse) != expected:
                result.problems.append(
                    f"loop {loop.line}: clauses {private, lastprivate, reduction, collapse} "
                    f"!= {expected}"
                )
    return result


def main() -> int:
    tp = fp = fn = tn = 0
    pair_hit = pair_total = 0
    loop_ok = loop_total = wrong_parallel = 0
    for path in corpus_files():
        try:
            r = evaluate(path)
        except Exception as exc:  # report and go on: one crash must not hide the rest
            print(f"{path.parent.name}/{path.name}: CRASH {exc!r}")
            continue
        race = r.labels.race
        tp += race and r.predicted_race
        fp += (not race) and r.predicted_race
        fn += race and not r.predicted_race
        tn += (not race) and not r.predicted_race
        for pair in r.labels.pairs:
            pair_total += 1
            pair_hit += pair in r.predicted_pairs
        for loop in r.labels.loops:
            loop_total += 1
            got = r.loops.get(loop.line)
            loop_ok += got is not None and got["verdict"] == loop.verdict
            wrong_parallel += (
                got is not None and got["verdict"] == "parallel" and loop.verdict != "parallel"
            )
        if r.problems and "-v" in sys.argv:
            print(f"{path.parent.name}/{path.name}: " + "; ".join(r.problems))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"files: TP {tp} FP {fp} FN {fn} TN {tn}  precision {precision:.3f} recall {recall:.3f}")
    print(f"race pairs found: {pair_hit}/{pair_total}")
    print(f"loop verdicts right: {loop_ok}/{loop_total}; wrongly 'parallel': {wrong_parallel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
