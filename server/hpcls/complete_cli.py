"""`hpcls complete FILE:LINE:COL`: one completion, as the editor would get it.

Exit codes: 0 a completion was printed, 1 the model had nothing useful, 2 usage error or
no model (the message says which).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hpcls.ai.service import CompletionService
from hpcls.ai.types import EngineError
from hpcls.config import Settings, load_project_file, merge
from hpcls.languages.registry import language_for
from hpcls.workspace.index import WorkspaceIndex, discover, load_document
from hpcls.workspace.lines import Encoding, PositionError

_MARKERS = (".git", ".hpcls.toml")


def _root_of(path: Path) -> Path | None:
    """The workspace a file belongs to: the nearest folder with .git or .hpcls.toml."""
    for folder in (path.parent, *path.parent.parents):
        if any((folder / m).exists() for m in _MARKERS):
            return folder
    return None


def _parse_location(location: str) -> tuple[Path, int, int]:
    file, line, col = location.rsplit(":", 2)
    return Path(file), int(line), int(col)


def run_complete(location: str, *, as_json: bool = False) -> int:
    try:
        path, line, col = _parse_location(location)
    except ValueError:
        print(
            f"hpcls complete: expected FILE:LINE:COL (1-based), got {location!r}", file=sys.stderr
        )
        return 2
    doc = load_document(path)
    if doc is None or doc.language is None:
        print(f"hpcls complete: cannot read {path} as Fortran, C, C++ or CUDA", file=sys.stderr)
        return 2
    try:
        offset = doc.offset_at(line - 1, col - 1, Encoding.UTF16)
    except PositionError as exc:
        print(f"hpcls complete: {exc}", file=sys.stderr)
        return 2
    root = _root_of(path.resolve())
    settings = Settings()
    index = WorkspaceIndex()
    if root is not None:
        raw, problems = load_project_file(root)
        settings, more = merge(settings, raw, str(root / ".hpcls.toml"))
        for problem in problems + more:
            print(f"hpcls complete: {problem}", file=sys.stderr)
        index.roots = [root]
        sources = discover([root], settings.index.exclude, settings.index.max_files)
    else:  # a file outside any project: its neighbours only
        sources = [p for p in path.parent.iterdir() if p.is_file() and p != path]
        sources = [p for p in sources if language_for(str(p)) is not None]
    for source in sources:
        index.add_path(source)
    index.update_open(doc)
    service = CompletionService(settings.ai)
    try:
        suggestion = service.suggest(doc, offset, index)
    except EngineError as exc:
        print(f"hpcls complete: {exc}", file=sys.stderr)
        return 2
    finally:
        service.close()
    if as_json:
        result = (
            None
            if suggestion is None
            else {
                "text": suggestion.text,
                "seconds": round(suggestion.seconds, 3),
                "finish_reason": suggestion.finish_reason,
                "label": "unverified",
            }
        )
        print(json.dumps({"version": 1, "completion": result}))
    elif suggestion is not None:
        print(suggestion.text)
    return 0 if suggestion is not None else 1
