"""OpenMP 5.2 knowledge: data consistency, hover (knowledge/openmp_hover.py) for every
directive and clause in C and Fortran, and runtime routine hover."""

from __future__ import annotations

import pytest

from hpcls.analysis.directives import find_directives
from hpcls.analysis.directives_syntax import known_names
from hpcls.knowledge.openmp import DIRECTIVES, OmpDirective, directive_named, directives_for
from hpcls.knowledge.openmp_clauses import CLAUSES, OmpClause
from hpcls.knowledge.openmp_hover import openmp_hover_markdown, openmp_routine_markdown
from hpcls.knowledge.openmp_routines import ROUTINES
from hpcls.languages.registry import LanguageKind, new_parser


def _hover_at(src: str, kind: LanguageKind, needle: str, nth: int = 0) -> str | None:
    data = src.encode()
    ds = find_directives(new_parser(kind).parse(data), data, kind)
    at = -1
    for _ in range(nth + 1):
        at = data.index(needle.encode(), at + 1)
    return openmp_hover_markdown(ds, at, kind.is_fortran)


def _first_clause(d: OmpDirective, fortran: bool) -> str:
    return d.clause_spellings(fortran)[0] if d.clauses else ""


def _c_source(d: OmpDirective, clause: str = "x") -> str:
    return f"void f(void) {{\n#pragma omp {d.name} {clause}(a)\n  ;\n}}\n"


def _f_source(d: OmpDirective, clause: str = "x") -> str:
    return f"subroutine s\n  !$omp {d.spelling(True)} {clause}(a)\nend subroutine\n"


def test_data_covers_the_parsers_directive_names() -> None:
    for fortran in (False, True):
        ours = {d.spelling(fortran) for d in directives_for(fortran)}
        # allocators is Fortran-only in 5.2; the C parser knows the name anyway.
        assert known_names("omp", fortran) - ours <= ({"allocators"} if not fortran else set())
        assert ours <= known_names("omp", fortran)


def test_every_listed_clause_exists_and_is_used() -> None:
    names = {c.name for c in CLAUSES}
    used = set().union(*(d.clauses for d in DIRECTIVES))
    assert used == names
    assert len(names) == len(CLAUSES)
    assert all(d.description and c.description for d in DIRECTIVES for c in CLAUSES)


C_DIRECTIVES = directives_for(False)
F_DIRECTIVES = directives_for(True)


@pytest.mark.parametrize("d", C_DIRECTIVES, ids=lambda d: d.name)
def test_every_directive_hovers_in_c(d: OmpDirective) -> None:
    hover = _hover_at(_c_source(d), LanguageKind.C, d.name)
    assert hover is not None and f"#pragma omp {d.name}`" in hover
    assert d.description in hover
    assert all(f"`{c}`" in hover for c in d.clause_spellings(False))


@pytest.mark.parametrize("d", F_DIRECTIVES, ids=lambda d: d.spelling(True))
def test_every_directive_hovers_in_fortran(d: OmpDirective) -> None:
    name = d.spelling(True)
    hover = _hover_at(_f_source(d), LanguageKind.FORTRAN, name)
    assert hover is not None and f"!$omp {name}`" in hover and d.description in hover
    assert all(f"`{c}`" in hover for c in d.clause_spellings(True))


@pytest.mark.parametrize("c", CLAUSES, ids=lambda c: c.name)
@pytest.mark.parametrize("kind", [LanguageKind.C, LanguageKind.FORTRAN, LanguageKind.FORTRAN_FIXED])
def test_every_clause_hovers(c: OmpClause, kind: LanguageKind) -> None:
    fortran = kind.is_fortran
    host = next(d for d in DIRECTIVES if c.name in d.clauses and not d.name.startswith("end "))
    name = c.spelling(fortran)
    if kind is LanguageKind.FORTRAN_FIXED:
        src = f"      subroutine s\nc$omp {host.spelling(True)}\nc$omp+ {name}(a)\n      end\n"
    else:
        src = (_f_source if fortran else _c_source)(host, name)
    hover = _hover_at(src, kind, f"{name}(")  # the first `name(` is the clause's
    assert hover is not None
    assert f"**`{name}`** clause" in hover and c.syntax in hover and c.description in hover
    assert f"`{host.spelling(fortran)}` accepts this clause" in hover


def test_clause_hover_says_when_the_directive_rejects_it() -> None:
    hover = _hover_at("#pragma omp single reduction(+:x)\n", LanguageKind.C, "reduction")
    assert hover is not None and "`single` does **not** accept" in hover


def test_cancel_clause_spelling() -> None:
    c = _hover_at("!$omp cancel do\n", LanguageKind.FORTRAN, "do")
    assert c is not None and "**`do`** clause" in c
    cancel = directive_named("cancel", True)
    assert cancel is not None and "do" in cancel.clause_spellings(True)
    assert "for" in cancel.clause_spellings(False)


def test_hover_none_elsewhere() -> None:
    src = "int x;\n#pragma omp parallel private(i)\n{}\n#pragma acc parallel\n"
    assert _hover_at(src, LanguageKind.C, "int") is None
    assert _hover_at(src, LanguageKind.C, "#pragma") is None  # the sentinel
    assert _hover_at(src, LanguageKind.C, "parallel", 1) is None  # OpenACC
    assert _hover_at("#pragma omp frobnicate\n", LanguageKind.C, "frob") is None
    assert _hover_at("#pragma omp parallel bogus(x)\n", LanguageKind.C, "bogus") is None


def test_deprecated_and_end_directives() -> None:
    hover = _hover_at("#pragma omp master\n", LanguageKind.C, "master")
    assert hover is not None and "use `masked`" in hover
    end = _hover_at("!$omp end single copyprivate(a)\n", LanguageKind.FORTRAN, "end single")
    assert end is not None and "Ends the `single` construct" in end and "`copyprivate`" in end


def test_counts() -> None:
    assert len(C_DIRECTIVES) >= 85 and len(F_DIRECTIVES) >= 140
    assert len(CLAUSES) >= 100 and len(ROUTINES) >= 70


@pytest.mark.parametrize("r", ROUTINES, ids=lambda r: r.name)
def test_every_routine_hovers(r: object) -> None:
    from hpcls.knowledge.openmp_routines import OmpRoutine

    assert isinstance(r, OmpRoutine)
    c = openmp_routine_markdown(r.name, False)
    f = openmp_routine_markdown(r.name.upper(), True)
    assert c is not None and r.c_signature in c and r.description in c and "```c" in c
    assert f is not None and r.fortran_signature in f and "```fortran" in f
    assert r.name in r.c_signature and r.name in r.fortran_signature


def test_routine_examples() -> None:
    c = openmp_routine_markdown("omp_get_thread_num", False)
    assert c is not None and "int omp_get_thread_num(void);" in c
    f = openmp_routine_markdown("OMP_GET_WTIME", True)
    assert f is not None and "double precision function omp_get_wtime()" in f
    assert openmp_routine_markdown("omp_no_such_routine", False) is None
    assert openmp_routine_markdown("MPI_Init", False) is None
