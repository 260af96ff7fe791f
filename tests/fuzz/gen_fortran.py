"""Render a generated `Program` as free-form (`.f90`, a module and a program) or
fixed-form Fortran (`.f`, a program and external routines sharing a COMMON block,
statements in columns 7-72 with `&` continuations in column 6)."""

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

_CMP = {"!=": "/="}
FIXED_WIDTH = 72


def expr(e: Expr) -> str:
    match e:
        case Const(value):
            return str(value) if value >= 0 else f"({value})"
        case DConst(value):
            return f"{value!r}d0"
        case Var(name):
            return name
        case Idx(name, subs):
            return f"{name}({', '.join(_bare(s) for s in subs)})"
        case Bin(op, left, right):
            return f"({expr(left)} {op} {expr(right)})"
        case Mod(left, right):
            return f"mod({_bare(left)}, {right})"
        case Call(fn, args):
            return f"{fn}({', '.join(_bare(a) for a in args)})"
        case ToDbl(inner):
            return f"dble({_bare(inner)})"
        case MaxMin(op, left, right):
            return f"{op}({_bare(left)}, {_bare(right)})"
        case Cmp(op, left, right):
            return f"{expr(left)} {_CMP.get(op, op)} {expr(right)}"
    raise TypeError(e)


def _bare(e: Expr) -> str:
    text = expr(e)
    return text[1:-1] if isinstance(e, Bin) and text.startswith("(") else text


def _last(hi: Expr) -> str:
    """The inclusive upper bound `hi - 1`, folded where it is simple."""
    if isinstance(hi, Const):
        return str(hi.value - 1)
    if isinstance(hi, Bin) and hi.op == "+" and hi.right == Const(1):
        return expr(hi.left)
    return f"{_bare(hi)} - 1"


def statements(body: list[Stmt], ind: str) -> list[str]:
    out: list[str] = []
    for stmt in body:
        out.extend(statement(stmt, ind))
    return out


def statement(stmt: Stmt, ind: str) -> list[str]:
    match stmt:
        case Assign(lhs, rhs):
            return [f"{ind}{expr(lhs)} = {_bare(rhs)}"]
        case If(cond, then, orelse):
            lines = [f"{ind}if ({expr(cond)}) then", *statements(then, ind + "  ")]
            if orelse:
                lines += [f"{ind}else", *statements(orelse, ind + "  ")]
            return [*lines, f"{ind}end if"]
        case Loop(var, lo, hi, body, down, step, _local, label):
            if down:
                bounds = f"{_last(hi)}, {_bare(lo)}, -1"
            else:
                bounds = f"{_bare(lo)}, {_last(hi)}" + (f", {step}" if step != 1 else "")
            if label:
                return [
                    f"{ind}do {label} {var} = {bounds}",
                    *statements(body, ind + "  "),
                    f"@{label} continue",  # the fixed-form layout puts labels in columns 1-5
                ]
            return [f"{ind}do {var} = {bounds}", *statements(body, ind + "  "), f"{ind}end do"]
        case Exit():
            return [f"{ind}exit"]
        case Skip():
            return [f"{ind}cycle"]
        case Print(items, style):
            args = ", ".join(_bare(i) for i in items)
            if style == 1:
                fmt = ",".join("1X,I0" if n else "I0" for n in range(len(items)))
                return [f"{ind}write(*, '({fmt})') {args}"]
            return [f"{ind}print *, {args}"]
        case Read(var):
            return [f"{ind}read(*, *) {var}"]
        case CallSub(fn, args):
            return [f"{ind}call {fn}({', '.join(_bare(a) for a in args)})"]
        case Raw(text):
            raise ValueError(f"no Fortran for {text!r}")
    raise TypeError(stmt)


def _declarations(prog: Program, fixed: bool) -> list[str]:
    sep = " " if fixed else " :: "
    lines = [
        f"integer{sep}{', '.join(f'{a}(0:sz-1)' for a in (*INT_ARRAYS, INDEX_ARRAY))}",
        f"integer{sep}{INT_2D[0]}(0:m-1, 0:m-1)",
        f"double precision{sep}{', '.join(f'{a}(0:sz-1)' for a in DBL_ARRAYS)}",
        f"integer{sep}{', '.join(INT_SCALARS)}",
        f"integer{sep}i, j, k, q, q2",
        f"double precision{sep}{', '.join(DBL_SCALARS)}",
        f"integer(8){sep}cs",
        f"double precision{sep}dcs",
    ]
    if fixed:
        lines += ["integer f1, g1", "external f1, g1, h1, h2, pr"]
    return lines


def _body_start() -> list[str]:
    return [
        "s = 0",
        "t = 0",
        "u = 0",
        "mx = -1000000",
        "mn = 1000000",
        "cr = 1",
        "lst = -1",
        "x = 0",
        "lv = 0",
        "p = 1.0d0",
        "ds = 0.0d0",
        "fs = 0.0d0",
        "glob = 0",
        "do q = 0, sz - 1",
        *[f"  {name}(q) = mod(q * {3 + n} + {n}, 23) - 11" for n, name in enumerate(INT_ARRAYS)],
        f"  {INDEX_ARRAY}(q) = mod(q * 5 + 1, n)",
        *[f"  {name}(q) = dble(mod(q, 9)) * 0.5d0" for name in DBL_ARRAYS],
        "  garr(q) = 0",
        "end do",
        "do q = 0, m - 1",
        "  do q2 = 0, m - 1",
        f"    {INT_2D[0]}(q, q2) = mod(q * 7 + q2 * 3, 17)",
        "  end do",
        "end do",
    ]


