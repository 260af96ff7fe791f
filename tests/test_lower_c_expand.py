"""C/C++/CUDA lowering through macros, C++ casts and one-line accessors
(analysis/lower_c_defs.py, lower_c_expand.py): `u[IDX(i, j)]` is an affine access, an
accessor call `g.at(i, j)` is an access of the array it returns, casts are expressions,
container queries are pure and loop-invariant."""

from __future__ import annotations

from pathlib import Path

from hpcls.analysis.ir import Access, Affine, Call, LoopForm, Unit
from hpcls.analysis.lower_c import lower_c
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document
from hpcls.workspace.uris import path_to_uri

REPO = Path(__file__).resolve().parent.parent
VI, VJ, VN = Affine.var("i"), Affine.var("j"), Affine.var("n")


def units(code: str, ext: str = "c", uri: str | None = None) -> tuple[Unit, ...]:
    uri = uri or f"file:///t/sample.{ext}"
    return lower_c(Document.create(uri, language_for(uri), 1, code))


def named(us: tuple[Unit, ...], name: str) -> Unit:
    return next(u for u in us if u.name == name)


def acc(u: Unit, name: str, write: bool | None = None) -> list[Access]:
    return [
        e
        for e in u.events
        if isinstance(e, Access) and e.name == name and (write is None or e.write == write)
    ]


def calls(u: Unit) -> list[str]:
    return [e.name for e in u.events if isinstance(e, Call)]


# --- macros ----------------------------------------------------------------------------------

_IDX = """
#define IDX(i, j) ((i) * (n) + (j))
void f(int n, double *u) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            u[IDX(i, j)] = 0.0;
}
"""


def test_function_like_macro_is_an_affine_subscript_not_a_call() -> None:
    (u,) = units(_IDX)
    (w,) = acc(u, "u", write=True)
    assert w.subscripts == (VI * VN + VJ,)
    assert calls(u) == []
    assert {a.name for a in acc(u, "i")} == {"i"}  # the argument's reads are kept


def test_expansion_events_take_the_span_of_the_use() -> None:
    (u,) = units(_IDX)
    line = _IDX.splitlines().index("            u[IDX(i, j)] = 0.0;")
    for a in u.events:
        if isinstance(a, Access) and a.name in ("i", "j", "n") and a.span.line == line:
            assert _IDX.encode()[a.span.start : a.span.end] == b"IDX(i, j)"


def test_macro_with_casts_and_third_argument() -> None:
    code = """
#define IDX(i, j, ld) ((size_t)(i) * (size_t)(ld) + (size_t)(j))
void f(int n, int ld, double *u) {
    for (int i = 1; i <= n; i++)
        u[IDX(i - 1, i + 1, ld)] = 1.0;
}
"""
    (u,) = units(code)
    (w,) = acc(u, "u", write=True)
    ld = Affine.var("ld")
    assert w.subscripts == ((VI - Affine.const(1)) * ld + VI + Affine.const(1),)


def test_object_like_macros_give_constant_bounds_and_fold_division() -> None:
    code = """
#define H 240
#define HALF (H / 2)
float img[H][8];
void f(void) {
    for (int i = 0; i < HALF; i++)
        img[H - 1 - i][0] = img[i][-1];
}
"""
    (u,) = units(code)
    (loop,) = u.loops()
    assert loop.loop is not None and loop.loop.upper == Affine.const(119)
    assert loop.loop.form is LoopForm.COUNTED
    (w,) = acc(u, "img", write=True)
    assert w.subscripts == (Affine.const(239) - VI, Affine.const(0))
    (r,) = acc(u, "img", write=False)
    assert r.subscripts == (VI, Affine.const(-1))
    assert acc(u, "H") == [] and acc(u, "HALF") == []


def test_macro_from_a_quoted_header_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "grid.h").write_text("#define AT(a, i, j, ld) a[(i) * (ld) + (j)]\n")
    src = tmp_path / "main.c"
    code = '#include "grid.h"\nvoid f(int n, double *a) { a[0] = AT(a, 1, 2, n); }\n'
    src.write_text(code)
    (u,) = units(code, uri=path_to_uri(src))
    (r,) = acc(u, "a", write=False)
    assert r.subscripts == (VN + Affine.const(2),)
    assert calls(u) == []


