"""The per-document work in each line-end style (issue 13): a lone-CR ("\\r", old Mac) or a
CRLF file must cost what its LF twin costs.

In process, on a generated ~2 MB free-form Fortran, C and fixed-form Fortran file, each in
LF, CRLF and CR: the best of `--repeats` runs (best, not median: load from elsewhere on the
machine only ever adds) of
- text: Document.create without the tree (line index, LF view, parser twin; a file at or
  above large_trees.LARGE_BYTES parses on first use);
- parse: the first use of the tree (tree-sitter; the same bytes in every style);
- edit: Document.apply of a one-line insertion in the middle (no reparse);
- full: Document.apply of a whole-text change (what a full-sync client sends);
- folds, symbols (the index's facts_of), check (check_document);
- ranges: every symbol as an LSP DocumentSymbol (byte_range through the line index);
- positions: position_of + to_parse + to_source on every 97th byte.
Printed in ms, then each style against LF.

    .venv/bin/python -m bench.line_ends [--size 2] [--files fortran,c,fixed] [--repeats 5]
                                        [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import machine_info
from bench.memory_soak import MIB, c_text, fortran_text
from hpcls.analysis.checks import check_document
from hpcls.analysis.outline import folding_ranges
from hpcls.languages.registry import LanguageKind
from hpcls.protocol.outline_features import to_document_symbol
from hpcls.workspace.document import Change, Document
from hpcls.workspace.index import facts_of
from hpcls.workspace.lines import Encoding

STYLES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
OPS = ["text", "parse", "edit", "full", "folds", "symbols", "check", "ranges", "positions"]
_COMMENT = {LanguageKind.C: "// x", LanguageKind.FORTRAN: "! x", LanguageKind.FORTRAN_FIXED: "C x"}


def fixed_text(size: int) -> str:
    """Fixed-form Fortran of about `size` bytes: labelled loops, continuation lines, comment
    lines and `C$OMP` directives."""
    unit = (
        "      SUBROUTINE S{k}(A, B, C, N)\n"
        "      INTEGER N, I\n"
        "      REAL A(N), B(N), C(N)\n"
        "C     a comment line\n"
        "C$OMP PARALLEL DO\n"
        "      DO 10 I = 1, N\n"
        "         A(I) = B(I) + C(I) *\n"
        "     &          2.0\n"
        "   10 CONTINUE\n"
    )
    body = "      A(1) = A(1) + 1.0\n" * 12
    parts: list[str] = []
    total = k = 0
    while total < size:
        parts.append(unit.format(k=k) + body + "      END\n")
        total += len(parts[-1])
        k += 1
    return "".join(parts)


FILES: dict[str, tuple[LanguageKind, Callable[[int], str]]] = {
    "fortran": (LanguageKind.FORTRAN, fortran_text),
    "c": (LanguageKind.C, c_text),
    "fixed": (LanguageKind.FORTRAN_FIXED, fixed_text),
}


def best_ms(run: Callable[[], object], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 2)


def measure(kind: LanguageKind, text: str, newline: str, repeats: int) -> dict[str, float]:
    source = text.replace("\n", newline)
    uri = "file:///bench"
    row = {"text": best_ms(lambda: Document.create(uri, kind, 1, source), repeats)}
    row["parse"] = best_ms(lambda: Document.create(uri, kind, 1, source).tree, 2)
    doc = Document.create(uri, kind, 1, source)
    middle = doc.lines.line_count // 2
    insert = [Change((middle, 0, middle, 0), _COMMENT[kind] + newline)]
    row["edit"] = best_ms(lambda: doc.apply(insert, 2, Encoding.UTF16), repeats * 4)
    whole = [Change(None, source)]
    row["full"] = best_ms(lambda: doc.apply(whole, 2, Encoding.UTF16), repeats)
    tree = doc.tree  # large_trees keeps one tree: the one asked for last
    assert tree is not None
    row["folds"] = best_ms(lambda: folding_ranges(tree, doc.parse_source, kind), repeats)
    row["symbols"] = best_ms(lambda: facts_of(doc), 2)
    row["check"] = best_ms(lambda: check_document(doc), repeats)
    facts = facts_of(doc)
    symbols = facts.symbols if facts is not None else ()
    row["ranges"] = best_ms(
        lambda: [to_document_symbol(doc, s, Encoding.UTF16) for s in symbols], repeats
    )
    offsets = range(0, len(doc.source), 97)

    def positions() -> None:
        for offset in offsets:
            doc.position_of(offset, Encoding.UTF16)
            doc.to_source(doc.to_parse(offset))

    row["positions"] = best_ms(positions, repeats)
    return row


def table(results: dict[str, dict[str, dict[str, float]]]) -> str:
    head = f"{'file':8} {'style':5} " + " ".join(f"{op:>9}" for op in OPS)
    lines = [head + "   (ms)"]
    for name, styles in results.items():
        for style, row in styles.items():
            lines.append(f"{name:8} {style:5} " + " ".join(f"{row[op]:9.1f}" for op in OPS))
    lines.append("")
    lines.append(head.replace("file    ", "vs LF   ") + "   (times LF)")
    for name, styles in results.items():
        lf = styles["lf"]
        for style, row in styles.items():
            if style != "lf":
                cells = (f"{row[op] / max(lf[op], 0.05):9.2f}" for op in OPS)
                lines.append(f"{name:8} {style:5} " + " ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=float, default=2.0, help="MiB per file (default 2)")
    parser.add_argument("--files", default=",".join(FILES), help="of " + ",".join(FILES))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name in args.files.split(","):
        kind, make = FILES[name]
        text = make(int(args.size * MIB))
        results[name] = {
            style: measure(kind, text, newline, args.repeats) for style, newline in STYLES.items()
        }
        print(f"{name}: done", file=sys.stderr, flush=True)
    print(table(results))
    if args.json is not None:
        out: dict[str, Any] = {"machine": machine_info(), "size_mib": args.size}
        out["results"] = results
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
