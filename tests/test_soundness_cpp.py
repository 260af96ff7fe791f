"""Soundness of the loop verdicts on C++ (issue 12): an effect the IR cannot see (stream
I/O, an operator of a class object, a store through a reference, a lambda, volatile
data) makes the loop `unknown` with a plain reason, never `parallel`; a reduction is
proposed only for what OpenMP reduces without `declare reduction`. Each unsafe pattern
has a safe twin that must stay `parallel`, so the rules cannot pass by refusing all."""

from __future__ import annotations

import pytest

from hpcls.actions.parallelize import plan
from hpcls.languages.registry import LanguageKind
from hpcls.loops_cli import file_loops
from hpcls.workspace.document import Document

HEAD = """#include <complex>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>
"""


def _loops(body: str, kind: LanguageKind = LanguageKind.CPP) -> dict[int, dict[str, object]]:
    text = HEAD + body if kind is not LanguageKind.C else body
    doc = Document.create("file:///tmp/sound.cpp", kind, 1, text)
    offset = text[: text.index("/*L*/")].count("\n") + 1 if "/*L*/" in text else 0
    return {int(str(entry["line"])) - offset: entry for entry in file_loops(doc)}


def _marked(body: str) -> dict[str, object]:
    """The loop on the line that carries `/*L*/`."""
    text = HEAD + body
    doc = Document.create("file:///tmp/sound.cpp", LanguageKind.CPP, 1, text)
    line = text[: text.index("/*L*/")].count("\n") + 1
    found = [e for e in file_loops(doc) if e["line"] == line]
    assert found, f"no loop on line {line}"
    return found[0]


UNSAFE = {
    "ofstream": """void f(std::vector<double> &v, std::ofstream &file) {
  for (size_t i = 0; i < v.size(); i++) /*L*/ file << v[i] << std::endl;
}""",
    "cout": """void f(const std::vector<double> &v, int n) {
  for (int i = 0; i < n; i++) /*L*/ std::cout << v[i] << "\\n";
}""",
    "cout_using": """using namespace std;
void f(double *v, int n) {
  for (int i = 0; i < n; i++) /*L*/ { cout << v[i]; }
}""",
    "cin": """void f(double *v, int n) {
  for (int i = 0; i < n; i++) /*L*/ std::cin >> v[i];
}""",
    "ostringstream": """std::string f(double *v, int n) {
  std::ostringstream out;
  for (int i = 0; i < n; i++) /*L*/ out << v[i] << ' ';
  return out.str();
}""",
    "map_subscript": """void f(int n) {
  std::map<int, int> m;
  for (int i = 0; i < n; i++) /*L*/ m[i] = i;
}""",
    "map_read": """int f(std::map<int, int> &m, int *out, int n) {
  for (int i = 0; i < n; i++) /*L*/ out[i] = m[i];
  return 0;
}""",
    "string_append": """std::string f(int n) {
  std::string s;
  for (int i = 0; i < n; i++) /*L*/ s += 'x';
  return s;
}""",
    "string_elements_of_vector": """void f(std::vector<std::string> &names, int n) {
  for (int i = 0; i < n; i++) /*L*/ names[i] += "!";
}""",
    "reference_alias": """double f(std::vector<double> &v, int n) {
  double &r = v[0];
  for (int i = 0; i < n; i++) /*L*/ { r += 1.0; v[i] = 2.0; }
  return r;
}""",
    "reference_read": """void f(double *v, const double &alpha, int n) {
  for (int i = 0; i < n; i++) /*L*/ v[i] = alpha * v[i];
}""",
    "reference_in_body": """void f(double *v, int n) {
  for (int i = 0; i < n - 1; i++) /*L*/ { double &x = v[i + 1]; x = v[i]; }
}""",
    "lambda": """void f(double *v, int n) {
  for (int i = 0; i < n; i++) /*L*/ { auto g = [&](int k) { v[k + 1] = v[k]; }; g(i); }
}""",
    "volatile": """volatile int flag;
void f(double *v, int n) {
  for (int i = 0; i < n; i++) /*L*/ v[i] = flag;
}""",
    "atomic": """#include <atomic>
void f(int n) {
  std::atomic<int> count(0);
  for (int i = 0; i < n; i++) /*L*/ count++;
}""",
    "user_operator": """struct Acc { double s; Acc &operator+=(double x) { s += x; return *this; } };
void f(Acc &acc, double *v, int n) {
  Acc local{0.0};
  for (int i = 0; i < n; i++) /*L*/ local += v[i];
  acc = local;
}""",
    "template_type": """template <typename T> void f(T *v, T a, int n) {
  for (int i = 0; i < n; i++) /*L*/ v[i] = a * v[i];
}""",
    "member_data": """struct Grid {
  double total; double *u; int n;
  void sum() { for (int i = 0; i < n; i++) /*L*/ total += u[i]; }
};""",
    "throw": """void f(double *v, int n) {
  for (int i = 0; i < n; i++) /*L*/ { if (v[i] < 0) throw 1; v[i] = 1; }
}""",
}


