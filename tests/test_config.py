"""Settings: precedence, types, choices, problems reported."""

from __future__ import annotations

from pathlib import Path

from hpcls.config import Settings, load_project_file, merge


def test_defaults_then_layers() -> None:
    s, problems = merge(Settings(), {"ai": {"max_tokens": 32, "engine": "http"}}, "init")
    assert problems == []
    assert s.ai.max_tokens == 32 and s.ai.engine == "http"
    s, _ = merge(s, {"ai": {"max_tokens": 16}}, "workspace/configuration")
    assert s.ai.max_tokens == 16 and s.ai.engine == "http"  # later layers override, rest kept


def test_wrong_values_are_reported_and_ignored() -> None:
    s, problems = merge(
        Settings(),
        {"ai": {"engine": "gpt", "max_tokens": "many", "debounce-ms": 10}, "nope": {}},
        "init",
    )
    assert s.ai.engine == "llama" and s.ai.max_tokens == 64
    assert s.ai.debounce_ms == 10  # dashes accepted for underscores
    assert any("'ai.engine' must be one of llama, http, fake" in p for p in problems)
    assert any("'ai.max_tokens': expected int" in p for p in problems)
    assert any("unknown setting section 'nope'" in p for p in problems)


def test_project_file(tmp_path: Path) -> None:
    (tmp_path / ".hpcls.toml").write_text("[ai]\nenabled = false\n")
    raw, problems = load_project_file(tmp_path)
    assert problems == [] and raw == {"ai": {"enabled": False}}
    (tmp_path / ".hpcls.toml").write_text("[ai\n")
    raw, problems = load_project_file(tmp_path)
    assert raw is None and "cannot read settings" in problems[0]
