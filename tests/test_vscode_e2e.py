"""The hpcls VS Code extension in a real VS Code: code-server 4.99.4 (VS Code 1.99.3) in
headless Chromium, driven by client-vscode/e2e/run.mjs (playwright-core).

The test installs client-vscode/hpcls-0.1.0.vsix (built with `npm ci && npm run package`
when it is missing or older than the extension's sources) into a fresh code-server profile
whose settings point `hpcls.server.path` at this environment's `hpcls`, opens a copy of
examples/ and checks, in the DOM of the workbench:

- status: the status bar shows the extension's "hpcls AI: ..." item (the server answered);
- diagnostic: `int x = 1` without `;` in jacobi.c gets a `.squiggly-error` and a Problems
  row with "Syntax error" from source hpcls;
- hover: hovering `jacobi_free` in a call shows its declaration `void jacobi_free(jacobi_grid *g)`;
- inline: with the fake engine the configured reply shows as ghost text and Tab inserts it;
- inline-invoke: the same through the command "Trigger Inline Suggestion" (an explicit
  invocation, LSP triggerKind Invoked);
- codeaction: Ctrl+. on a missing `;` offers "Insert missing `;`", which fixes the line and
  removes the squiggle;
- fortran: the extension's own Fortran languages, on a copy of heat/heat_solver.f90: the
  status bar's language mode reads "Fortran" (FortranFreeForm's alias); hovering `halo_setup`
  in `call halo_setup(g)` shows `subroutine halo_setup(g)` from heat/heat_halo.f90; a typed
  `cx = (1 + 2` gets a squiggle and a Problems row "missing `)`", and the quick fix
  "Insert missing `)` (checked: parses)" repairs the line and clears the squiggle; a copy of
  legacy/dgtsv_like.f reads "Fortran77" (FortranFixedForm's alias);
- inline-model (second code-server session): the embedded default model (Gemma 3 270M)
  gives some non-empty ghost text, and Tab inserts it.

The tools (code-server, playwright-core; Debian's chromium) come from
client-vscode/e2e/setup.sh, run here when its stamp is missing. Outside CI the test skips
when npm/node are missing or the set-up cannot run; with $CI set it fails instead.
Screenshots, result.json, code-server.log and the VS Code logs (the hpcls output channel
included) go to test-artifacts/vscode-e2e/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from hpcls.ai.model_store import default_model_path
from tests.conftest import EXAMPLES, unavailable

pytestmark = [pytest.mark.real_client, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
EXT = REPO / "client-vscode"
E2E = EXT / "e2e"
SETUP = E2E / "setup.sh"
DRIVER = E2E / "run.mjs"
ARTIFACTS = REPO / "test-artifacts" / "vscode-e2e"
HPCLS = Path(sys.executable).parent / "hpcls"

FAKE_REPLY = "double hpcls_e2e_ghost = 42.0;"
FAKE_SCENARIOS = [
    "status", "diagnostic", "hover", "inline", "inline-invoke", "codeaction", "fortran",
]  # fmt: skip
SETUP_TIMEOUT_S = 1200
BUILD_TIMEOUT_S = 600
# The driver gives each scenario SCENARIO_TIMEOUT_S; the session adds start-up and teardown.
SCENARIO_TIMEOUT_S = 90
MODEL_SCENARIO_TIMEOUT_S = 240


def _tail(text: str, n: int = 60) -> str:
    return "\n".join(text.splitlines()[-n:])


def _vsix_path() -> Path:
    version = json.loads((EXT / "package.json").read_text(encoding="utf-8"))["version"]
    return EXT / f"hpcls-{version}.vsix"


def _stale(vsix: Path) -> bool:
    sources = [EXT / "package.json", *EXT.glob("src/*.ts"), *EXT.glob("language-configuration/*")]
    built = vsix.stat().st_mtime
    return any(p.stat().st_mtime > built for p in sources if p.is_file())


@pytest.fixture(scope="module")
def vsix() -> Path:
    """The extension package, built with npm when missing or older than its sources."""
    path = _vsix_path()
    if path.is_file() and not _stale(path):
        return path
    npm = shutil.which("npm")
    if npm is None:
        unavailable(f"{path.name} is missing and npm is not installed to build it")
    assert npm is not None
    steps = [] if (EXT / "node_modules").is_dir() else [[npm, "ci", "--no-audit", "--no-fund"]]
    steps.append([npm, "run", "package"])
    for cmd in steps:
        proc = subprocess.run(
            cmd, cwd=EXT, capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False
        )
        if proc.returncode != 0:
            pytest.fail(
                f"{' '.join(cmd[1:])} failed in {EXT} (exit {proc.returncode}):\n"
                f"{_tail(proc.stdout + proc.stderr)}",
                pytrace=False,
            )
    assert path.is_file(), f"npm run package did not produce {path}"
    return path


@pytest.fixture(scope="module")
def e2e_tools() -> None:
    """code-server, playwright-core and chromium from setup.sh (run when not installed)."""
    if shutil.which("node") is None:
        unavailable("node is not installed (the VS Code e2e test needs Node 20)")
    check = subprocess.run([SETUP, "--check"], capture_output=True, text=True, check=False)
    if check.returncode == 0:
        return
    if not os.environ.get("CI"):
        cannot = []
        if os.geteuid() != 0 and shutil.which("sudo") is None:
            cannot.append("not root and no sudo for apt-get")
        if shutil.which("apt-get") is None:
            cannot.append("no apt-get")
        if cannot:
            pytest.skip(
                f"the e2e tools are not installed and {SETUP} cannot run here "
                f"({'; '.join(cannot)}); install them by hand (see the script)"
            )
    proc = subprocess.run(
        [SETUP], capture_output=True, text=True, timeout=SETUP_TIMEOUT_S, check=False
    )
    print(_tail(proc.stdout + proc.stderr, 20))
    if proc.returncode != 0:
        unavailable(f"{SETUP} failed (exit {proc.returncode}):\n{_tail(proc.stdout + proc.stderr)}")


def _run_driver(
    name: str,
    scenarios: list[str],
    settings: dict[str, Any],
    vsix: Path,
    workspace_root: Path,
    scenario_timeout_s: int,
) -> dict[str, Any]:
    """One code-server session; returns {"results": ..., "output": ..., "artifacts": ...}."""
    if not HPCLS.is_file():
        unavailable(f"no hpcls executable beside the interpreter: {HPCLS}")
    workspace = workspace_root / "examples"
    shutil.copytree(EXAMPLES, workspace)
    artifacts = ARTIFACTS / name
    shutil.rmtree(artifacts, ignore_errors=True)
    artifacts.mkdir(parents=True)
    settings_file = workspace_root / "settings.json"
    settings_file.write_text(
        json.dumps({"hpcls.server.path": str(HPCLS), **settings}, indent=2), encoding="utf-8"
    )
    result_file = artifacts / "result.json"
    cmd = [
        "node", str(DRIVER),
        "--vsix", str(vsix),
        "--workspace", str(workspace),
        "--artifacts", str(artifacts),
        "--settings", str(settings_file),
        "--scenarios", ",".join(scenarios),
        "--result", str(result_file),
        "--timeout", str(scenario_timeout_s),
    ]  # fmt: skip
    # The driver enforces every limit itself; this one only catches a hung driver.
    limit = 120 + scenario_timeout_s * (len(scenarios) + 1)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, check=False)
        output = proc.stdout + proc.stderr
        status = proc.returncode
    except subprocess.TimeoutExpired as e:
        out = [
            x.decode(errors="replace") if isinstance(x, bytes) else x or ""
            for x in (e.stdout, e.stderr)
        ]
        output = f"{out[0]}{out[1]}\n(driver killed after {limit} s)"
        status = -1
    (artifacts / "driver.log").write_text(output, encoding="utf-8")
    results = json.loads(result_file.read_text(encoding="utf-8")) if result_file.is_file() else {}
    if status == 2 or not results:
        pytest.fail(
            f"the e2e session did not start (exit {status}):\n{_diagnosis(output, artifacts)}"
        )
    return {"results": results, "output": output, "artifacts": artifacts}


def _diagnosis(output: str, artifacts: Path) -> str:
    """The driver's output tail, code-server's log tail and the hpcls output channel's tail."""
    parts = [f"--- driver output (tail) ---\n{_tail(output, 40)}"]
    cs_log = artifacts / "code-server.log"
    if cs_log.is_file():
        parts.append(f"--- {cs_log} (tail) ---\n{_tail(cs_log.read_text(errors='replace'), 30)}")
    for log in sorted((artifacts / "vscode-logs").glob("*/exthost*/output_logging_*/*hpcls.log")):
        parts.append(f"--- {log} (tail) ---\n{_tail(log.read_text(errors='replace'), 30)}")
    parts.append(f"screenshots and logs: {artifacts}")
    return "\n".join(parts)


