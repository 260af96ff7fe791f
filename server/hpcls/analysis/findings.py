"""What analyses report: a finding with a stable code, in source byte offsets.

Analyses are pure functions that return Findings; the protocol layer and the CLI turn them
into LSP diagnostics (source "hpcls", the code from docs/diagnostics.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum


class Severity(IntEnum):
    # Same numbering as LSP DiagnosticSeverity.
    ERROR = 1
    WARNING = 2
    INFORMATION = 3
    HINT = 4


@dataclass(frozen=True, slots=True)
class Related:
    start: int
    end: int
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    message: str
    severity: Severity
    start: int
    end: int
    related: tuple[Related, ...] = ()
    data: dict[str, str] = field(default_factory=dict)
