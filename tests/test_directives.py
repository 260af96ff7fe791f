"""OpenMP/OpenACC directives found in C, C++, CUDA and Fortran sources (analysis/directives.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hpcls.analysis.directives import (
    Directive,
    clause_items,
    directive_at_line,
    find_directives,
    parse_directive_text,
)
from hpcls.analysis.directives_syntax import known_names
from hpcls.languages.registry import LanguageKind, new_parser

C_FAMILY = [LanguageKind.C, LanguageKind.CPP, LanguageKind.CUDA]


def find(source: bytes, kind: LanguageKind) -> list[Directive]:
    return find_directives(new_parser(kind).parse(source), source, kind)


def text(source: bytes, start: int, end: int) -> bytes:
    return source[start:end]


def clause_texts(d: Directive, source: bytes) -> list[tuple[str, str | None, bytes]]:
    return [(c.name, c.arguments, source[c.start : c.end]) for c in d.clauses]


# --- C family -------------------------------------------------------------------------------

C_SAMPLE = b"""\
#include <stdio.h>
#pragma omp parallel for private(i, j) \\
    reduction(+:s) schedule(static, 4) map(tofrom: a[0:n]) depend(in: x) if(target: n > 100)
int f(int n) {
  int s = 0;
  #  pragma   omp parallel /* note */ shared(s) // why
  {
    #pragma omp for nowait
    for (int i = 0; i < n; i++) s += i;
  }
  #pragma omp critical(lock1)
  s++;
  return s;
}
#pragma once
#pragma omp barrier"""


@pytest.mark.parametrize("kind", C_FAMILY)
def test_c_family_directives(kind: LanguageKind) -> None:
    src = C_SAMPLE
    ds = find(src, kind)
    assert [d.name for d in ds] == ["parallel for", "parallel", "for", "critical", "barrier"]
    assert all(d.known and d.family == "omp" and d.sentinel == "#pragma omp" for d in ds)
    assert not any(d.errors or d.is_end for d in ds)

    first = ds[0]
    assert first.lines == (1, 2)
    assert text(src, first.start, first.end) == (
        b"#pragma omp parallel for private(i, j) \\\n    reduction(+:s) schedule(static, 4) "
        b"map(tofrom: a[0:n]) depend(in: x) if(target: n > 100)"
    )
    assert text(src, first.name_start, first.name_end) == b"parallel for"
    assert clause_texts(first, src) == [
        ("private", "i, j", b"private(i, j)"),
        ("reduction", "+:s", b"reduction(+:s)"),
        ("schedule", "static, 4", b"schedule(static, 4)"),
        ("map", "tofrom: a[0:n]", b"map(tofrom: a[0:n])"),
        ("depend", "in: x", b"depend(in: x)"),
        ("if", "target: n > 100", b"if(target: n > 100)"),
    ]
    assert first.clause_vars("private") == ("i", "j")
    assert first.clause_vars("reduction") == ("s",)
    assert first.clause_vars("map") == ("a",)
    assert first.clause_vars("depend") == ("x",)
    assert first.clause("SCHEDULE") is first.clauses[2]
    assert first.clause("shared") is None

    spaced = ds[1]  # `#  pragma   omp`, comments dropped, inside a function body
    assert spaced.lines == (5,)
    assert text(src, spaced.start, spaced.end) == b"#  pragma   omp parallel /* note */ shared(s)"
    assert clause_texts(spaced, src) == [("shared", "s", b"shared(s)")]
    assert clause_texts(ds[2], src) == [("nowait", None, b"nowait")]
    assert ds[3].directive_argument == "lock1" and ds[3].clauses == ()
    assert text(src, ds[4].start, ds[4].end) == b"#pragma omp barrier"  # last line, no newline
    assert ds[4].lines == (15,)


def test_c_pragmas_that_are_not_directives() -> None:
    src = b"""\
/*
#pragma omp barrier
*/
const char *s = "\\
#pragma omp barrier";
#define PAR \\
  #pragma omp parallel
void g(void) { _Pragma("omp barrier") }
#pragma GCC optimize("O3")
#pragma OMP parallel
"""
    assert find(src, LanguageKind.C) == []