def _epilogue() -> list[str]:
    lines = []
    for name in (*INT_ARRAYS, "garr"):
        lines += [
            "cs = 0",
            "do q = 0, sz - 1",
            f"  cs = mod(cs * 31 + {name}(q), 1000000007_8)",
            "end do",
            f"write(*, '(A,1X,I0)') '{name}', cs",
        ]
    lines += [
        "cs = 0",
        "do q = 0, m - 1",
        "  do q2 = 0, m - 1",
        f"    cs = mod(cs * 31 + {INT_2D[0]}(q, q2), 1000000007_8)",
        "  end do",
        "end do",
        f"write(*, '(A,1X,I0)') '{INT_2D[0]}', cs",
    ]
    for name in DBL_ARRAYS:
        lines += [
            "dcs = 0.0d0",
            "do q = 0, sz - 1",
            f"  dcs = dcs + {name}(q) * (mod(q, 5) + 1)",
            "end do",
            f"write(*, '(A,1X,ES25.17)') '{name}', dcs",
        ]
    ints = ", ".join(INT_SCALARS)
    lines += [
        f"write(*, '(A,{len(INT_SCALARS) + 1}(1X,I0))') 'ints', {ints}, glob",
        "write(*, '(A,2(1X,ES25.17))') 'p ds', p, ds",
        "write(*, '(A,1X,ES25.17)') 'fs', fs",
    ]
    return lines


ROUTINES = [
    ("pure integer function f1(x)", ["integer, intent(in) :: x", "f1 = mod(x * 3 + 1, 101)"]),
    (
        "integer function g1(k)",
        ["integer, intent(in) :: k", "glob = mod(glob + k, 1000)", "g1 = mod(glob, 7)"],
    ),
    ("subroutine h1(k)", ["integer, intent(in) :: k", "garr(k) = mod(garr(k) + 1, 1000)"]),
    ("subroutine h2(k)", ["integer, intent(in) :: k", "garr(0) = mod(garr(0) + k, 1000)"]),
    ("subroutine pr(k)", ["integer, intent(in) :: k", "print *, 'pr', k"]),
]


def _header(prog: Program, comment: str) -> list[str]:
    lines = [f"{comment} HPCLS-FUZZ: {prog.lang.value} seed {prog.seed}"]
    if prog.tolerance is not None:
        lines.append(f"{comment} HPCLS-TOLERANCE: {prog.tolerance:g}")
    return lines


def render_free(prog: Program) -> str:
    params = f"integer, parameter :: n = {prog.n}, m = {prog.m}, sz = {prog.size}"
    lines = [*_header(prog, "!"), "module fz_m", "  implicit none", f"  {params}"]
    lines += ["  integer :: glob = 0", "  integer :: garr(0:sz-1)", "contains"]
    for head, body in ROUTINES:
        end = "end " + head.split("(")[0].split()[-2]
        lines += [f"  {head}", *(f"    {b}" for b in body), f"  {end}"]
    lines += ["end module fz_m", "", "program fzmain", "  use fz_m", "  implicit none"]
    lines += [f"  {d}" for d in _declarations(prog, fixed=False)]
    lines += [f"  {b}" for b in _body_start()]
    lines += [line.replace("@", "", 1) for line in statements(prog.body, "  ")]
    lines += [f"  {e}" for e in _epilogue()]
    return "\n".join([*lines, "end program fzmain"]) + "\n"


def _fixed_line(line: str) -> list[str]:
    """One statement in fixed form: a label in columns 1-5, the text from column 7, and
    continuation lines (`&` in column 6) at a blank or comma before column 72."""
    if line.startswith("@"):
        label, _, rest = line[1:].partition(" ")
        return [f"{label:>5} {rest}"]
    text = "      " + line
    out: list[str] = []
    while len(text) > FIXED_WIDTH:
        cut = max(text.rfind(" ", 10, FIXED_WIDTH), text.rfind(",", 10, FIXED_WIDTH - 1) + 1)
        out.append(text[:cut])
        text = "     &" + text[cut:]
    return [*out, text]


def render_fixed(prog: Program) -> str:
    params = f"parameter (n = {prog.n}, m = {prog.m}, sz = {prog.size})"
    common = ["integer glob, garr(0:sz-1)", "common /fzg/ glob, garr"]
    body = ["program fzmain", "implicit none", "integer n, m, sz", params, *common]
    body += _declarations(prog, fixed=True) + _body_start()
    body += statements(prog.body, "")
    body += [*_epilogue(), "end"]
    for head, inner in ROUTINES:
        head = head.removeprefix("pure ")
        decl = [b.replace(", intent(in) ::", "") for b in inner if "intent" in b]
        rest = [b for b in inner if "intent" not in b]
        uses_common = any(name in b for b in rest for name in ("glob", "garr"))
        shared = ["integer n, m, sz", params, *common] if uses_common else []
        body += [head, "implicit none", *decl, *shared, *rest, "end"]
    lines = [f"C{h[1:]}" for h in _header(prog, "!")]
    for line in body:
        lines.extend(_fixed_line(line))
    return "\n".join(lines) + "\n"


def render(prog: Program) -> str:
    return render_fixed(prog) if prog.lang is Lang.F77 else render_free(prog)


def generate_fortran(lang: Lang, seed: int) -> str:
    """The free-form (`Lang.F90`) or fixed-form (`Lang.F77`) program for a seed."""
    return render(generate(lang, seed))
