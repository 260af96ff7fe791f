"""Fixtures for the AI engine tests: tiny GGUF models written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ai.tiny_model import write_tiny_model


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny LLaMA GGUF (random weights, ~370-token vocabulary, no FIM tokens)."""
    return write_tiny_model(tmp_path_factory.mktemp("models") / "tiny.gguf")


@pytest.fixture(scope="session")
def tiny_fim_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model with <|fim_prefix|>, <|fim_suffix|> and <|fim_middle|> tokens."""
    return write_tiny_model(tmp_path_factory.mktemp("models") / "tiny-fim.gguf", fim=True)