def test_c_pragma_left_in_an_error_node_is_still_found() -> None:
    src = b"int a[] = {1,\n#pragma omp barrier\n 2};\n"
    tree = new_parser(LanguageKind.C).parse(src)
    assert tree.root_node.has_error
    (d,) = find_directives(tree, src, LanguageKind.C)
    assert d.name == "barrier" and d.lines == (1,)


def test_cpp_method_and_cuda_kernel() -> None:
    cpp = b"""\
namespace ns {
struct A {
  void run(std::vector<double>& v) {
#pragma omp declare reduction(merge : std::vector<int> : omp_out.insert(omp_out.end(), \\
    omp_in.begin(), omp_in.end())) initializer(omp_priv = omp_orig)
#pragma omp parallel for reduction(std::plus<double>: total) linear(k:2)
    for (auto& x : v) total += x;
  }
};
}
"""
    red, par = find(cpp, LanguageKind.CPP)
    assert red.name == "declare reduction" and red.lines == (3, 4)
    assert red.directive_argument == (
        "merge : std::vector<int> : omp_out.insert(omp_out.end(), omp_in.begin(), omp_in.end())"
    )
    assert clause_texts(red, cpp) == [
        ("initializer", "omp_priv = omp_orig", b"initializer(omp_priv = omp_orig)")
    ]
    assert par.clause_vars("reduction") == ("total",)
    assert par.clause_vars("linear") == ("k",)

    cu = b"""\
__global__ void k(float *a, int n) {
  #pragma unroll
  for (int i = 0; i < 4; i++) a[i] = 0;
}
void host(float *a, int n) {
  #pragma omp target teams distribute parallel for simd collapse(2) map(to: a[0:n])
  for (int i = 0; i < n; i++) a[i] += 1;
  #pragma acc parallel loop gang vector_length(128) copyin(readonly: a[0:n])
  for (int i = 0; i < n; i++) a[i] += 1;
}
"""
    omp, acc = find(cu, LanguageKind.CUDA)
    assert omp.name == "target teams distribute parallel for simd" and omp.known
    assert [c.name for c in omp.clauses] == ["collapse", "map"]
    assert acc.sentinel == "#pragma acc" and acc.family == "acc"
    assert acc.name == "parallel loop" and acc.known
    assert clause_texts(acc, cu) == [
        ("gang", None, b"gang"),
        ("vector_length", "128", b"vector_length(128)"),
        ("copyin", "readonly: a[0:n]", b"copyin(readonly: a[0:n])"),
    ]
    assert acc.clause_vars("copyin") == ("a",)


def test_c_special_names_and_arguments() -> None:
    src = b"""\
#pragma omp flush acq_rel (a, b)
#pragma omp end declare target
#pragma omp cancellation point for
#pragma omp threadprivate(counter, total)
#pragma omp frobnicate foo(1) bar
#pragma omp parallel for, private(i), shared(a)
#pragma omp atomic update seq_cst
"""
    flush, end_target, cancel, tp, unknown, commas, atomic = find(src, LanguageKind.C)
    assert flush.name == "flush" and flush.directive_argument == "a, b"
    assert [(c.name, c.arguments) for c in flush.clauses] == [("acq_rel", None)]
    assert end_target.name == "end declare target" and end_target.is_end
    assert cancel.name == "cancellation point" and [c.name for c in cancel.clauses] == ["for"]
    assert tp.directive_argument == "counter, total"
    assert unknown.name == "frobnicate" and not unknown.known
    assert text(src, unknown.name_start, unknown.name_end) == b"frobnicate"
    assert [(c.name, c.arguments) for c in unknown.clauses] == [("foo", "1"), ("bar", None)]
    assert [c.name for c in commas.clauses] == ["private", "shared"]
    assert [c.name for c in atomic.clauses] == ["update", "seq_cst"]
    assert not any(d.errors for d in (flush, end_target, cancel, tp, unknown, commas, atomic))


