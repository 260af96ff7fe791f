"""AI completion quality on held-out lines of our own corpus: prefix-only vs the context builder.

    python -m bench.ai_quality [--model PATH] [--limit N] [--json OUT]

For each held-out line of bench/ai_corpus/ the line's text is removed (its indentation kept)
and the cursor put after the indentation, as when a user is about to type that line. The same
loaded engine then completes it twice:

(a) prefix-only: the text before the cursor, nothing else. Its window gets the service's whole
    character budget (`AiSettings.context_chars`, cut at a line start by the service's own
    `prefix_window`), where the service gives the window 60 % and the context sections the
    rest: (b) must earn its sections against the prefix they displace. `--baseline-chars 3600`
    gives (a) the service's window instead. Same prompt builder (PREFIX_ONLY format: same stop
    strings), max_tokens rule, temperature 0, time limit and `postprocess` as the service.
(b) the context builder: `CompletionService.suggest(doc, offset, index)`, with a workspace
    index of the whole corpus in which the held-out file is the edited document.

Scores compare the suggestion's first line with the removed text, both stripped: exact match
and edit similarity (1 - Levenshtein / longer length). No suggestion scores as "".

Latency is the wall time of the whole variant (context, prompt, model, post-processing). The
variants alternate (a b, b a, a b, ...), so each follows itself every other line and gets
llama.cpp's KV-cache prefix reuse as often as the other (greedy output is the same either
way). The time limit defaults to 60 s, not the service's 3 s, so that a busy machine cuts no
completion short; completions cut anyway are counted and reported.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from hpcls.ai.context_text import prefix_window
from hpcls.ai.model_family import PREFIX_ONLY
from hpcls.ai.postprocess import postprocess, wants_multiline
from hpcls.ai.prompts import build_prompt
from hpcls.ai.service import CompletionService, create_engine, prompt_format_of
from hpcls.ai.types import CompletionContext, CompletionRequest, Engine
from hpcls.config import AiSettings
from hpcls.languages.registry import LanguageKind, language_for
from hpcls.workspace.document import Document
from hpcls.workspace.index import WorkspaceIndex, discover
from hpcls.workspace.lines import decode
from hpcls.workspace.uris import path_to_uri

CORPUS = Path(__file__).resolve().parent / "ai_corpus"
DEFAULT_LIMIT = 60
SKIP_HEAD_LINES = 10  # file headers: the corpus banner and the includes
MIN_CHARS = 8  # non-space characters of a held-out line
GROUPS = ("fortran", "c", "cpp", "cuda")
VARIANTS = (("prefix_only", "(a) prefix-only"), ("context", "(b) context builder"))

_F_DIRECTIVE = re.compile(r"[!cC*]\$(omp|acc)\b", re.IGNORECASE)
_C_PRAGMA = re.compile(r"#\s*pragma\s+(omp|acc)\b")


# ---------------------------------------------------------------- metrics


def levenshtein(a: str, b: str) -> int:
    """Insertions, deletions and substitutions that turn a into b (two-row DP)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def edit_similarity(a: str, b: str) -> float:
    """1 - Levenshtein(a, b) / max(len a, len b), in 0..1; two empty strings are equal (1)."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1.0 - levenshtein(a, b) / longest


def first_line(suggestion: str | None) -> str:
    """What is compared with the target: the suggestion's first line, stripped."""
    return (suggestion or "").split("\n", 1)[0].strip()


def exact_match(suggestion: str | None, target: str) -> bool:
    return first_line(suggestion) == target.strip()


# ---------------------------------------------------------------- held-out lines


@dataclass(frozen=True, slots=True)
class HeldOut:
    path: Path
    line: int  # 0-based
    target: str  # the line's text, stripped


