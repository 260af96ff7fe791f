"""The C/C++ lowering: value facts on accesses (Access.quotients, via, value)."""

from __future__ import annotations

import pytest

from hpcls.analysis.ir import Access, Affine, Quotient, Unit
from hpcls.analysis.races import unit_races
from tests.test_lower_c import accesses, only, unit, units


def _v(name: str) -> Affine:
    return Affine.var(name)


def _c(value: int) -> Affine:
    return Affine.const(value)


def _writes(u: Unit, name: str) -> list[Access]:
    return [a for a in accesses(u, name) if a.write]


_PARAMS = "int n, int k, long m, double x, float *a, int *idx, int *dst"

# --- quotients ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("subscript", "expected"),
    [
        ("i/4", Quotient(_v("i"), 4)),
        ("(i + 1) / 2", Quotient(_v("i") + _c(1), 2)),
        ("((i+k)/2)", Quotient(_v("i") + _v("k"), 2)),
        ("(m*i)/8", Quotient(_v("i") * _v("m"), 8)),
        ("i/H", Quotient(_v("i"), 2)),  # a macro constant
        ("(long)i / 2", Quotient(_v("i"), 2)),
        ("i/4u", Quotient(_v("i"), 4)),
        ("(int)(x/2)", None),  # a floating numerator
        ("(int)((double)i / 2)", None),
        ("i/2.0", None),
        ("i/1", None),
        ("i/k", None),  # a symbolic divisor
        ("i/4*4", None),  # not exactly a division
        ("i/4 + 1", None),
        ("u/2", None),  # undeclared: its type is unknown
    ],
)
def test_integer_division_subscripts(subscript: str, expected: Quotient | None) -> None:
    u = units(
        f"#define H 2\nvoid f({_PARAMS}) {{\n"
        f"  for (int i = 0; i < n; i++) a[{subscript}] = 0.0f;\n}}\n"
    )[0]
    (w,) = _writes(u, "a")
    assert w.subscripts == (None,)
    assert w.quotients == ((expected,) if expected is not None else ())


def test_integer_types_decide_division() -> None:
    u = unit(
        """
        unsigned long p = 0; size_t q = 0; std::int64_t r = 0; const int s = 3;
        double d = 1.0; float e = 2.0f; auto g = 1; int *h = 0;
        std::vector<double> v(4);
        v[p/2] = 1; v[q/2] = 1; v[r/2] = 1; v[s/2] = 1;
        v[d/2] = 1; v[e/2] = 1; v[g/2] = 1; v[static_cast<double>(p)/2] = 1;
        """,
        "cpp",
        params="",
    )
    facts = [w.quotients for w in _writes(u, "v") if w.subscripts]
    assert facts[:4] == [(Quotient(_v(n), 2),) for n in "pqrs"]
    assert facts[4:] == [(), (), (), ()]


def test_file_scope_and_shadowed_types() -> None:
    src = """
    int g; double h; static float a[100];
    void f(double g2) {
      a[g/2] = 0; a[h/2] = 0; a[g2/2] = 0;
      { double g; a[g/2] = 0; }
    }
    """
    (u,) = units(src)
    facts = [w.quotients for w in _writes(u, "a")]
    assert facts[0] == (Quotient(_v("g"), 2),)
    assert facts[1:] == [(), (), ()]


def test_quotients_are_per_subscript_and_shared_by_read_and_write() -> None:
    u = unit(
        "double c[64][64];\nfor (int i = 0; i < n; i++) c[k][i/2] += 1.0;",
        params="int n, int k",
    )
    r, w = accesses(u, "c")
    assert w.subscripts == (_v("k"), None)
    assert w.quotients == r.quotients == (None, Quotient(_v("i"), 2))
    assert w.update_op == "+"


def test_division_through_a_macro_subscript() -> None:
    (u,) = units(
        "#define HALF(j) ((j) / 2)\n"
        "void f(int n, double *a) { for (int i = 0; i < n; i++) a[HALF(i)] = 1.0; }\n"
    )
    (w,) = _writes(u, "a")
    assert w.quotients == (Quotient(_v("i"), 2),)


# --- via ------------------------------------------------------------------------------------


def test_indirect_subscript_points_at_the_index_read() -> None:
    u = unit(
        "for (int i = 0; i < n; i++) a[dst[i]] = b[i] + a[(dst[i])];",
        params="int n, double *a, double *b, int *dst",
    )
    reads = accesses(u, "dst")
    w = only(u, "a", True)
    r = only(u, "a", False)
    assert w.via == (reads[0].order,)  # the store's subscript is read first
    assert r.via == (reads[1].order,)
    assert w.quotients == ()


@pytest.mark.parametrize("subscript", ["dst[i] + 1", "f(i)", "i*i", "*p", "dst[i]++"])
def test_no_via_unless_exactly_one_element(subscript: str) -> None:
    u = unit(
        f"for (int i = 0; i < n; i++) a[{subscript}] = 0.0;",
        params="int n, double *a, int *dst, int *p",
    )
    (w,) = _writes(u, "a")
    assert w.via == ()