def test_c_malformed_clauses_give_errors() -> None:
    src = b"""\
#pragma omp parallel private(i shared(a)
#pragma omp single private() )
#pragma omp
"""
    unbalanced, empty, bare = find(src, LanguageKind.C)
    assert clause_texts(unbalanced, src) == [("private", "i shared(a)", b"private(i shared(a)")]
    ((s, e, msg),) = unbalanced.errors
    assert text(src, s, e) == b"(i shared(a)" and "missing ')'" in msg

    assert empty.clauses[0].arguments == ""
    assert [(text(src, s, e), m) for s, e, m in empty.errors] == [
        (b"()", "empty argument list"),
        (b")", "unbalanced parenthesis: unexpected ')'"),
    ]
    assert bare.name == "" and not bare.known
    assert [m for _, _, m in bare.errors] == ["missing directive name"]


def test_c_crlf_and_continuation() -> None:
    src = b"int x;\r\n#pragma omp parallel \\\r\n  private(i)\r\n#pragma omp barrier\r\n"
    par, bar = find(src, LanguageKind.C)
    assert par.lines == (1, 2)
    assert text(src, par.start, par.end) == b"#pragma omp parallel \\\r\n  private(i)"
    assert clause_texts(par, src) == [("private", "i", b"private(i)")]
    assert text(src, bar.start, bar.end) == b"#pragma omp barrier"
    assert bar.lines == (3,)


# --- Fortran free form ----------------------------------------------------------------------

F_SAMPLE = b"""\
program p
  integer :: i, j
  !$omp parallel do private(i, j) &  ! the loop indices
  !$omp& reduction(+:s) &
  !$omp   schedule(static, 4)
  do i = 1, 10
  end do
  !$omp end parallel do
!$ x = omp_get_thread_num()
  !$OMP Barrier ! everyone waits
  !$omp enddo nowait
  !$omp critical (upd)
  !$omp end critical (upd)
  !$acc parallel loop copyin(a(1:n))
  !$acc end parallel loop
  !$omp frobnicate
  !$omp end
  print *, "not a directive &
  !$omp parallel"
end program
!$omp barrier"""


def test_fortran_free_form() -> None:
    src = F_SAMPLE
    ds = find(src, LanguageKind.FORTRAN)
    assert [(d.sentinel, d.name, d.known, d.is_end) for d in ds] == [
        ("!$omp", "parallel do", True, False),
        ("!$omp", "end parallel do", True, True),
        ("!$omp", "barrier", True, False),
        ("!$omp", "end do", True, True),
        ("!$omp", "critical", True, False),
        ("!$omp", "end critical", True, True),
        ("!$acc", "parallel loop", True, False),
        ("!$acc", "end parallel loop", True, True),
        ("!$omp", "frobnicate", False, False),
        ("!$omp", "end", False, True),
        ("!$omp", "barrier", True, False),
    ]
    par = ds[0]
    assert par.lines == (2, 3, 4)
    assert text(src, par.start, par.end) == (
        b"!$omp parallel do private(i, j) &  ! the loop indices\n"
        b"  !$omp& reduction(+:s) &\n  !$omp   schedule(static, 4)"
    )
    assert clause_texts(par, src) == [
        ("private", "i, j", b"private(i, j)"),
        ("reduction", "+:s", b"reduction(+:s)"),
        ("schedule", "static, 4", b"schedule(static, 4)"),
    ]
    assert not par.errors
    barrier = ds[2]
    assert text(src, barrier.start, barrier.end) == b"!$OMP Barrier"  # trailing comment left out
    assert text(src, ds[3].name_start, ds[3].name_end) == b"enddo"
    assert [c.name for c in ds[3].clauses] == ["nowait"]
    assert ds[4].directive_argument == "upd" and ds[5].directive_argument == "upd"
    assert ds[6].family == "acc" and ds[6].clause_vars("copyin") == ("a",)
    assert ds[-1].lines == (20,)  # the last line, no newline; the `!$omp` in a string is skipped
    assert text(src, ds[-1].start, ds[-1].end) == b"!$omp barrier"


