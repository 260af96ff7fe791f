"""Scalar classification (private, lastprivate, reductions, carried values) and the
`sharing` mode that the race detector uses."""

from __future__ import annotations

import pytest

from hpcls.analysis.dependence import Reduction, Verdict, analyze_loop
from hpcls.analysis.ir import StorageKind, Symbol
from tests.dependence_builder import Builder


def test_temporary_written_first_is_private() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"):
        b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.private == ("t",) and v.lastprivate == ()


def test_temporary_read_after_the_loop_is_lastprivate() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"):
        b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    b.assign("c", "t")
    v = analyze_loop(b.unit(), 0)
    assert v.lastprivate == ("t",) and v.private == ()


def test_overwritten_after_the_loop_stays_private() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"):
        b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    b.assign("t", "c")
    b.assign("d", "t")
    assert analyze_loop(b.unit(), 0).private == ("t",)


def test_read_in_an_enclosing_loop_is_live_out() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("k"):
        b.assign("c[k]", "t")
        with b.loop("i"):
            b.assign("t", "a[i]")
    assert analyze_loop(b.unit(), 1).lastprivate == ("t",)


def test_declared_inside_the_body_not_listed() -> None:
    b = Builder()
    with b.loop("i", locals=("t",)):
        b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.private == () and v.lastprivate == ()


def test_symbol_declared_in_a_nested_block_not_listed() -> None:
    b = Builder()
    with b.loop("i"), b.branch() as blk:
        b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    b.symbols["t"] = Symbol("t", StorageKind.SCALAR, declared_in=blk)
    assert analyze_loop(b.unit(), 0).private == ()


def inner_index_unit(fortran: bool, declared_in_loop: bool) -> Builder:
    b = Builder(fortran=fortran)
    with b.loop("i"), b.loop("j") as inner:
        b.assign("a[i][j]", "b[i][j]")
    b.symbols["j"] = Symbol(
        "j", StorageKind.SCALAR, declared_in=inner if declared_in_loop else None
    )
    with b.loop("k"):
        b.assign("c[k]", "d[k]")
    return b


def test_c_inner_index_declared_outside_is_listed() -> None:
    u = inner_index_unit(fortran=False, declared_in_loop=False).unit()
    # as an inner level of a collapse the index needs no clause
    assert analyze_loop(u, 0).collapse == 2 and analyze_loop(u, 0).private == ()


def test_c_inner_index_listed_without_collapse() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("c[i]", "d[i]")
        with b.loop("j"):
            b.assign("a[i][j]", "b[i][j]")
    b.sym("j")
    v = analyze_loop(b.unit(), 0)
    assert v.collapse == 1 and v.private == ("j",)


def test_c_inner_index_declared_in_for_init_not_listed() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("c[i]", "d[i]")
        with b.loop("j") as inner:
            b.assign("a[i][j]", "b[i][j]")
    b.symbols["j"] = Symbol("j", StorageKind.SCALAR, declared_in=inner)
    assert analyze_loop(b.unit(), 0).private == ()


def test_fortran_inner_do_index_not_listed() -> None:
    b = Builder(fortran=True)
    with b.loop("i"):
        b.assign("c[i]", "d[i]")
        with b.loop("j"):
            b.assign("a[i][j]", "b[i][j]")
    b.sym("j")
    assert analyze_loop(b.unit(), 0).private == ()


def reduction_of(op: str, fortran: bool = False) -> tuple[Reduction, ...]:
    b = Builder(fortran=fortran)
    b.sym("s")
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update=op)
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL, v.reasons
    assert v.private == () and v.lastprivate == ()
    return v.reductions


@pytest.mark.parametrize("op", ["+", "*", "&", "|", "^", "&&", "||", "max", "min"])
def test_c_reductions(op: str) -> None:
    assert reduction_of(op) == (Reduction(op, ("s",)),)


@pytest.mark.parametrize(
    "op", ["+", "*", ".and.", ".or.", ".eqv.", ".neqv.", "max", "min", "iand", "ior", "ieor"]
)
def test_fortran_reductions(op: str) -> None:
    assert reduction_of(op, fortran=True) == (Reduction(op, ("s",)),)


