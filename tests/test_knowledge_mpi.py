"""MPI knowledge from pympistandard: lookup, hovers for every procedure, signatures."""

from __future__ import annotations

import pytest

from hpcls.knowledge.mpi import all_procedures, lookup
from hpcls.knowledge.mpi_hover import mpi_hover_markdown, mpi_signature
from tests.mpi_expectations import BINDINGS, Binding, hover_misses


def test_database_covers_procedures_callbacks_and_predefined_functions() -> None:
    kinds = [lookup(name).kind for name in all_procedures()]  # type: ignore[union-attr]
    assert kinds.count("procedure") >= 500
    assert kinds.count("callback") >= 15
    assert kinds.count("predefined") >= 10


@pytest.mark.parametrize("binding", BINDINGS)
def test_every_hover_shows_its_binding_and_every_parameter(binding: Binding) -> None:
    misses = [
        miss
        for name in all_procedures()
        for miss in hover_misses(name, binding, mpi_hover_markdown(name, binding))
    ]
    assert not misses, f"{len(misses)} misses: {misses[:20]}"


def test_fortran_hovers_list_ierror_and_c_hovers_do_not() -> None:
    f08 = mpi_hover_markdown("MPI_Send", "f08")
    c = mpi_hover_markdown("MPI_Send", "c")
    assert f08 is not None and c is not None
    assert "`ierror` | OUT" in f08
    assert "ierror" not in c
    assert "```fortran" in f08 and "```c" in c


def test_unknown_names_have_no_hover_or_signature() -> None:
    for name in ("MPI_Frobnicate", "printf", "", "MPI_"):
        assert lookup(name) is None
        assert mpi_hover_markdown(name, "c") is None
        assert mpi_signature(name, "f08") is None


@pytest.mark.parametrize(
    "spelling", ["MPI_Allreduce", "MPI_ALLREDUCE", "mpi_allreduce", "Mpi_AllReduce"]
)
def test_lookup_is_case_insensitive(spelling: str) -> None:
    proc = lookup(spelling)
    assert proc is not None and proc.name == "MPI_Allreduce"


def test_large_count_and_profiling_names_find_the_procedure() -> None:
    proc = lookup("MPI_Allreduce_c")
    assert proc is not None and proc.name == "MPI_Allreduce"
    assert proc.c_large_binding is not None and "MPI_Count count" in proc.c_large_binding
    hover = mpi_hover_markdown("MPI_Allreduce_c", "c")
    assert hover is not None and "int MPI_Allreduce_c(" in hover
    assert lookup("PMPI_Send") == lookup("MPI_Send")
    # MPI_Comm_rank has no count argument, so no large-count variant.
    assert lookup("MPI_Comm_rank_c") is None


def test_parameter_directions_and_types() -> None:
    proc = lookup("MPI_Sendrecv_replace")
    assert proc is not None
    by_name = {p.name: p for p in proc.parameters}
    assert by_name["buf"].direction == "inout"
    assert by_name["status"].direction == "out"
    assert by_name["ierror"].c_type is None and by_name["ierror"].f08_type is not None
    assert by_name["comm"].f08_type == "TYPE(MPI_Comm), INTENT(IN)"


def test_descriptions_are_plain_text() -> None:
    bad = [
        f"{name}.{p.name}"
        for name in all_procedures()
        for p in lookup(name).parameters  # type: ignore[union-attr]
        if "\\" in p.description or "{" in p.description
    ]
    assert not bad, bad[:20]


def test_deprecated_procedure_says_so() -> None:
    hover = mpi_hover_markdown("MPI_Attr_get", "f90")
    assert hover is not None and "Deprecated" in hover and "MPI_Comm_get_attr" in hover
    assert "Deprecated" not in (mpi_hover_markdown("MPI_Comm_get_attr", "f90") or "")


def test_hover_has_summary_and_pitfall_when_written() -> None:
    hover = mpi_hover_markdown("mpi_reduce", "c")
    assert hover is not None
    assert hover.startswith("**MPI_Reduce**: ")
    assert "**Pitfall:** " in hover and "root" in hover
    plain = mpi_hover_markdown("MPI_Type_get_envelope", "c")
    assert plain is not None and "Pitfall" not in plain


@pytest.mark.parametrize("binding", BINDINGS)
def test_signature_offsets_slice_the_label_to_each_parameter(binding: Binding) -> None:
    misses: list[str] = []
    for name in all_procedures():
        proc = lookup(name)
        sig = mpi_signature(name, binding)
        assert proc is not None and sig is not None
        pieces = [sig.label[s.start : s.end] for s in sig.parameters]
        if binding == "c" and proc.c_binding is not None:
            # The label is the prototype itself; each span is one declaration ending in its name.
            if sig.label != proc.c_binding:
                misses.append(f"{name}: label {sig.label!r}")
            declared = [p.split("[")[0].split()[-1].lstrip("*") for p in pieces]
            expected = [p.name if p.c_type != "..." else "..." for p in proc.parameters if p.c_type]
            if declared != expected:
                misses.append(f"{name}: {declared} != {expected}")
        else:
            names = [
                p.strip() for p in sig.label.split("(", 1)[1].rstrip(")").split(",") if p.strip()
            ]
            if pieces != names:
                misses.append(f"{name}: {pieces} != {names}")
    assert not misses, f"{len(misses)} misses: {misses[:20]}"


def test_signature_examples() -> None:
    sig = mpi_signature("MPI_ALLREDUCE", "f90")
    assert sig is not None
    assert sig.label == "MPI_Allreduce(sendbuf, recvbuf, count, datatype, op, comm, ierror)"
    assert [sig.label[s.start : s.end] for s in sig.parameters][-1] == "ierror"
    assert sig.parameters[0].documentation == "IN: starting address of send buffer"
    assert "Pitfall" in sig.documentation
    c = mpi_signature("MPI_Allreduce", "c")
    assert c is not None
    assert [c.label[s.start : s.end] for s in c.parameters][:3] == [
        "const void* sendbuf",
        "void* recvbuf",
        "int count",
    ]
    pc = mpi_signature("MPI_Pcontrol", "c")
    assert pc is not None and pc.label == "int MPI_Pcontrol(const int level, ...)"
    assert pc.label[pc.parameters[1].start : pc.parameters[1].end] == "..."
