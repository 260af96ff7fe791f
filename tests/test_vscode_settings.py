"""The VS Code extension's settings schema mirrors the server's settings: a setting added,
renamed, retyped or given another default on one side only fails here."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from hpcls.config import _CHOICES, _SECTIONS

PACKAGE = Path(__file__).resolve().parent.parent / "client-vscode" / "package.json"
# Settings of the extension itself, not sent to the server.
CLIENT_ONLY = ("hpcls.server.", "hpcls.trace.")
JSON_TYPES = {bool: "boolean", int: "integer", str: "string", tuple: "array"}


def _schema() -> dict[str, Any]:
    properties: dict[str, Any] = json.loads(PACKAGE.read_text())["contributes"]["configuration"][
        "properties"
    ]
    return properties


def _server_settings() -> dict[str, tuple[type, object, tuple[str, ...] | None]]:
    out: dict[str, tuple[type, object, tuple[str, ...] | None]] = {}
    for section, cls in _SECTIONS.items():
        for f in fields(cls):
            out[f"hpcls.{section}.{f.name}"] = (
                type(f.default),
                f.default,
                _CHOICES.get((section, f.name)),
            )
    return out


def test_every_server_setting_is_in_the_schema_with_its_type_and_default() -> None:
    schema = _schema()
    for key, (kind, default, choices) in _server_settings().items():
        assert key in schema, f"{key} missing from client-vscode/package.json"
        entry = schema[key]
        assert entry["type"] == JSON_TYPES[kind], key
        assert entry["default"] == (list(default) if isinstance(default, tuple) else default), key
        assert entry.get("enum") == (list(choices) if choices else None), key
        assert entry.get("markdownDescription"), f"{key} has no description"


def test_the_schema_has_no_setting_the_server_does_not_know() -> None:
    server = _server_settings()
    unknown = [k for k in _schema() if k not in server and not k.startswith(CLIENT_ONLY)]
    assert not unknown, f"settings the server would reject: {unknown}"
