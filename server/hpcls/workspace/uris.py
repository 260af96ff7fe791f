"""file: URIs and paths."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, unquote, urlparse


def path_to_uri(path: Path | str) -> str:
    return "file://" + quote(str(Path(path).resolve()))


def uri_to_path(uri: str) -> Path:
    return Path(unquote(urlparse(uri).path))
