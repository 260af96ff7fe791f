"""`hpcls loops`, `hpcls parallelize` and the races in `hpcls check`, as scripts use them:
the JSON contract of docs/cli.md, exit codes, --diff and --write."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hpcls.analysis.loop_advice import TOO_SMALL_BELOW, reason_group
from hpcls.cli import main
from tests.loop_nests import C_NESTS, F_NESTS, line_of

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
        "end_line",
        "depth",
        "parent_line",
        "verdict",
        "advice",
        "private",
        "lastprivate",
        "reduction",
        "collapse",
        "reasons",
    }


def test_loops_text(program: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["loops", str(program)]) == 0
    out = capsys.readouterr().out.splitlines()
    # N is 100: the work is known, and smaller than starting threads costs.
    assert (
        out[1]
        == f"{program}:8:3: parallel private(t) reduction(+: s) → too small (100 iterations in all)"
    )
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
    assert "no loop starts on" in err and "FILE:LINE" in err


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


# --- outermost first: the advice in nests (tests/loop_nests.py) ------------------------------


def _loops_of(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[int, dict[str, object]]:
    assert main(["loops", "--format", "json", str(path)]) == 0
    [file] = json.loads(capsys.readouterr().out)["files"]
    return {loop["line"]: loop for loop in file["loops"]}


@pytest.mark.parametrize(("name", "text"), [("nests.c", C_NESTS), ("nests.f90", F_NESTS)])
def test_nest_advice_and_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    loops = _loops_of(path, capsys)

    def at(tag: str) -> dict[str, object]:
        return loops[line_of(text, tag)]

    outer, inner = at("outer"), at("inner")
    assert (outer["verdict"], outer["advice"], outer["collapse"]) == ("parallel", "parallelize", 2)
    assert (outer["depth"], outer["parent_line"]) == (0, None)
    assert (inner["advice"], inner["depth"], inner["parent_line"]) == (
        "inner-of-parallel",
        1,
        line_of(text, "outer"),
    )
    assert inner["end_line"] == line_of(text, "inner") + (2 if name.endswith("f90") else 1)
    assert outer["end_line"] == line_of(text, "outer") + (4 if name.endswith("f90") else 2)
    # The loop that has its directive is the right one; the loop inside it must not get one.
    assert at("has-directive")["advice"] == "parallelize"
    assert at("under-directive")["advice"] == "inner-of-parallel"
    assert (at("recurrence")["verdict"], at("recurrence")["advice"]) == ("serial", "serial")
    assert at("small-outer")["advice"] == at("small-inner")["advice"] == "too-small"
    assert at("small-outer")["verdict"] == "parallel"
    for loop in loops.values():
        assert set(loop) >= {"line", "end_line", "depth", "parent_line", "verdict", "advice"}
        assert isinstance(loop["end_line"], int) and loop["end_line"] >= loop["line"]  # type: ignore[operator]


def test_serial_outer_loop_leaves_the_inner_one_to_parallelize(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nests.c"
    path.write_text(C_NESTS)
    loops = _loops_of(path, capsys)
    outer = loops[line_of(C_NESTS, "serial-outer")]
    inner = loops[line_of(C_NESTS, "parallel-inner")]
    assert (outer["verdict"], outer["advice"]) == ("serial", "serial")
    assert (inner["verdict"], inner["advice"]) == ("parallel", "parallelize")
    calls = loops[line_of(C_NESTS, "calls")]
    assert (calls["verdict"], calls["advice"]) == ("unknown", "unknown")


def test_too_small_needs_every_trip_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 4 iterations over an inner loop of unknown extent: not small. 4 x 8: small.
    source = (
        "static double y[4][100000];\n"
        "void f(int n) {\n"
        "  for (int i = 0; i < 4; i++)\n"
        "    for (int j = 0; j < n; j++)\n"
        "      y[i][j] = 0.0;\n"
        "}\n"
        "void h(double x[4][8]) {\n"
        "  for (int i = 0; i < 4; i++)\n"
        "    for (int j = 0; j < 8; j++)\n"
        "      x[i][j] = 1.0;\n"
        "}\n"
    )
    path = tmp_path / "small.c"
    path.write_text(source)
    loops = _loops_of(path, capsys)
    assert (loops[3]["advice"], loops[4]["advice"]) == ("parallelize", "inner-of-parallel")
    assert loops[8]["advice"] == "too-small" and TOO_SMALL_BELOW > 4 * 8


def test_loops_text_shows_the_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nests.c"
    path.write_text(C_NESTS)
    assert main(["loops", str(path)]) == 0
    out = {int(line.split(":")[1]): line for line in capsys.readouterr().out.splitlines()}
    outer = line_of(C_NESTS, "outer")
    assert out[outer].endswith("parallel collapse(2) → parallelize")
    assert out[line_of(C_NESTS, "inner")].endswith(
        f"→ inside the loop at line {outer}: parallelize that one"
    )
    assert "→ inside the OpenMP parallel for at line" in out[line_of(C_NESTS, "under-directive")]
    assert "→ too small (64 iterations in all)" in out[line_of(C_NESTS, "small-outer")]
    assert "→" not in out[line_of(C_NESTS, "recurrence")]


def test_loops_stats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "nests.c"
    path.write_text(C_NESTS)
    assert main(["loops", "--format", "json", "--stats", str(path)]) == 0
    body = json.loads(capsys.readouterr().out)
    stats = body["stats"]
    assert stats["loops"] == len(body["files"][0]["loops"]) == 10
    assert stats["verdicts"] == {"parallel": 7, "serial": 2, "unknown": 1}
    assert stats["advice"] == {
        "parallelize": 3,
        "inner-of-parallel": 2,
        "too-small": 2,
        "serial": 2,
        "unknown": 1,
    }
    # Two recurrences at different lines on different arrays are one reason.
    assert stats["reasons"]["a value written is read in a later iteration"] == 2
    assert stats["reasons"]["calls a procedure that may have side effects"] == 1
    assert main(["loops", "--stats", str(path)]) == 0
    text = capsys.readouterr().out
    assert "10 loops: 7 parallel, 2 serial, 1 unknown" in text
    assert "refusal reasons (loops):" in text
    assert "     2  a value written is read in a later iteration" in text


def test_reason_groups_drop_names_and_lines() -> None:
    assert reason_group("calls g (line 23), which may have side effects") == reason_group(
        "calls solve (line 9), which may have side effects"
    )
    assert (
        reason_group("c[i] written (line 21) is read as c[i-1] (line 21) in the next iteration")
        == reason_group(
            "a(i, j) written (line 3) is read as a(i, j - 2) (line 4) 2 iterations later"
        )
        == "a value written is read in a later iteration"
    )
    assert reason_group("leaves the loop early at line 12") == "leaves the loop early"
    assert reason_group("not a counted loop") == "not a counted loop"


def test_parallelize_an_inner_line_parallelizes_the_outer_loop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nests.c"
    path.write_text(C_NESTS)
    outer, inner = line_of(C_NESTS, "outer"), line_of(C_NESTS, "inner")
    assert main(["parallelize", f"{path}:{inner}", "--diff"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Parallelize the enclosing loop (line {outer}) with OpenMP (verified:")
    assert f"the loop on line {inner} is inside the loop on line {outer}" in out
    assert (
        "+  #pragma omp parallel for collapse(2)\n   for (i = 0; i < n; i++) /* L:outer */" in out
    )


def test_parallelize_inside_an_existing_directive_says_why_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "nests.f90"
    path.write_text(F_NESTS)
    assert main(["parallelize", f"{path}:{line_of(F_NESTS, 'under-directive')}", "--write"]) == 1
    out = capsys.readouterr().out
    assert "not offered: the loop is inside the OpenMP parallel do at line 13" in out
    assert main(["parallelize", f"{path}:{line_of(F_NESTS, 'has-directive')}"]) == 1
    assert "already has an OpenMP directive (parallel do, line 13)" in capsys.readouterr().out
    assert path.read_text() == F_NESTS


def test_stats_group_quoted_code_and_skip_the_more_line() -> None:
    from hpcls.loops_cli import loop_stats

    def loop(*reasons: str) -> dict[str, object]:
        return {"verdict": "unknown", "advice": "unknown", "reasons": list(reasons)}

    stats = loop_stats(
        [
            loop("`=` on `g(i, j)` calls a class operator", "and further loop-carried dependences"),
            loop("`+=` on `total` calls a class operator"),
        ]
    )
    assert stats["reasons"] == {"`…` on `…` calls a class operator": 2}