@pytest.mark.parametrize("case", sorted(UNSAFE))
def test_unseen_effects_make_the_loop_unknown(case: str) -> None:
    loop = _marked(UNSAFE[case])
    assert loop["verdict"] != "parallel", (case, loop)
    assert loop["reasons"], case


def test_complex_is_not_reduced() -> None:
    loop = _marked("""std::complex<double> f(const std::complex<double> *z, int n) {
  std::complex<double> s = 0;
  for (int i = 0; i < n; i++) /*L*/ s += z[i];
  return s;
}""")
    assert loop["verdict"] != "parallel"
    assert any("not one OpenMP reduces" in r for r in loop["reasons"])  # type: ignore[attr-defined]


def test_the_edit_is_not_verified_for_stream_output() -> None:
    text = HEAD + UNSAFE["cout"]
    doc = Document.create("file:///tmp/sound.cpp", LanguageKind.CPP, 1, text)
    line = text[: text.index("/*L*/")].count("\n")
    result = plan(doc, line)
    assert result is None or not result.verified


SAFE = {
    "vector_elements": """double f(int n) {
  std::vector<double> x(n), y(n, 1.0);
  for (int i = 0; i < n; i++) /*L*/ x[i] = 2.0 * y[i];
  return x[0];
}""",
    "shift_on_integers": """void f(unsigned *v, int n, int k) {
  for (int i = 0; i < n; i++) /*L*/ v[i] = (v[i] << k) | (v[i] >> 3);
}""",
    "stream_outside": """void f(double *v, int n) {
  for (int i = 0; i < n; i++) /*L*/ v[i] = v[i] * 2.0;
  std::cout << v[0] << std::endl;
}""",
    "sum_reduction": """double f(const double *v, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) /*L*/ s += v[i];
  return s;
}""",
    "typedef_scalar": """typedef double real;
using idx = long;
real f(const real *v, idx n) {
  real s = 0;
  for (idx i = 0; i < n; i++) /*L*/ s += v[i];
  return s;
}""",
    "plain_struct": """struct P { double x, y; };
void f(P *p, int n) {
  for (int i = 0; i < n; i++) /*L*/ { p[i].x = p[i].y * 2.0; }
}""",
    "auto_arithmetic": """void f(double *__restrict v, const double *__restrict w, int n) {
  for (int i = 0; i < n; i++) /*L*/ { auto t = w[i] * 2.0; v[i] = t + 1.0; }
}""",
    "struct_member_vector": """struct Field { std::vector<double> u; int n; };
void f(Field &f, int n) {
  for (int i = 0; i < n; i++) /*L*/ f.u[i] = 1.0;
}""",
}


@pytest.mark.parametrize("case", sorted(SAFE))
def test_safe_twins_stay_parallel(case: str) -> None:
    loop = _marked(SAFE[case])
    assert loop["verdict"] == "parallel", (case, loop)


def test_c_shifts_and_structs_are_plain() -> None:
    loops = _loops(
        """struct S { double a; };
void f(unsigned *restrict v, struct S *restrict s, int n) {
  for (int i = 0; i < n; i++) /*L*/ { v[i] = v[i] << 2; s[i].a = 1.0; }
}""",
        LanguageKind.C,
    )
    assert loops[0]["verdict"] == "parallel", loops