def test_fortran_clause_split_over_continuation_lines() -> None:
    src = b"""\
subroutine s(a, n)
  !$omp parallel default(none) shared(a, &
  ! a plain comment between continuation lines is allowed
  !$omp&   n) firstprivate(x)
  !$omp target map(tofrom: a(1:n)) depend(in: x) if(target: n > 100)
end subroutine
"""
    par, target = find(src, LanguageKind.FORTRAN)
    assert par.lines == (1, 2, 3)
    shared = (
        b"shared(a, &\n  ! a plain comment between continuation lines is allowed\n  !$omp&   n)"
    )
    assert clause_texts(par, src) == [
        ("default", "none", b"default(none)"),
        ("shared", "a, n", shared),
        ("firstprivate", "x", b"firstprivate(x)"),
    ]
    assert par.clause_vars("shared") == ("a", "n")
    assert clause_texts(target, src) == [
        ("map", "tofrom: a(1:n)", b"map(tofrom: a(1:n))"),
        ("depend", "in: x", b"depend(in: x)"),
        ("if", "target: n > 100", b"if(target: n > 100)"),
    ]
    assert target.clause_vars("map") == ("a",)


def test_fortran_continuation_problems() -> None:
    src = b"""\
  !$omp do &
  x = 1
  !$omp parallel
  !$omp& private(i)
"""
    dangling, joined = find(src, LanguageKind.FORTRAN)
    assert dangling.name == "do" and dangling.lines == (0,)
    ((s, e, msg),) = dangling.errors
    assert text(src, s, e) == b"&" and "no directive line continues" in msg
    assert joined.lines == (2, 3) and [c.name for c in joined.clauses] == ["private"]
    assert [m for _, _, m in joined.errors] == [
        "continuation line, but the previous line does not end with '&'"
    ]


def test_fortran_conditional_compilation_and_other_sentinels_ignored() -> None:
    src = b"program p\n!$ use omp_lib\n  !$ x = 1\n  !$ompx foo\n  x = 1 !$omp barrier\nend\n"
    assert find(src, LanguageKind.FORTRAN) == []


def test_fortran_malformed_clause_does_not_raise() -> None:
    src = b"  !$omp parallel private(i, &\n  !$omp& j\n  x = 1\n"
    (d,) = find(src, LanguageKind.FORTRAN)
    assert d.clauses[0].arguments == "i, j"
    assert text(src, d.clauses[0].start, d.clauses[0].end) == b"private(i, &\n  !$omp& j"
    ((_, _, msg),) = d.errors
    assert "missing ')'" in msg


def test_fortran_crlf() -> None:
    src = (
        b"program p\r\n  !$omp parallel do &\r\n  !$omp& private(i)\r\n  !$omp end parallel do\r\n"
    )
    par, end = find(src, LanguageKind.FORTRAN)
    assert par.lines == (1, 2) and not par.errors
    assert clause_texts(par, src) == [("private", "i", b"private(i)")]
    assert text(src, end.start, end.end) == b"!$omp end parallel do"


# --- Fortran fixed form ---------------------------------------------------------------------

FIXED_REWRITTEN = b"""\
      program p
!$omp parallel do
!$omp& private(i)
!$omp+ shared(a),
!$omp1 reduction(max:m)
      do i = 1, n
      end do
!$omp end parallel do
      end
"""

FIXED_RAW = b"""\
      program p
C$OMP PARALLEL DO
C     a comment line between directive lines
C$OMP+PRIVATE(I, J)
*$omp critical(upd)
c$omp end critical(upd)
c$    x = 1
*$acc kernels
      end
"""


def test_fixed_form_rewritten() -> None:
    src = FIXED_REWRITTEN
    par, end = find(src, LanguageKind.FORTRAN_FIXED)
    assert par.sentinel == "!$omp" and par.name == "parallel do" and par.lines == (1, 2, 3, 4)
    assert clause_texts(par, src) == [
        ("private", "i", b"private(i)"),
        ("shared", "a", b"shared(a)"),
        ("reduction", "max:m", b"reduction(max:m)"),
    ]
    assert par.clause_vars("reduction") == ("m",)
    assert not par.errors
    assert end.name == "end parallel do" and end.is_end and end.lines == (7,)


def test_fixed_form_raw_sentinels() -> None:
    src = FIXED_RAW
    par, crit, end_crit, kernels = find(src, LanguageKind.FORTRAN_FIXED)
    assert (par.sentinel, par.name, par.lines) == ("c$omp", "parallel do", (1, 2, 3))
    assert clause_texts(par, src) == [("private", "I, J", b"PRIVATE(I, J)")]
    assert par.clause_vars("private") == ("I", "J")  # case kept
    assert (crit.sentinel, crit.name, crit.directive_argument) == ("*$omp", "critical", "upd")
    assert end_crit.name == "end critical" and end_crit.is_end
    assert (kernels.sentinel, kernels.family, kernels.name) == ("*$acc", "acc", "kernels")


