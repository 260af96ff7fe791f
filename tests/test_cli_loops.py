"""`hpcls loops`, `hpcls parallelize` and the races in `hpcls check`, as scripts use them:
the JSON contract of docs/cli.md, exit codes, --diff and --write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hpcls.cli import main

SOURCE = """#include <stdio.h>
#define N 100
int main(void) {
  double a[N], s = 0.0, t;
  int i;
  for (i = 0; i < N; i++)
    a[i] = i;
  for (i = 0; i < N; i++) {
    t = a[i] * 2.0;
    s += t;
  }
  for (i = 1; i < N; i++)
    a[i] = a[i - 1] + 1.0;
  printf("%g %g\\n", s, a[N - 1]);
  return 0;
}
"""


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "prog.c"
    path.write_text(SOURCE)
    return path


def test_loops_json(program: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["loops", "--format", "json", str(program)]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["version"] == 1
    [file] = body["files"]
    assert file["path"] == str(program)
    loops = file["loops"]
    assert [(lp["line"], lp["column"], lp["verdict"]) for lp in loops] == [
        (6, 3, "parallel"),
        (8, 3, "parallel"),
        (12, 3, "serial"),
    ]
    assert loops[1]["private"] == ["t"]
    assert loops[1]["reduction"] == [{"op": "+", "vars": ["s"]}]
    assert loops[2]["reasons"] and all(isinstance(r, str) for r in loops[2]["reasons"])
    assert set(loops[0]) == {
        "line",
        "column",
        "verdict",
        "private",
        "lastprivate",
        "reduction",
        "collapse",
        "reasons",
    }


def test_loops_text(program: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["loops", str(program)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == f"{program}:8:3: parallel private(t) reduction(+: s)"
    assert out[2].startswith(f"{program}:12:3: serial — ")


def test_parallelize_diff_then_write(program: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parallelize", f"{program}:8", "--diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Parallelize loop with OpenMP (verified: parses, dependence-checked")
    assert "+  #pragma omp parallel for private(t) reduction(+: s)" in out
    assert program.read_text() == SOURCE  # --diff writes nothing
    assert main(["parallelize", f"{program}:8", "--write"]) == 0
    assert (
        "  #pragma omp parallel for private(t) reduction(+: s)\n  for (i = 0; i < N; i++) {"
        in program.read_text()
    )


def test_parallelize_serial_loop_exits_1(program: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parallelize", f"{program}:12", "--write"]) == 1
    out = capsys.readouterr().out
    assert "not offered: loop-carried dependence" in out
    assert program.read_text() == SOURCE


def test_parallelize_usage_errors(program: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parallelize", f"{program}:1"]) == 2  # no loop there
    assert main(["parallelize", f"{program}"]) == 2  # no line
    assert main(["parallelize", "/no/such.c:3"]) == 2
    err = capsys.readouterr().err
    assert "no counted loop" in err and "FILE:LINE" in err


def test_check_reports_races_with_both_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    racy = tmp_path / "racy.c"
    racy.write_text(
        SOURCE.replace(
            "  for (i = 1; i < N; i++)\n", "#pragma omp parallel for\n  for (i = 1; i < N; i++)\n"
        )
    )
    assert main(["check", "--format", "json", str(racy)]) == 1
    [file] = json.loads(capsys.readouterr().out)["files"]
    [race] = [d for d in file["diagnostics"] if d["code"] == "omp/data-race"]
    assert race["range"]["start"]["line"] == 13  # 0-based: a[i] = a[i - 1] + 1.0
    assert race["data"]["kind"] == "loop-carried"
    assert race["relatedInformation"][0]["location"]["range"]["start"]["line"] == 13