def _is_code(line: str, language: LanguageKind, in_block: bool, continued: bool) -> bool:
    """Not blank, not a comment, not a preprocessor line (OpenMP/OpenACC directives count as
    code: completing them is part of the job)."""
    text = line.strip()
    if not text or in_block or continued:
        return False
    if language is LanguageKind.FORTRAN_FIXED and line[:1] in "cC*!":
        return bool(_F_DIRECTIVE.match(line))
    if language.is_fortran:
        return not text.startswith("!") or bool(_F_DIRECTIVE.match(text))
    if text.startswith(("//", "/*")):
        return False
    return not text.startswith("#") or bool(_C_PRAGMA.match(text))


def candidate_lines(text: str, language: LanguageKind) -> list[int]:
    """0-based lines that may be held out: code lines with >= MIN_CHARS non-space characters,
    after the first SKIP_HEAD_LINES lines."""
    found: list[int] = []
    in_block = continued = False  # inside a C block comment / a continued preprocessor line
    for number, line in enumerate(text.splitlines()):
        text_ = line.strip()
        code = _is_code(line, language, in_block, continued)
        if not language.is_fortran:
            # Block comments: a line that opens one without closing it starts the block.
            if in_block:
                in_block = "*/" not in text_
            elif text_.startswith("/*") and "*/" not in text_[2:]:
                in_block = True
            continued = (continued or text_.startswith("#")) and text_.endswith("\\")
        if code and number >= SKIP_HEAD_LINES and len("".join(text_.split())) >= MIN_CHARS:
            found.append(number)
    return found


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(discover([corpus], (), 10_000), key=lambda p: p.relative_to(corpus).as_posix())


