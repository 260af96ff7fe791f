"""Render a generated `Program` as C or C++ source with a `main`."""

from __future__ import annotations

from tests.fuzz.gen_common import generate
from tests.fuzz.gen_ir import (
    DBL_ARRAYS,
    DBL_SCALARS,
    INDEX_ARRAY,
    INT_2D,
    INT_ARRAYS,
    INT_SCALARS,
    Assign,
    Bin,
    Call,
    CallSub,
    Cmp,
    Const,
    DConst,
    Exit,
    Expr,
    Idx,
    If,
    Lang,
    Loop,
    MaxMin,
    Mod,
    Print,
    Program,
    Raw,
    Read,
    Skip,
    Stmt,
    ToDbl,
    Var,
)


def expr(e: Expr) -> str:
    match e:
        case Const(value):
            return str(value) if value >= 0 else f"({value})"
        case DConst(value):
            return repr(float(value))
        case Var(name):
            return name
        case Idx(name, subs):
            return name + "".join(f"[{expr(s)}]" for s in subs)
        case Bin(op, left, right):
            return f"({expr(left)} {op} {expr(right)})"
        case Mod(left, right):
            return f"({expr(left)} % {right})"
        case Call(fn, args):
            return f"{fn}({', '.join(expr(a) for a in args)})"
        case ToDbl(inner):
            return f"(double){expr(inner)}"
        case MaxMin(op, left, right):
            cmp = ">" if op == "max" else "<"
            a, b = expr(left), expr(right)
            return f"({a} {cmp} {b} ? {a} : {b})"
        case Cmp(op, left, right):
            return f"{expr(left)} {op} {expr(right)}"
    raise TypeError(e)


def _bare(e: Expr) -> str:
    text = expr(e)
    return text[1:-1] if isinstance(e, Bin | Mod) and text.startswith("(") else text


def _print(stmt: Print, cpp: bool) -> str:
    if cpp and stmt.style == 1:
        return "std::cout << " + " << ' ' << ".join(expr(i) for i in stmt.items) + " << '\\n';"
    fmt = " ".join("%d" for _ in stmt.items)
    return f'printf("{fmt}\\n", {", ".join(expr(i) for i in stmt.items)});'


def statements(body: list[Stmt], cpp: bool, indent: str) -> list[str]:
    out: list[str] = []
    for stmt in body:
        out.extend(statement(stmt, cpp, indent))
    return out


def statement(stmt: Stmt, cpp: bool, ind: str) -> list[str]:
    match stmt:
        case Assign(lhs, rhs, compound):
            if compound and isinstance(rhs, Bin) and rhs.left == lhs:
                return [f"{ind}{expr(lhs)} {rhs.op}= {_bare(rhs.right)};"]
            return [f"{ind}{expr(lhs)} = {_bare(rhs)};"]
        case If(cond, then, orelse):
            lines = [f"{ind}if ({expr(cond)}) {{", *statements(then, cpp, ind + "  ")]
            if orelse:
                lines += [f"{ind}}} else {{", *statements(orelse, cpp, ind + "  ")]
            return [*lines, f"{ind}}}"]
        case Loop(var, lo, hi, body, down, step, local):
            decl = "int " if local else ""
            if down:
                head = f"for ({decl}{var} = {_bare(hi)} - 1; {var} >= {_bare(lo)}; {var}--)"
            else:
                inc = f"{var}++" if step == 1 else f"{var} += {step}"
                head = f"for ({decl}{var} = {_bare(lo)}; {var} < {_bare(hi)}; {inc})"
            return [f"{ind}{head} {{", *statements(body, cpp, ind + "  "), f"{ind}}}"]
        case Exit():
            return [f"{ind}break;"]
        case Skip():
            return [f"{ind}continue;"]
        case Print():
            return [ind + _print(stmt, cpp)]
        case Read(var):
            return [f'{ind}if (scanf("%d", &{var}) != 1) {var} = 0;']
        case CallSub(fn, args):
            return [f"{ind}{fn}({', '.join(expr(a) for a in args)});"]
        case Raw(text):
            return [ind + text]
    raise TypeError(stmt)


_CXX_HEADERS = (("stream", "iostream"), ("map", "map"), ("string", "string"), ("oss", "sstream"))


def _prologue(prog: Program) -> list[str]:
    cpp = prog.lang is Lang.CPP
    size = prog.size
    lines = [f"// HPCLS-FUZZ: {prog.lang.value} seed {prog.seed}"]
    if prog.tolerance is not None:
        lines.append(f"// HPCLS-TOLERANCE: {prog.tolerance:g}")
    if cpp:  # only the headers the program needs: C++ compile time is most of a run
        lines += ["#include <cstdio>", "#include <vector>"]
        lines += [f"#include <{h}>" for f, h in _CXX_HEADERS if f in prog.features]
    else:
        lines.append("#include <stdio.h>")
    lines += [
        f"#define N {prog.n}",
        f"#define M {prog.m}",
        f"#define SZ {size}",
        "static int glob = 0;",
        "static int garr[SZ];",
        "static int f1(int x) { return (x * 3 + 1) % 101; }",
        "static int g1(int k) { glob = (glob + k) % 1000; return glob % 7; }",
        "static void h1(int k) { garr[k] = (garr[k] + 1) % 1000; }",
        "static void h2(int k) { garr[0] = (garr[0] + k) % 1000; }",
        'static void pr(int k) { printf("pr %d\\n", k); }',
    ]
    return lines


