"""A Csmith-like random loop-program generator, deterministic from a seed.

It builds a `Program` (tests/fuzz/gen_ir.py) out of loop nests whose bodies mix the
patterns a parallelizer must tell apart: independent writes, affine and non-affine
subscripts, private temporaries, reductions, carried scalars, early exits, calls to
same-file routines (pure, writing a global, printing), I/O, and in C++ containers,
strings, streams and references. Every loop has a bounded trip count and every subscript
stays inside its array, so a program always terminates without undefined behaviour;
integers stay far from overflow (values are reduced `mod 1000`) and doubles hold binary
fractions, so sums and products are exact in any order. The one inexact quantity, `fs`,
comes with a declared tolerance.
"""

from __future__ import annotations

import random

from tests.fuzz.gen_ir import (
    DBL_ARRAYS,
    INDEX_ARRAY,
    INT_2D,
    INT_ARRAYS,
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

TOLERANCE = 1e-9


class Generator:
    def __init__(self, lang: Lang, seed: int) -> None:
        self.lang = lang
        self.seed = seed
        self.rng = random.Random(f"{lang.value}:{seed}")
        self.n = self.rng.randint(24, 40)
        self.m = self.rng.randint(5, 8)  # m*m < size: i*m + j stays inside
        self.features: set[str] = set()
        self.tolerance: float | None = None
        self.label = 0

    # -- expressions -------------------------------------------------------------------

    def sub1(self, v: str, nest: tuple[str, ...]) -> Expr:
        """A subscript of a 1-D array: affine or not, always inside [0, size)."""
        r = self.rng
        iv = Var(v)
        if len(nest) > 1:  # nest variables are < m, and m*m < size
            outer = Var(nest[0])
            nested: list[Expr] = [
                iv,
                Bin("+", Bin("*", outer, Const(self.m)), iv),
                Bin("+", outer, iv),
                Bin("+", iv, Const(1)),
                Idx(INDEX_ARRAY, (iv,)),
            ]
            return r.choice(nested)
        choices: list[Expr] = [
            iv,
            iv,
            Bin("+", iv, Const(r.randint(1, 2))),
            Bin("-", iv, Const(r.randint(1, 2))),
            Bin("*", Const(2), iv),
            Bin("+", Bin("*", Const(2), iv), Const(1)),
            Idx(INDEX_ARRAY, (iv,)),
            Mod(Bin("*", iv, iv), self.n),
            Mod(Bin("+", Bin("*", iv, Const(7)), Const(3)), self.n),
            Bin("-", Const(self.n - 1), iv),
            Const(r.randint(0, 3)),
        ]
        return r.choice(choices)

    def sub2(self, nest: tuple[str, ...]) -> tuple[Expr, Expr]:
        """Subscripts of the m x m array `w` inside a nest (variables in [2, m - 1))."""
        r = self.rng
        a, b = Var(nest[0]), Var(nest[-1] if len(nest) > 1 else nest[0])
        shift = r.choice([0, 0, 0, 1, -1])
        first: Expr = a if shift == 0 else Bin("+" if shift > 0 else "-", a, Const(1))
        pair = (first, b)
        return (b, a) if r.random() < 0.2 else pair

    def term(self, v: str, nest: tuple[str, ...]) -> Expr:
        r = self.rng
        roll = r.random()
        if roll < 0.45:
            return Idx(r.choice(INT_ARRAYS), (self.sub1(v, nest),))
        if roll < 0.55 and len(nest) > 1:
            return Idx(INT_2D[0], self.sub2(nest))
        if roll < 0.7:
            return Var(r.choice(nest))
        if roll < 0.8:
            return Call("f1", (Var(v),))
        return Const(r.randint(1, 9))

    def expr(self, v: str, nest: tuple[str, ...]) -> Expr:
        r = self.rng
        left = self.term(v, nest)
        roll = r.random()
        if roll < 0.35:
            return left
        if roll < 0.8:
            return Bin(r.choice("+-"), left, self.term(v, nest))
        return Bin("*", left, Const(r.randint(2, 5)))

    def bounded(self, v: str, nest: tuple[str, ...]) -> Expr:
        return Mod(self.expr(v, nest), 1000)

    def cond(self, v: str, nest: tuple[str, ...]) -> Expr:
        r = self.rng
        if r.random() < 0.3:
            return Cmp("==", Mod(Var(v), r.randint(2, 4)), Const(0))
        left = self.term(v, nest)
        if isinstance(left, Const):  # never a constant condition
            left = Var(v)
        return Cmp(r.choice(["<", ">", "<=", ">="]), left, Const(r.randint(0, 40)))

    # -- statements --------------------------------------------------------------------

    def target(self, v: str, nest: tuple[str, ...]) -> Idx:
        r = self.rng
        if len(nest) > 1 and r.random() < 0.4:
            return Idx(INT_2D[0], self.sub2(nest))
        return Idx(r.choice(INT_ARRAYS), (self.sub1(v, nest),))

    def statement(self, v: str, nest: tuple[str, ...], depth: int) -> list[Stmt]:
        """One pattern, as one or a few statements, for a body whose loop variable is v."""
        r = self.rng
        weights = {
            "write": 6,
            "shift": 2,
            "temp": 3,
            "sum": 3,
            "prod": 1 if len(nest) == 1 else 0,
            "maxmin": 2,
            "carried": 1,
            "last": 1,
            "if": 2 if depth < 2 else 0,
            "exit": 1,
            "skip": 1,
            "pure": 2,
            "impure": 1,
            "io": 1,
            "double": 2,
            "indirect": 1,
            "tol": 1,
            "read": 0.3,
        }
        if self.lang is Lang.CPP:
            weights.update(stream=1, map=1, string=1, oss=1, ref=1)
        kind = r.choices(list(weights), list(weights.values()))[0]
        iv = Var(v)
        if kind == "write":
            return [Assign(self.target(v, nest), self.bounded(v, nest))]
        if kind == "shift":
            name = r.choice(INT_ARRAYS)
            off = Bin(r.choice("+-"), iv, Const(1)) if len(nest) == 1 else iv
            rhs = Mod(Bin("+", Idx(name, (off,)), Const(r.randint(1, 5))), 1000)
            return [Assign(Idx(name, (iv,)), rhs)]
        if kind == "temp":
            tmp = r.choice(["t", "u"])
            out = Idx(r.choice(INT_ARRAYS), (self.sub1(v, nest),))
            rhs = Mod(Bin("+", Var(tmp), self.term(v, nest)), 1000)
            return [Assign(Var(tmp), self.expr(v, nest)), Assign(out, rhs)]
        if kind == "sum":
            return [Assign(Var("s"), Bin("+", Var("s"), self.expr(v, nest)), r.random() < 0.5)]
        if kind == "prod":
            cond = self.cond(v, nest)
            half = Assign(Var("p"), Bin("*", Var("p"), DConst(0.5)), r.random() < 0.5)
            return [If(cond, [Assign(Var("p"), Bin("*", Var("p"), DConst(2.0)))], [half])]
        if kind == "maxmin":
            name = r.choice(["mx", "mn"])
            e = self.expr(v, nest)
            if r.random() < 0.5:
                op = ">" if name == "mx" else "<"
                return [If(Cmp(op, e, Var(name)), [Assign(Var(name), e)])]
            return [Assign(Var(name), MaxMin("max" if name == "mx" else "min", Var(name), e))]
        if kind == "carried":
            rhs = Mod(Bin("+", Bin("*", Var("cr"), Const(3)), self.term(v, nest)), 101)
            return [Assign(Var("cr"), rhs), Assign(self.target(v, nest), Var("cr"))]
        if kind == "last":
            return [Assign(Var("lst"), self.bounded(v, nest))]
        if kind == "if":
            body = self.statement(v, nest, depth + 1)
            orelse = self.statement(v, nest, depth + 1) if r.random() < 0.3 else []
            return [If(self.cond(v, nest), body, orelse)]
        if kind == "exit":
            return [If(self.cond(v, nest), [Exit()])]
        if kind == "skip":
            return [If(self.cond(v, nest), [Skip()])]
        if kind == "pure":
            return [Assign(self.target(v, nest), Call("f1", (self.bounded(v, nest),)))]
        if kind == "impure":
            which = r.choice(["g1", "h1", "h2", "pr"])
            if which == "g1":
                return [Assign(self.target(v, nest), Call("g1", (iv,)))]
            return [CallSub(which, (iv,))]
        if kind == "io":
            style = r.randint(0, 1)
            if style == 1 and self.lang is Lang.CPP:
                self.features.add("stream")  # style 1 is std::cout in C++
            return [Print((iv, self.term(v, nest)), style)]
        if kind == "double":
            dname = r.choice(DBL_ARRAYS)
            scaled = Bin("*", ToDbl(self.bounded(v, nest)), DConst(r.choice([0.25, 0.5, 2.0])))
            if r.random() < 0.4:
                return [Assign(Var("ds"), Bin("+", Var("ds"), Idx(dname, (self.sub1(v, nest),))))]
            return [Assign(Idx(dname, (self.sub1(v, nest),)), scaled)]
        if kind == "indirect":
            indirect: list[Expr] = [Idx(INDEX_ARRAY, (iv,)), Mod(Bin("*", iv, iv), self.n)]
            sub = r.choice(indirect)
            if len(nest) > 1:
                sub = Idx(INDEX_ARRAY, (iv,))
            return [Assign(Idx(r.choice(INT_ARRAYS), (sub,)), self.bounded(v, nest))]
        if kind == "tol":
            self.tolerance = TOLERANCE
            recip = Bin("/", DConst(1.0), ToDbl(Bin("+", iv, Const(1))))
            return [Assign(Var("fs"), Bin("+", Var("fs"), recip), r.random() < 0.5)]
        if kind == "read":
            self.features.add("read")
            return [Read("x"), Assign(self.target(v, nest), Mod(Var("x"), 1000))]
        return self.cxx_statement(kind, v, nest)

    def cxx_statement(self, kind: str, v: str, nest: tuple[str, ...]) -> list[Stmt]:
        """C++ only: streams, std::map, std::string, std::ostringstream, a reference."""
        r = self.rng
        self.features.add(kind)
        if kind == "stream":
            return [Print((Var(v), self.term(v, nest)), 1)]
        if kind == "map":
            if r.random() < 0.5:
                return [Raw(f"mp[{v}] = {v} * 2;")]
            return [Raw(f"mp[(a[{v}] % 7 + 7) % 7] += 1;")]
        if kind == "string":
            if r.random() < 0.5:
                return [Raw("str += 'x';")]
            return [Raw(f"str += char('a' + ({v} % 26));")]
        if kind == "oss":
            return [Raw(f"oss << a[{v}] << ' ';")]
        # kind == "ref": r aliases dv[0]; dv[v] for v == 0 writes it too.
        return [Raw("r += 1.0;"), Raw(f"dv[{v}] = 2.0 + dv[{v}];")]

    def body(self, v: str, nest: tuple[str, ...], depth_left: int) -> list[Stmt]:
        r = self.rng
        out: list[Stmt] = []
        for _ in range(r.randint(1, 3)):
            out.extend(self.statement(v, nest, 0))
        if depth_left > 0:
            inner = self.nest(nest, depth_left)
            at = r.randint(0, len(out))
            out.insert(at, inner)
        return out

    def nest(self, outer: tuple[str, ...], depth_left: int) -> Loop:
        """A loop (and the loops inside it): 1-D bounds when alone, [2, m - 1) in nests."""
        r = self.rng
        v = ("i", "j", "k")[len(outer)]
        nest = (*outer, v)
        alone = not outer and depth_left == 1
        lo: Expr
        hi: Expr
        if alone:
            lo, hi = Const(2 + r.randint(0, 2)), Const(self.n - 2 - r.randint(0, 2))
        else:
            lo, hi = Const(2), Const(self.m - 1)
            if outer and r.random() < 0.25:  # triangular
                hi = Bin("+", Var(outer[-1]), Const(1))
        body = self.body(v, nest, depth_left - 1)
        self.label += 10
        return Loop(
            v,
            lo,
            hi,
            body,
            down=alone and r.random() < 0.15,
            step=2 if alone and r.random() < 0.1 else 1,
            local=self.lang is not Lang.C or r.random() < 0.5,
            label=self.label if self.lang is Lang.F77 and r.random() < 0.4 else 0,
        )

    def program(self) -> Program:
        r = self.rng
        body: list[Stmt] = []
        for _ in range(r.randint(2, 5)):
            depth = r.choices([1, 2, 3], [6, 3, 1])[0]
            top = self.nest((), depth)
            body.append(top)
            if not top.local and r.random() < 0.12:  # the loop variable, read after it
                body.append(Assign(Var("lv"), Var(top.var)))
        vectors: frozenset[str] = frozenset()
        if self.lang is Lang.CPP:
            vectors = frozenset(name for name in INT_ARRAYS if r.random() < 0.5)
        if self.lang.fortran:  # C++-style local loop variables do not exist there
            for loop in body:
                _clear_local(loop)
        return Program(
            self.lang,
            self.seed,
            self.n,
            self.m,
            body,
            self.tolerance,
            vectors,
            self.features,
        )


def _clear_local(stmt: Stmt) -> None:
    if isinstance(stmt, Loop):
        stmt.local = False
        for inner in stmt.body:
            _clear_local(inner)
    elif isinstance(stmt, If):
        for inner in (*stmt.then, *stmt.orelse):
            _clear_local(inner)


def generate(lang: Lang, seed: int) -> Program:
    return Generator(lang, seed).program()