# --- helpers --------------------------------------------------------------------------------


def test_directive_at_line() -> None:
    ds = find(F_SAMPLE, LanguageKind.FORTRAN)
    assert directive_at_line(ds, 3) is ds[0]
    assert directive_at_line(ds, 4) is ds[0]
    assert directive_at_line(ds, 5) is None
    assert directive_at_line(ds, 7) is ds[1]
    assert directive_at_line(ds, 0) is None
    assert directive_at_line([], 3) is None


def test_parse_directive_text() -> None:
    d = parse_directive_text("parallel do private(i) nowait", 100, fortran=True)
    assert d is not None
    assert (d.sentinel, d.name, d.start, d.end, d.name_start, d.name_end) == (
        "!$omp",
        "parallel do",
        100,
        129,
        100,
        111,
    )
    assert [(c.name, c.start, c.end) for c in d.clauses] == [
        ("private", 112, 122),
        ("nowait", 123, 129),
    ]
    c = parse_directive_text("#pragma omp for simd", 10)
    assert c is not None and (c.name, c.start, c.end) == ("for simd", 10, 30)
    acc = parse_directive_text("loop gang", family_hint="acc")
    assert acc is not None and (acc.sentinel, acc.family, acc.name) == (
        "#pragma acc",
        "acc",
        "loop",
    )
    f = parse_directive_text("!$omp do &\n!$omp& schedule(dynamic)")
    assert f is not None and f.lines == (0, 1) and f.clauses[0].arguments == "dynamic"
    fixed = parse_directive_text("c$omp parallel\nc$omp+private(x)")
    assert fixed is not None and fixed.clause_vars("private") == ("x",)
    assert parse_directive_text("   ") is None
    assert parse_directive_text("#pragma once") is None
    with pytest.raises(ValueError):
        parse_directive_text("parallel", family_hint="omx")


def test_clause_items() -> None:
    assert clause_items("reduction", "inscan, +: a, b") == ("a", "b")
    assert clause_items("reduction", "::ns::op : x") == ("x",)
    assert clause_items("depend", "iterator(i=0:n), in: a[i]") == ("a",)
    assert clause_items("map", "always, tofrom: a[0:n][0:m], p->x[1:2]") == ("a", "p->x")
    assert clause_items("map", "to: ([n][m])p") == ("p",)
    assert clause_items("aligned", "a, b: 64") == ("a", "b")
    assert clause_items("private", " i , j ") == ("i", "j")
    assert clause_items("threadprivate", "/blk/, x") == ("/blk/", "x")


@pytest.mark.parametrize("family", ["omp", "acc"])
@pytest.mark.parametrize("fortran", [False, True])
def test_name_tables_have_no_ambiguous_spellings(family: str, fortran: bool) -> None:
    names = known_names(family, fortran)
    compressed = {n.replace(" ", "") for n in names}
    assert len(compressed) == len(names)
    assert ("do" in names) == (fortran and family == "omp")
    assert ("for" in names) == (not fortran and family == "omp")


_FRAGMENTS = [
    "#pragma omp ", "!$omp", "!$omp&", "c$omp", "!$acc ", "parallel ", "do ", "for ", "end ",
    "private(", "i", ", ", ")", "(", "&", "\\", "\n", "\r\n", "  ", "!", "/*", "*/", "//",
    '"', "'", "reduction(+:", "é", ":",
]  # fmt: skip


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=40), st.sampled_from(list(LanguageKind)))
@settings(max_examples=200, deadline=None)
def test_never_raises_and_ranges_stay_inside(parts: list[str], kind: LanguageKind) -> None:
    src = "".join(parts).encode()
    for d in find(src, kind):
        assert 0 <= d.start <= d.name_start <= d.name_end <= d.end <= len(src)
        assert d.lines == tuple(range(d.lines[0], d.lines[-1] + 1))
        for c in d.clauses:
            assert d.start <= c.start < c.end <= d.end
        for s, e, _ in d.errors:
            assert d.start <= s <= e <= len(src)
