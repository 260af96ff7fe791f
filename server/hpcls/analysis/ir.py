"""The language-neutral IR that loop analysis, race detection and the parallelize action
work on. One lowering per language family (lower_fortran.py; lower_c.py for C, C++ and
CUDA host code) builds it from a Document; everything after that is language-blind.

Shape: a program unit (function, subroutine, program) is a tree of *constructs* (loops,
branches, OpenMP constructs) and a flat list of *events* in textual order: memory
accesses, calls and standalone OpenMP directives (barrier, taskwait, flush...). Each event
records the constructs around it (`context`, outermost first), so "the accesses inside
loop L", "the writes under this `parallel` that are not in a `critical`" and "is this
write unconditional in L's body" are all questions about `context`.

Names are as the language spells them, lower-cased for Fortran. Offsets are UTF-8 byte
offsets into the Document's *source* (not its parse view), lines are 0-based.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType

from hpcls.analysis.directives_syntax import Directive


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    line: int  # of `start`, 0-based


# --- affine expressions ---------------------------------------------------------------------

# A monomial: the sorted names multiplied together; () is the constant term. `i*n` is
# ("i", "n"): linearized subscripts (`a[i*n + j]`) stay exact, and the dependence tests
# decide what a symbolic coefficient allows.
Monomial = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Affine:
    """A polynomial with integer coefficients over loop variables and loop-invariant
    names: `terms` maps each non-constant monomial to its (non-zero) coefficient."""

    terms: tuple[tuple[Monomial, int], ...] = ()
    constant: int = 0

    @staticmethod
    def const(value: int) -> Affine:
        return Affine((), value)

    @staticmethod
    def var(name: str) -> Affine:
        return Affine((((name,), 1),), 0)

    def coefficient(self, *names: str) -> int:
        key = tuple(sorted(names))
        return next((c for m, c in self.terms if m == key), 0)

    @property
    def is_constant(self) -> bool:
        return not self.terms

    def names(self) -> frozenset[str]:
        return frozenset(n for m, _ in self.terms for n in m)

    def __add__(self, other: Affine) -> Affine:
        merged: dict[Monomial, int] = dict(self.terms)
        for m, c in other.terms:
            merged[m] = merged.get(m, 0) + c
        return Affine(_normal(merged), self.constant + other.constant)

    def __neg__(self) -> Affine:
        return self.scale(-1)

    def __sub__(self, other: Affine) -> Affine:
        return self + (-other)

    def scale(self, k: int) -> Affine:
        if k == 0:
            return Affine()
        return Affine(tuple((m, c * k) for m, c in self.terms), self.constant * k)

    def __mul__(self, other: Affine) -> Affine:
        merged: dict[Monomial, int] = {}
        left = (*self.terms, ((), self.constant))
        right = (*other.terms, ((), other.constant))
        for ma, ca in left:
            for mb, cb in right:
                m = tuple(sorted(ma + mb))
                merged[m] = merged.get(m, 0) + ca * cb
        constant = merged.pop((), 0)
        return Affine(_normal(merged), constant)

    def rename(self, old: str, new: str) -> Affine:
        """The same polynomial with variable `old` called `new`."""
        merged: dict[Monomial, int] = {}
        for m, c in self.terms:
            key = tuple(sorted(new if n == old else n for n in m))
            merged[key] = merged.get(key, 0) + c
        return Affine(_normal(merged), self.constant)

    def __str__(self) -> str:
        parts = [f"{c}*{'*'.join(m)}" if c != 1 else "*".join(m) for m, c in self.terms]
        if self.constant or not parts:
            parts.append(str(self.constant))
        return " + ".join(parts)


def _normal(terms: Mapping[Monomial, int]) -> tuple[tuple[Monomial, int], ...]:
    return tuple(sorted((m, c) for m, c in terms.items() if c != 0 and m))


@dataclass(frozen=True, slots=True)
class Quotient:
    """`num / den` in integer arithmetic (C `/` on integers, Fortran integer `/`)."""

    num: Affine
    den: int  # a constant > 1


_DELAY_ONLY = frozenset({"critical", "atomic", "ordered"})


# --- constructs -----------------------------------------------------------------------------


class ConstructKind(Enum):
    LOOP = "loop"
    BRANCH = "branch"  # one arm of if / else / select case / switch / where: may not run
    OMP = "omp"  # an OpenMP construct with a body (parallel, for/do, critical, task, ...)


class LoopForm(Enum):
    COUNTED = "counted"  # C canonical `for`, Fortran `do i = ...`
    CONCURRENT = "concurrent"  # Fortran `do concurrent`: iterations declared independent
    OTHER = "other"  # while, do-while, `do` without control, non-canonical `for`


@dataclass(frozen=True, slots=True)
class LoopInfo:
    var: str | None  # the loop variable; None when the loop has none
    lower: Affine | None  # first value; None when not affine
    upper: Affine | None  # last value reached, INCLUSIVE (`i < n` gives n - 1)
    step: int | None  # constant step; None when symbolic or unknown
    form: LoopForm
    # Statements that leave the loop early (break, exit, goto out, return, stop): such a
    # loop is not in OpenMP canonical form.
    exits: tuple[Span, ...] = ()
    # `continue` / `cycle` of this loop: the `order` of the first event after each. From
    # there on, the rest of an iteration may not run (a write there is not on every
    # iteration, so it cannot be lastprivate).
    skips: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Construct:
    id: int  # its index in Unit.constructs
    kind: ConstructKind
    span: Span  # the whole construct, directive line(s) included for OMP
    parent: int | None
    loop: LoopInfo | None = None  # LOOP only
    # OMP: the directive that opens it (`#pragma omp parallel for`, `!$omp do`); for a
    # LOOP, the loop directive written right above it is on the OMP construct around it.
    directive: Directive | None = None
    end_directive: Directive | None = None  # Fortran `!$omp end do [nowait]`, if written
    header: Span | None = None  # LOOP: the `for (...)` / `do i = ...` line; BRANCH: condition
    # Names declared inside this construct's body (C block scope): private per iteration.
    locals: frozenset[str] = frozenset()

    @property
    def words(self) -> frozenset[str]:
        """The words of its directive's name (`{"parallel", "for"}`); empty without one."""
        return frozenset(self.directive.name.split()) if self.directive is not None else frozenset()


