"""Read the labels of the programs in tests/corpus (format: tests/corpus/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
SUFFIXES = {".c": "c", ".cpp": "cpp", ".f90": "fortran", ".f": "fixed"}

_KEY = re.compile(r"HPCLS-(RACE|PAIR|TWIN|LOOP|NOTE):\s*(.*?)\s*(?:\*/\s*)?$")
_CLAUSE = re.compile(r"(private|lastprivate|reduction|collapse)\(([^)]*)\)")
VERDICTS = ("parallel", "serial", "unknown")


@dataclass(frozen=True)
class LoopLabel:
    line: int  # 1-based
    verdict: str
    private: frozenset[str]
    lastprivate: frozenset[str]
    reduction: frozenset[tuple[str, str]]  # (op, var)
    collapse: int


@dataclass(frozen=True)
class Labels:
    path: Path
    race: bool
    pairs: tuple[tuple[int, int], ...]
    twin: str | None
    loops: tuple[LoopLabel, ...]


class LabelError(ValueError):
    pass


def _loop(text: str, where: str) -> LoopLabel:
    head, *rest = text.split(None, 2)
    if len(rest) < 1 or rest[0] not in VERDICTS:
        raise LabelError(f"{where}: HPCLS-LOOP needs '<line> parallel|serial|unknown'")
    clauses = rest[1] if len(rest) > 1 else ""
    private: set[str] = set()
    lastprivate: set[str] = set()
    reduction: set[tuple[str, str]] = set()
    collapse = 1
    leftover = _CLAUSE.sub("", clauses).strip()
    if leftover:
        raise LabelError(f"{where}: cannot read {leftover!r}")
    for name, args in _CLAUSE.findall(clauses):
        if name == "reduction":
            op, _, names = args.partition(":")
            reduction |= {(op.strip().lower(), v.strip().lower()) for v in names.split(",")}
        elif name == "collapse":
            collapse = int(args)
        else:
            target = private if name == "private" else lastprivate
            target |= {v.strip().lower() for v in args.split(",") if v.strip()}
    return LoopLabel(
        int(head),
        rest[0],
        frozenset(private),
        frozenset(lastprivate),
        frozenset(reduction),
        collapse,
    )


def read_labels(path: Path) -> Labels:
    race: bool | None = None
    pairs: list[tuple[int, int]] = []
    twin: str | None = None
    loops: list[LoopLabel] = []
    for number, line in enumerate(path.read_text().splitlines(), 1):
        match = _KEY.search(line)
        if match is None:
            continue
        key, value = match.groups()
        where = f"{path.name}:{number}"
        if key == "RACE":
            if value not in ("yes", "no") or race is not None:
                raise LabelError(f"{where}: HPCLS-RACE must be given once, yes or no")
            race = value == "yes"
        elif key == "PAIR":
            a, b = (int(x) for x in value.split())
            pairs.append((min(a, b), max(a, b)))
        elif key == "TWIN":
            twin = value
        elif key == "LOOP":
            loops.append(_loop(value, where))
    if race is None:
        raise LabelError(f"{path.name}: no HPCLS-RACE label")
    if race != bool(pairs):
        raise LabelError(f"{path.name}: HPCLS-PAIR lines are required exactly when racy")
    return Labels(path, race, tuple(pairs), twin, tuple(loops))


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in SUFFIXES and p.is_file())
