"""Golden document symbols for examples/: the outline a user sees must not drift silently.

Regenerate after an intended change with `HPCLS_UPDATE_GOLDEN=1 pytest tests/test_golden_symbols.py`
and review the diff of tests/golden/.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from hpcls.analysis.outline import Symbol, document_symbols
from hpcls.languages.registry import language_for
from hpcls.workspace.index import load_document, map_symbol

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
GOLDEN = Path(__file__).resolve().parent / "golden"
FILES = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and language_for(str(p)))


def _outline(symbols: list[Symbol] | tuple[Symbol, ...], source: bytes) -> list[Any]:
    out = []
    for s in symbols:
        line = source.count(b"\n", 0, s.name_start) + 1
        entry: dict[str, Any] = {"name": s.name, "kind": s.kind, "line": line}
        if s.detail:
            entry["detail"] = s.detail
        if s.children:
            entry["children"] = _outline(s.children, source)
        out.append(entry)
    return out


def test_examples_exist() -> None:
    assert len(FILES) >= 5


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(EXAMPLES)) for p in FILES])
def test_golden_outline(path: Path) -> None:
    doc = load_document(path)
    assert doc is not None and doc.tree is not None and doc.language is not None
    assert not doc.tree.root_node.has_error, f"{path} must parse cleanly"
    parsed = document_symbols(doc.tree, doc.parse_source, doc.language)
    symbols = [map_symbol(s, doc.to_source) for s in parsed]
    actual = _outline(symbols, doc.source)
    golden = GOLDEN / (str(path.relative_to(EXAMPLES)).replace("/", "__") + ".json")
    if os.environ.get("HPCLS_UPDATE_GOLDEN") or not golden.exists():
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(json.dumps(actual, indent=1) + "\n")
        if not os.environ.get("HPCLS_UPDATE_GOLDEN"):
            pytest.fail(f"no golden file yet: wrote {golden}; review and commit it")
    assert actual == json.loads(golden.read_text())