@pytest.fixture(scope="module")
def fake_session(
    vsix: Path, e2e_tools: None, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    settings = {"hpcls.ai.engine": "fake", "hpcls.ai.fake_reply": FAKE_REPLY}
    return _run_driver(
        "fake", FAKE_SCENARIOS, settings, vsix, tmp_path_factory.mktemp("vscode-fake"),
        SCENARIO_TIMEOUT_S,
    )  # fmt: skip


def _check(session: dict[str, Any], scenario: str) -> dict[str, Any]:
    result: dict[str, Any] | None = session["results"].get(scenario)
    assert result is not None, f"no result for {scenario}"
    if not result.get("ok"):
        pytest.fail(
            f"scenario {scenario} failed: {result.get('detail')}\n"
            f"screenshot: {result.get('screenshot')}\n"
            f"{_diagnosis(session['output'], session['artifacts'])}",
            pytrace=False,
        )
    if result.get("retried"):
        # The driver retries a failed scenario once from a clean state; never silently.
        first = result.get("first_attempt") or {}
        print(
            f"\nvscode e2e: scenario {scenario} PASSED ONLY ON RETRY; attempt 1 failed: "
            f"{first.get('detail')} (screenshot: {first.get('screenshot')})"
        )
        warnings.warn(
            f"vscode e2e scenario {scenario} passed only on its retry: {first.get('detail')}",
            stacklevel=1,
        )
    shots = [Path(p) for p in result.get("screenshots") or [result["screenshot"]]]
    assert shots, f"{scenario}: no screenshot"
    for shot in shots:
        assert shot.is_file() and shot.stat().st_size > 0, f"{scenario}: missing {shot}"
    return result


@pytest.mark.timeout(SETUP_TIMEOUT_S + BUILD_TIMEOUT_S + 900)
@pytest.mark.parametrize("scenario", FAKE_SCENARIOS)
def test_vscode_fake_engine(fake_session: dict[str, Any], scenario: str) -> None:
    result = _check(fake_session, scenario)
    detail = result["detail"]
    if scenario == "status":
        assert "hpcls AI" in detail
    elif scenario == "diagnostic":
        assert "Syntax error" in detail and "hpcls" in detail
    elif scenario == "hover":
        assert "jacobi_free(jacobi_grid" in detail
    elif scenario in ("inline", "inline-invoke"):
        assert FAKE_REPLY in detail
    elif scenario == "codeaction":
        assert "Insert missing `;`" in detail
    elif scenario == "fortran":
        assert 'language mode "Fortran";' in detail
        assert "subroutine halo_setup(g)" in detail and "heat_halo.f90" in detail
        assert "missing `)`" in detail and "Insert missing `)` (checked: parses)" in detail
        assert 'language mode "Fortran77"' in detail


@pytest.mark.timeout(SETUP_TIMEOUT_S + BUILD_TIMEOUT_S + 600)
def test_vscode_inline_default_model(vsix: Path, e2e_tools: None, tmp_path: Path) -> None:
    if not default_model_path().is_file():
        unavailable(
            f"the default model is not assembled at {default_model_path()}: "
            "python -m hpcls.ai.model_store --ensure (make model)"
        )
    settings = {"hpcls.ai.engine": "llama", "hpcls.ai.model": ""}
    session = _run_driver(
        "default-model", ["inline-model"], settings, vsix, tmp_path, MODEL_SCENARIO_TIMEOUT_S
    )
    result = _check(session, "inline-model")
    assert "ghost text" in result["detail"]
