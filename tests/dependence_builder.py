"""Build IR Units by hand for the dependence tests: loops, branches and OpenMP constructs
as context managers, statements as lists of accesses. Each statement gets its own line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from types import MappingProxyType

from hpcls.analysis.directives_syntax import Clause, Directive
from hpcls.analysis.ir import (
    Access,
    Affine,
    Call,
    Construct,
    ConstructKind,
    Event,
    LoopForm,
    LoopInfo,
    Span,
    StorageKind,
    Symbol,
    Unit,
)

_TERM = re.compile(r"([+-]?)\s*([^+-]+)")


def aff(text: str) -> Affine:
    """'2*i - j + 3', 'i*n + j', 'k' as an Affine."""
    out = Affine()
    for sign, term in _TERM.findall(text.replace(" ", "")):
        value = Affine.const(1)
        for factor in term.split("*"):
            value = value * (Affine.const(int(factor)) if factor.isdigit() else Affine.var(factor))
        out = out + (value.scale(-1) if sign == "-" else value)
    return out


def sub(text: str | None) -> Affine | None:
    return None if text is None or text == "?" else aff(text)


def directive(name: str, argument: str | None = None, **clauses: str) -> Directive:
    """`directive("task", private="t")`: clauses by name with their argument text."""
    cs = tuple(Clause(n, text, 0, 0) for n, text in clauses.items())
    return Directive("#pragma omp", "omp", name, True, False, cs, argument, 0, 0, 0, 0, (0,), ())


class Builder:
    def __init__(self, fortran: bool = False) -> None:
        self.fortran = fortran
        self.constructs: list[Construct] = []
        self.events: list[Event] = []
        self.symbols: dict[str, Symbol] = {}
        self.stack: list[int] = []
        self.statement = 0

    # --- structure ---
    def _open(self, kind: ConstructKind, **kw: object) -> int:
        cid = len(self.constructs)
        parent = self.stack[-1] if self.stack else None
        line = self.statement
        self.statement += 1
        span = Span(line * 100, line * 100 + 50, line)
        self.constructs.append(Construct(cid, kind, span, parent, **kw))  # type: ignore[arg-type]
        self.stack.append(cid)
        return cid

    @contextmanager
    def loop(
        self,
        var: str | None,
        lower: str | None = "0",
        upper: str | None = "n-1",
        step: int | None = 1,
        form: LoopForm = LoopForm.COUNTED,
        exits: int = 0,
        locals: tuple[str, ...] = (),
    ) -> Iterator[int]:
        line = self.statement
        header = Span(line * 100, line * 100 + 40, line)
        info = LoopInfo(
            var,
            sub(lower),
            sub(upper),
            step,
            form,
            tuple(Span(0, 1, line + 1) for _ in range(exits)),
        )
        cid = self._open(ConstructKind.LOOP, loop=info, header=header, locals=frozenset(locals))
        if var is not None:  # a local of the unit, as lowerings declare it (see `sym`)
            self.symbols.setdefault(var, Symbol(var, StorageKind.SCALAR))
        yield cid
        self.stack.pop()

    @contextmanager
    def branch(self) -> Iterator[int]:
        cid = self._open(ConstructKind.BRANCH)
        yield cid
        self.stack.pop()

    @contextmanager
    def omp(self, name: str, argument: str | None = None, **clauses: str) -> Iterator[int]:
        cid = self._open(ConstructKind.OMP, directive=directive(name, argument, **clauses))
        yield cid
        self.stack.pop()

    # --- events ---
    def _access(self, name: str, subs: tuple[str | None, ...], write: bool, **kw: object) -> Access:
        line = self.statement
        return Access(
            name,
            tuple(sub(s) for s in subs),
            write,
            Span(line * 100 + len(self.events), line * 100 + len(self.events) + 1, line),
            len(self.events),
            line,
            tuple(self.stack),
            **kw,  # type: ignore[arg-type]
        )

    def stmt(self, *items: tuple[str, str, tuple[str | None, ...], dict[str, object]]) -> None:
        """One statement: items are ('w'|'r', name, subscripts, extra fields)."""
        for rw, name, subs, kw in items:
            self.events.append(self._access(name, subs, rw == "w", **kw))
        self.statement += 1

    def assign(self, target: str, *reads: str, update: str | None = None, **kw: object) -> None:
        """`target = f(reads)`, names written like 'a[i+1]' or 'a[i][j]' or 's'."""
        items = [("w", *_ref(target), {"update_op": update, **kw})]
        for r in reads:
            name, subs = _ref(r)
            extra = {"update_op": update, **kw} if update and name == _ref(target)[0] else kw
            items.append(("r", name, subs, extra))
        self.stmt(*items)

    def call(self, name: str, pure: bool = False, arguments: tuple[str, ...] = ()) -> None:
        line = self.statement
        self.events.append(
            Call(
                name,
                Span(line * 100, line * 100 + 1, line),
                len(self.events),
                line,
                tuple(self.stack),
                pure,
                arguments,
            )
        )
        self.statement += 1

    def sym(self, name: str, storage: StorageKind = StorageKind.SCALAR, **kw: object) -> None:
        self.symbols[name] = Symbol(name, storage, **kw)  # type: ignore[arg-type]

    def unit(self) -> Unit:
        return Unit(
            "f",
            Span(0, 100_000, 0),
            tuple(self.constructs),
            tuple(self.events),
            MappingProxyType(dict(self.symbols)),
            fortran=self.fortran,
        )


def _ref(text: str) -> tuple[str, tuple[str | None, ...]]:
    """'a[i+1][j]' -> ('a', ('i+1', 'j')); '*p' -> ('p', ('0',))."""
    if text.startswith("*"):
        return text[1:], ("0",)
    name, _, rest = text.partition("[")
    if not rest:
        return name, ()
    return name, tuple(None if s == "?" else s for s in rest.rstrip("]").split("]["))


def declared_in(symbol: Symbol, construct: int) -> Symbol:
    return replace(symbol, declared_in=construct)