_CXX_DECLS = (
    ("map", "  std::map<int, int> mp;"),
    ("string", "  std::string str;"),
    ("oss", "  std::ostringstream oss;"),
    ("ref", "  std::vector<double> dv(SZ);"),
    ("ref", "  double &r = dv[0];"),
)


def _declarations(prog: Program) -> list[str]:
    cpp = prog.lang is Lang.CPP
    lines = []
    for name in INT_ARRAYS:
        if name in prog.cxx_vectors:
            lines.append(f"  std::vector<int> {name}(SZ);")
        else:
            lines.append(f"  static int {name}[SZ];")
    lines += [f"  static int {INDEX_ARRAY}[SZ];", f"  static int {INT_2D[0]}[M][M];"]
    lines += [f"  static double {name}[SZ];" for name in DBL_ARRAYS]
    lines.append(f"  int {', '.join(INT_SCALARS)};")
    lines.append("  int i, j, k, q, q2;")
    lines.append(f"  double {', '.join(DBL_SCALARS)};")
    lines.append("  long long cs = 0;")
    lines.append("  double dcs = 0.0;")
    if cpp:
        lines += [decl for f, decl in _CXX_DECLS if f in prog.features]
    lines += [
        "  s = 0; t = 0; u = 0; mx = -1000000; mn = 1000000; cr = 1; lst = -1; x = 0; lv = 0;",
        "  p = 1.0; ds = 0.0; fs = 0.0;",
        "  for (q = 0; q < SZ; q++) {",
        *[f"    {name}[q] = (q * {3 + n} + {n}) % 23 - 11;" for n, name in enumerate(INT_ARRAYS)],
        f"    {INDEX_ARRAY}[q] = (q * 5 + 1) % N;",
        *[f"    {name}[q] = (double)(q % 9) * 0.5;" for name in DBL_ARRAYS],
        "  }",
        "  for (q = 0; q < M; q++)",
        "    for (q2 = 0; q2 < M; q2++)",
        f"      {INT_2D[0]}[q][q2] = (q * 7 + q2 * 3) % 17;",
    ]
    if "ref" in prog.features:
        lines[-4:-4] = ["    dv[q] = (double)(q % 5);"]
    return lines


def _epilogue(prog: Program) -> list[str]:
    lines = []
    for name in (*INT_ARRAYS, "garr"):
        lines += [
            "  cs = 0;",
            f"  for (q = 0; q < SZ; q++) cs = (cs * 31 + {name}[q]) % 1000000007LL;",
            f'  printf("{name} %lld\\n", cs);',
        ]
    lines += [
        "  cs = 0;",
        "  for (q = 0; q < M; q++)",
        "    for (q2 = 0; q2 < M; q2++)",
        f"      cs = (cs * 31 + {INT_2D[0]}[q][q2]) % 1000000007LL;",
        f'  printf("{INT_2D[0]} %lld\\n", cs);',
    ]
    for name in DBL_ARRAYS:
        lines += [
            "  dcs = 0.0;",
            f"  for (q = 0; q < SZ; q++) dcs += {name}[q] * (q % 5 + 1);",
            f'  printf("{name} %.17g\\n", dcs);',
        ]
    ints = " ".join(f"{n}=%d" for n in INT_SCALARS)
    lines.append(f'  printf("{ints} glob=%d\\n", {", ".join(INT_SCALARS)}, glob);')
    lines.append('  printf("p=%.17g ds=%.17g\\n", p, ds);')
    lines.append('  printf("fs=%.17g\\n", fs);')
    if "map" in prog.features:
        lines += [
            "  long long msum = 0;",
            "  for (const auto &kv : mp) msum = (msum * 7 + kv.first * 3 + kv.second) % 1000000007LL;",
            '  printf("map %d %lld\\n", (int)mp.size(), msum);',
        ]
    if "string" in prog.features:
        lines.append('  printf("str %s\\n", str.c_str());')
    if "oss" in prog.features:
        lines.append('  printf("oss %s\\n", oss.str().c_str());')
    if "ref" in prog.features:
        lines += [
            "  dcs = 0.0;",
            "  for (q = 0; q < SZ; q++) dcs += dv[q] * (q % 5 + 1);",
            '  printf("dv %.17g %.17g\\n", dcs, r);',
        ]
    return [*lines, "  return 0;", "}"]


def render(prog: Program) -> str:
    cpp = prog.lang is Lang.CPP
    lines = [*_prologue(prog), "", "int main(void)", "{", *_declarations(prog)]
    lines += statements(prog.body, cpp, "  ")
    lines += _epilogue(prog)
    return "\n".join(lines) + "\n"


def generate_c(lang: Lang, seed: int) -> str:
    """The C (`Lang.C`) or C++ (`Lang.CPP`) program for a seed."""
    return render(generate(lang, seed))