def test_unsafe_macros_stay_calls() -> None:
    code = """
#define STR(x) #x
#define CAT(a, b) a##b
#define LOG(...) printf(__VA_ARGS__)
#define LOOP(x) LOOP(x)
#define SELF SELF
#ifdef WIDE
#define W(i) (2 * (i))
#else
#define W(i) (i)
#endif
void f(double *a, int i) {
    a[W(i)] = STR(i) + CAT(i, 1) + LOG(i) + LOOP(i) + SELF;
}
"""
    (u,) = units(code)
    assert {"STR", "CAT", "LOG", "LOOP", "W"} <= set(calls(u))
    (w,) = acc(u, "a", write=True)
    assert w.subscripts == (None,)


def test_max_macro_stays_a_max_update() -> None:
    code = """
#define MAX(a, b) ((a) > (b) ? (a) : (b))
double f(int n, double *a) {
    double m = 0;
    for (int i = 0; i < n; i++)
        m = MAX(m, a[i]);
    return m;
}
"""
    (u,) = units(code)
    ops = {a.update_op for a in acc(u, "m") if a.span.line == 5}
    assert ops == {"max"}


def test_update_through_macro_subscript_keeps_its_operator() -> None:
    code = """
#define IDX(i, j) ((i) * (n) + (j))
double f(int n, double *u) {
    double s = 0;
    for (int i = 0; i < n; i++)
        s += u[IDX(i, 0)];
    return s;
}
"""
    (u,) = units(code)
    assert {a.update_op for a in acc(u, "s") if a.span.line == 5} == {"+"}
    (r,) = acc(u, "u")
    assert r.subscripts == (VI * VN,)


# --- C++ casts and pure calls ----------------------------------------------------------------


def test_cpp_casts_are_expressions() -> None:
    code = """
void f(int n, float *y, double *z, const double *x) {
    for (int i = 0; i < n; ++i) {
        y[i] = static_cast<float>(i % 7) + float{x[i]};
        z[static_cast<long>(i) + 1] = double(i) + reinterpret_cast<const double *>(x)[i];
    }
}
"""
    (u,) = units(code, "cpp")
    assert calls(u) == []
    (w,) = acc(u, "z", write=True)
    assert w.subscripts == (VI + Affine.const(1),)
    assert [a.subscripts for a in acc(u, "x")] == [(VI,), (VI,)]


def test_container_queries_are_pure_and_symbolic_bounds() -> None:
    code = """
#include <vector>
struct G { int n; double *u; };
void f(std::vector<double> &v, G *g) {
    for (int i = 0; i < v.size(); ++i)
        v[i] = 0.0;
    for (int i = 0; i < g->n; ++i)
        g->u[i] = v[i];
}
"""
    (u,) = units(code, "cpp")
    first, second = u.loops()
    assert first.loop is not None and first.loop.form is LoopForm.COUNTED
    assert first.loop.upper == Affine.var("v.size()") - Affine.const(1)
    assert second.loop is not None and second.loop.form is LoopForm.COUNTED
    assert second.loop.upper == Affine.var("g->n") - Affine.const(1)
    assert all(e.pure for e in u.events if isinstance(e, Call))


# --- one-line accessors ----------------------------------------------------------------------

_GRID = """
#include <vector>
struct Grid {
    int nx, ny;
    std::vector<double> v;
    double &at(int i, int j) { return v[(size_t)i * ny + j]; }
    double &operator()(int i, int j) { return v[index(i, j)]; }
    size_t index(int i, int j) const { return static_cast<size_t>(i) * ny + j; }
    double sum() {
        double s = 0;
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++)
                s += (*this)(i, j) + this->at(i, j);
        return s;
    }
};
void f(Grid &g, Grid *p) {
    for (int i = 0; i < g.nx; i++)
        for (int j = 0; j < g.ny; j++)
            g.at(i, j) = g(i, j + 1) + p->at(i, j);
}
"""