def test_nested_indirection_and_cpp_vectors() -> None:
    u = unit(
        "for (int i = 0; i < n; i++) a[idx[dst[i]]] = 0.0;",
        "cpp",
        params="int n, std::vector<double> &a, const std::vector<int> &idx, int *dst",
    )
    (d,) = accesses(u, "dst")
    (x,) = accesses(u, "idx")
    (w,) = _writes(u, "a")
    assert x.via == (d.order,)
    assert w.via == (x.order,)


def test_via_per_subscript() -> None:
    u = unit("m[i][dst[i]] = 0;", params="int i, int m[8][8], int *dst")
    (d,) = accesses(u, "dst")
    (w,) = _writes(u, "m")
    assert w.via == (None, d.order)


# --- value ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("right", "expected"),
    [
        ("(i + 1) / 2", Quotient(_v("i") + _c(1), 2)),
        ("2*i - 1", _v("i").scale(2) - _c(1)),
        ("7", _c(7)),
        ("omp_get_thread_num()", "omp_get_thread_num"),
        ("(int)omp_get_thread_num()", "omp_get_thread_num"),
        ("omp_get_thread_num() + 1", None),
        ("abs(i)", None),
        ("x/2", None),
        ("dst[1]", None),
        ("2.5", None),
        ("(double)i", None),
    ],
)
def test_assignment_value(right: str, expected: Affine | Quotient | str | None) -> None:
    u = unit(f"for (int i = 0; i < n; i++) dst[i] = {right};", params="int n, double x, int *dst")
    (w,) = _writes(u, "dst")
    assert w.value == expected


def test_declaration_value_only_on_the_stored_write() -> None:
    u = unit(
        """
        int t = omp_get_thread_num();
        const int h = t / 2, z = 0;
        int arr[2] = {0, 1};
        int c{3};
        a[h] = t;
        a[t] += 1;
        t++;
        g(&t);
        """,
        "cpp",
        params="int *a",
    )
    assert [w.value for w in _writes(u, "t")] == ["omp_get_thread_num", None]
    assert only(u, "h", True).value == Quotient(_v("t"), 2)
    assert only(u, "z", True).value == _c(0)
    assert only(u, "arr", True).value is None
    assert only(u, "c", True).value is None  # only `T x = e;` initialisers
    assert [w.value for w in _writes(u, "a")] == [_v("t"), None]
    assert all(r.value is None for r in accesses(u, "t") if not r.write)


def test_update_keeps_its_value_and_operator() -> None:
    u = unit("int c = 0;\nfor (int i = 0; i < n; i++) c = c + 1;", params="int n")
    first, second = _writes(u, "c")
    assert first.value == _c(0)
    assert second.value == _v("c") + _c(1)
    assert second.update_op == "+"


# --- the race rules that use the facts ------------------------------------------------------


def _self_races(u: Unit) -> set[int]:
    return {r.first.span.line + 1 for r in unit_races(u) if r.first is r.second}


_COARSEN = """void f(int n, const double *fine, double *coarse) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    coarse[DIVIDED] = fine[i];
}
"""


def test_divided_loop_index_races() -> None:
    assert 4 in _self_races(units(_COARSEN.replace("DIVIDED", "(i + 1) / 2"))[0])
    assert _self_races(units(_COARSEN.replace("DIVIDED", "i"))[0]) == set()
    floating = _COARSEN.replace("DIVIDED", "(int)((double)i / 2)")
    assert _self_races(units(floating)[0]) == set()


_SCATTER = """
#define N 1000
static int dst[N];
static double fine[N], coarse[N];
int main(void) {
  for (int i = 0; i < N; i++)
    dst[i] = FILL;
#pragma omp parallel for
  for (int i = 0; i < N; i++)
    coarse[dst[i]] = fine[i];
  return 0;
}
"""


@pytest.mark.parametrize(("fill", "race"), [("(i + 1) / 2", True), ("3", True), ("i", False)])
def test_index_array_with_repeated_values_races(fill: str, race: bool) -> None:
    (u,) = units(_SCATTER.replace("FILL", fill))
    assert (10 in _self_races(u)) is race


_PARTIAL = """#include <omp.h>
#include <vector>
double f(const std::vector<double> &x, std::vector<double> &partial) {
#pragma omp parallel
  {
    const int t = omp_get_thread_num();
    double s = 0.0;
#pragma omp for
    for (std::size_t i = 0; i < x.size(); i++)
      s += x[i];
    partial[SLOT] += s;
  }
  return partial[0];
}
"""


def test_slot_shared_by_thread_numbers_races_in_cpp() -> None:
    assert 11 in _self_races(units(_PARTIAL.replace("SLOT", "t / 2"), "cpp")[0])
    assert 11 not in _self_races(units(_PARTIAL.replace("SLOT", "t"), "cpp")[0])


def test_lambda_parameters_are_typed() -> None:
    u = unit(
        "auto put = [&](int j, double y) { a[j / 2] = y; a[y / 2] = 0; };\nput(n, 1.0);",
        "cpp",
        params="int n, std::vector<double> &a",
    )
    first, second = (w for w in _writes(u, "a") if w.subscripts)
    assert first.quotients == (Quotient(_v("j"), 2),)
    assert second.quotients == ()
