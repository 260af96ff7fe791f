"""Loop verdicts from hand-built IR: arrays, aliasing, calls, loop forms, collapse."""

from __future__ import annotations

from dataclasses import replace

from hpcls.analysis.dependence import Verdict, analyze_loop, analyze_unit
from hpcls.analysis.ir import Access, LoopForm, Span, StorageKind
from tests.dependence_builder import Builder


def one_loop(
    body: str, *reads: str, lower: str = "0", upper: str = "n-1", step: int = 1
) -> Builder:
    b = Builder()
    with b.loop("i", lower, upper, step):
        b.assign(body, *reads)
    return b


def test_independent_elements_parallel() -> None:
    v = analyze_loop(one_loop("a[i]", "a[i]", "b[i]").unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.carried == () and v.collapse == 1


def test_distance_one_flow_is_serial_with_evidence() -> None:
    v = analyze_loop(one_loop("a[i+1]", "a[i]").unit(), 0)
    assert v.verdict is Verdict.SERIAL
    (dep,) = v.carried
    assert dep.kind == "flow" and dep.distance == 1 and dep.directions == ("<",)
    assert dep.source.write and not dep.sink.write and dep.carried and dep.proven
    assert v.reasons == ("a[i+1] written (line 2) is read as a[i] (line 2) in the next iteration",)


def test_anti_dependence_is_serial() -> None:
    v = analyze_loop(one_loop("a[i]", "a[i+1]").unit(), 0)
    (dep,) = v.carried
    assert v.verdict is Verdict.SERIAL and dep.kind == "anti" and dep.distance == 1
    assert not dep.source.write and dep.sink.write


def test_distance_beyond_trip_count_is_parallel() -> None:
    assert (
        analyze_loop(one_loop("a[i]", "a[i+10]", upper="9").unit(), 0).verdict is Verdict.PARALLEL
    )
    v = analyze_loop(one_loop("a[i]", "a[i+9]", upper="9").unit(), 0)
    assert v.verdict is Verdict.SERIAL and v.carried[0].distance == 9


def test_odd_even_elements_parallel() -> None:
    assert analyze_loop(one_loop("a[2*i]", "a[2*i+1]").unit(), 0).verdict is Verdict.PARALLEL


def test_step_two_skips_the_odd_elements() -> None:
    v = analyze_loop(one_loop("a[i]", "a[i+1]", step=2).unit(), 0)
    assert v.verdict is Verdict.PARALLEL


def test_step_two_distance_counts_iterations() -> None:
    v = analyze_loop(one_loop("a[i+2]", "a[i]", step=2).unit(), 0)
    assert v.verdict is Verdict.SERIAL and v.carried[0].distance == 1


def test_downward_loop_flow() -> None:
    # for (i = n-1; i >= 0; i--) a[i] = a[i+1]: iteration k reads what k-1 wrote
    v = analyze_loop(one_loop("a[i]", "a[i+1]", lower="n-1", upper="0", step=-1).unit(), 0)
    (dep,) = v.carried
    assert v.verdict is Verdict.SERIAL and dep.kind == "flow" and dep.distance == 1


def test_weak_zero_element_zero_read_by_all() -> None:
    v = analyze_loop(one_loop("a[i]", "a[0]").unit(), 0)
    assert v.verdict is Verdict.SERIAL
    assert any(d.kind == "flow" and d.source.write for d in v.carried)


def test_weak_zero_element_never_written() -> None:
    v = analyze_loop(one_loop("a[i]", "a[0]", lower="1", upper="n").unit(), 0)
    assert v.verdict is Verdict.PARALLEL


def test_weak_crossing_reverse_copy_is_serial() -> None:
    v = analyze_loop(one_loop("a[i]", "a[9-i]", upper="9").unit(), 0)
    assert v.verdict is Verdict.SERIAL
    assert {d.kind for d in v.carried} == {"flow", "anti"}


def test_weak_crossing_halves_parallel() -> None:
    # i in 0..4 writes a[i], reads a[9-i] in 5..9
    assert analyze_loop(one_loop("a[i]", "a[9-i]", upper="4").unit(), 0).verdict is Verdict.PARALLEL


def test_symbolic_offset_is_unknown_not_parallel() -> None:
    v = analyze_loop(one_loop("a[i+k]", "a[i]").unit(), 0)
    assert v.verdict is Verdict.UNKNOWN
    assert v.carried and not any(d.proven for d in v.carried)
    assert any("may touch" in r for r in v.reasons)


def test_symbolic_offset_that_cancels_is_parallel() -> None:
    assert analyze_loop(one_loop("a[i+k]", "a[i+k]").unit(), 0).verdict is Verdict.PARALLEL
    assert analyze_loop(one_loop("a[i+k+1]", "a[i+k]").unit(), 0).verdict is Verdict.SERIAL


def test_subscript_written_in_loop_is_not_invariant() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("k", "b[i]")
        b.assign("a[k]", "a[k]")
    assert analyze_loop(b.unit(), 0).verdict is Verdict.UNKNOWN


def test_indirect_write_unknown_indirect_read_fine() -> None:
    assert analyze_loop(one_loop("a[?]", "b[i]").unit(), 0).verdict is Verdict.UNKNOWN
    assert analyze_loop(one_loop("a[i]", "b[?]").unit(), 0).verdict is Verdict.PARALLEL


def nest(write: str, read: str, inner_lower: str = "0", inner_upper: str = "n-1") -> Builder:
    b = Builder()
    with b.loop("i"), b.loop("j", inner_lower, inner_upper):
        b.assign(write, read)
    return b


def test_delinearized_rows_parallel_and_collapse() -> None:
    v = analyze_loop(nest("a[i*n+j]", "a[i*n+j]").unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.collapse == 2


def test_delinearized_previous_row_serial() -> None:
    v = analyze_loop(nest("a[i*n+j]", "a[i*n-n+j]").unit(), 0)
    assert v.verdict is Verdict.SERIAL and v.carried[0].distance == 1
    assert v.carried[0].directions == ("<", "=")


def test_linearized_without_range_proof_unknown() -> None:
    v = analyze_loop(nest("a[i*n+j]", "a[i*n+j]", inner_upper="n").unit(), 0)
    assert v.verdict is Verdict.UNKNOWN


def test_gcd_in_a_nest() -> None:
    # even elements a[2i] (rewritten by every j: carried by the inner loop only) against
    # odd elements a[2j+1]: 2i - 2j - 1 = 0 has no integer solution
    v = analyze_loop(nest("a[2*i]", "a[2*j+1]").unit(), 0)
    assert v.verdict is Verdict.PARALLEL
    # a[2i+2j] is the same element at (i, j+1) and (i+1, j): a witness proves it
    assert analyze_loop(nest("a[2*i+2*j]", "a[2*i+2*j]").unit(), 0).verdict is Verdict.SERIAL


def test_banerjee_in_a_nest() -> None:
    b = Builder()
    with b.loop("i", "0", "9"), b.loop("j", "0", "9"):
        b.assign("a[10*i+j]", "a[10*i+j+200]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.collapse == 2
    # with an unknown trip count, i and i + 20 both run: a[10(i+20) + j] is read 20 later
    v = analyze_loop(nest("a[10*i+j]", "a[10*i+j+200]", inner_upper="9").unit(), 0)
    assert v.verdict is Verdict.UNKNOWN


def test_banerjee_possible_dependence_proven_by_a_witness() -> None:
    # a[i+j] with j in 0..9: (i, j=1) and (i+1, j=0) write one element
    v = analyze_loop(nest("a[i+j]", "b[i]", inner_upper="9").unit(), 0)
    assert v.verdict is Verdict.SERIAL
    assert any(d.directions == ("<", ">") and d.proven for d in v.carried)


def test_banerjee_only_possible_dependence_is_unknown() -> None:
    # a symbolic offset in the subscript: no witness holds for every value of m
    v = analyze_loop(nest("a[i+j+m]", "a[j]", inner_upper="9").unit(), 0)
    assert v.verdict is Verdict.UNKNOWN
    assert v.carried and not any(d.proven for d in v.carried)


def test_two_level_direction_vector() -> None:
    v = analyze_loop(nest("a[i+1][j-1]", "a[i][j]").unit(), 0)
    (dep,) = v.carried
    assert dep.directions == ("<", ">") and dep.distance == 1 and v.verdict is Verdict.SERIAL


def test_dependence_carried_by_inner_loop_only() -> None:
    u = nest("a[i][j+1]", "a[i][j]").unit()
    outer, inner = analyze_loop(u, 0), analyze_loop(u, 1)
    assert outer.verdict is Verdict.PARALLEL and outer.collapse == 1
    assert inner.verdict is Verdict.SERIAL


def test_conditional_dependence_is_only_possible() -> None:
    b = Builder()
    with b.loop("i"), b.branch():
        b.assign("a[i+1]", "a[i]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.UNKNOWN and not v.carried[0].proven


def test_calls() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("a[i]", "b[i]")
        b.call("sqrt", pure=True)
    assert analyze_loop(b.unit(), 0).verdict is Verdict.PARALLEL
    b.call("printf")  # outside the loop: irrelevant
    with b.loop("i"):
        b.call("update", arguments=("a",))
    v = analyze_loop(b.unit(), 1)
    assert (
        v.verdict is Verdict.UNKNOWN
        and "calls update (line 6), which may have side effects" in v.reasons
    )


def aliasing(
    p: tuple[StorageKind, dict[str, bool]],
    q: tuple[StorageKind, dict[str, bool]],
    fortran: bool = False,
) -> Verdict:
    b = one_loop("p[i]", "q[i]")
    b.fortran = fortran
    b.sym("p", p[0], **p[1])
    b.sym("q", q[0], **q[1])
    return analyze_loop(b.unit(), 0).verdict


POINTER: tuple[StorageKind, dict[str, bool]] = (StorageKind.POINTER, {})
ARRAY: tuple[StorageKind, dict[str, bool]] = (StorageKind.ARRAY, {})


def test_two_pointers_may_alias() -> None:
    b = one_loop("p[i]", "q[i]")
    b.sym("p", StorageKind.POINTER)
    b.sym("q", StorageKind.POINTER)
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.UNKNOWN
    assert "p (line 2) and q (line 2) may point to the same memory" in v.reasons


def test_restrict_pointers_do_not_alias() -> None:
    assert aliasing((StorageKind.POINTER, {"restrict": True}), POINTER) is Verdict.PARALLEL


def test_pointer_and_local_array_do_not_alias() -> None:
    assert aliasing(POINTER, ARRAY) is Verdict.PARALLEL


def test_pointer_and_global_may_alias() -> None:
    b = one_loop("p[i]", "g[i]")
    b.sym("p", StorageKind.POINTER)
    assert analyze_loop(b.unit(), 0).verdict is Verdict.UNKNOWN


def test_pointer_parameters_may_alias_array_dummies_do_not() -> None:
    # C lowers array parameters as pointers; an ARRAY parameter is a Fortran dummy
    pointer_param = (StorageKind.POINTER, {"parameter": True})
    dummy = (StorageKind.ARRAY, {"parameter": True})
    assert aliasing(pointer_param, pointer_param) is Verdict.UNKNOWN
    assert aliasing(dummy, dummy) is Verdict.PARALLEL
    assert aliasing(dummy, dummy, fortran=True) is Verdict.PARALLEL


def test_fortran_pointer_and_target() -> None:
    assert aliasing(POINTER, (StorageKind.ARRAY, {"target": True}), fortran=True) is Verdict.UNKNOWN
    assert aliasing(POINTER, ARRAY, fortran=True) is Verdict.PARALLEL


def test_read_only_pointers_do_not_matter() -> None:
    b = one_loop("a[i]", "p[i]", "q[i]")
    b.sym("p", StorageKind.POINTER)
    b.sym("q", StorageKind.POINTER)
    b.sym("a", StorageKind.ARRAY)
    assert analyze_loop(b.unit(), 0).verdict is Verdict.PARALLEL


def test_address_taken_is_unknown() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("a[i]", "x")
        b.stmt(("r", "x", (), {"address_taken": True}))
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.UNKNOWN and "the address of x is taken at line 3" in v.reasons


def test_loop_forms() -> None:
    b = Builder()
    with b.loop(None, None, None, None, form=LoopForm.OTHER):
        b.assign("a[0]", "b[0]")
    with b.loop("i", exits=1):
        b.assign("a[i]", "b[i]")
    with b.loop("i", step=None):
        b.assign("a[i]", "b[i]")
    u = b.unit()
    assert analyze_loop(u, 0).reasons == ("not a counted loop",)
    assert analyze_loop(u, 1).reasons == ("leaves the loop early at line 4",)
    # a symbolic step the body does not change: the subscript tests see no counter
    assert analyze_loop(u, 2).carried and not any(d.proven for d in analyze_loop(u, 2).carried)
    assert {v.verdict for v in analyze_unit(u)} == {Verdict.UNKNOWN}


def test_do_concurrent() -> None:
    b = Builder(fortran=True)
    with b.loop("i", form=LoopForm.CONCURRENT):
        b.assign("a[?]", "b[i]")
    with b.loop("i", form=LoopForm.CONCURRENT):
        b.assign("a[i+1]", "a[i]")
    u = b.unit()
    first, second = analyze_unit(u)
    assert first.verdict is Verdict.PARALLEL
    assert "do concurrent declares its iterations independent" in first.reasons
    assert second.verdict is Verdict.SERIAL
    assert "this contradicts the do concurrent declaration" in second.reasons
    assert (
        second.reasons[0]
        == "a(i+1) written (line 4) is read as a(i) (line 4) in the next iteration"
    )


def test_fortran_whole_array_assignment_is_not_parallel() -> None:
    b = Builder(fortran=True)
    b.sym("a", StorageKind.ARRAY)
    with b.loop("i"):
        b.assign("a", "b[i]")
    b.assign("c", "a[1]")  # used after the loop: no private copy will do
    assert analyze_loop(b.unit(), 0).verdict is Verdict.SERIAL


def test_scratch_array_is_private() -> None:
    b = Builder()
    b.sym("w", StorageKind.ARRAY)
    with b.loop("i"):
        b.assign("w[0]", "a[i]")
        b.assign("w[1]", "b[i]")
        b.assign("c[i]", "w[0]", "w[1]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.private == ("w",)


def test_scratch_array_read_before_written_is_not_private() -> None:
    b = Builder()
    b.sym("w", StorageKind.ARRAY)
    with b.loop("i"):
        b.assign("w[0]", "a[i]")
        b.assign("c[i]", "w[0]", "w[1]")
        b.assign("w[1]", "b[i]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL and v.private == ()


def test_pointer_may_point_into_a_file_scope_array() -> None:
    b = one_loop("p[i]", "g[i]")
    b.sym("p", StorageKind.POINTER)
    b.sym("g", StorageKind.ARRAY, static=True)
    assert analyze_loop(b.unit(), 0).verdict is Verdict.UNKNOWN


def test_empty_loop_parallel() -> None:
    assert (
        analyze_loop(one_loop("a[i+1]", "a[i]", lower="5", upper="0").unit(), 0).verdict
        is Verdict.PARALLEL
    )


def test_collapse_three_deep() -> None:
    b = Builder()
    with b.loop("i"), b.loop("j"), b.loop("k"):
        b.assign("a[i][j][k]", "b[i][j][k]")
    u = b.unit()
    assert analyze_loop(u, 0).collapse == 3
    assert analyze_loop(u, 1).collapse == 2


def test_collapse_triangular_is_one() -> None:
    v = analyze_loop(nest("a[i][j]", "b[i][j]", inner_lower="i").unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.collapse == 1


def test_collapse_needs_perfect_nest() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("c[i]", "d[i]")
        with b.loop("j"):
            b.assign("a[i][j]", "b[i][j]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.collapse == 1


def test_loop_variable_changed_in_body() -> None:
    b = Builder()
    with b.loop("i"):
        b.assign("a[i]", "b[i]")
        b.assign("i", "i", update="+")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.UNKNOWN
    assert v.reasons == ("the loop variable i is changed in the body at line 3",)


def test_collapse_stops_at_an_inner_loop_with_exits() -> None:
    b = Builder()
    with b.loop("i"), b.loop("j", exits=1):
        b.assign("a[i][j]", "b[i][j]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.PARALLEL and v.collapse == 1


def test_collapse_ignores_the_inner_header_accesses() -> None:
    # a lowering may record the inner header's write of j at the outer level
    b = Builder()
    with b.loop("i"), b.loop("j") as inner:
        b.assign("a[i][j]", "b[i][j]")
    u = b.unit()
    header = u.constructs[inner].header
    assert header is not None
    write_j = Access("j", (), True, Span(header.start, header.start + 1, header.line), 0, 1, (0,))
    u = replace(u, events=(write_j, *(replace(e, order=e.order + 1) for e in u.events)))
    assert analyze_loop(u, 0).collapse == 2
    outside = replace(write_j, span=Span(250, 251, 2))  # a real statement between the loops
    u = replace(u, events=(outside, *u.events[1:]))
    assert analyze_loop(u, 0).collapse == 1


def test_reasons_stay_short_but_carried_is_complete() -> None:
    b = Builder()
    with b.loop("i"):
        for k in range(20):
            b.assign(f"a[i+{k + 1}]", f"a[i+{k}]")
    v = analyze_loop(b.unit(), 0)
    assert v.verdict is Verdict.SERIAL and len(v.carried) > 20
    assert len(v.reasons) == 9 and v.reasons[-1] == "and further loop-carried dependences"


def test_static_declared_in_the_body_is_shared() -> None:
    b = Builder()
    with b.loop("i", locals=("count",)):
        b.assign("count", "count", "a[i]")
    b.sym("count", static=True)
    assert analyze_loop(b.unit(), 0).verdict is Verdict.SERIAL
