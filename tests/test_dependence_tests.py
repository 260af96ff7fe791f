"""The subscript tests on hand-worked equations.

Notation: the equation is src*K - sink*K' + constant = 0 with iteration counters K (the
source's), K' (the sink's) in [0, M]."""

from __future__ import annotations

from hpcls.analysis.dependence_tests import (
    DimResult,
    Equation,
    all_vectors,
    banerjee,
    combine,
    decide_dimension,
    gcd_test,
)


def eq1(src: int, sink: int, constant: int, m: int | None = None) -> Equation:
    return Equation((src,), (sink,), (m,), (), constant)


def levels(result: DimResult) -> set[str]:
    return {v[0] for v in result.vectors}


# --- ZIV --------------------------------------------------------------------------------


def test_ziv_different_constants_independent() -> None:
    r = decide_dimension(eq1(0, 0, 4 - 3))  # a[3] vs a[4]
    assert r.test == "ZIV" and r.independent and r.exact


def test_ziv_same_constant_depends_in_every_direction() -> None:
    r = decide_dimension(eq1(0, 0, 0))
    assert r.test == "ZIV" and r.vectors == all_vectors(1)


# --- strong SIV -------------------------------------------------------------------------


def test_strong_siv_distance_one_forward() -> None:
    # a[i+1] (source) vs a[i] (sink): K + 1 = K'  ->  K - K' + 1 = 0
    r = decide_dimension(eq1(1, 1, 1))
    assert r.test == "strong SIV" and r.exact
    assert r.vectors == {("<",)} and r.distance == ((0, 1),)


def test_strong_siv_negative_distance_is_backward() -> None:
    r = decide_dimension(eq1(1, 1, -2))  # a[i] vs a[i+2]
    assert r.vectors == {(">",)} and r.distance == ((0, -2),)


def test_strong_siv_zero_distance_is_loop_independent() -> None:
    r = decide_dimension(eq1(3, 3, 0))
    assert r.vectors == {("=",)}


def test_strong_siv_non_integer_distance_independent() -> None:
    assert decide_dimension(eq1(2, 2, 1)).independent  # a[2i+1] vs a[2i]


def test_strong_siv_distance_beyond_trip_count_independent() -> None:
    # 10 iterations (M = 9): a[i+10] vs a[i] never meet, a[i+9] vs a[i] do once.
    assert decide_dimension(eq1(1, 1, 10, m=9)).independent
    assert decide_dimension(eq1(1, 1, 9, m=9)).vectors == {("<",)}


# --- weak-zero SIV ----------------------------------------------------------------------


def test_weak_zero_source_fixed_in_the_middle() -> None:
    # a[i] (source) vs a[5], M = 9: only K = 5 writes; the sink can be before or after.
    r = decide_dimension(eq1(1, 0, -5, m=9))
    assert r.test == "weak-zero SIV" and levels(r) == {"<", "=", ">"}


def test_weak_zero_first_iteration_only_forward() -> None:
    r = decide_dimension(eq1(1, 0, 0))  # a[i] vs a[0]: K = 0 is the first iteration
    assert levels(r) == {"<", "="}


def test_weak_zero_last_iteration_only_backward() -> None:
    r = decide_dimension(eq1(1, 0, -9, m=9))  # a[i] vs a[9], i in 0..9
    assert levels(r) == {">", "="}


def test_weak_zero_sink_fixed() -> None:
    # a[5] (source) vs a[i] (sink): K' = 5; the source at K' = 5 comes first only when 5 > 0
    r = decide_dimension(eq1(0, 1, 5, m=9))
    assert levels(r) == {"<", "=", ">"}
    assert levels(decide_dimension(eq1(0, 1, 0, m=9))) == {"=", ">"}


def test_weak_zero_outside_bounds_independent() -> None:
    assert decide_dimension(eq1(1, 0, -10, m=9)).independent  # a[i] vs a[10]
    assert decide_dimension(eq1(1, 0, 1)).independent  # a[i] vs a[-1]
    assert decide_dimension(eq1(2, 0, -3)).independent  # a[2i] vs a[3]


# --- weak-crossing SIV ------------------------------------------------------------------


def test_weak_crossing_odd_sum_has_no_equal_direction() -> None:
    # a[i] vs a[9-i], M = 9: K = 9 - K'  ->  K + K' - 9 = 0 (sink coefficient -1)
    r = decide_dimension(eq1(1, -1, -9, m=9))
    assert r.test == "weak-crossing SIV" and levels(r) == {"<", ">"}


def test_weak_crossing_even_sum_crosses_on_an_iteration() -> None:
    assert levels(decide_dimension(eq1(1, -1, -8, m=9))) == {"<", "=", ">"}


