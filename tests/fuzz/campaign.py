"""A fuzzing campaign: generate programs, run each through hpcls's loop analysis and the
oracle over a process pool, sum up, and write each discrepancy (minimized) to a folder."""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tests.fuzz.gen_c import generate_c
from tests.fuzz.gen_fortran import generate_fortran
from tests.fuzz.gen_ir import Lang
from tests.fuzz.minimize import minimize, still_wrong
from tests.fuzz.oracle import Discrepancy, Oracle, Report


def program_text(lang: Lang, seed: int) -> str:
    return generate_fortran(lang, seed) if lang.fortran else generate_c(lang, seed)


def work(langs: Sequence[Lang], count: int, seed: int) -> list[tuple[Lang, int]]:
    """`count` (language, seed) pairs, the languages taking turns."""
    return [(langs[n % len(langs)], seed + n) for n in range(count)]


def check_one(item: tuple[Lang, int]) -> tuple[Lang, int, Report]:
    lang, seed = item
    report = Oracle().check_source(program_text(lang, seed), lang.suffix, f"{lang.value}_{seed}")
    return lang, seed, report


@dataclass(slots=True)
class Summary:
    programs: int = 0
    loops: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    verified: int = 0
    tested: int = 0
    caught_by_compiler: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    found: list[tuple[Lang, int, Discrepancy]] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, lang: Lang, seed: int, report: Report) -> None:
        self.programs += 1
        self.loops += report.loops
        self.verdicts.update(report.verdicts)
        self.verified += report.verified
        self.tested += report.tested
        self.caught_by_compiler += report.caught_by_compiler
        if report.skipped:
            self.skipped[report.skipped] += 1
        self.errors += [f"{report.path}: {e}" for e in report.errors]
        self.found += [(lang, seed, d) for d in report.discrepancies]

    def text(self) -> str:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(self.verdicts.items()))
        kinds = Counter(d.kind for _, _, d in self.found)
        lines = [
            f"programs: {self.programs}",
            f"loops: {self.loops} ({verdicts})",
            f"verified edits: {self.verified}, tested: {self.tested}"
            f" (another {self.caught_by_compiler} caught only by the compile rung)",
            f"discrepancies: {len(self.found)}"
            + (f" ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})" if kinds else ""),
            f"skipped programs: {sum(self.skipped.values())}",
            f"analysis errors: {len(self.errors)}",
            f"seconds: {self.seconds:.1f}",
        ]
        lines += [f"  skipped: {why} ({n})" for why, n in self.skipped.most_common(5)]
        lines += [f"  error: {e}" for e in self.errors[:10]]
        lines += [f"  {lang.value} seed {seed}: {d.summary()}" for lang, seed, d in self.found]
        return "\n".join(lines)


def run_campaign(items: Sequence[tuple[Lang, int]], jobs: int, progress: bool = False) -> Summary:
    began = time.perf_counter()
    summary = Summary()
    with multiprocessing.get_context("fork").Pool(max(jobs, 1)) as pool:
        for lang, seed, report in pool.imap_unordered(check_one, items, chunksize=1):
            summary.add(lang, seed, report)
            if progress and summary.programs % 100 == 0:
                seconds = time.perf_counter() - began
                print(
                    f"{summary.programs}/{len(items)} programs, {len(summary.found)}"
                    f" discrepancies, {seconds:.0f}s",
                    file=sys.stderr,
                    flush=True,
                )
    summary.seconds = time.perf_counter() - began
    return summary


def _comment(lang: Lang) -> str:
    return {Lang.C: "//", Lang.CPP: "//", Lang.F90: "!", Lang.F77: "C"}[lang]


def _flat(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit]


HEADER_LINES = 6


def header(lang: Lang, seed: int, d: Discrepancy, lines_before: int, lines_after: int) -> str:
    """Exactly HEADER_LINES comment lines saying what is wrong; loop lines are given as
    they are in the file below the header."""
    c = _comment(lang)
    where = ", ".join(str(n + HEADER_LINES) for n in d.lines)
    rows = [
        f"HPCLS-FOUND: {d.kind}: a verified 'Parallelize loop' edit changes the behaviour",
        f"loop at line {where}: hpcls says parallel (verified), edit: {_flat(d.directive)}",
        f"run: {d.config}; {_flat(d.detail.splitlines()[0] if d.detail else '')}",
        f"serial output: {_flat(d.serial, 200)!r}",
        f"parallel output: {_flat(d.parallel or d.detail, 200)!r}",
        f"origin: python -m tests.fuzz --lang {lang.value} --seed {seed} --count 1"
        f" (minimized from {lines_before} to {lines_after} lines)",
    ]
    return "".join(f"{c} {row}\n" for row in rows)


def keep_case(
    lang: Lang, seed: int, d: Discrepancy, folder: Path, *, shrink: bool, budget_s: float
) -> Path:
    """Write the program of a discrepancy, minimized when `shrink`, with a header."""
    text = program_text(lang, seed)
    small = text
    if shrink:
        predicate = still_wrong(lang.suffix, d.kind, d.headers, d.directive)
        small = minimize(
            text, predicate, fortran=lang.fortran, fixed=lang is Lang.F77, budget_s=budget_s
        )
    report = Oracle(stop_early=True).check_source(small, lang.suffix, f"{lang.value}_{seed}")
    same = [
        x
        for x in report.discrepancies
        if (x.kind, x.headers, x.directive) == (d.kind, d.headers, d.directive)
    ]
    final = same[0] if same else d
    if not same:  # flaky (a race that did not show again): keep it whole
        small = text
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{lang.value}_{seed}_{final.kind}{lang.suffix}"
    head = header(lang, seed, final, text.count("\n"), small.count("\n"))
    path.write_text(head + small, encoding="utf-8")
    return path
