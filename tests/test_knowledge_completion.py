"""Knowledge completion, pure: where the cursor is (MPI prefix, OpenMP directive name or
clause position, continuation lines) and what is offered there."""

from __future__ import annotations

import re

import pytest

from hpcls.knowledge.completion import Candidate
from hpcls.knowledge.completion_context import candidates_at
from hpcls.knowledge.completion_openmp import directive_before
from hpcls.knowledge.mpi_constants import CONSTANTS, constants_for
from hpcls.knowledge.mpi_hover import Binding
from hpcls.knowledge.openmp import accepted_clauses, directive_named


def at(
    text: str, fortran: bool = False, fixed: bool = False, binding: Binding | None = None
) -> tuple[Candidate, ...]:
    """Candidates with the cursor at the end of `text`."""
    chosen: Binding = binding or ("f90" if fortran else "c")
    return candidates_at(text.split("\n"), fortran, fixed, lambda: chosen)


def labels(text: str, fortran: bool = False, fixed: bool = False) -> set[str]:
    return {c.label for c in at(text, fortran, fixed)}


def by_label(candidates: tuple[Candidate, ...], label: str) -> Candidate:
    return next(c for c in candidates if c.label == label)


# --- MPI ------------------------------------------------------------------------------------


def test_mpi_procedure_c_snippet_and_detail() -> None:
    send = by_label(at("  MPI_Sen"), "MPI_Send")
    assert send.kind == "function"
    assert send.snippet == (
        "MPI_Send(${1:buf}, ${2:count}, ${3:datatype}, ${4:dest}, ${5:tag}, ${6:comm})"
    )
    assert send.text == "MPI_Send"
    assert send.detail.startswith("int MPI_Send(const void")
    assert "standard mode" in send.documentation


def test_mpi_fortran_ierror_only_in_f90() -> None:
    f90 = by_label(at("  call mpi_sen", fortran=True, binding="f90"), "MPI_Send")
    f08 = by_label(at("  call mpi_sen", fortran=True, binding="f08"), "MPI_Send")
    assert f90.snippet is not None and f90.snippet.endswith("${6:comm}, ${7:ierror})")
    assert f08.snippet is not None and f08.snippet.endswith("${6:comm})")
    assert f90.detail.startswith("MPI_SEND(BUF") and f08.detail.startswith("MPI_Send(buf")


def test_mpi_needs_the_underscore_and_no_comment_or_use() -> None:
    assert not at("  MPI")
    assert not at("  x = mpi")
    assert not at("  // MPI_Se")
    assert not at("  ! call MPI_Se", fortran=True)
    assert not at("  use mpi_f", fortran=True)
    assert not at("c     call MPI_Se", fortran=True, fixed=True)  # column-1 comment
    assert by_label(at("      call MPI_Se", fortran=True, fixed=True), "MPI_Send")


def test_mpi_prefix_filters_case_insensitively() -> None:
    got = labels("  x = mpi_comm_w")
    assert got == {"MPI_COMM_WORLD"}
    assert {c.label for c in at("  MPI_Allr")} >= {"MPI_Allreduce"}
    assert all(label.lower().startswith("mpi_allr") for label in labels("  MPI_Allr"))


def test_mpi_constants_per_language() -> None:
    c = labels("  MPI_")
    fortran = labels("  MPI_", fortran=True)
    assert {"MPI_INT", "MPI_DOUBLE", "MPI_INT64_T", "MPI_COMM_WORLD", "MPI_SUM"} <= c
    assert {"MPI_INTEGER", "MPI_DOUBLE_PRECISION", "MPI_REAL8", "MPI_STATUS_SIZE"} <= fortran
    assert not {"MPI_INTEGER", "MPI_DOUBLE_PRECISION", "MPI_STATUS_SIZE"} & c
    assert not {"MPI_INT", "MPI_DOUBLE", "MPI_INT64_T"} & fortran
    world = by_label(at("  MPI_COMM_W"), "MPI_COMM_WORLD")
    assert world.kind == "constant" and world.snippet is None and world.detail


