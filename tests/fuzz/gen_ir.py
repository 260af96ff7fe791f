"""The small program IR the generator builds and the renderers print, one for all four
languages. Subscripts are 0-based everywhere (Fortran arrays are declared `(0:n)`), and
`Loop` runs `lo <= v < hi` (Fortran prints `do v = lo, hi - 1`), so one program means the
same thing in C and in Fortran."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Lang(StrEnum):
    C = "c"
    CPP = "cpp"
    F90 = "f90"
    F77 = "f"

    @property
    def fortran(self) -> bool:
        return self in (Lang.F90, Lang.F77)

    @property
    def suffix(self) -> str:
        return "." + self.value


@dataclass(frozen=True, slots=True)
class Const:
    value: int


@dataclass(frozen=True, slots=True)
class DConst:
    value: float  # always a binary fraction (0.5, 0.25, 2.0): exact in every language


@dataclass(frozen=True, slots=True)
class Var:
    name: str


@dataclass(frozen=True, slots=True)
class Idx:
    name: str
    subs: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Bin:
    op: str  # + - * /
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Mod:
    left: Expr
    right: int  # C's % and Fortran's mod agree: both truncate


@dataclass(frozen=True, slots=True)
class Call:
    fn: str
    args: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ToDbl:
    expr: Expr


@dataclass(frozen=True, slots=True)
class MaxMin:
    op: str  # max | min
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class Cmp:
    op: str  # == != < > <= >=
    left: Expr
    right: Expr


Expr = Const | DConst | Var | Idx | Bin | Mod | Call | ToDbl | MaxMin | Cmp


@dataclass(slots=True)
class Assign:
    lhs: Var | Idx
    rhs: Expr
    compound: bool = False  # C: `x += e` when rhs is `x + e`


@dataclass(slots=True)
class If:
    cond: Expr
    then: list[Stmt]
    orelse: list[Stmt] = field(default_factory=list)


@dataclass(slots=True)
class Loop:
    var: str
    lo: Expr
    hi: Expr  # exclusive
    body: list[Stmt]
    down: bool = False  # hi-1 down to lo
    step: int = 1
    local: bool = False  # C: `for (int v = ...)`
    label: int = 0  # fixed form: `do 10 v = ...` / `10 continue`


@dataclass(slots=True)
class Exit:
    pass


@dataclass(slots=True)
class Skip:
    pass


@dataclass(slots=True)
class Print:
    items: tuple[Expr, ...]
    style: int = 0  # C: printf / C++: cout; Fortran: 0 print *, 1 write(*,'(...)')


@dataclass(slots=True)
class Read:
    var: str  # an int scalar read from stdin


@dataclass(slots=True)
class CallSub:
    fn: str
    args: tuple[Expr, ...]


@dataclass(slots=True)
class Raw:
    text: str  # one statement in the target language (C++ containers, streams)


Stmt = Assign | If | Loop | Exit | Skip | Print | Read | CallSub | Raw


@dataclass(slots=True)
class Program:
    lang: Lang
    seed: int
    n: int  # 1-D loops stay inside [2, n - 2)
    m: int  # nests stay inside [1, m - 1)
    body: list[Stmt]
    tolerance: float | None = None
    cxx_vectors: frozenset[str] = frozenset()  # C++: 1-D arrays that are std::vector
    features: set[str] = field(default_factory=set)  # map, string, stream, ref, read

    @property
    def size(self) -> int:
        """Elements of each 1-D array: room for 2*i+1 and i*m+j with a margin."""
        return 2 * self.n + 8


INT_ARRAYS = ("a", "b", "c", "e")
DBL_ARRAYS = ("d", "g")
INT_2D = ("w",)
INDEX_ARRAY = "idx"
INT_SCALARS = ("s", "t", "u", "mx", "mn", "cr", "lst", "x", "lv")
DBL_SCALARS = ("p", "ds", "fs")
LOOP_VARS = ("i", "j", "k")
CHECK_VAR = "q"
