"""The `hpcls` command: check formats and exit codes, version, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hpcls import __version__
from hpcls.cli import main

HPCLS = [sys.executable, "-m", "hpcls"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HPCLS, *args], capture_output=True, text=True, timeout=120)


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"hpcls {__version__}"


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("check").returncode == 2
    assert run("check", "--format", "yaml", "x.c").returncode == 2
    assert run("frobnicate").returncode == 2
    missing = run("check", "/no/such/file.f90")
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_clean_files_exit_0(tmp_path: Path) -> None:
    (tmp_path / "ok.f90").write_text("program p\n  implicit none\nend program p\n")
    (tmp_path / "ok.c").write_text("int main(void) { return 0; }\n")
    assert main(["check", str(tmp_path)]) == 0


def test_json_output_contract(tmp_path: Path) -> None:
    bad = tmp_path / "bad.c"
    bad.write_text("int main(void) {\n  int x = 1\n  return x;\n}\n")
    good = tmp_path / "good.F90"
    good.write_text("module m\nend module m\n")
    proc = run("check", "--format", "json", str(bad), str(good))
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    assert out["version"] == 1
    files = {Path(f["path"]).name: f for f in out["files"]}
    assert files["good.F90"] == {"path": str(good), "language": "fortran", "diagnostics": []}
    diag = files["bad.c"]["diagnostics"][0]
    assert files["bad.c"]["language"] == "c"
    assert diag["source"] == "hpcls" and diag["code"] == "syntax/error"
    assert diag["severity"] == 1
    assert set(diag["range"]) == {"start", "end"}
    assert diag["range"]["start"]["line"] in (1, 2)  # 0-based


def test_sarif_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.f"
    bad.write_text("      PROGRAM P\n      X = (1 +\n      END\n")
    proc = run("check", "--format", "sarif", str(bad))
    assert proc.returncode == 1
    sarif = json.loads(proc.stdout)
    assert sarif["version"] == "2.1.0"
    run0 = sarif["runs"][0]
    assert run0["tool"]["driver"]["name"] == "hpcls"
    assert {r["id"] for r in run0["tool"]["driver"]["rules"]} == {"syntax/error"}
    region = run0["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 2  # 1-based


def test_text_output(tmp_path: Path) -> None:
    bad = tmp_path / "k.cu"
    bad.write_text("__global__ void k(int n {\n}\n")
    proc = run("check", str(bad))
    assert proc.returncode == 1
    assert f"{bad}:1:" in proc.stdout and "[syntax/error]" in proc.stdout
    assert proc.stdout.strip().endswith("in 1 files")


def test_binary_and_invalid_utf8(tmp_path: Path) -> None:
    (tmp_path / "blob.c").write_bytes(b"\x7fELF\x00\x00\x01" * 50)
    (tmp_path / "latin1.f90").write_bytes(b"! caf\xe9\nprogram p\nend program p\n")
    proc = run("check", "--format", "json", str(tmp_path))
    assert proc.returncode == 1
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert [d["code"] for d in files["blob.c"]["diagnostics"]] == ["syntax/skipped"]
    assert files["latin1.f90"]["diagnostics"] == []


def test_complete_usage_errors(tmp_path: Path) -> None:
    assert run("complete", "no-colons").returncode == 2
    src = tmp_path / "p.f90"
    src.write_text("program p\nend program p\n")
    far = run("complete", f"{src}:99:1")
    assert far.returncode == 2 and "outside the document" in far.stderr
    assert run("complete", f"{tmp_path / 'missing.f90'}:1:1").returncode == 2


def test_complete_with_the_default_model(tmp_path: Path) -> None:
    import pytest

    from hpcls.ai.model_store import default_model_path

    if not default_model_path().is_file():
        pytest.skip("default model not assembled (make test assembles it)")
    (tmp_path / ".git").mkdir()
    src = tmp_path / "scale.f90"
    src.write_text(
        "program scale\n  implicit none\n  integer :: i, n\n  real :: a(100)\n"
        "  n = 100\n  do i = 1, n\n    a(i) = \n  end do\nend program scale\n"
    )
    proc = run("complete", f"{src}:7:12", "--json")
    assert proc.returncode in (0, 1), proc.stderr
    out = json.loads(proc.stdout)
    assert out["version"] == 1
    if proc.returncode == 0:
        completion = out["completion"]
        assert completion["label"] == "unverified" and completion["text"].strip()
        assert "\n" not in completion["text"]
    else:
        assert out["completion"] is None
