"""C / C++ / CUDA lowering to the loop-analysis IR (analysis/lower_c.py): loops and their
canonical form, OpenMP constructs attached to the right statement, accesses with affine
subscripts and update operators, calls, symbols, and robustness on broken code."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from hpcls.analysis.ir import (
    Access,
    Affine,
    Call,
    Construct,
    ConstructKind,
    LoopForm,
    Standalone,
    StorageKind,
    Unit,
)
from hpcls.analysis.lower_c import lower_c
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document
from tests.corpus_labels import corpus_files, read_labels

REPO = Path(__file__).resolve().parent.parent


def units(code: str, ext: str = "c") -> tuple[Unit, ...]:
    uri = f"file:///t/sample.{ext}"
    return lower_c(Document.create(uri, language_for(uri), 1, code))


def unit(body: str, ext: str = "c", params: str = "int n, double *a, double *b") -> Unit:
    """The unit of `void f(params) { body }`."""
    found = units(f"void f({params}) {{\n{body}\n}}\n", ext)
    assert len(found) == 1
    return found[0]


def accesses(u: Unit, name: str) -> list[Access]:
    return [e for e in u.events if isinstance(e, Access) and e.name == name]


def only(u: Unit, name: str, write: bool) -> Access:
    found = [a for a in accesses(u, name) if a.write == write]
    assert len(found) == 1, found
    return found[0]


def last_statement(u: Unit) -> int:
    last = u.events[-1]
    assert isinstance(last, Access | Call)
    return last.statement


def loops(u: Unit) -> list[Construct]:
    return list(u.loops())


def omp(u: Unit) -> list[Construct]:
    return [c for c in u.constructs if c.kind is ConstructKind.OMP]


def v(name: str) -> Affine:
    return Affine.var(name)


def k(value: int) -> Affine:
    return Affine.const(value)


# --- loops ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "var", "lower", "upper", "step"),
    [
        ("int i = 0; i < n; i++", "i", k(0), v("n") - k(1), 1),
        ("i = 1; i <= n; ++i", "i", k(1), v("n"), 1),
        ("int i = n - 1; i >= 0; i--", "i", v("n") - k(1), k(0), -1),
        ("int i = n; i > 2; --i", "i", v("n"), k(3), -1),
        ("int i = 0; n > i; i++", "i", k(0), v("n") - k(1), 1),
        ("int i = 0; n >= i; i++", "i", k(0), v("n"), 1),
        ("int i = 0; i != n; i++", "i", k(0), v("n") - k(1), 1),
        ("int i = n; i != 0; i--", "i", v("n"), k(1), -1),
        ("int i = 0; i < n; i += 4", "i", k(0), v("n") - k(1), 4),
        ("int i = n; i > 0; i -= 2", "i", v("n"), k(1), -2),
        ("int i = 0; i < n; i = i + 3", "i", k(0), v("n") - k(1), 3),
        ("int i = 0; i < n; i = 3 + i", "i", k(0), v("n") - k(1), 3),
        ("int i = n; i >= 1; i = i - 1", "i", v("n"), k(1), -1),
        ("long i = 2*m; i < (n+1)*2; i++", "i", v("m").scale(2), v("n").scale(2) + k(1), 1),
        ("int i = 0; i < n; i += s", "i", k(0), v("n") - k(1), None),
    ],
)
def test_canonical_for(
    header: str, var: str, lower: Affine, upper: Affine, step: int | None
) -> None:
    (loop,) = loops(unit(f"int i, m, s;\nfor ({header}) a[i] = 0;"))
    assert loop.loop is not None
    assert loop.loop.form is LoopForm.COUNTED
    assert (loop.loop.var, loop.loop.lower, loop.loop.upper, loop.loop.step) == (
        var,
        lower,
        upper,
        step,
    )


@pytest.mark.parametrize(
    "header",
    [
        "int i = 0; i < n; i--",  # steps away from the bound
        "int i = n; i > 0; i++",
        "int i = 0; i != n; i += 2",  # != needs a unit step
        "int i = 0; i * i < n; i++",
        "int i = 0; j < n; i++",
        "int i = 0; i < n; j++",
        "int i = 0; i < i + n; i++",
        "int i = 0; i < n; i *= 2",
        "int i = 0; i < n; i = 2 * i",
        "int i = 0; ; i++",
        "; i < n; i++",
        "int i = 0, j = 0; i < n; i++",
        "int i = 0; i < n; i += i",
        "double *p = a; p < a + n; p++",
    ],
)
def test_non_canonical_for(header: str) -> None:
    (loop,) = loops(unit(f"int i, j;\nfor ({header}) b[0] = 1;"))
    assert loop.loop is not None
    assert loop.loop.form is LoopForm.OTHER


def test_loop_without_init_keeps_its_variable() -> None:
    (loop,) = loops(unit("int i = 0;\nfor (; i < n; i++) a[i] = 0;"))
    assert loop.loop is not None and loop.loop.var == "i"
    assert loop.loop.form is LoopForm.OTHER


@pytest.mark.parametrize(
    "body",
    ["i = n;", "i += 1;", "if (a[i] > 0) i++;", "g(&i);", "for (j = 0; j < n; j++) i = j;"],
)
def test_body_that_assigns_the_loop_variable_is_not_canonical(body: str) -> None:
    u = unit(f"int i, j;\nfor (i = 0; i < n; i++) {{ {body} }}")
    outer = loops(u)[0]
    assert outer.loop is not None and outer.loop.form is LoopForm.OTHER


def test_body_reading_the_loop_variable_stays_canonical() -> None:
    u = unit("for (int i = 0; i < n; i++) { a[i] = i * 2; b[i] = a[i]; }")
    (loop,) = loops(u)
    assert loop.loop is not None and loop.loop.form is LoopForm.COUNTED


def test_while_do_and_range_for_are_other() -> None:
    u = unit(
        "int i = 0; while (i < n) { a[i] = 0; i++; }\n"
        "do { i--; } while (i > 0);\n"
        "for (double x : v) s += x;",
        ext="cpp",
        params="int n, double *a, std::vector<double> v, double s",
    )
    kinds = [(c.loop.var, c.loop.form) for c in loops(u) if c.loop is not None]
    assert kinds == [(None, LoopForm.OTHER), (None, LoopForm.OTHER), ("x", LoopForm.OTHER)]
    # The do-while condition is evaluated after the body, inside the loop.
    do_loop = loops(u)[1]
    reads = [a for a in accesses(u, "i") if do_loop.id in a.context]
    assert [a.write for a in reads] == [False, True, False]
    assert "x" in loops(u)[2].locals


def test_loop_spans_headers_and_lines() -> None:
    code = "int i;\nfor (i = 0; i < n; i++)\n  a[i] = 0;"
    u = unit(code)
    (loop,) = loops(u)
    source = f"void f(int n, double *a, double *b) {{\n{code}\n}}\n".encode()
    assert source[loop.span.start : loop.span.end] == b"for (i = 0; i < n; i++)\n  a[i] = 0;"
    assert loop.header is not None
    assert source[loop.header.start : loop.header.end].strip() == b"for (i = 0; i < n; i++)"
    assert loop.span.line == 2


def test_nested_loops_and_their_locals() -> None:
    u = unit(
        "for (int i = 0; i < n; i++) {\n"
        "  double t = a[i];\n"
        "  for (int j = 0; j < i; j++) { int q = j; b[i*n+j] = t + q; }\n"
        "}"
    )
    outer, inner = loops(u)
    assert inner.parent == outer.id and outer.parent is None
    assert outer.locals == {"i", "t"} and inner.locals == {"j", "q"}
    assert u.symbols["t"].declared_in == outer.id
    assert u.symbols["q"].declared_in == inner.id
    assert inner.loop is not None and inner.loop.upper == v("i") - k(1)
    write = only(u, "b", True)
    assert write.context == (outer.id, inner.id)
    assert write.subscripts == (v("i") * v("n") + v("j"),)


# --- exits ----------------------------------------------------------------------------------


def _exits(body: str) -> list[int]:
    return [len(c.loop.exits) for c in loops(unit(body)) if c.loop is not None]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("for (int i = 0; i < n; i++) { if (a[i] < 0) break; }", [1]),
        ("for (int i = 0; i < n; i++) { if (a[i] < 0) return; }", [1]),
        ("for (int i = 0; i < n; i++) { if (a[i] < 0) exit(1); }", [1]),
        ("for (int i = 0; i < n; i++) { if (a[i] < 0) abort(); }", [1]),
        ("for (int i = 0; i < n; i++) { if (a[i] < 0) continue; a[i] = 1; }", [0]),
        ("for (int i = 0; i < n; i++) { switch (i) { case 1: break; } }", [0]),
        ("for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) break; }", [0, 1]),
        ("for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) return; }", [1, 1]),
        ("for (int i = 0; i < n; i++) { if (a[i]) goto done; }\ndone: ;", [1]),
        ("for (int i = 0; i < n; i++) { if (a[i]) goto skip; a[i] = 1; skip: ; }", [0]),
        ("while (n > 0) { n--; if (n == 3) break; }", [1]),
    ],
)
def test_loop_exits(body: str, expected: list[int]) -> None:
    assert _exits(body) == expected


def test_exit_keeps_the_header_form() -> None:
    (loop,) = loops(unit("for (int i = 0; i < n; i++) { if (a[i] < 0) break; }"))
    assert loop.loop is not None and loop.loop.form is LoopForm.COUNTED
    source = b"void f(int n, double *a, double *b) {\n"
    assert loop.loop.exits[0].line == 1 and loop.loop.exits[0].start > len(source)


# --- OpenMP constructs ----------------------------------------------------------------------

_BLOCK_DIRECTIVES = [
    "parallel",
    "for",
    "parallel for",
    "simd",
    "for simd",
    "parallel for simd",
    "single",
    "master",
    "masked",
    "critical",
    "critical (name)",
    "task",
    "taskgroup",
    "taskloop",
    "target",
    "target teams distribute parallel for",
    "teams",
    "distribute",
    "loop",
    "ordered",
    "parallel sections",
]


@pytest.mark.parametrize("directive", _BLOCK_DIRECTIVES)
def test_block_directive_attaches_to_the_next_statement(directive: str) -> None:
    body = f"b[0] = 1;\n#pragma omp {directive}\nfor (int i = 0; i < n; i++) a[i] = i;\nb[1] = 2;"
    u = unit(body)
    (construct,) = omp(u)
    assert construct.directive is not None
    assert construct.directive.name == directive.split(" (")[0]
    source = f"void f(int n, double *a, double *b) {{\n{body}\n}}\n".encode()
    text = source[construct.span.start : construct.span.end]
    assert text == f"#pragma omp {directive}\nfor (int i = 0; i < n; i++) a[i] = i;".encode()
    (loop,) = loops(u)
    assert loop.parent == construct.id
    assert only(u, "a", True).context == (construct.id, loop.id)
    assert [a.context for a in accesses(u, "b")] == [(), ()]


@pytest.mark.parametrize(
    "directive",
    [
        "barrier",
        "taskwait",
        "taskyield",
        "flush",
        "flush(x)",
        "ordered depend(sink: i - 1)",
        "cancel parallel",
        "target update to(a[0:n])",
        "target enter data map(to: a[0:n])",
        "target exit data map(from: a[0:n])",
    ],
)
def test_standalone_directives_are_events(directive: str) -> None:
    u = unit(f"#pragma omp parallel\n{{\n  b[0] = 1;\n#pragma omp {directive}\n  b[1] = 2;\n}}")
    (region,) = omp(u)
    events = [e for e in u.events if isinstance(e, Standalone)]
    assert len(events) == 1
    assert events[0].context == (region.id,)
    assert directive.startswith(events[0].directive.name)
    orders = [e.order for e in u.events]
    b0, b1 = accesses(u, "b")
    assert b0.order < events[0].order < b1.order
    assert orders == list(range(len(orders)))


def test_atomic_marks_only_the_next_statement() -> None:
    u = unit("double s = 0;\n#pragma omp atomic\ns += a[0];\ns = 2;")
    (atomic,) = omp(u)
    marked = [(e.name, e.write) for e in u.events if isinstance(e, Access) and e.atomic]
    assert marked == [("s", False), ("a", False), ("s", True)]
    assert all(atomic.id in a.context for a in u.events if isinstance(a, Access) and a.atomic)
    last = accesses(u, "s")[-1]
    assert not last.atomic and last.context == ()


def test_atomic_capture_block() -> None:
    u = unit("int t, c = 0;\n#pragma omp atomic capture\n{ t = c; c++; }")
    (atomic,) = omp(u)
    inside = [a for a in u.events if isinstance(a, Access) and atomic.id in a.context]
    assert [(a.name, a.atomic) for a in inside] == [
        ("c", True),
        ("t", True),
        ("c", True),
        ("c", True),
    ]
    assert not accesses(u, "c")[0].atomic  # the initialiser before the directive


def test_critical_inside_parallel_context() -> None:
    u = unit(
        "double s = 0;\n#pragma omp parallel for\nfor (int i = 0; i < n; i++) {\n"
        "  double t = a[i] * 2;\n#pragma omp critical\n  { s += t; }\n}"
    )
    par, crit = omp(u)
    (loop,) = loops(u)
    assert crit.parent == loop.id and loop.parent == par.id
    write = [a for a in accesses(u, "s") if a.write][-1]
    assert write.context == (par.id, loop.id, crit.id)
    assert u.every_time(write.context, loop.id)


def test_collapse_nests_loops_under_one_construct() -> None:
    u = unit(
        "#pragma omp parallel for collapse(2)\n"
        "for (int i = 0; i < n; i++)\n  for (int j = 0; j < n; j++)\n    a[i*n + j] = 0;"
    )
    (c,) = omp(u)
    outer, inner = loops(u)
    assert c.directive is not None and c.directive.clause("collapse") is not None
    assert (outer.parent, inner.parent) == (c.id, outer.id)


def test_consecutive_directives_nest() -> None:
    u = unit("#pragma omp parallel\n#pragma omp for\nfor (int i = 0; i < n; i++) a[i] = 0;")
    par, wsl = omp(u)
    assert wsl.parent == par.id and loops(u)[0].parent == wsl.id


def test_pragma_in_an_unbraced_body_is_taken_back() -> None:
    code = (
        "for (int i = 0; i < n; i++)\n#pragma omp simd\n  for (int j = 0; j < n; j++)\n"
        "    a[i*n+j] = 0;\nb[0] = 1;"
    )
    u = unit(code)
    outer, inner = loops(u)
    (simd,) = omp(u)
    assert simd.parent == outer.id and inner.parent == simd.id
    assert only(u, "a", True).context == (outer.id, simd.id, inner.id)
    assert only(u, "b", True).context == ()
    assert outer.span.end == simd.span.end


def test_pragma_in_an_unbraced_if() -> None:
    u = unit("if (n > 0)\n#pragma omp critical\n  b[0] += 1;\nb[1] = 0;")
    (branch,) = [c for c in u.constructs if c.kind is ConstructKind.BRANCH]
    (crit,) = omp(u)
    assert crit.parent == branch.id
    assert [a.context for a in accesses(u, "b")] == [
        (branch.id, crit.id),
        (branch.id, crit.id),
        (),
    ]


def test_sections_and_sections_members() -> None:
    u = unit(
        "#pragma omp parallel sections\n{\n#pragma omp section\n  a[0] = 1;\n"
        "#pragma omp section\n  b[0] = 2;\n}"
    )
    par, s1, s2 = omp(u)
    assert s1.parent == par.id and s2.parent == par.id
    assert only(u, "a", True).context == (par.id, s1.id)
    assert only(u, "b", True).context == (par.id, s2.id)


def test_threadprivate_and_file_scope_symbols() -> None:
    (u,) = units(
        "static int counter;\ndouble grid[100];\ndouble *ptr;\n"
        "#pragma omp threadprivate(counter)\n"
        "void f(void) { counter++; grid[0] = *ptr; other = 1; }\n"
    )
    assert u.symbols["counter"].threadprivate and u.symbols["counter"].static
    assert u.symbols["grid"].storage is StorageKind.ARRAY and u.symbols["grid"].static
    assert u.symbols["ptr"].storage is StorageKind.POINTER
    assert u.symbols["other"].storage is StorageKind.UNKNOWN
    assert not u.symbols["grid"].threadprivate


def test_other_pragmas_are_ignored() -> None:
    u = unit(
        "#pragma once\n#pragma GCC ivdep\n#pragma acc parallel loop\n#pragma unroll 4\n"
        "for (int i = 0; i < n; i++) a[i] = 0;"
    )
    assert omp(u) == [] and not any(isinstance(e, Standalone) for e in u.events)
    assert loops(u)[0].parent is None


def test_declarative_directives_are_not_constructs() -> None:
    (u,) = units(
        "#pragma omp declare simd\ndouble g(double x);\n"
        "void f(double *a) {\n#pragma omp declare reduction(mx : int : omp_out += omp_in)\n"
        "a[0] = 1; }\n"
    )
    assert omp(u) == [] and not any(isinstance(e, Standalone) for e in u.events)


# --- accesses -------------------------------------------------------------------------------


def test_assignment_reads_then_writes() -> None:
    u = unit("int i = 1;\na[i + 1] = b[2 * i] + n;")
    events = [(e.name, e.write, e.subscripts) for e in u.events if isinstance(e, Access)]
    assert events[1:] == [
        ("i", False, ()),
        ("i", False, ()),
        ("b", False, (v("i").scale(2),)),
        ("n", False, ()),
        ("a", True, (v("i") + k(1),)),
    ]
    statements = {e.statement for e in u.events if isinstance(e, Access)}
    assert len(statements) == 2


@pytest.mark.parametrize(
    ("statement", "op"),
    [
        ("s += a[0];", "+"),
        ("s -= a[0];", "-"),
        ("s *= a[0];", "*"),
        ("m &= 3;", "&"),
        ("m |= 3;", "|"),
        ("m ^= 3;", "^"),
        ("s /= 2;", None),
        ("m <<= 1;", None),
        ("m %= 7;", None),
        ("s += s;", None),
        ("s = s + a[0];", "+"),
        ("s = a[0] + s;", "+"),
        ("s = (s + a[0]);", "+"),
        ("s = a[0] + s + b[0];", "+"),
        ("s = s - a[0] - b[0];", "-"),
        ("s = a[0] - s;", None),
        ("s = s * a[0];", "*"),
        ("s = s * 2 + s;", None),
        ("s = s + s;", None),
        ("s = s * 2 + a[0];", None),
        ("s = s + a[0] * s;", None),
        ("m = m & 1;", "&"),
        ("m = m | 1;", "|"),
        ("m = m ^ 1;", "^"),
        ("m = m && a[0] > 0;", "&&"),
        ("m = a[0] > 0 || m;", "||"),
        ("s = fmax(s, a[0]);", "max"),
        ("s = fmin(a[0], s);", "min"),
        ("s = fmax(s, s * 2);", None),
        ("s = s > a[0] ? s : a[0];", "max"),
        ("s = a[0] > s ? a[0] : s;", "max"),
        ("s = s < a[0] ? s : a[0];", "min"),
        ("s = s < a[0] ? a[0] : s;", "max"),
        ("s = s > a[0] ? a[0] : s;", "min"),
        ("s = s > a[0] ? s : b[0];", None),
        ("s = a[0] + s * 0;", None),
        ("s++;", "+"),
        ("--s;", "-"),
    ],
)
def test_update_operators(statement: str, op: str | None) -> None:
    u = unit(f"double s = 0; int m = 0;\n{statement}")
    name = "s" if "s" in statement.replace("fmax", "").replace("fmin", "") else "m"
    found = [a for a in accesses(u, name) if a.statement == last_statement(u)]
    assert any(a.write for a in found) and any(not a.write for a in found)
    write = next(a for a in found if a.write)
    assert write.update_op == op
    if op is not None:  # every read of the variable in an update is marked with it
        assert all(a.update_op == op for a in found)


@pytest.mark.parametrize(
    ("guarded", "op"),
    [
        ("if (a[0] > s) s = a[0];", "max"),
        ("if (s < a[0]) { s = a[0]; }", "max"),
        ("if (a[0] <= s) s = a[0];", "min"),
        ("if (s > a[0]) s = a[0];", "min"),
        ("if (a[0] > s) s = a[1];", None),
        ("if (a[0] > s) s = a[0]; else s = 0;", None),
        ("if (a[0] > s) { s = a[0]; b[0] = 1; }", None),
        ("if (g(s) > s) s = g(s);", None),
    ],
)
def test_guarded_max_and_min_updates(guarded: str, op: str | None) -> None:
    u = unit(f"double s = 0;\n{guarded}")
    test_read = accesses(u, "s")[1]
    store = [a for a in accesses(u, "s") if a.write][1]
    assert not test_read.write and test_read.context == ()
    assert (test_read.update_op, store.update_op) == (op, op)


def test_update_on_array_elements() -> None:
    u = unit("int i = 2;\na[i] = a[i] + b[i];\nb[i] = b[i] + b[i - 1];")
    assert {a.update_op for a in accesses(u, "a")} == {"+"}
    assert {a.update_op for a in accesses(u, "b")} == {None}
    assert all(a.update_op is None for a in accesses(u, "i"))


def test_increment_of_array_element_reads_index_once() -> None:
    u = unit("int i = 0;\na[i]++;")
    last = last_statement(u)
    stmt = [
        (e.name, e.write, e.update_op)
        for e in u.events
        if isinstance(e, Access) and e.statement == last
    ]
    assert stmt == [("i", False, None), ("a", False, "+"), ("a", True, "+")]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("a[i]", (v("i"),)),
        ("a[i + 1]", (v("i") + k(1),)),
        ("a[-i]", (-v("i"),)),
        ("a[(i + 1) * 2]", (v("i").scale(2) + k(2),)),
        ("a[(long) i]", (v("i"),)),
        ("a[i * n + j]", (v("i") * v("n") + v("j"),)),
        ("a[i * i]", (v("i") * v("i"),)),
        ("a[0x10]", (k(16),)),
        ("a[i / 2]", (None,)),
        ("a[i % 2]", (None,)),
        ("a[g(i)]", (None,)),
        ("a[idx[i]]", (None,)),
        ("m2[i][j + 1]", (v("i"), v("j") + k(1))),
        ("*a", (k(0),)),
        ("*(a + i)", (v("i"),)),
        ("*(i + a)", (v("i"),)),
        ("*(a + i + 1)", (v("i") + k(1),)),
        ("*(a - 1)", (k(-1),)),
        ("(a + 2)[i]", (v("i") + k(2),)),
    ],
)
def test_subscripts(expression: str, expected: tuple[Affine | None, ...]) -> None:
    name = expression.lstrip("*(").split("[")[0].split(" ")[0].strip("()")
    name = "a" if name in ("i", "a") else name
    u = unit(
        f"int i = 1, j = 2, idx[10]; double m2[4][4];\n{expression} = 1.0;",
        params="int n, double *a",
    )
    assert only(u, name, True).subscripts == expected


def test_indirect_subscript_records_the_inner_read() -> None:
    u = unit("int idx[8], i = 3;\na[idx[i]] = 0;")
    assert only(u, "idx", False).subscripts == (v("i"),)
    assert only(u, "a", True).subscripts == (None,)


def test_members_pointers_and_address() -> None:
    u = unit(
        "struct P { double x; } s, *p, arr[4];\nint i = 0;\n"
        "s.x = p->x + arr[i].x;\ng(&i, &a[i + 1]);",
        params="double *a",
    )
    assert only(u, "s.x", True).subscripts == ()
    assert only(u, "p->x", False).subscripts == ()
    assert only(u, "arr", False).subscripts == (v("i"),)
    taken = [a for a in u.events if isinstance(a, Access) and a.address_taken]
    assert [(a.name, a.subscripts, a.write) for a in taken] == [
        ("i", (), False),
        ("a", (v("i") + k(1),), False),
    ]
    assert u.symbols["s.x"].storage is StorageKind.SCALAR
    assert u.symbols["p"].storage is StorageKind.POINTER


def test_cpp_subscripts_on_objects() -> None:
    u = unit(
        "std::vector<double> w(n);\nfor (int i = 0; i < n; i++) w[i] = v[i] + r;",
        ext="cpp",
        params="int n, const std::vector<double> &v, double &r",
    )
    built, element = (a for a in accesses(u, "w") if a.write)
    assert built.subscripts == () and element.subscripts == (v("i"),)
    assert accesses(u, "n")[0].order < built.order  # `w(n)`: n is read to build w
    assert only(u, "v", False).subscripts == (v("i"),)
    assert u.symbols["w"].storage is StorageKind.ARRAY
    assert u.symbols["v"].storage is StorageKind.POINTER
    assert u.symbols["r"].storage is StorageKind.POINTER and u.symbols["r"].parameter


# --- symbols --------------------------------------------------------------------------------


def test_redeclared_block_local_inside_a_region_wins() -> None:
    u = unit(
        "for (int i = 0; i < n; i++) { double t = a[i]; b[i] = t; }\n"
        "#pragma omp parallel for\n"
        "for (int i = 0; i < n; i++) { double t = b[i]; a[i] = t; }\n"
        "for (int i = 0; i < n; i++) { double t = 0; a[i] += t; }"
    )
    first, second, third = loops(u)
    (region,) = omp(u)
    assert second.parent == region.id
    assert u.symbols["t"].declared_in == second.id and u.symbols["i"].declared_in == second.id
    assert all("t" in c.locals and "i" in c.locals for c in (first, second, third))


def test_parameter_and_local_storage() -> None:
    (u,) = units(
        "void f(double *restrict x, double y[], const double *z, int n, double m[][4]) {\n"
        "  static int calls = 0; double t[8]; double *q = x; int k = n;\n"
        "  calls++; t[0] = *q + k + y[0] + z[0] + m[0][0];\n}\n"
    )
    s = u.symbols
    assert s["x"].storage is StorageKind.POINTER and s["x"].restrict and s["x"].parameter
    assert s["y"].storage is StorageKind.POINTER and not s["y"].restrict
    assert s["z"].storage is StorageKind.POINTER
    assert s["m"].storage is StorageKind.POINTER
    assert s["n"].storage is StorageKind.SCALAR and s["n"].parameter
    assert s["calls"].static and not s["calls"].parameter
    assert s["t"].storage is StorageKind.ARRAY and s["t"].declared_in is None
    assert s["q"].storage is StorageKind.POINTER and not s["q"].static
    assert s["k"].storage is StorageKind.SCALAR


def test_cuda_restrict_and_kernels() -> None:
    found = units(
        "__global__ void saxpy(int n, float a, const float * __restrict__ x, float *y) {\n"
        "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = a * x[i] + y[i];\n}\n"
        "__device__ float sq(float v) { return v * v; }\n"
        "int main() { float *d; cudaMalloc(&d, 64); saxpy<<<1, 32>>>(16, 2.0f, d, d); }\n",
        ext="cu",
    )
    assert [u.name for u in found] == ["saxpy", "sq", "main"]
    kernel = found[0]
    assert kernel.symbols["x"].restrict and not kernel.symbols["y"].restrict
    (branch,) = [c for c in kernel.constructs if c.kind is ConstructKind.BRANCH]
    y_write = only(kernel, "y", True)
    assert y_write.context == (branch.id,) and y_write.update_op == "+"
    assert only(kernel, "blockIdx.x", False).context == ()
    host = found[2]
    assert [c.name for c in host.events if isinstance(c, Call)] == ["cudaMalloc", "saxpy"]


def test_declaration_initialisers_write() -> None:
    u = unit("double t[3] = {1, 2, 3};\nint j = n * 2;\ndouble *p;", params="int n")
    assert only(u, "t", True).subscripts == (None,)
    assert only(u, "j", True).subscripts == ()
    assert accesses(u, "p") == []
    assert only(u, "n", False).order < only(u, "j", True).order


# --- calls ----------------------------------------------------------------------------------


def test_calls_purity_and_arguments() -> None:
    u = unit(
        "double t[4]; int k = 1; omp_lock_t l;\n"
        "t[0] = sin(a[0]) + sqrtf(2.0f) + fabs(t[1]) + pow(t[1], 2);\n"
        "k = omp_get_thread_num();\n"
        "work(t, a, &k, n, a + 1);\n"
        "omp_set_lock(&l); omp_unset_lock(&l);",
        params="int n, double *a",
    )
    calls = {e.name: e for e in u.events if isinstance(e, Call)}
    assert all(calls[n].pure for n in ("sin", "sqrtf", "fabs", "pow", "omp_get_thread_num"))
    assert not calls["work"].pure and calls["work"].arguments == ("t", "a", "k")
    assert not calls["omp_set_lock"].pure and calls["omp_set_lock"].arguments == ("l",)
    assert "omp_unset_lock" in calls
    assert not any(a.name == "t" and a.subscripts == () for a in accesses(u, "t"))


def test_cpp_std_calls_and_methods() -> None:
    u = unit(
        "double s = std::sqrt(x) + std::max(x, 1.0);\nv.push_back(s);\nint m = v.size();",
        ext="cpp",
        params="double x, std::vector<double> &v",
    )
    calls = [(e.name, e.pure, e.arguments) for e in u.events if isinstance(e, Call)]
    assert calls[:2] == [("std::sqrt", True, ()), ("std::max", True, ())]
    assert calls[2] == ("push_back", False, ("v",))


# --- branches -------------------------------------------------------------------------------


def test_if_else_arms_are_branches() -> None:
    u = unit("if (n > 0) a[0] = 1; else if (n < 0) a[1] = 2; else a[2] = 3;")
    branches = [c for c in u.constructs if c.kind is ConstructKind.BRANCH]
    assert len(branches) == 4  # then, else(if ...), its then, its else
    n_reads = accesses(u, "n")
    assert n_reads[0].context == ()  # the condition is evaluated unconditionally
    writes = [a for a in accesses(u, "a") if a.write]
    assert writes[0].context == (branches[0].id,)
    assert writes[1].context == (branches[1].id, branches[2].id)
    assert writes[2].context == (branches[1].id, branches[3].id)
    source = b"void f(int n, double *a, double *b) {\n"
    assert branches[0].header is not None and branches[0].header.start == len(source) + 3


def test_switch_cases_are_branches() -> None:
    u = unit("switch (n) { case 0: a[0] = 1; break; case 1: case 2: a[1] = 2; default: b[0] = 3; }")
    branches = [c for c in u.constructs if c.kind is ConstructKind.BRANCH]
    assert len(branches) == 4
    assert only(u, "b", True).context == (branches[3].id,)
    assert only(u, "n", False).context == ()


def test_conditional_expression_arms() -> None:
    u = unit("b[0] = n > 0 ? a[0] : a[1];")
    branches = [c for c in u.constructs if c.kind is ConstructKind.BRANCH]
    assert [a.context for a in accesses(u, "a")] == [(branches[0].id,), (branches[1].id,)]
    assert only(u, "b", True).context == ()


def test_loop_body_write_under_branch_is_not_every_time() -> None:
    u = unit("for (int i = 0; i < n; i++) { if (a[i] > 0) b[i] = 1; a[i] = 0; }")
    (loop,) = loops(u)
    assert not u.every_time(only(u, "b", True).context, loop.id)
    assert u.every_time(only(u, "a", True).context, loop.id)


# --- units, order, robustness ---------------------------------------------------------------


def test_units_for_methods_templates_and_lambdas() -> None:
    found = units(
        "struct Grid { void step(double *u, int n) { for (int i = 0; i < n; i++) u[i] *= 2; } };\n"
        "template <typename T> T sum(const T *x, int n) { T s = 0;\n"
        "  auto add = [&](int i) { s += x[i]; };\n  for (int i = 0; i < n; i++) add(i);\n"
        "  return s; }\n"
        "namespace ns { void g() {} }\n",
        ext="cpp",
    )
    assert [u.name for u in found] == ["step", "sum", "g"]
    total = found[1]
    assert any(a.write and a.update_op == "+" for a in accesses(total, "s"))
    assert not total.symbols["i"].parameter


def test_orders_and_statements() -> None:
    u = unit("int i;\nfor (i = 0; i < n; i++) { a[i] = b[i] * 2; b[i] += 1; }\nf(a);")
    assert [e.order for e in u.events] == list(range(len(u.events)))
    spans = [e.span.start for e in u.events if isinstance(e, Access)]
    assert spans[:3] == sorted(spans[:3])
    statements = [e.statement for e in u.events if isinstance(e, Access | Call)]
    assert statements == sorted(statements)


@pytest.mark.parametrize(
    "code",
    [
        "void f(int n { for (int i = 0; i < n; i++) a[i] = ; }",
        "void f() { for (int i = 0; i < ; i++) { a[i] = 1; }",
        "void f() {\n#pragma omp parallel for\n}",
        "void f() { #pragma omp critical\n x++; }",
        "void f() { if ( { a[ = 3; } else }",
        "void f() { x = (a[i] + ; s += ; *(p + ) = 1; }",
        "void f() { switch (x) { case : break; default } }",
        "int g(",
        "void f() { goto; break; return }",
        "void f() { for (;;) }",
    ],
)
def test_broken_code_does_not_raise(code: str) -> None:
    for ext in ("c", "cpp", "cu"):
        units(code, ext)


def test_broken_code_still_lowers_what_it_can() -> None:
    (u,) = units(
        "void f(double *a, int n) {\n  x = = 3;\n  for (int i = 0; i < n; i++) a[i] = 0;\n}\n"
    )
    (loop,) = loops(u)
    assert loop.loop is not None and loop.loop.form is LoopForm.COUNTED


def _c_files() -> list[Path]:
    roots = [REPO / "examples", REPO / "tests"]
    return sorted(p for r in roots for p in r.rglob("*") if p.suffix in (".c", ".cpp", ".cu"))


def test_every_repository_c_file_lowers() -> None:
    files = _c_files()
    assert len(files) >= 4
    rnd = random.Random(6)
    for path in files:
        source = path.read_bytes()
        lowered = lower_c(Document.create(str(path), language_for(str(path)), 1, source))
        assert lowered or b"(" not in source
        for _ in range(8):  # and cut or spliced at random places, as while typing
            at = rnd.randrange(len(source) + 1)
            broken = source[:at] + source[at + rnd.randrange(20) :]
            lower_c(Document.create(str(path), language_for(str(path)), 1, broken))
            inserted = source[:at] + b"\n#pragma omp parallel for\n" + source[at:]
            lower_c(Document.create(str(path), language_for(str(path)), 1, inserted))


_C_CORPUS = [p for p in corpus_files() if p.suffix in (".c", ".cpp")]


@pytest.mark.parametrize("path", _C_CORPUS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_counted_loops_match_corpus_loop_labels(path: Path) -> None:
    """The corpus labels every counted loop: exactly those are COUNTED here."""
    labelled = {label.line - 1 for label in read_labels(path).loops}
    lowered = lower_c(Document.create(str(path), language_for(str(path)), 1, path.read_bytes()))
    counted = {
        c.header.line
        for u in lowered
        for c in u.loops()
        if c.loop is not None and c.loop.form is LoopForm.COUNTED and c.header is not None
    }
    assert counted == labelled


def test_long_expression_chains_are_lowered() -> None:
    terms = " + ".join(f"a[{i}]" for i in range(5000))
    (u,) = units(f"void f(double *a) {{ double s = 0; s = s + {terms}; }}")
    assert len(accesses(u, "a")) == 5000
    assert {a.update_op for a in accesses(u, "s")[1:]} == {"+"}


def test_absurd_nesting_drops_only_that_function() -> None:
    deep = "(" * 3000 + "a[0]" + ")" * 3000
    found = units(f"void f(double *a) {{ double s = {deep}; }}\nvoid g(int *b) {{ b[0] = 1; }}")
    # Past the recursion limit f is dropped (never half-lowered); g is always there.
    assert [u.name for u in found][-1] == "g"
    for u in found[:-1]:
        assert u.name == "f" and [a.name for a in u.events if isinstance(a, Access)] == ["a", "s"]


def test_directive_guarded_by_ifdef_reaches_the_loop_after_endif() -> None:
    u = unit(
        "#ifdef _OPENMP\n#pragma omp parallel for\n#else\n  int z = 0;\n#endif\n"
        "for (int i = 0; i < n; i++) a[i] = 0;\n"
        "#if X\n  b[0] = 1;\n#elif Y\n  b[1] = 1;\n#else\n  b[2] = 1;\n#endif"
    )
    (region,) = omp(u)
    (loop,) = loops(u)
    assert loop.parent == region.id
    assert only(u, "z", True).context == ()
    assert sorted(str(a.subscripts[0]) for a in accesses(u, "b")) == ["0", "1", "2"]