def test_minus_reduces_with_plus() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update="+")
        b.assign("s", "s", "b[i]", update="-")
    assert analyze_loop(b.unit(), 0).reductions == (Reduction("+", ("s",)),)


def test_unknown_update_operator_is_no_reduction() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update="/")
    assert analyze_loop(b.unit(), 0).verdict is Verdict.SERIAL


def test_atomic_array_updates_need_no_clause() -> None:
    b = Builder()
    b.sym("h", StorageKind.ARRAY)
    with b.loop("i"), b.omp("atomic"):
        b.assign("h[?]", "h[?]", update="+", atomic=True)
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.reductions == ()


def test_two_reductions_grouped_by_operator() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update="+")
        b.assign("t", "t", "a[i]", update="+")
        b.assign("m", "m", "a[i]", update="max")
    v = analyze_loop(b.unit(), 0)
    assert v.reductions == (Reduction("+", ("s", "t")), Reduction("max", ("m",)))


def test_conditional_reduction_is_fine() -> None:
    b = Builder()
    with b.loop("i"), b.branch():
        b.assign("s", "s", "a[i]", update="+")
    assert analyze_loop(b.unit(), 0).reductions == (Reduction("+", ("s",)),)


def test_self_referencing_update_is_serial() -> None:
    # s = s*2 + s: no update form (s appears in e)
    b = Builder()
    with b.loop("i"):
        b.assign("s", "s", "s")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL and v.reductions == ()
    assert v.reasons == (
        "s is read at line 2 before it is written at line 2: "
        "each iteration uses the value from the previous one",
    )
    (dep,) = v.carried
    assert dep.kind == "flow" and dep.source.write and not dep.sink.write


def test_mixed_operators_are_no_reduction() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update="+")
        b.assign("s", "s", "b[i]", update="*")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL
    assert "s is updated with different operators (*, +), so it is no reduction" in v.reasons


def test_reduction_variable_read_elsewhere_is_a_prefix_sum() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update="+")
        b.assign("b[i]", "s")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL and v.reductions == ()


def test_conditional_write_then_read_carries() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"):
        with b.branch():
            b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL
    assert "t is written only conditionally (line 3)" in v.reasons[0]


