"""The AI completion context on pathological nesting (issue 13; goal ≤ 2 s per request).

Times `build_context` (what textDocument/inlineCompletion and the completion fallback build
before the engine runs) and, with `--suggest`, the whole `CompletionService.suggest` with the
fake engine (context, prompt, post-processing and its parse checks), with the cursor in the
middle and at the end of each text. In-process, one run per case (the slow cases of an old
build take minutes: `--cases` picks some). To time another build of the package:

    .venv/bin/python -m bench.ai_context_nesting [--suggest] [--cases c-parens f-do]
    git archive HEAD~1 server/hpcls | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/server .venv/bin/python -m bench.ai_context_nesting
"""

from __future__ import annotations

import argparse
import logging
import time

import hpcls
from hpcls.ai.context import ContextBudget, build_context
from hpcls.ai.fake_engine import FakeEngine
from hpcls.ai.service import CompletionService
from hpcls.config import AiSettings
from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Document

N = 100_000
CASES: dict[str, tuple[LanguageKind, bytes]] = {
    # Unclosed: tree-sitter keeps the tokens as the children of one wide ERROR node.
    "c-parens": (LanguageKind.C, b"int f(void) { return " + b"(" * N + b"1;\n}\n"),
    "c-braces": (LanguageKind.C, b"void f(void) " + b"{" * N + b"\n"),
    "f-do": (
        LanguageKind.FORTRAN,
        b"program p\n" + b"do i = 1, 2\n" * (N // 10) + b"end program\n",
    ),
    # Closed: a valid tree as deep as the nesting.
    "c-deep-braces": (LanguageKind.C, b"void f(void) " + b"{" * N + b"}" * N + b"\n"),
    "c-deep-parens": (
        LanguageKind.C,
        b"int f(void) { return " + b"(" * N + b"1" + b")" * N + b";\n}\n",
    ),
    "f-deep-do": (
        LanguageKind.FORTRAN,
        b"program p\n" + b"do i = 1, 2\n" * (N // 10) + b"end do\n" * (N // 10) + b"end program\n",
    ),
}
# The service's split of its default 6000 characters (prefix 60 %, suffix 15 %).
BUDGET = ContextBudget(total_chars=6000, prefix_chars=3600, suffix_chars=900)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", nargs="*", choices=list(CASES), default=list(CASES))
    parser.add_argument("--suggest", action="store_true", help="also time the whole suggest")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the bounded walks' "partial result" lines
    print(f"package: {hpcls.__file__}")
    print(f"{'case':14} {'cursor':6} {'what':13} {'seconds':>8}  enclosing")
    for name in args.cases:
        kind, text = CASES[name]
        doc = Document.create(f"file:///t{'.f90' if kind.is_fortran else '.c'}", kind, 1, text)
        for where, offset in (("middle", len(text) // 2), ("end", len(text) - 1)):
            started = time.perf_counter()
            ctx = build_context(doc, offset, None, None, BUDGET)
            seconds = time.perf_counter() - started
            head = ctx.enclosing.split("\n", 1)[0][:24]
            print(f"{name:14} {where:6} {'build_context':13} {seconds:8.2f}  {head!r}", flush=True)
            if args.suggest:
                reply = "x = 1\n" if kind.is_fortran else "x = 1;\n"
                service = CompletionService(AiSettings(engine="fake"), engine=FakeEngine(reply))
                started = time.perf_counter()
                service.suggest(doc, offset)
                seconds = time.perf_counter() - started
                print(f"{name:14} {where:6} {'suggest':13} {seconds:8.2f}", flush=True)


if __name__ == "__main__":
    main()