def test_mpi_constant_table() -> None:
    names = {c.name for c in CONSTANTS}
    required = [
        "MPI_COMM_WORLD",
        "MPI_COMM_SELF",
        "MPI_COMM_NULL",
        "MPI_SUM",
        "MPI_PROD",
        "MPI_MAX",
        "MPI_MIN",
        "MPI_MAXLOC",
        "MPI_MINLOC",
        "MPI_LAND",
        "MPI_LOR",
        "MPI_BAND",
        "MPI_BOR",
        "MPI_LXOR",
        "MPI_BXOR",
        "MPI_REPLACE",
        "MPI_NO_OP",
        "MPI_ANY_SOURCE",
        "MPI_ANY_TAG",
        "MPI_PROC_NULL",
        "MPI_STATUS_IGNORE",
        "MPI_STATUSES_IGNORE",
        "MPI_REQUEST_NULL",
        "MPI_IN_PLACE",
        "MPI_THREAD_SINGLE",
        "MPI_THREAD_FUNNELED",
        "MPI_THREAD_SERIALIZED",
        "MPI_THREAD_MULTIPLE",
        "MPI_SUCCESS",
        "MPI_ERR_COMM",
        "MPI_UNDEFINED",
        "MPI_INFO_NULL",
        "MPI_DATATYPE_NULL",
        "MPI_OP_NULL",
        "MPI_WIN_NULL",
        "MPI_ERRORS_RETURN",
        "MPI_ERRORS_ARE_FATAL",
        "MPI_MAX_PROCESSOR_NAME",
        "MPI_TAG_UB",
        "MPI_BOTTOM",
        "MPI_MODE_RDONLY",
        "MPI_MODE_NOCHECK",
        "MPI_BYTE",
        "MPI_CHAR",
        "MPI_FLOAT",
        "MPI_LONG",
        "MPI_UNSIGNED",
        "MPI_REAL",
        "MPI_COMPLEX",
        "MPI_LOGICAL",
        "MPI_CHARACTER",
    ]
    assert set(required) <= names
    assert all(re.fullmatch(r"MPI_[A-Z0-9_]+", n) for n in names)
    assert all(c.description and "\n" not in c.description for c in CONSTANTS)
    assert len(constants_for(False)) + len(constants_for(True)) > len(CONSTANTS)


# --- OpenMP runtime routines ----------------------------------------------------------------


def test_omp_routines_in_both_languages() -> None:
    c = by_label(at("  t = omp_get_wt"), "omp_get_wtime")
    f = by_label(at("  t = OMP_GET_WT", fortran=True), "omp_get_wtime")
    assert c.kind == f.kind == "function"
    assert c.detail.startswith("double") and "function" in f.detail
    assert c.snippet == "omp_get_wtime()"
    lock = by_label(at("  omp_set_lo"), "omp_set_lock")
    assert lock.snippet == "omp_set_lock(${1:lock})"
    assert not at("  use omp_l", fortran=True)
    # Conditional compilation lines are code, not comments.
    assert by_label(at("!$ n = omp_get_num_t", fortran=True), "omp_get_num_threads")


# --- OpenMP directives ----------------------------------------------------------------------


def test_directive_names_per_language() -> None:
    c = labels("#pragma omp ")
    f = labels("  !$omp ", fortran=True)
    assert {"parallel", "for", "parallel for", "target teams distribute parallel for"} <= c
    assert "do" not in c and "end parallel" not in c and "end for" not in c
    assert "end declare target" in c  # C's own end directives stay
    assert {"parallel", "do", "parallel do", "workshare", "end do", "end parallel do"} <= f
    assert "for" not in f
    entry = by_label(at("#pragma omp "), "parallel for")
    assert entry.kind == "keyword" and entry.detail == "#pragma omp parallel for"


def test_directive_name_continues_the_words_written() -> None:
    got = labels("#pragma omp target te")
    assert {"teams", "teams distribute", "data", "enter data"} <= got
    assert "parallel" in got  # target parallel ...
    assert "target" not in got
    assert {"do", "parallel", "parallel do"} <= labels("!$omp end ", fortran=True)