# --- events ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Access:
    """One read or write of a variable or array element."""

    name: str  # the variable; a member path for structs / derived types (`s.x`, `t%x`)
    # () for a scalar; one entry per dimension as written, None where not affine
    # (`a[idx[i]]`, `a[i*i]` is kept as a polynomial); `*p` is p with subscript 0.
    subscripts: tuple[Affine | None, ...]
    write: bool
    span: Span
    order: int  # position in the unit's event sequence (textual order)
    statement: int  # accesses of one statement share it
    context: tuple[int, ...]  # construct ids around it, outermost first
    # Set on both the read and the write of `x = x op e` / `x op= e` / `x = max(x, e)`
    # (e free of x): "+", "*", "-", "max", "min", "&", "|", "^", "&&", "||", ".and.",
    # ".or.", ".eqv.", ".neqv.", "iand", "ior", "ieor".
    update_op: str | None = None
    atomic: bool = False  # the statement is under `omp atomic`
    address_taken: bool = False  # `&x` / passed by reference: may be read or written
    # Value facts for race certainty; lowerings may leave them empty. Per subscript whose
    # `subscripts` entry is None: `a[i / 4]` → Quotient(i, 4), else None.
    quotients: tuple[Quotient | None, ...] = ()
    # Per subscript whose entry is None: when it is exactly one element of an array
    # (`b[idx[i]]`, `coarse(dst(i))`), the `order` of that element's read, else None.
    via: tuple[int | None, ...] = ()
    # A write `x = e` (plain assignment): e when affine, a Quotient, or the name of the
    # routine when e is exactly a call with no arguments (`omp_get_thread_num()`).
    value: Affine | Quotient | str | None = None


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    span: Span
    order: int
    statement: int
    context: tuple[int, ...]
    pure: bool  # a known side-effect-free routine (math intrinsics, `pure` procedures)
    # Array/pointer names passed whole: an impure call may write them.
    arguments: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Standalone:
    """A standalone OpenMP directive: barrier, taskwait, taskyield, flush, ..."""

    directive: Directive
    span: Span
    order: int
    context: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Effect:
    """An effect the IR cannot model: I/O, an operator or member call on a class object,
    a C++ reference or lambda, `throw`, `volatile`, Fortran character or pointer dummies...
    A loop around it is `unknown` for `reason`, never `parallel`: the accesses the IR
    does record are not all the program does there."""

    reason: str  # plain words, without the line: "writes to a stream (std::cout <<)"
    span: Span
    order: int
    context: tuple[int, ...]


Event = Access | Call | Standalone | Effect


class StorageKind(Enum):
    SCALAR = "scalar"
    ARRAY = "array"  # a declared array: distinct arrays never overlap
    POINTER = "pointer"  # C pointer or Fortran pointer: may alias other pointers / targets
    UNKNOWN = "unknown"  # not declared in the unit (global, module, implicit)