def test_accessor_calls_are_accesses_of_the_returned_array() -> None:
    us = units(_GRID, "cpp")
    f = named(us, "f")
    assert calls(f) == []
    gny = Affine.var("g.ny")
    (w,) = acc(f, "g.v", write=True)
    assert w.subscripts == (VI * gny + VJ,)
    (r,) = acc(f, "g.v", write=False)
    assert r.subscripts == (VI * gny + VJ + Affine.const(1),)
    (pr,) = acc(f, "p->v", write=False)
    assert pr.subscripts == (VI * Affine.var("p->ny") + VJ,)
    loops = list(f.loops())
    assert all(c.loop is not None and c.loop.form is LoopForm.COUNTED for c in loops)


def test_accessors_inside_the_class_use_its_own_members() -> None:
    s = named(units(_GRID, "cpp"), "sum")
    assert calls(s) == []
    ny = Affine.var("ny")
    assert [a.subscripts for a in acc(s, "v")] == [(VI * ny + VJ,), (VI * ny + VJ,)]
    assert {a.update_op for a in acc(s, "s") if a.span.line == 12} == {"+"}


def test_no_inlining_for_other_types_virtuals_or_dropped_side_effects() -> None:
    code = """
struct A { double *d; double &operator()(int i) { return d[i]; } };
struct B { virtual double get(int i) const { return 2.0 * i; } };
struct C { double *d; double first(int i, int unused) { return d[i]; } };
struct D { double &operator()(int i); };
void f(int n, double *out, B &b, C &c, D &h) {
    for (int i = 0; i < n; i++)
        h(i) = b.get(i) + c.first(i, n++);
}
"""
    f = named(units(code, "cpp"), "f")
    assert {"h", "get", "first"} <= set(calls(f))
    assert acc(f, "h.d") == [] and acc(f, "c.d") == []


def test_examples_have_no_macro_or_accessor_calls() -> None:
    jacobi = REPO / "examples" / "jacobi" / "jacobi.c"
    us = units(jacobi.read_text(), uri=path_to_uri(jacobi))
    for u in us:
        assert "IDX" not in calls(u)
    sweep = named(us, "jacobi_sweep")
    (w,) = [a for a in acc(sweep, "unew", write=True) if a.subscripts]
    assert w.subscripts == (VI * Affine.var("ld") + VJ,)
    stencil = REPO / "examples" / "stencil" / "stencil.cpp"
    us = units(stencil.read_text(), "cpp", uri=path_to_uri(stencil))
    for u in us:
        assert "*this" not in calls(u) and "g" not in calls(u) and "in" not in calls(u)
    cuda = REPO / "examples" / "cuda" / "saxpy_reduce.cu"
    for u in units(cuda.read_text(), "cu", uri=path_to_uri(cuda)):
        assert "static_cast" not in calls(u)


def test_one_line_lambdas_inline_and_others_stay_calls() -> None:
    # sq's argument is read twice, as the lambda's body reads it twice.
    code = """
void f(int n, double *x, double *y) {
    long total = 0;
    auto sq = [](double v) { return v * v; };
    auto bump = [&total](int k) { total += k; };
    auto twice = [&](int k) { return x[k] + x[k]; };
    for (int i = 0; i < n; i++) {
        y[i] = sq(x[i]) + twice(i);
        bump(i);
    }
}
"""
    (u,) = units(code, "cpp")
    assert calls(u) == ["bump"]
    line = code.splitlines().index("        y[i] = sq(x[i]) + twice(i);")
    assert [a.subscripts for a in acc(u, "x") if a.span.line == line] == [(VI,)] * 4


def test_exponential_macro_nesting_is_cut_off() -> None:
    code = """
#define Q(x) (x + x + x + x + x + x + x + x)
void f(double *a, int i) {
    a[0] = Q(Q(Q(Q(Q(Q(Q(Q(Q(Q(i))))))))));
}
"""
    (u,) = units(code)
    assert len(u.events) < 100_000
