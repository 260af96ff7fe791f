"""omp/invalid-clause (knowledge/openmp_checks.py through analysis/checks.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hpcls.analysis.checks import check_document
from hpcls.analysis.findings import Finding, Severity
from hpcls.knowledge.openmp import DIRECTIVES
from hpcls.languages.registry import LanguageKind, language_for
from hpcls.workspace.document import Document

ROOT = Path(__file__).resolve().parent.parent


def invalid(src: str, kind: LanguageKind) -> list[tuple[str, str]]:
    """(clause text under the range, message) of each omp/invalid-clause finding."""
    doc = Document.create("file:///t", kind, 1, src)
    found = [f for f in check_document(doc) if f.code == "omp/invalid-clause"]
    assert all(f.severity is Severity.WARNING for f in found)
    return [(doc.source[f.start : f.end].decode(), f.message) for f in found]


def test_c_positive() -> None:
    src = "void f(int x) {\n#pragma omp single reduction(+:x)\n  x++;\n}\n"
    ((text, msg),) = invalid(src, LanguageKind.C)
    assert text == "reduction"
    assert "`reduction` is not valid on `single`" in msg
    assert "allocate, copyprivate, firstprivate, nowait, private" in msg


def test_fortran_positive() -> None:
    src = "subroutine s\n  !$omp do num_threads(4)\n  do i = 1, 2\n  end do\nend subroutine\n"
    ((text, msg),) = invalid(src, LanguageKind.FORTRAN)
    assert text == "num_threads" and "on `do`; it accepts: allocate, collapse," in msg


def test_fortran_continuation_and_case() -> None:
    src = (
        "subroutine s\n  !$OMP PARALLEL DO PRIVATE(i) &\n  !$OMP& NOWAIT SCHEDULE(static)\n"
        "  do i = 1, 2\n  end do\n  !$omp end parallel do\nend subroutine\n"
    )
    ((text, msg),) = invalid(src, LanguageKind.FORTRAN)
    assert text == "NOWAIT" and "`nowait` is not valid on `parallel do`" in msg


def test_fixed_form_continuation() -> None:
    src = (
        "      subroutine s\nc$omp parallel do private(i)\nc$omp+ copyprivate(x)\n"
        "      do 10 i = 1, 2\n   10 continue\n      end\n"
    )
    ((text, _msg),) = invalid(src, LanguageKind.FORTRAN_FIXED)
    assert text == "copyprivate"
    star = src.replace("c$omp", "*$omp")
    assert [t for t, _ in invalid(star, LanguageKind.FORTRAN_FIXED)] == ["copyprivate"]


def test_c_continuation_and_unknown_clause() -> None:
    src = "#pragma omp parallel for private(i) \\\n    nowait privte(j) ompx_foo(1)\n"
    found = invalid(src, LanguageKind.CPP)
    assert [t for t, _ in found] == ["nowait", "privte"]
    assert "`privte` is not an OpenMP clause on `parallel for`" in found[1][1]


def test_end_directives() -> None:
    ok = "subroutine s\n  !$omp single\n  !$omp end single copyprivate(a) nowait\nend\n"
    assert invalid(ok, LanguageKind.FORTRAN) == []
    bad = "subroutine s\n  !$omp parallel\n  !$omp end parallel nowait\nend\n"
    ((text, msg),) = invalid(bad, LanguageKind.FORTRAN)
    assert text == "nowait" and "it takes no clauses" in msg


@pytest.mark.parametrize(
    ("directive", "clause"),
    [
        ("parallel for", "schedule(static)"),
        ("parallel for", "copyin(t)"),
        ("target teams distribute parallel for simd", "map(to: a)"),
        ("target teams distribute parallel for simd", "num_teams(4)"),
        ("target teams distribute parallel for simd", "dist_schedule(static)"),
        ("target teams distribute parallel for simd", "safelen(8)"),
        ("target teams distribute parallel for simd", "nowait"),
        ("target parallel for", "nowait"),
        ("taskloop simd", "grainsize(4)"),
        ("taskloop simd", "aligned(p: 64)"),
        ("parallel masked", "filter(1)"),
        ("masked taskloop", "nogroup"),
        ("teams loop", "bind(teams)"),
        ("for simd", "nowait"),
    ],
)
def test_combined_constructs_accept_constituent_clauses(directive: str, clause: str) -> None:
    assert invalid(f"#pragma omp {directive} {clause}\n", LanguageKind.C) == []
    f_directive = directive.replace("for", "do")
    assert invalid(f"!$omp {f_directive} {clause}\n", LanguageKind.FORTRAN) == []


@pytest.mark.parametrize(
    ("directive", "clause"),
    [
        ("parallel for", "nowait"),
        ("parallel sections", "nowait"),
        ("teams distribute", "schedule(static)"),
        ("target teams", "num_threads(4)"),
        ("simd", "schedule(static)"),
        ("barrier", "nowait"),
        ("critical", "private(x)"),
        ("task", "lastprivate(x)"),
    ],
)
def test_combined_and_leaf_rejections(directive: str, clause: str) -> None:
    assert len(invalid(f"#pragma omp {directive} {clause}\n", LanguageKind.C)) == 1
    f_directive = directive.replace("for", "do")
    assert len(invalid(f"!$omp {f_directive} {clause}\n", LanguageKind.FORTRAN)) == 1


def test_every_directive_accepts_its_clauses() -> None:
    for d in DIRECTIVES:
        if d.name.startswith(("end ", "begin ")) or not d.clauses:
            continue
        for fortran in (False, True):
            if d.languages not in ("both", "fortran" if fortran else "c"):
                continue
            clauses = " ".join(f"{c}(a)" for c in d.clause_spellings(fortran))
            src = (
                f"!$omp {d.spelling(True)} {clauses}\n"
                if fortran
                else (f"#pragma omp {d.name} {clauses}\n")
            )
            kind = LanguageKind.FORTRAN if fortran else LanguageKind.C
            assert invalid(src, kind) == [], src


def test_not_flagged() -> None:
    src = (
        "#pragma omp frobnicate private(x)\n"  # unknown directive: not this check's business
        "#pragma acc parallel loop gang num_workers(4)\n"  # OpenACC
        "/* #pragma omp single reduction(+:x) */\n"
        'const char *s = "#pragma omp single nowait";\n'
    )
    assert invalid(src, LanguageKind.C) == []


def _files() -> list[Path]:
    return sorted(
        p
        for base in (ROOT / "examples", ROOT / "tests" / "workspace")
        for p in base.rglob("*")
        if p.is_file() and language_for(str(p)) is not None
    )


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_false_positives_in_examples(path: Path) -> None:
    kind = language_for(str(path))
    assert kind is not None
    findings: list[Finding] = check_document(
        Document.create(path.as_uri(), kind, 1, path.read_bytes())
    )
    assert [f for f in findings if f.code.startswith("omp/")] == []


def test_examples_have_directives() -> None:
    assert any(b"pragma omp" in p.read_bytes() for p in _files())
    assert any(b"$omp" in p.read_bytes() for p in _files())