@dataclass(frozen=True, slots=True)
class Symbol:
    name: str
    storage: StorageKind
    restrict: bool = False  # C `restrict` / `__restrict__`: aliases nothing else
    parameter: bool = False  # a dummy argument / function parameter
    # The construct whose body declares it (None: the unit's own scope).
    declared_in: int | None = None
    # Fortran `save`/`static`/module/common: shared by all threads even inside a region.
    static: bool = False
    target: bool = False  # Fortran TARGET: a pointer may point to it
    threadprivate: bool = False
    # A C++ reference to a scalar (`double &r = v[0]`, `const double &a`): it names
    # memory the IR may know under another name.
    reference: bool = False
    # OpenMP reduces it without a `declare reduction`: an arithmetic (or logical) scalar
    # or array of them; not a class object (std::complex, std::string), not a character.
    reducible: bool = True


@dataclass(frozen=True, slots=True)
class _Index:
    inside: Mapping[int, tuple[Event, ...]]  # by construct id, in event order
    children: Mapping[int | None, tuple[Construct, ...]]  # by parent id, in id order


@dataclass(frozen=True, slots=True)
class Unit:
    """One program unit: a C/C++ function, a Fortran subroutine, function or program."""

    name: str
    span: Span
    constructs: tuple[Construct, ...]
    events: tuple[Event, ...]  # by `order`
    symbols: Mapping[str, Symbol] = field(default_factory=lambda: MappingProxyType({}))
    # Fortran rules apply (inner DO indices are private, dummy arrays do not alias,
    # Fortran reduction operators); lowerings set it, the dependence analysis reads it.
    fortran: bool = False
    # Events and children by construct, built on first use: `inside` and `children` are
    # asked for every loop, and scanning every event each time made large files
    # quadratic. Never compared, and not copied by `replace` (a new unit builds its own).
    _index: _Index | None = field(default=None, init=False, compare=False, repr=False)

    def _built(self) -> _Index:
        index = self._index
        if index is None:
            inside: dict[int, list[Event]] = {}
            for e in self.events:
                for cid in dict.fromkeys(e.context):
                    inside.setdefault(cid, []).append(e)
            kids: dict[int | None, list[Construct]] = {}
            for c in self.constructs:
                kids.setdefault(c.parent, []).append(c)
            index = _Index(
                {c: tuple(es) for c, es in inside.items()},
                {c: tuple(ks) for c, ks in kids.items()},
            )
            object.__setattr__(self, "_index", index)  # one assignment: safe across threads
        return index

    def inside(self, construct: int) -> Iterator[Event]:
        """The events in the construct's body, nested constructs included."""
        return iter(self._built().inside.get(construct, ()))

    def accesses(self, construct: int) -> Iterator[Access]:
        return (e for e in self.inside(construct) if isinstance(e, Access))

    def loops(self) -> Iterator[Construct]:
        return (c for c in self.constructs if c.kind is ConstructKind.LOOP)

    def children(self, construct: int | None) -> Iterator[Construct]:
        return iter(self._built().children.get(construct, ()))

    def every_time(self, context: tuple[int, ...], construct: int) -> bool:
        """True when an event with this context runs on every execution of the
        construct's body: between the two there are only `critical`, `atomic` and
        `ordered` constructs (which delay, never skip). Branches, inner loops (which may
        run zero times) and `single`/`master` do not count."""
        if construct not in context:
            return False
        for inner in context[context.index(construct) + 1 :]:
            c = self.constructs[inner]
            name = c.directive.name if c.directive is not None else ""
            if c.kind is not ConstructKind.OMP or name not in _DELAY_ONLY:
                return False
        return True

    def chain(self, construct: int | None) -> Iterator[int]:
        """`construct` and the constructs around it, innermost first."""
        while construct is not None:
            yield construct
            construct = self.constructs[construct].parent

    def ancestors(self, construct: int) -> tuple[int, ...]:
        """The constructs around `construct`, innermost first (itself excluded)."""
        return tuple(self.chain(self.constructs[construct].parent))

    def within(self, inner: int | None, outer: int) -> bool:
        """True when construct `inner` is `outer` or nested in it."""
        return outer in self.chain(inner)

    def enclosing_omp(self, construct: int) -> Iterator[Construct]:
        """The OMP constructs around `construct`, innermost first (itself included)."""
        for at in self.chain(construct):
            c = self.constructs[at]
            if c.kind is ConstructKind.OMP:
                yield c
