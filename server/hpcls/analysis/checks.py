"""All findings for a document snapshot: the one entry point the server and the CLI call."""

from __future__ import annotations

from dataclasses import replace

from hpcls.analysis.directives_memo import directives_of
from hpcls.analysis.findings import Finding, Related, Severity
from hpcls.analysis.syntax import syntax_findings
from hpcls.knowledge.openmp_checks import invalid_clause_findings
from hpcls.workspace.document import Document


def check_document(doc: Document) -> list[Finding]:
    """Findings in source byte offsets (parse-space offsets are mapped back)."""
    if doc.skipped is not None:
        if doc.language is None:
            return []
        return [Finding("syntax/skipped", doc.skipped, Severity.INFORMATION, 0, 0)]
    return syntax_errors(doc) + _openmp_findings(doc)


def syntax_errors(doc: Document) -> list[Finding]:
    """The syntax/error findings alone, in source byte offsets (what a quick fix re-checks)."""
    if doc.tree is None:
        return []
    found = syntax_findings(doc.tree, doc.parse_source)
    return [_to_source(doc, f) for f in found] if doc.parse_source is not doc.source else found


def _openmp_findings(doc: Document) -> list[Finding]:
    # Directives are scanned in the source (its LF view: fixed form by lines, the others
    # asking the tree, through the offset map), so these offsets are source offsets already.
    if doc.tree is None or doc.language is None:
        return []
    directives = directives_of(doc.uri, doc.tree, doc.lf_source, doc.language, doc.to_parse)
    return invalid_clause_findings(directives, doc.language.is_fortran)


def _to_source(doc: Document, finding: Finding) -> Finding:
    return replace(
        finding,
        start=doc.to_source(finding.start),
        end=doc.to_source(finding.end),
        related=tuple(
            Related(doc.to_source(r.start), doc.to_source(r.end), r.message)
            for r in finding.related
        ),
    )
