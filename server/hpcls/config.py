"""Typed settings.

Precedence, lowest first: defaults < `.hpcls.toml` in the workspace root <
initializationOptions < workspace/configuration (section "hpcls"). Unknown keys are
reported, never fatal; a value of the wrong type keeps the previous value and is reported.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class DiagnosticsSettings:
    enabled: bool = True
    debounce_ms: int = 200


@dataclass(frozen=True, slots=True)
class IndexSettings:
    enabled: bool = True
    max_files: int = 20000
    exclude: tuple[str, ...] = (".git", ".venv", "node_modules", "build", "_build", ".hpcls-cache")
    include_dirs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AiSettings:
    enabled: bool = True
    # "llama" (in-process) | "http" (OpenAI-compatible server) | "fake" (tests and demos:
    # replies fake_reply, no model)
    engine: str = "llama"
    model: str = ""  # a GGUF file; empty: the embedded default model
    endpoint: str = ""  # http engine: base URL, e.g. http://127.0.0.1:8080/v1
    endpoint_model: str = ""  # http engine: model name; empty: the server's first
    api_key_env: str = ""  # http engine: the environment variable holding the API key
    max_tokens: int = 64
    context_chars: int = 6000
    debounce_ms: int = 75
    time_limit_ms: int = 3000
    n_ctx: int = 4096
    threads: int = 0  # 0: llama.cpp's choice
    gpu_layers: int = 0
    fake_reply: str = ""
    fake_token_delay_ms: int = 0  # the fake engine's time per token (protocol tests)
    # textDocument/completion item for clients without inline completion:
    # "auto" (only when the client lacks inlineCompletion) | "always" | "never"
    completion_fallback: str = "auto"


@dataclass(frozen=True, slots=True)
class Settings:
    diagnostics: DiagnosticsSettings = field(default_factory=DiagnosticsSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    ai: AiSettings = field(default_factory=AiSettings)


_SECTIONS: dict[str, type[Any]] = {
    "diagnostics": DiagnosticsSettings,
    "index": IndexSettings,
    "ai": AiSettings,
}


_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("ai", "engine"): ("llama", "http", "fake"),
    ("ai", "completion_fallback"): ("auto", "always", "never"),
}


def _coerce(value: Any, default: Any) -> Any:
    """value converted to default's type, or a TypeError."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, tuple):
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return tuple(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    raise TypeError(f"expected {type(default).__name__}, got {type(value).__name__}")


# Sections an editor extension keeps for itself (VS Code sends its whole "hpcls" section):
# accepted and ignored, not reported as unknown.
CLIENT_SECTIONS = frozenset({"server", "trace"})


def merge(settings: Settings, raw: Any, origin: str) -> tuple[Settings, list[str]]:
    """settings updated from a nested mapping; the problems found, as messages."""
    problems: list[str] = []
    if raw is None:
        return settings, problems
    if not isinstance(raw, dict):
        return settings, [f"{origin}: settings must be an object, got {type(raw).__name__}"]
    updated = settings
    for key, section_raw in raw.items():
        if key in CLIENT_SECTIONS:
            continue
        section_type = _SECTIONS.get(key)
        if section_type is None:
            problems.append(f"{origin}: unknown setting section '{key}'")
            continue
        if not isinstance(section_raw, dict):
            problems.append(f"{origin}: '{key}' must be an object")
            continue
        section = getattr(updated, key)
        names = {f.name for f in fields(section_type)}
        changes: dict[str, Any] = {}
        for name, value in section_raw.items():
            py_name = name.replace("-", "_")
            if py_name not in names:
                problems.append(f"{origin}: unknown setting '{key}.{name}'")
                continue
            try:
                coerced = _coerce(value, getattr(section, py_name))
            except TypeError as exc:
                problems.append(f"{origin}: '{key}.{name}': {exc}")
                continue
            allowed = _CHOICES.get((key, py_name))
            if allowed is not None and coerced not in allowed:
                problems.append(f"{origin}: '{key}.{name}' must be one of {', '.join(allowed)}")
                continue
            changes[py_name] = coerced
        updated = replace(updated, **{key: replace(section, **changes)})
    return updated, problems


def load_project_file(root: Path) -> tuple[Any, list[str]]:
    """The parsed `.hpcls.toml` of a workspace root (None when absent) and its problems."""
    path = root / ".hpcls.toml"
    if not path.is_file():
        return None, []
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return None, [f"{path}: cannot read settings: {exc}"]
