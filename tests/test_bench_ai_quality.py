"""bench/ai_quality.py without a model: metrics, line selection, held-out documents, and the
whole pipeline on the fake engine (prompts checked for leaks of the held-out line)."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from bench.ai_quality import (
    CORPUS,
    HeldOut,
    candidate_lines,
    corpus_files,
    edit_similarity,
    evaluate,
    exact_match,
    first_line,
    held_out_document,
    levenshtein,
    main,
    select_lines,
    summarize,
    table,
)

from hpcls.ai.fake_engine import FakeEngine
from hpcls.ai.service import create_engine
from hpcls.config import AiSettings
from hpcls.languages.registry import LanguageKind, language_for
from hpcls.workspace.lines import Encoding

# ---------------------------------------------------------------- metrics


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("", "abc", 3),
        ("abc", "", 3),
        ("abc", "abc", 0),
        ("kitten", "sitting", 3),
        ("flaw", "lawn", 2),
        ("call foo(a)", "call foo(b)", 1),
        ("ab", "ba", 2),
    ],
)
def test_levenshtein(a: str, b: str, distance: int) -> None:
    assert levenshtein(a, b) == distance
    assert levenshtein(b, a) == distance


def test_edit_similarity() -> None:
    assert edit_similarity("", "") == 1.0
    assert edit_similarity("x = 1", "x = 1") == 1.0
    assert edit_similarity("abc", "") == 0.0
    assert edit_similarity("", "abc") == 0.0
    assert edit_similarity("kitten", "sitting") == pytest.approx(1 - 3 / 7)
    assert edit_similarity("abcd", "wxyz") == 0.0


def test_exact_match_compares_the_first_line_stripped() -> None:
    assert exact_match("  x = 1  \n  y = 2", "x = 1")
    assert exact_match("x = 1", "   x = 1   ")
    assert not exact_match("x = 1;", "x = 1")
    assert not exact_match(None, "x = 1")
    assert not exact_match("", "x = 1")
    assert first_line(None) == "" and first_line("a\nb") == "a"


# ---------------------------------------------------------------- line selection

HEAD = "".join(f"! head {i}\n" for i in range(10))  # the 10 lines never held out


def test_candidates_fortran_free_form() -> None:
    text = HEAD + (
        "  x = compute(a, b)\n"  # 10: code
        "\n"  # 11: blank
        "  ! a comment line here\n"  # 12: comment
        "  !$omp parallel do private(i)\n"  # 13: directive: code
        "  y = 1\n"  # 14: 5 non-space characters
        "  call halo_exchange(g, u)  ! with a comment\n"  # 15: code
        "  end do\n"  # 16: 5 non-space characters
        "  end subroutine solve\n"  # 17: code
    )
    assert candidate_lines(text, LanguageKind.FORTRAN) == [10, 13, 15, 17]


def test_candidates_skip_the_first_ten_lines() -> None:
    text = "".join(f"  value_{i} = {i} * factor\n" for i in range(14))
    assert candidate_lines(text, LanguageKind.FORTRAN) == [10, 11, 12, 13]


def test_candidates_fortran_fixed_form() -> None:
    text = HEAD + (
        "C     A COMMENT LINE IN COLUMN ONE\n"  # 10: comment
        "      DO 10 I = 1, N\n"  # 11: code
        "!$OMP PARALLEL DO PRIVATE(I)\n"  # 12: directive: code
        "*     ANOTHER COMMENT\n"  # 13: comment
        "     &   + U(I,J+1) * H2\n"  # 14: continuation: code
        "   10 CONTINUE\n"  # 15: code
    )
    assert candidate_lines(text, LanguageKind.FORTRAN_FIXED) == [11, 12, 14, 15]


def test_candidates_c_family() -> None:
    text = HEAD + (
        "#include <stdio.h>\n"  # 10: preprocessor
        "/* a block comment that\n"  # 11: comment
        "   goes on = here; */\n"  # 12: comment
        "int counter_value = 0;\n"  # 13: code
        "#define CHECK(x)          \\\n"  # 14: preprocessor
        "    do { if (!(x)) abort(); } while (0)\n"  # 15: macro body
        "#pragma omp parallel for\n"  # 16: directive: code
        "// a line comment = text;\n"  # 17: comment
        "    total += a[i] * b[i];\n"  # 18: code
        "/* one line */\n"  # 19: comment
        "    return total_sum;\n"  # 20: code
        "}\n"  # 21: short
    )
    for language in (LanguageKind.C, LanguageKind.CPP, LanguageKind.CUDA):
        assert candidate_lines(text, language) == [13, 16, 18, 20]


def test_select_lines_is_deterministic_and_spread() -> None:
    pool = select_lines(CORPUS, 10_000)
    assert len(pool) > 300  # the corpus is big enough for the default sample
    first, again = select_lines(CORPUS, 60), select_lines(CORPUS, 60)
    assert first == again and len(first) == 60
    positions = [pool.index(h) for h in first]
    assert positions == sorted(set(positions))
    gaps = [b - a for a, b in pairwise(positions)]
    assert max(gaps) - min(gaps) <= 1  # evenly spread
    assert {language_for(str(h.path)) for h in first} >= {
        LanguageKind.FORTRAN,
        LanguageKind.FORTRAN_FIXED,
        LanguageKind.C,
        LanguageKind.CPP,
        LanguageKind.CUDA,
    }
    for h in first:
        line = h.path.read_text(encoding="utf-8").splitlines()[h.line]
        assert h.line >= 10 and line.strip() == h.target and len(h.target.replace(" ", "")) >= 8
        assert not h.target.startswith(("//", "/*", "#include", "#define"))
        assert not (h.target.startswith("!") and not h.target.lower().startswith("!$omp"))


def test_corpus_files_say_where_they_come_from() -> None:
    files = corpus_files(CORPUS)
    assert len(files) >= 10
    for path in files:
        head = "".join(path.read_text(encoding="utf-8").splitlines()[:2])
        assert "held-out completion corpus" in head, path


# ---------------------------------------------------------------- held-out documents


def test_held_out_document(tmp_path: Path) -> None:
    path = tmp_path / "k.f90"
    lines = ["program k\n", "  integer :: i\n", "  do i = 1, 3\n", "    call work(i)  ! go\n"]
    lines += ["  end do\n", "end program k\n"]
    path.write_text("".join(lines), encoding="utf-8")
    doc, offset, target = held_out_document(path, 3)
    assert target == "call work(i)  ! go"
    assert doc.text == "".join(lines[:3]) + "    \n" + "".join(lines[4:])
    assert doc.position_of(offset, Encoding.UTF16) == (3, 4)  # after the indentation
    assert doc.source[:offset].endswith(b"do i = 1, 3\n    ")
    assert doc.source[offset:].startswith(b"\n  end do")
    assert doc.language is LanguageKind.FORTRAN and doc.uri.startswith("file:")


def test_held_out_document_tabs_and_multibyte(tmp_path: Path) -> None:
    path = tmp_path / "k.c"
    path.write_text('/* µ-kernel */\nint f(void)\n{\n\treturn g("é");\n}\n', encoding="utf-8")
    doc, offset, target = held_out_document(path, 3)
    assert target == 'return g("é");'
    assert doc.text == "/* µ-kernel */\nint f(void)\n{\n\t\n}\n"
    assert offset == len("/* µ-kernel */\nint f(void)\n{\n\t".encode())
    assert doc.position_of(offset, Encoding.UTF16) == (3, 1)


# ---------------------------------------------------------------- the pipeline


def test_pipeline_on_the_fake_engine() -> None:
    held = select_lines(CORPUS, 3)
    settings = AiSettings(engine="fake", fake_reply=held[0].target)
    records = evaluate(held, settings, create_engine(settings), CORPUS)
    assert [(r.file, r.line - 1) for r in records] == [
        (h.path.relative_to(CORPUS).as_posix(), h.line) for h in held
    ]
    first = records[0]
    for outcome in (first.prefix_only, first.context):
        assert outcome.text == held[0].target and outcome.exact
        assert outcome.similarity == 1.0 and outcome.seconds >= 0
    for record in records[1:]:  # the same reply is wrong for the other lines
        assert not record.prefix_only.exact and record.prefix_only.similarity < 1.0
    rows = summarize(records)
    overall = [r for r in rows if r["language"] == "all"]
    assert [r["n"] for r in overall] == [3, 3]
    assert all(r["exact_match_pct"] == pytest.approx(100 / 3) for r in overall)
    text = table(rows)
    assert "| (a) prefix-only | all | 3 | 33.3 |" in text
    assert "| (b) context builder | all | 3 | 33.3 |" in text


def test_prompts_never_leak_the_held_out_line() -> None:
    """The removed text reaches neither prompt, unless the corpus has it elsewhere too."""
    held = select_lines(CORPUS, 40)
    engine = FakeEngine("")
    evaluate(held, AiSettings(engine="fake"), engine, CORPUS)
    assert len(engine.requests) == 2 * len(held)
    texts = {p: p.read_text(encoding="utf-8") for p in corpus_files(CORPUS)}
    with_context = 0
    for i, h in enumerate(held):
        doc, _, target = held_out_document(h.path, h.line)
        elsewhere = target in doc.text or any(target in t for p, t in texts.items() if p != h.path)
        prompts = [r.prompt for r in engine.requests[2 * i : 2 * i + 2]]
        assert elsewhere or not any(target in p for p in prompts), (h, target)
        with_context += any("--- current file ---" in p for p in prompts)
    assert with_context >= len(held) // 2  # (b) did add context sections


def test_the_index_holds_the_edited_document(tmp_path: Path) -> None:
    """A procedure defined only on the held-out line is not offered from the index."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "lib.f90").write_text(
        "module lib\ncontains\n  subroutine only_here(x)\n    real :: x\n  end subroutine\n"
        "end module lib\n",
        encoding="utf-8",
    )
    (root / "main.f90").write_text(
        "program main\n  use lib\n  real :: y\n  call only_here(y)\nend program\n",
        encoding="utf-8",
    )
    engine = FakeEngine("")
    held = [HeldOut(root / "lib.f90", 2, "subroutine only_here(x)")]
    evaluate(held, AiSettings(engine="fake"), engine, root)
    assert engine.requests and all("only_here" not in r.prompt for r in engine.requests)


def test_main_writes_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "quality.json"
    argv = ["--engine", "fake", "--fake-reply", "x = 1", "--limit", "2", "--json", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "bench.ai_quality --engine fake" in printed
    assert "| variant | language | n | exact match % |" in printed
    report = json.loads(out.read_text(encoding="utf-8"))
    assert len(report["records"]) == 2 and len(report["rows"]) == 10
    record = report["records"][0]
    assert set(record) >= {"file", "line", "target", "prefix_only", "context"}
    assert set(record["context"]) >= {"text", "exact", "similarity", "seconds"}
    assert report["baseline_chars"] == AiSettings().context_chars


def test_time_limit_cuts_are_recorded() -> None:
    held = select_lines(CORPUS, 1)
    settings = AiSettings(engine="fake", time_limit_ms=1)
    engine = FakeEngine("a b c d e f", token_delay_s=0.02)
    (record,) = evaluate(held, settings, engine, CORPUS)
    assert record.prefix_only.timed_out and record.context.timed_out
    assert [r["timed_out"] for r in summarize([record]) if r["language"] == "all"] == [1, 1]