def test_read_before_the_write_carries() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"):
        b.assign("b[i]", "t")
        b.assign("t", "a[i]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL and v.private == ()
    assert v.carried[0].source.span.line == 2 and v.carried[0].sink.span.line == 1


def test_write_inside_inner_loop_does_not_dominate() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"):
        with b.loop("j"):
            b.assign("t", "a[j]")
        b.assign("b[i]", "t")
    assert analyze_loop(b.unit(), 0).verdict is Verdict.SERIAL


def test_conditional_write_only_private_when_dead() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"), b.branch():
        b.assign("t", "a[i]")
    assert analyze_loop(b.unit(), 0).private == ("t",)


def test_conditional_write_only_live_out_is_unknown() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"), b.branch():
        b.assign("t", "a[i]")
    b.assign("c", "t")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.UNKNOWN and v.lastprivate == ()
    assert "t is written only conditionally (line 3) and used after the loop" in v.reasons


def test_read_only_scalar_is_shared() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("a[i]", "x", "b[i]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.private == ()


def test_atomic_updates_become_a_reduction() -> None:
    # shared s would be correct too; the reduction is cheaper for a scalar
    b = Builder()
    with b.loop("i"), b.omp("atomic"):
        b.assign("s", "s", "a[i]", update="+", atomic=True)
    u = b.unit()
    v = analyze_loop(u, 0)
    assert v.verdict is Verdict.PARALLEL and v.reductions == (Reduction("+", ("s",)),)
    assert analyze_loop(u, 0, sharing={}).carried == ()  # atomic: no race as written


def test_updates_under_different_guards_are_a_reduction() -> None:
    # an atomic and a critical do not exclude each other: the reduction is still needed
    b = Builder()
    with b.loop("i") as loop:
        with b.omp("atomic"):
            b.assign("s", "s", "a[i]", update="+", atomic=True)
        with b.omp("critical"):
            b.assign("s", "s", "a[i]", update="+")
    v = analyze_loop(b.unit(), loop)
    assert v.reductions == (Reduction("+", ("s",)),)


def test_array_updates_under_different_guards_are_not_dropped() -> None:
    b = Builder()
    b.sym("h", StorageKind.ARRAY)
    with b.loop("i") as loop:
        with b.omp("atomic"):
            b.assign("h[0]", "h[0]", "a[i]", update="+", atomic=True)
        with b.omp("critical"):
            b.assign("h[0]", "h[0]", "a[i]", update="+")
    v = analyze_loop(b.unit(), loop)
    assert v.reductions == (Reduction("+", ("h",)),)


def test_ordered_recurrence_is_still_serial() -> None:
    b = Builder()
    with b.loop("i", "2"), b.omp("ordered"):
        b.assign("a[i]", "a[i-2]")
    u = b.unit()
    assert analyze_loop(u, 0).verdict is Verdict.SERIAL
    assert analyze_loop(u, 0, sharing={}).carried == ()


def test_histogram_is_an_array_reduction() -> None:
    b = Builder()
    b.sym("h", StorageKind.ARRAY)
    with b.loop("i"):
        b.assign("h[?]", "h[?]", update="+")
    u = b.unit()
    v = analyze_loop(u, 0)
    assert v.verdict is Verdict.PARALLEL and v.reductions == (Reduction("+", ("h",)),)
    assert analyze_loop(u, 0, sharing={}).verdict is Verdict.UNKNOWN


def test_pointer_histogram_is_no_reduction() -> None:
    b = Builder()
    b.sym("h", StorageKind.POINTER)
    with b.loop("i"):
        b.assign("h[?]", "h[?]", update="+")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.UNKNOWN and v.reductions == ()


def test_independent_updates_need_no_array_reduction() -> None:
    b = Builder()
    b.sym("a", StorageKind.ARRAY)
    with b.loop("i"):
        b.assign("a[i]", "a[i]", "b[i]", update="+")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.reductions == ()


def test_global_temporary_is_lastprivate() -> None:
    b = Builder()
    b.sym("g", StorageKind.UNKNOWN)
    with b.loop("i"):
        b.assign("g", "a[i]")
        b.assign("b[i]", "g")
    assert analyze_loop(b.unit(), 0).lastprivate == ("g",)


def test_fortran_dummy_scalar_is_live_out() -> None:
    b = Builder(fortran=True)
    b.sym("t", parameter=True)
    with b.loop("i"):
        b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    assert analyze_loop(b.unit(), 0).lastprivate == ("t",)


def test_pointer_walk_is_serial() -> None:
    b = Builder()
    b.sym("p", StorageKind.POINTER)
    with b.loop("i"):
        b.assign("*p", "a[i]")
        b.assign("p", "p", update="+")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL
    assert "pointer p is moved at line 3" in v.reasons[0]


def test_pointer_deref_is_one_element() -> None:
    b = Builder()
    b.sym("p", StorageKind.POINTER)
    with b.loop("i"):
        b.assign("*p", "a[i]")
    assert analyze_loop(b.unit(), 0).verdict is Verdict.SERIAL


def test_threadprivate_temporary_needs_no_clause() -> None:
    b = Builder()
    b.sym("t", threadprivate=True)
    with b.loop("i"):
        b.assign("t", "a[i]")
        b.assign("b[i]", "t")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.private == () and v.lastprivate == ()


# --- sharing mode -----------------------------------------------------------------------


def sum_loop() -> Builder:
    b = Builder()
    b.sym("s")
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update="+")
    return b


def test_missing_reduction_is_a_race_on_the_scalar() -> None:
    v = analyze_loop(sum_loop().unit(), 0, sharing={})
    assert v.verdict is Verdict.SERIAL
    assert v.reductions == (Reduction("+", ("s",)),)  # what the directive should say
    assert {d.source.name for d in v.carried} == {"s"}
    kinds = {(d.kind, d.source.write, d.sink.write) for d in v.carried}
    assert ("output", True, True) in kinds and ("flow", True, False) in kinds
    assert any("s written (line 2)" in r for r in v.reasons)


def test_reduction_clause_removes_the_race() -> None:
    v = analyze_loop(sum_loop().unit(), 0, sharing={"s": "reduction"})
    assert v.verdict is Verdict.PARALLEL and v.carried == ()


def test_private_clause_removes_the_race() -> None:
    b = Builder()
    b.sym("x")
    with b.loop("i"):
        b.assign("x", "a[i]")
        b.assign("b[i]", "x")
    u = b.unit()
    assert analyze_loop(u, 0, sharing={"x": "private"}).carried == ()
    shared = analyze_loop(u, 0, sharing={"x": "shared"})
    assert shared.verdict is Verdict.SERIAL
    assert {(d.kind, d.source.span.line, d.sink.span.line) for d in shared.carried} == {
        ("output", 1, 1),
        ("anti", 2, 1),
    }


def test_shared_array_distance_one_is_carried() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("a[i+1]", "a[i]")
    v = analyze_loop(b.unit(), 0, sharing={"a": "shared"})
    (dep,) = v.carried
    assert dep.distance == 1 and dep.kind == "flow" and v.verdict is Verdict.SERIAL


def test_private_array_has_no_race() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("w[0]", "a[i]")
        b.assign("b[i]", "w[0]")
    u = b.unit()
    assert analyze_loop(u, 0, sharing={"w": "private"}).carried == ()
    assert analyze_loop(u, 0, sharing={}).verdict is Verdict.SERIAL


def test_critical_protects_the_shared_scalar() -> None:
    b = Builder()
    with b.loop("i"), b.omp("critical"):
        b.assign("s", "s", "a[i]", update="+")
    assert analyze_loop(b.unit(), 0, sharing={}).carried == ()


def test_fortran_sharing_names_are_lower_case() -> None:
    b = Builder(fortran=True)
    with b.loop("i"):
        b.assign("s", "s", "a[i]", update="+")
    assert analyze_loop(b.unit(), 0, sharing={"S": "x", "s": "reduction"}).carried == ()


def test_conditional_shared_write_is_a_possible_race() -> None:
    b = Builder()
    with b.loop("i"), b.branch():
        b.assign("flag", "a[i]")
    v = analyze_loop(b.unit(), 0, sharing={})
    assert v.verdict is Verdict.UNKNOWN
    assert v.carried and not any(d.proven for d in v.carried)


def test_shared_c_inner_index_is_a_race() -> None:
    b = Builder()
    b.sym("j")
    with b.loop("i"), b.loop("j"):
        b.assign("a[i][j]", "b[i][j]")
    u = b.unit()
    v = analyze_loop(u, 0, sharing={})
    assert v.verdict is Verdict.SERIAL
    assert [(d.source.name, d.kind) for d in v.carried] == [("j", "output")]
    assert analyze_loop(u, 0, sharing={"j": "private"}).carried == ()
    b.fortran = True
    assert analyze_loop(b.unit(), 0, sharing={}).carried == ()


def test_array_reduction_clause_has_no_race() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("h[?]", "h[?]", update="+")
    u = b.unit()
    assert analyze_loop(u, 0, sharing={"h": "reduction"}).carried == ()
    assert analyze_loop(u, 0, sharing={}).verdict is Verdict.UNKNOWN


def test_private_copy_in_an_inner_construct_is_not_the_loops_variable() -> None:
    b = Builder()
    b.sym("t")
    with b.loop("i"), b.omp("task", private="t"):
        b.assign("b[i]", "t")
        b.assign("t", "a[i]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.private == ()
    b2 = Builder()
    b2.sym("t")
    with b2.loop("i"), b2.omp("task"):
        b2.assign("b[i]", "t")
        b2.assign("t", "a[i]")
    assert analyze_loop(b2.unit(), 0).verdict is Verdict.SERIAL
