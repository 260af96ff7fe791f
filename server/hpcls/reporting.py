"""`hpcls check`: diagnostics for files and directories as text, JSON or SARIF 2.1.0."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import converters
from lsprotocol import types as lsp

from hpcls import __version__
from hpcls.analysis.checks import check_document
from hpcls.analysis.findings import Finding
from hpcls.analysis.races import race_findings
from hpcls.languages.registry import language_for
from hpcls.protocol.convert import diagnostic
from hpcls.workspace.document import Document
from hpcls.workspace.index import discover, load_document
from hpcls.workspace.lines import Encoding

_SEVERITY = {1: "error", 2: "warning", 3: "info", 4: "hint"}
_SARIF_LEVEL = {1: "error", 2: "warning", 3: "note", 4: "note"}
_CONVERTER = converters.get_converter()


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    language: str
    diagnostics: list[lsp.Diagnostic]


class UsageError(Exception):
    pass


def source_files(paths: list[Path]) -> list[Path]:
    """The files named, and the source files under the directories named."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += discover([path], (".git", ".venv", "node_modules"), 1_000_000)
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no such file or directory: {path}")
    return files


def _races(doc: Document, file: Path) -> list[Finding]:
    """The race findings; a failure of the analysis on one file is reported on stderr
    and costs only that file's race findings, never the whole report."""
    try:
        return race_findings(doc)
    except Exception as exc:
        print(f"hpcls: warning: race analysis failed on {file}: {exc!r}", file=sys.stderr)
        return []


def collect(paths: list[Path]) -> list[FileReport]:
    reports = []
    for file in source_files(paths):
        doc = load_document(file)
        if doc is None:
            raise UsageError(f"cannot read {file}")
        kind = language_for(str(file))
        findings = check_document(doc) + _races(doc, file)
        # The CLI reports LSP positions in UTF-16, the LSP default.
        diags = [diagnostic(doc, f, Encoding.UTF16) for f in findings]
        reports.append(FileReport(str(file), kind.value if kind else "unknown", diags))
    return reports


def as_json(reports: list[FileReport]) -> dict[str, Any]:
    return {
        "version": 1,
        "files": [
            {
                "path": r.path,
                "language": r.language,
                "diagnostics": [_CONVERTER.unstructure(d) for d in r.diagnostics],
            }
            for r in reports
        ],
    }


def as_sarif(reports: list[FileReport]) -> dict[str, Any]:
    results = []
    rules: dict[str, dict[str, Any]] = {}
    for r in reports:
        for d in r.diagnostics:
            code = str(d.code)
            rules.setdefault(code, {"id": code, "shortDescription": {"text": code}})
            results.append(
                {
                    "ruleId": code,
                    "level": _SARIF_LEVEL.get(int(d.severity or 1), "warning"),
                    "message": {"text": d.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": Path(r.path).as_posix()},
                                "region": {
                                    "startLine": d.range.start.line + 1,
                                    "startColumn": d.range.start.character + 1,
                                    "endLine": d.range.end.line + 1,
                                    "endColumn": d.range.end.character + 1,
                                },
                            }
                        }
                    ],
                }
            )
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "hpcls",
                        "version": __version__,
                        "informationUri": "https://github.com/hpcls/hpcls",
                        "rules": list(rules.values()),
                    }
                },
                "results": results,
            }
        ],
    }


def as_text(reports: list[FileReport]) -> str:
    lines = []
    for r in reports:
        for d in r.diagnostics:
            sev = _SEVERITY.get(int(d.severity or 1), "warning")
            pos = f"{r.path}:{d.range.start.line + 1}:{d.range.start.character + 1}"
            lines.append(f"{pos}: {sev}: {d.message} [{d.code}]")
    total = sum(len(r.diagnostics) for r in reports)
    lines.append(f"{total} finding{'s' if total != 1 else ''} in {len(reports)} files")
    return "\n".join(lines)


def run_check(paths: list[Path], fmt: str) -> int:
    try:
        reports = collect(paths)
    except UsageError as exc:
        print(f"hpcls: error: {exc}", file=sys.stderr)
        return 2
    if fmt == "json":
        print(json.dumps(as_json(reports), indent=2))
    elif fmt == "sarif":
        print(json.dumps(as_sarif(reports), indent=2))
    else:
        print(as_text(reports))
    return 1 if any(r.diagnostics for r in reports) else 0
