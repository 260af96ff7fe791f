"""`hpcls demo` runs a real JSON-RPC session over examples/ and shows what an editor would."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_demo_session() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "hpcls", "demo"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "workspace index: indexed" in out
    for name in (
        "heat/heat_params.f90",
        "legacy/dgtsv_like.f",
        "jacobi/jacobi.c",
        "stencil/stencil.cpp",
        "cuda/saxpy_reduce.cu",
    ):
        assert f"── {name}" in out
    assert "module     heat_params" in out
    assert "__global__ kernel" in out
    assert "→ defined at heat/heat_params.f90" in out
    assert "hover │ ```fortran" in out
    assert "[syntax/error]" in out  # the live edit
    # The loop analysis: a verified action, then the race a typed directive creates.
    assert "action: Parallelize loop with OpenMP (verified: parses, dependence-checked" in out
    assert "+ !$omp parallel do collapse(2)" in out
    assert "[omp/data-race] Data race on `b`" in out
    assert out.rstrip().endswith("session closed: shutdown + exit")