def test_weak_crossing_at_zero_is_only_the_same_iteration() -> None:
    assert levels(decide_dimension(eq1(1, -1, 0, m=9))) == {"="}  # a[i] vs a[-i]


def test_weak_crossing_out_of_range_independent() -> None:
    assert decide_dimension(eq1(1, -1, -20, m=9)).independent
    assert decide_dimension(eq1(2, -2, -3)).independent  # 2(K + K') = 3


# --- GCD and Banerjee -------------------------------------------------------------------


def test_gcd_proves_independence() -> None:
    # a[2i] vs a[2j+1] over two levels: 2K0 - 2K1' - 1 = 0 has no integer solution.
    e = Equation((2, 0), (0, 2), (None, None), (), -1)
    r = decide_dimension(e)
    assert r.test == "GCD" and r.independent
    assert not gcd_test(e)


def test_gcd_with_equal_direction_merges_coefficients() -> None:
    # 3K0 + 2K1 - 3K0' - 2K1' + 1 = 0: under (=, <) only 2K1 - 2K1' is left, even, not -1
    e = Equation((3, 2), (3, 2), (None, None), (), 1)
    assert gcd_test(e, ("=", "<")) is False
    assert gcd_test(e, ("<", "<")) is True


def test_banerjee_directions_for_i_plus_j() -> None:
    # a[i+j] vs a[i+j], i, j in 0..9: K0 + K1 = K0' + K1'.
    e = Equation((1, 1), (1, 1), (9, 9), (), 0)
    r = decide_dimension(e)
    assert r.test == "Banerjee" and not r.exact
    assert r.vectors == {("=", "="), ("<", ">"), (">", "<")}


def test_banerjee_range_proves_independence() -> None:
    # a[10i + j] vs a[10i + j + 200], i, j in 0..9: the difference is at most 99.
    e = Equation((10, 1), (10, 1), (9, 9), (), -200)
    assert decide_dimension(e).independent


def test_banerjee_linearized_rows_never_overlap_across_outer_iterations() -> None:
    e = Equation((10, 1), (10, 1), (9, 9), (), 0)
    assert decide_dimension(e).vectors == {("=", "=")}


def test_banerjee_unbounded_keeps_the_dependence() -> None:
    e = Equation((10, 1), (10, 1), (None, None), (), -200)
    assert {(">", "="), ("<", ">")} <= decide_dimension(e).vectors


def test_banerjee_single_vector() -> None:
    e = Equation((1, 1), (1, 1), (9, 9), (), 0)
    assert not banerjee(e, ("<", "<"))
    assert banerjee(e, ("<", ">"))


def test_banerjee_free_counter_widens_the_range() -> None:
    # a[i] (source) vs a[i + j'] where j' runs only around the sink, j' in 0..3
    e = Equation((1,), (1,), (None,), ((-1, 3),), 0)
    r = decide_dimension(e)
    assert levels(r) == {"=", ">"}  # K = K' + j': the source never runs first


# --- combining dimensions ---------------------------------------------------------------


def test_combine_conflicting_distances_independent() -> None:
    # a[i+1][i] vs a[i][i]: distance 1 in one dimension, 0 in the other
    d1 = decide_dimension(eq1(1, 1, 1))
    d2 = decide_dimension(eq1(1, 1, 0))
    assert combine(1, [d1, d2]).vectors == frozenset()


def test_combine_any_independent_dimension_wins() -> None:
    d1 = decide_dimension(eq1(1, 1, 1))
    d2 = decide_dimension(eq1(0, 0, 1))  # ZIV: 0 vs 1
    assert combine(1, [d1, d2]).vectors == frozenset()


def test_combine_two_levels_keeps_exact_distances() -> None:
    # a[i+1][j-1] vs a[i][j]: (<, >)
    d1 = decide_dimension(Equation((1, 0), (1, 0), (None, None), (), 1))
    d2 = decide_dimension(Equation((0, 1), (0, 1), (None, None), (), -1))
    r = combine(2, [d1, d2])
    assert r.vectors == {("<", ">")} and r.exact and r.distance == ((0, 1), (1, -1))


def test_combine_two_tests_on_one_level_are_not_exact() -> None:
    # a[i][3] vs a[i+1][i]: weak-zero and strong SIV both restrict level 0
    weak = decide_dimension(eq1(0, 1, 3))
    strong = decide_dimension(eq1(1, 1, -1))
    for order in ([weak, strong], [strong, weak]):
        r = combine(1, order)
        assert r.vectors == {(">",)} and not r.exact
