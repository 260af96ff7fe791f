"""The wheel ships every subpackage and the grammars/ queries."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_every_subpackage_is_listed() -> None:
    listed = set(
        tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    on_disk = {
        ".".join(p.parent.relative_to(REPO / "server").parts)
        for p in (REPO / "server" / "hpcls").rglob("__init__.py")
    }
    assert on_disk <= listed, f"add to [tool.setuptools] packages: {sorted(on_disk - listed)}"


def test_wheel_contains_queries_and_modules(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("hpcls-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for scm in (REPO / "grammars").rglob("*.scm"):
        assert f"hpcls/grammars/{scm.relative_to(REPO / 'grammars')}" in names
    for module in (REPO / "server" / "hpcls").rglob("*.py"):
        assert str(module.relative_to(REPO / "server")) in names
    assert "hpcls/py.typed" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "hpcls = hpcls.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