def select_lines(corpus: Path, limit: int = DEFAULT_LIMIT) -> list[HeldOut]:
    """`limit` lines spread evenly over all candidates of the corpus in file order (the middle
    of each of `limit` equal runs); all of them when there are fewer."""
    pool: list[HeldOut] = []
    for path in corpus_files(corpus):
        language = language_for(str(path))
        if language is None:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        pool += [
            HeldOut(path, n, lines[n].strip()) for n in candidate_lines("\n".join(lines), language)
        ]
    if limit >= len(pool):
        return pool
    return [pool[(2 * k + 1) * len(pool) // (2 * limit)] for k in range(max(0, limit))]


def held_out_document(path: Path, line: int) -> tuple[Document, int, str]:
    """The file with line's text removed (indentation and line break kept), the byte offset
    of the cursor after the indentation, and the removed text, stripped."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[line].rstrip("\r\n")
    ending = lines[line][len(body) :]
    indent = body[: len(body) - len(body.lstrip(" \t"))]
    lines[line] = indent + ending
    before = "".join(lines[:line]) + indent
    doc = Document.create(path_to_uri(path), language_for(str(path)), 1, "".join(lines))
    return doc, len(before.encode("utf-8")), body.strip()


# ---------------------------------------------------------------- the two variants


@dataclass(frozen=True, slots=True)
class Outcome:
    text: str  # the whole suggestion ("" for none)
    exact: bool
    similarity: float
    seconds: float
    finish: str  # the engine's finish reason; "none" when nothing survived post-processing
    timed_out: bool  # the engine stopped at the time limit: the machine, not the prompt, spoke


@dataclass(frozen=True, slots=True)
class Record:
    file: str  # relative to the corpus
    line: int  # 1-based
    language: str
    target: str
    prefix_chars: int  # characters before the cursor: which windows were cut
    prefix_only: Outcome
    context: Outcome


def _outcome(
    text: str | None, target: str, seconds: float, finish: str, timed_out: bool
) -> Outcome:
    return Outcome(
        text or "",
        exact_match(text, target),
        edit_similarity(first_line(text), target.strip()),
        seconds,
        finish if text else "none",
        timed_out,
    )


def prefix_only(
    engine: Engine, settings: AiSettings, doc: Document, offset: int, budget: int
) -> tuple[str | None, str]:
    """Variant (a), the service's path with only the window before the cursor."""
    assert doc.language is not None
    _, window = prefix_window(doc.source, offset, budget)
    ctx = CompletionContext(doc.language.value, "", "", "", "", window, "")
    prompt = build_prompt(PREFIX_ONLY, ctx, budget)
    multiline = wants_multiline(ctx.prefix, ctx.suffix, doc.language)
    request = CompletionRequest(
        prompt=prompt.text,
        max_tokens=settings.max_tokens if multiline else min(settings.max_tokens, 32),
        stop=prompt.stop,
        time_limit_s=settings.time_limit_ms / 1000,
        key=doc.uri,
    )
    result = engine.complete(request)
    text = postprocess(
        result.text,
        language=doc.language,
        prefix=decode(doc.source[:offset]),
        suffix=decode(doc.source[offset:]),
        multiline=multiline,
    )
    return text, result.finish_reason


def build_index(corpus: Path) -> WorkspaceIndex:
    index = WorkspaceIndex()
    index.roots = [corpus]
    for path in corpus_files(corpus):
        index.add_path(path)
    return index


def evaluate(
    held: Sequence[HeldOut],
    settings: AiSettings,
    engine: Engine,
    corpus: Path,
    baseline_chars: int | None = None,
) -> list[Record]:
    """Both variants on every held-out line, with one engine."""
    corpus = corpus.resolve()
    budget = settings.context_chars if baseline_chars is None else baseline_chars
    index = build_index(corpus)
    records: list[Record] = []
    for number, item in enumerate(held):
        path = item.path.resolve()
        doc, offset, target = held_out_document(path, item.line)
        assert doc.language is not None
        # The edited file's index entry comes from the document without the line.
        index.update_open(doc)
        # A fresh service per line: the last suggestion of another line is never reused.
        service = CompletionService(settings, engine=engine)
        outcomes: dict[str, Outcome] = {}
        # Alternated: each variant follows itself (KV-cache reuse) every other line.
        order = ("prefix_only", "context") if number % 2 == 0 else ("context", "prefix_only")
        for variant in order:
            cuts = engine.stats().timed_out
            started = time.perf_counter()
            if variant == "prefix_only":
                text, finish = prefix_only(engine, settings, doc, offset, budget)
            else:
                suggestion = service.suggest(doc, offset, index)
                text = suggestion.text if suggestion is not None else None
                finish = suggestion.finish_reason if suggestion is not None else "none"
            seconds = time.perf_counter() - started
            timed_out = engine.stats().timed_out > cuts
            outcomes[variant] = _outcome(text, target, seconds, finish, timed_out)
        index.update_closed(doc.uri)  # back to the file on disk
        records.append(
            Record(
                path.relative_to(corpus).as_posix(),
                item.line + 1,
                doc.language.value,
                target,
                len(decode(doc.source[:offset])),
                outcomes["prefix_only"],
                outcomes["context"],
            )
        )
    return records


# ---------------------------------------------------------------- the report


def group_of(language: str) -> str:
    return "fortran" if language.startswith("fortran") else language


def summarize(records: Sequence[Record]) -> list[dict[str, Any]]:
    """One row per variant and language group, then the overall row."""
    rows: list[dict[str, Any]] = []
    for key, label in VARIANTS:
        for group in (*GROUPS, "all"):
            chosen = [r for r in records if group in ("all", group_of(r.language))]
            outs: list[Outcome] = [getattr(r, key) for r in chosen]
            n = len(outs)
            ms = [o.seconds * 1000 for o in outs]
            rows.append(
                {
                    "variant": label,
                    "language": group,
                    "n": n,
                    "exact_match_pct": 100 * sum(o.exact for o in outs) / n if n else 0.0,
                    "edit_similarity": statistics.fmean(o.similarity for o in outs) if n else 0.0,
                    "empty_pct": 100 * sum(not o.text for o in outs) / n if n else 0.0,
                    "p50_ms": statistics.median(ms) if n else 0.0,
                    "mean_ms": statistics.fmean(ms) if n else 0.0,
                    "timed_out": sum(o.timed_out for o in outs),
                }
            )
    return rows


def table(rows: Sequence[dict[str, Any]]) -> str:
    out = [
        "| variant | language | n | exact match % | edit similarity | empty % | p50 ms | mean ms |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        out.append(
            f"| {r['variant']} | {r['language']} | {r['n']} | {r['exact_match_pct']:.1f} "
            f"| {r['edit_similarity']:.3f} | {r['empty_pct']:.1f} | {r['p50_ms']:.0f} "
            f"| {r['mean_ms']:.0f} |"
        )
    return "\n".join(out)


def head_to_head(records: Sequence[Record]) -> dict[str, int]:
    """Lines where (b) scores a higher / lower / the same edit similarity as (a)."""
    diffs = [r.context.similarity - r.prefix_only.similarity for r in records]
    return {
        "context_better": sum(d > 1e-9 for d in diffs),
        "context_worse": sum(d < -1e-9 for d in diffs),
        "tie": sum(abs(d) <= 1e-9 for d in diffs),
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m bench.ai_quality", description=__doc__.split("\n")[0]
    )
    p.add_argument("--model", default="", help="GGUF model (default: the embedded model)")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, help="held-out lines in all")
    p.add_argument("--json", type=Path, default=None, help="write the records and rows here")
    p.add_argument("--corpus", type=Path, default=CORPUS)
    p.add_argument("--engine", choices=("llama", "fake"), default="llama")
    p.add_argument("--fake-reply", default="", help="--engine fake: the reply")
    p.add_argument("--baseline-chars", type=int, default=None, help="(a)'s prefix budget")
    p.add_argument(
        "--context-chars",
        type=int,
        default=AiSettings().context_chars,
        help="the prompt's character budget (ai.context_chars); a small one stands for files "
        "longer than the window, where the builder's sections are not in the prefix",
    )
    # Generous: a completion cut by a busy CPU would measure the machine, not the prompt.
    p.add_argument("--time-limit-ms", type=int, default=60_000)
    p.add_argument("--threads", type=int, default=0, help="llama.cpp threads (0: its choice)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    settings = AiSettings(
        engine=args.engine,
        model=args.model,
        fake_reply=args.fake_reply,
        time_limit_ms=args.time_limit_ms,
        threads=args.threads,
        context_chars=args.context_chars,
    )
    held = select_lines(args.corpus, args.limit)
    engine = create_engine(settings)
    try:
        prompt_format_of(engine)  # load the model before the clock of the first line starts
        engine.complete(CompletionRequest(prompt="program warm_up\n", max_tokens=1))
        records = evaluate(held, settings, engine, args.corpus, args.baseline_chars)
    finally:
        engine.close()
    rows = summarize(records)
    runtime = time.perf_counter() - started
    command = " ".join(
        [
            Path(sys.executable).name,
            "-m",
            "bench.ai_quality",
            *(sys.argv[1:] if argv is None else argv),
        ]
    )
    print(f"command: {command}")
    print(f"engine: {engine.name}; {len(records)} held-out lines; {runtime:.1f} s in all\n")
    print(table(rows))
    print(f"\nper line, edit similarity (b) vs (a): {head_to_head(records)}")
    cuts = {r["variant"]: r["timed_out"] for r in rows if r["language"] == "all"}
    print(f"cut by the {args.time_limit_ms} ms time limit (scores unreliable if any): {cuts}")
    if args.json is not None:
        report = {
            "command": command,
            "engine": engine.name,
            "settings": asdict(settings),
            "baseline_chars": args.baseline_chars or settings.context_chars,
            "runtime_s": runtime,
            "rows": rows,
            "head_to_head": head_to_head(records),
            "records": [asdict(r) for r in records],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
