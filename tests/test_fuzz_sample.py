"""A fixed-seed sample of generated loop programs (tests/fuzz) through hpcls's loop
analysis and the differential oracle: no verified edit may change a program's output.
Also: the generator is deterministic and its programs are well defined, the oracle's
pieces (schedule clause, combining edits, tolerant comparison) do what they say, and
`hpcls parallelize FILE:LINE` offers the edit the in-process API offers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hpcls.workspace.index import load_document
from tests.conftest import require_tools
from tests.fuzz.campaign import program_text, run_campaign, work
from tests.fuzz.edits import same_output, with_schedule
from tests.fuzz.gen_ir import Lang
from tests.fuzz.minimize import minimize, still_wrong
from tests.fuzz.oracle import Oracle, Report, candidates
from tests.fuzz.toolchain import build, run
from tests.fuzz.triage import known_pattern

LANGS = (Lang.C, Lang.CPP, Lang.F90, Lang.F77)
SAMPLE = 200  # 50 per language: about 2 minutes on 2 cores
SEED = 1
MINIMIZE_SECONDS = 60.0


@pytest.mark.slow
@pytest.mark.timeout(900)  # about 2 minutes on 2 idle cores; CI machines vary
def test_sample_has_no_wrong_verdict() -> None:
    require_tools("gcc", "g++", "gfortran")
    summary = run_campaign(work(LANGS, SAMPLE, SEED), jobs=2)
    print(summary.text())
    assert summary.programs == SAMPLE
    assert summary.tested > SAMPLE  # several verified edits per program were run
    assert not summary.errors, summary.errors
    if summary.found:  # every wrong verdict fails, the known unsound patterns included
        lang, seed, d = summary.found[0]
        text = program_text(lang, seed)
        small = minimize(
            text,
            still_wrong(lang.suffix, d.kind, d.headers, d.directive),
            fortran=lang.fortran,
            fixed=lang is Lang.F77,
            budget_s=MINIMIZE_SECONDS,
        )
        pattern = known_pattern(d)
        pytest.fail(
            f"{len(summary.found)} wrong verdict(s); the first ({pattern or 'new'}), minimized:\n"
            f"{d.summary()}\n{d.detail}\n--- {lang.value} seed {seed} ---\n{small}",
            pytrace=False,
        )


@pytest.mark.parametrize("lang", LANGS, ids=[lang.value for lang in LANGS])
def test_generated_programs_are_deterministic_and_run(lang: Lang, tmp_path: Path) -> None:
    require_tools("gcc", "g++", "gfortran")
    assert program_text(lang, 7) == program_text(lang, 7)
    assert program_text(lang, 7) != program_text(lang, 8)
    for seed in range(3):
        built = build(program_text(lang, seed), lang.suffix, tmp_path, f"p{seed}", False)
        assert built.exe is not None, built.errors
        first, second = run(built.exe), run(built.exe)
        assert first.rc == 0 and not first.timed_out, first.stderr
        assert first == second


def test_schedule_clause_in_each_language() -> None:
    from hpcls.languages.registry import LanguageKind as K

    assert (
        with_schedule("  #pragma omp parallel for private(t)\n", K.C, "runtime")
        == "  #pragma omp parallel for private(t) schedule(runtime)\n"
    )
    assert (
        with_schedule("  !$omp parallel do private(t)\n", K.FORTRAN, "runtime")
        == "  !$omp parallel do private(t) &\n  !$omp& schedule(runtime)\n"
    )
    assert (
        with_schedule("!$omp parallel do\n", K.FORTRAN_FIXED, "dynamic,1")
        == "!$omp parallel do\n!$omp& schedule(dynamic,1)\n"
    )


def test_outputs_compare_exactly_unless_a_tolerance_is_declared() -> None:
    assert same_output("s=1 fs=2.5\n", "s=1 fs=2.5\n", None)
    assert not same_output("fs=2.6499999999999999\n", "fs=2.6499999999999995\n", None)
    assert same_output("fs=2.6499999999999999\n", "fs=2.6499999999999995\n", 1e-9)
    assert not same_output("s=10 fs=2.5\n", "s=11 fs=2.5\n", 1e-9)  # integers: exact
    assert same_output("fs=5.0000000000000018\n", "fs=5\n", 1e-9)  # %g drops ".0"
    assert not same_output("fs=5.1\n", "fs=5\n", 1e-9)
    assert not same_output("fs=2.5\n", "fs=2.6\n", 1e-9)


def test_minimizer_keeps_only_what_the_predicate_needs() -> None:
    source = """\
#include <stdio.h>
int main(void)
{
  int a[8], s = 0;
  for (int i = 0; i < 8; i++) {
    a[i] = i;
    if (i > 2) {
      s += a[i]; /* KEEP */
    }
  }
  for (int i = 0; i < 8; i++) {
    a[i] = 0;
  }
  printf("%d\\n", s);
  return 0;
}
"""

    def keeps(text: str) -> bool:
        # still a whole program (braces balance) holding the KEEP statement
        return "KEEP" in text and text.count("{") == text.count("}")

    small = minimize(source, keeps, fortran=False, fixed=False, budget_s=30)
    body = small.split("int main(void)\n{\n", 1)[1]
    # the `if` is unwrapped and the second loop dropped; a loop is never unwrapped
    assert body == "  for (int i = 0; i < 8; i++) {\n      s += a[i]; /* KEEP */\n  }\n}\n"


PARALLEL_IO = """\
#include <stdio.h>
int main(void) {
  int a[64];
  for (int i = 0; i < 64; i++)
    a[i] = i * 3 % 7;
  long s = 0;
  for (int i = 0; i < 64; i++)
    s = s * 3 + a[i];
  printf("%ld\\n", s % 1000003);
  return 0;
}
"""


def test_oracle_finds_the_verified_loops_and_agrees() -> None:
    require_tools("gcc")
    report = Oracle().check_source(PARALLEL_IO, ".c")
    assert report.verdicts["parallel"] >= 1 and report.verdicts["serial"] >= 1
    assert report.tested == report.verified >= 1
    assert not report.discrepancies and report.skipped is None


def test_cli_and_in_process_parallelize_agree(tmp_path: Path) -> None:
    """`hpcls parallelize FILE:LINE` prints the directive the oracle applied, for a few
    verified loops of generated programs in each language (one subprocess each)."""
    require_tools("gcc", "g++", "gfortran")
    checked = 0
    for lang in LANGS:
        path = tmp_path / f"prog{lang.suffix}"
        path.write_text(program_text(lang, 3), encoding="utf-8")
        doc = load_document(path)
        assert doc is not None
        found = candidates(doc, Report(str(path)))
        assert found, f"no verified loop in {lang.value} seed 3"
        one = found[0]
        out = subprocess.run(
            [sys.executable, "-m", "hpcls", "parallelize", f"{path}:{one.line}"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert out.returncode == 0, out.stdout + out.stderr
        assert "(verified" in out.stdout.splitlines()[0]
        printed = "".join(edit.text for edit in one.edits)
        assert out.stdout.endswith(printed), (out.stdout, printed)
        checked += 1
    assert checked == len(LANGS)
