"""build_prompt: layout, KV-cache-friendly order, comment-delimited blocks, budget cuts."""

from __future__ import annotations

import pytest

from hpcls.ai.model_family import PREFIX_ONLY, FimTokens, PromptFormat
from hpcls.ai.prompts import (
    CUT_ORDER,
    block,
    build_prompt,
    recent_chunk,
    split_chunks,
    statements,
)
from hpcls.ai.types import CompletionContext

QWEN = PromptFormat(
    "qwen2.5-coder",
    FimTokens("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),
    ("<|endoftext|>", "<|fim_pad|>", "<|file_sep|>"),
)

HEADER = "use mpi\nuse heat_params, only: nx, ny, alpha\nimplicit none\n"
ENCLOSING = (
    "module heat_solver\n"
    "  real(8), allocatable :: u(:,:), un(:,:)\n"
    "contains\n"
    "  subroutine step(dt)\n"
    "    real(8), intent(in) :: dt\n"
)
SIGNATURES = (
    "subroutine exchange_halo(field, comm)\n"
    "subroutine apply_bc(field, nx, ny, &\n"
    "                    kind)\n"
)
RECENT = recent_chunk(
    "fortran", "heat_params.f90", "integer, parameter :: nx = 512, ny = 512\n"
) + recent_chunk("fortran", "halo.f90", "call mpi_sendrecv(field(1,:), ny, mpi_real8, &\n")
PREFIX = (
    "    integer :: i, j\n"
    "    call exchange_halo(u, mpi_comm_world)\n"
    "    do j = 2, ny - 1\n"
    "      do i = 2, nx - 1\n"
    "        un(i,j) = u(i,j) + "
)
SUFFIX = "\n      end do\n    end do\n    u = un\n  end subroutine step\n"


def context(**kw: str) -> CompletionContext:
    parts = {
        "language": "fortran",
        "header": HEADER,
        "enclosing": ENCLOSING,
        "signatures": SIGNATURES,
        "recent": RECENT,
        "prefix": PREFIX,
        "suffix": SUFFIX,
    }
    parts.update(kw)
    return CompletionContext(**parts)


def stable_part() -> str:
    return (
        "! --- file header ---\n"
        + HEADER
        + "! --- enclosing scope ---\n"
        + ENCLOSING
        + "! --- signatures ---\n"
        + SIGNATURES
        + "! --- from heat_params.f90 ---\n"
        "integer, parameter :: nx = 512, ny = 512\n"
        "! --- from halo.f90 ---\n"
        "call mpi_sendrecv(field(1,:), ny, mpi_real8, &\n"
        "! --- current file ---\n"
    )


def test_fim_layout_stable_context_first() -> None:
    prompt = build_prompt(QWEN, context(), 100_000)
    assert prompt.fim and prompt.cut == ()
    assert prompt.text == (
        "<|fim_prefix|>" + stable_part() + PREFIX + "<|fim_suffix|>" + SUFFIX + "<|fim_middle|>"
    )
    assert prompt.prefix == PREFIX and prompt.suffix == SUFFIX


def test_consecutive_prompts_share_the_stable_part() -> None:
    first = build_prompt(QWEN, context(), 100_000).text
    second = build_prompt(QWEN, context(prefix=PREFIX + "dt * alpha"), 100_000).text
    shared = len("<|fim_prefix|>" + stable_part() + PREFIX)
    assert first[:shared] == second[:shared]


def test_prefix_only_layout_and_language_stops() -> None:
    prompt = build_prompt(PREFIX_ONLY, context(), 100_000)
    assert not prompt.fim
    assert prompt.text == stable_part() + PREFIX
    assert prompt.suffix == ""
    assert "\n\nsubroutine " in prompt.stop and "\n\n\n" in prompt.stop
    assert "\n! --- " in prompt.stop


def test_fim_stops_are_the_models_own() -> None:
    prompt = build_prompt(QWEN, context(), 100_000)
    assert prompt.stop[:3] == QWEN.stop
    assert "\n\nsubroutine " not in prompt.stop


@pytest.mark.parametrize(
    ("language", "marker", "unit"),
    [
        ("c", "//", "\n\nvoid "),
        ("cpp", "//", "\n\ntemplate"),
        ("cuda", "//", "\n\n__global__"),
        ("fortran-fixed", "!", "\n\n      SUBROUTINE "),
    ],
)
def test_blocks_and_stops_per_language(language: str, marker: str, unit: str) -> None:
    ctx = CompletionContext(
        language, "#include <mpi.h>\n", "", "", recent_chunk(language, "grid.h", "int nx;"), "x", ""
    )
    prompt = build_prompt(PREFIX_ONLY, ctx, 10_000)
    assert prompt.text == (
        f"{marker} --- file header ---\n#include <mpi.h>\n"
        f"{marker} --- from grid.h ---\nint nx;\n"
        f"{marker} --- current file ---\nx"
    )
    assert unit in prompt.stop


def test_no_delimiter_without_context() -> None:
    ctx = CompletionContext("c", "", "", "", "", "int main(void) {\n    ", "\n}\n")
    assert build_prompt(QWEN, ctx, 1000).text == (
        "<|fim_prefix|>int main(void) {\n    <|fim_suffix|>\n}\n<|fim_middle|>"
    )


def test_fim_token_texts_in_the_code_are_removed() -> None:
    ctx = context(prefix="print *, '<|fim_suffix|>'\n", recent="")
    prompt = build_prompt(QWEN, ctx, 100_000)
    assert prompt.text.count("<|fim_suffix|>") == 1


def full_length() -> int:
    return len(build_prompt(QWEN, context(), 100_000).text)


def test_cut_order_recent_first() -> None:
    chunk = "! --- from halo.f90 ---\ncall mpi_sendrecv(field(1,:), ny, mpi_real8, &\n"
    prompt = build_prompt(QWEN, context(), full_length() - 1)
    assert prompt.cut == ("recent",)
    # The oldest (first) chunk went; the one nearest the prefix stayed.
    assert "heat_params.f90" not in prompt.text and chunk in prompt.text
    assert len(prompt.text) <= full_length() - 1


def test_cut_order_signatures_then_enclosing_then_header() -> None:
    without_recent = len(build_prompt(QWEN, context(recent=""), 100_000).text)
    prompt = build_prompt(QWEN, context(), without_recent - 1)
    assert prompt.cut == ("recent", "signatures")
    assert "exchange_halo(field" not in prompt.text
    # A continued signature goes as a whole statement, never half of it.
    assert "apply_bc(field, nx, ny, &\n                    kind)\n" in prompt.text

    bare = len(build_prompt(QWEN, context(recent="", signatures=""), 100_000).text)
    prompt = build_prompt(QWEN, context(), bare - 1)
    assert prompt.cut == ("recent", "signatures", "enclosing")
    assert "signatures" not in prompt.text
    assert "    real(8), intent(in) :: dt\n" in prompt.text  # nearest the cursor stays
    assert "module heat_solver" not in prompt.text

    only_header = len(
        build_prompt(QWEN, context(recent="", signatures="", enclosing=""), 100_000).text
    )
    prompt = build_prompt(QWEN, context(), only_header - 1)
    assert prompt.cut == ("recent", "signatures", "enclosing", "header")
    assert prompt.prefix == PREFIX and prompt.suffix == SUFFIX


def test_prefix_cut_at_its_far_end_from_a_line_start() -> None:
    no_context = context(header="", enclosing="", signatures="", recent="")
    overhead = len("<|fim_prefix|><|fim_suffix|><|fim_middle|>") + len(SUFFIX)
    budget = overhead + len(PREFIX) - 5  # five characters too many
    prompt = build_prompt(QWEN, context(), budget)
    assert prompt.cut == ("recent", "signatures", "enclosing", "header", "prefix")
    assert prompt.prefix == PREFIX[PREFIX.index("\n") + 1 :]  # the whole first line went
    assert prompt.suffix == SUFFIX
    assert build_prompt(QWEN, no_context, budget).prefix == prompt.prefix


def test_suffix_cut_at_its_far_end_after_the_prefix() -> None:
    cursor_line = PREFIX[PREFIX.rindex("\n") + 1 :]
    overhead = len("<|fim_prefix|><|fim_suffix|><|fim_middle|>")
    budget = overhead + len(cursor_line) + len("\n      end do\n")
    prompt = build_prompt(QWEN, context(), budget)
    assert prompt.cut[-2:] == ("prefix", "suffix")
    assert prompt.prefix == cursor_line
    assert prompt.suffix == "\n      end do\n"
    assert len(prompt.text) <= budget


def test_cursor_line_cut_only_as_a_last_resort() -> None:
    prompt = build_prompt(QWEN, context(), 50)
    assert prompt.suffix == ""
    assert len(prompt.text) == 50
    overhead = len("<|fim_prefix|><|fim_suffix|><|fim_middle|>")
    assert prompt.prefix == PREFIX[-(50 - overhead) :]  # the end of the cursor's line


def test_prefix_only_budget_ignores_the_suffix() -> None:
    prompt = build_prompt(PREFIX_ONLY, context(), len(stable_part() + PREFIX))
    assert prompt.cut == () and prompt.suffix == ""


def test_cut_order_constant() -> None:
    assert CUT_ORDER == ("recent", "signatures", "enclosing", "header", "prefix", "suffix")


def test_split_chunks_keeps_the_builders_blocks() -> None:
    text = "loose line\n" + block("c", "from a.h", "int a;") + "// --- from b.h ---\nint b;"
    assert split_chunks(text, "c") == [
        "// --- recent edits ---\nloose line\n",
        "// --- from a.h ---\nint a;\n",
        "// --- from b.h ---\nint b;\n",
    ]
    assert split_chunks("  \n", "c") == []


def test_statements_keep_continuations_and_comments_together() -> None:
    fixed = "      CALL MPI_SEND(BUF, N,\n     &     MPI_REAL, 1)\nC     doc\n      X = 1\n"
    assert statements(fixed, "fortran-fixed") == [
        "      CALL MPI_SEND(BUF, N,\n     &     MPI_REAL, 1)\n",
        "C     doc\n      X = 1\n",
    ]
    c = "/* saxpy */\nvoid saxpy(int n,\n           float a);\nint f(void);\n"
    assert statements(c, "c") == [
        "/* saxpy */\nvoid saxpy(int n,\n           float a);\n",
        "int f(void);\n",
    ]