def test_clause_position_offers_only_accepted_clauses() -> None:
    single = at("#pragma omp single ")
    names = {c.label for c in single}
    assert {"copyprivate", "nowait", "private", "firstprivate"} <= names
    assert not {"reduction", "schedule", "num_threads"} & names
    directive = directive_named("single", False)
    assert directive is not None
    assert names == {c.spelling(False) for c in accepted_clauses(directive, False)}
    assert all(c.kind == "property" for c in single)


@pytest.mark.parametrize(
    ("text", "fortran", "name"),
    [
        ("#pragma omp parallel for ", False, "parallel for"),
        ("#pragma omp target teams distribute ", False, "target teams distribute"),
        ("  !$omp parallel do ", True, "parallel do"),
        ("!$omp end single ", True, "end single"),
        ("#pragma omp task ", False, "task"),
    ],
)
def test_clauses_are_a_subset_of_the_accepted(text: str, fortran: bool, name: str) -> None:
    directive = directive_named(name, fortran)
    assert directive is not None
    accepted = {c.spelling(fortran) for c in accepted_clauses(directive, fortran)}
    clauses = {c.label for c in at(text, fortran) if c.kind == "property"}
    assert clauses and clauses <= accepted


def test_end_single_takes_only_end_clauses() -> None:
    got = {c.label for c in at("!$omp end single ", True) if c.kind == "property"}
    assert got == {"copyprivate", "nowait"}


def test_clause_snippets() -> None:
    got = at("#pragma omp parallel for ")
    assert by_label(got, "reduction").snippet == "reduction(${1:+}:${2:var})"
    assert by_label(got, "schedule").snippet == "schedule(${1:static})"
    assert by_label(got, "private").snippet == "private(${1:var})"
    assert by_label(got, "private").text == "private"
    assert by_label(at("#pragma omp for "), "nowait").snippet is None


def test_once_only_clauses_are_not_offered_twice() -> None:
    got = labels("#pragma omp parallel for schedule(static) private(i) ")
    assert "schedule" not in got and "private" in got
    assert "simd" not in got  # the name is over once clauses follow


def test_no_completion_inside_clause_arguments_or_comments() -> None:
    assert not at("#pragma omp parallel private(")
    assert not at("#pragma omp parallel reduction(+:s")
    assert not at("  !$omp parallel ! priv", fortran=True)
    assert not at("#pragma omp parallel // priv")
    assert not at("#pragma omp")  # still on the sentinel
    assert not at("#pragma acc parallel ")


def test_continuation_lines() -> None:
    c = "#pragma omp parallel for \\\n    private(i) \\\n    red"
    assert "reduction" in labels(c)
    free = "  !$omp parallel do private(i) &\n  !$omp& sch"
    assert "schedule" in labels(free, fortran=True)
    free_plain = "  !$omp parallel do &\n  !$omp sch"
    assert "schedule" in labels(free_plain, fortran=True)
    fixed = "c$omp parallel do\nc$omp+ sch"
    assert "schedule" in labels(fixed, fortran=True, fixed=True)
    # A line that continues nothing starts afresh: directive names there.
    assert "parallel do" in labels("  !$omp single\n  !$omp ", fortran=True)


def test_directive_before_finds_the_start() -> None:
    lines = ["int x;", "#pragma omp parallel \\", "  for \\", "  sch"]
    assert directive_before(lines, False, False) == "\n".join(lines[1:])
    assert directive_before(["x = 1", "  call MPI_"], True, False) is None
    assert (
        directive_before(["*$omp parallel", "*$omp&  "], True, True) == "*$omp parallel\n*$omp&  "
    )


def test_fixed_form_directive_names() -> None:
    assert {"parallel do", "end parallel do"} <= labels("c$omp ", fortran=True, fixed=True)
    assert "reduction" in labels("*$omp parallel do ", fortran=True, fixed=True)
