"""OpenMP 5.2 directives: description, accepted clauses and C/Fortran spelling.

Leaf constructs list their clauses as the 5.2 spec does. Combined and composite constructs
(`target teams distribute parallel for simd`) take the union of their constituents' clauses,
except `nowait` where `parallel` combines with a worksharing construct (spec 17.4): the
constituents are found by splitting the name at the longest leaf prefix. A Fortran `end`
directive accepts its construct's end-clauses (nowait, copyprivate: 5.2 lets them appear on
either directive), so `end do nowait` and `end target nowait`, but not `end parallel do
nowait`.
Clauses (syntax, description) are in openmp_clauses.py, runtime routines in
openmp_routines.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hpcls.knowledge.openmp_clauses import CLAUSE_BY_NAME, OmpClause, clause_named
from hpcls.knowledge.openmp_leaves import LEAVES, Languages


@dataclass(frozen=True, slots=True)
class OmpDirective:
    name: str  # C spelling ("parallel for"); Fortran-only names in their Fortran spelling
    description: str
    clauses: frozenset[str]  # clause names, C spelling
    languages: Languages = "both"
    deprecated: str | None = None  # what to use instead

    def spelling(self, fortran: bool) -> str:
        if not fortran:
            return self.name
        return " ".join("do" if w == "for" else w for w in self.name.split())

    def clause_spellings(self, fortran: bool) -> tuple[str, ...]:
        """Accepted clause names as written in the language, sorted."""
        return tuple(sorted(CLAUSE_BY_NAME[c].spelling(fortran) for c in self.clauses))

    def accepts(self, clause: OmpClause) -> bool:
        return clause.name in self.clauses


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _names(text: str) -> tuple[str, ...]:
    """`;`-separated names, blanks normalised (`_` stands for a blank)."""
    return tuple(" ".join(n.replace("_", " ").split()) for n in text.split(";") if n.strip())


_COMBINED: tuple[tuple[str, Languages], ...] = (
    *(
        (n, "both")
        for n in _names("""
    for simd; parallel for; parallel for simd; parallel sections; parallel loop;
    parallel masked; parallel master; masked taskloop; masked taskloop simd; master taskloop;
    master taskloop simd; parallel masked taskloop; parallel masked taskloop simd;
    parallel master taskloop; parallel master taskloop simd; taskloop simd;
    distribute simd; distribute parallel for; distribute parallel for simd;
    teams distribute; teams distribute simd; teams distribute parallel for;
    teams distribute parallel for simd; teams loop; target parallel; target parallel for;
    target parallel for simd; target parallel loop; target simd; target teams;
    target teams distribute; target teams distribute simd; target teams loop;
    target teams distribute parallel for; target teams distribute parallel for simd
    """)
    ),
    ("parallel workshare", "fortran"),
)

# Constructs whose nowait the enclosing `parallel` of a combined construct takes away.
_WORKSHARING = frozenset({"for", "sections", "workshare", "for simd", "scope", "single"})
# The clauses with the 5.2 end-clause property: a Fortran end directive takes them too.
_END_CLAUSES = frozenset({"nowait", "copyprivate"})

_LEAF_BY_NAME = {n: OmpDirective(n, d, _set(c), lang) for n, d, c, lang in LEAVES}


def _split(name: str) -> tuple[str, str]:
    """A combined name as (longest leaf prefix, the rest)."""
    words = name.split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        if head in _LEAF_BY_NAME:
            return head, " ".join(words[k:])
    raise ValueError(f"no leaf construct starts {name!r}")


def _combined_clauses(name: str) -> frozenset[str]:
    leaf = _LEAF_BY_NAME.get(name)
    if leaf is not None:
        return leaf.clauses
    head, rest = _split(name)
    out = _combined_clauses(head) | _combined_clauses(rest)
    if head == "parallel" and rest in _WORKSHARING:
        out -= {"nowait"}
    if head == "parallel" and "taskloop" in rest.split():
        out -= {"in_reduction"}  # spec restriction of parallel masked taskloop (gcc, LLVM)
    if head == "distribute" and rest.startswith("parallel for"):
        # spec restrictions of the distribute parallel worksharing-loop construct: no
        # ordered, and no linear unless it is composite with simd (gcc and LLVM agree)
        out -= {"ordered"} if rest.endswith("simd") else {"ordered", "linear"}
    if head == "target" and rest.split()[0] == "parallel":
        out -= {"copyin"}  # no threadprivate copy-in into a device region (gcc, LLVM)
    return out


def _combined(name: str, lang: Languages) -> OmpDirective:
    head, rest = _split(name)
    simd = rest == "simd" or head in ("for", "distribute", "taskloop")
    kind = "Composite" if simd else "Combined"
    description = f"{kind} construct: `{head}` applied together with `{rest}`."
    deprecated = "masked" if "master" in name.split() else None
    return OmpDirective(name, description, _combined_clauses(name), lang, deprecated)


def _end(directive: OmpDirective) -> OmpDirective:
    clauses = directive.clauses & _END_CLAUSES
    return OmpDirective(
        f"end {directive.spelling(True)}",
        f"Ends the `{directive.spelling(True)}` construct (Fortran).",
        clauses,
        "fortran",
        directive.deprecated,
    )


# Directives without a Fortran end directive: standalone and declarative ones.
_NO_END_NAMES = frozenset(
    _names("""allocate; assumes; barrier; cancel; cancellation point; declare mapper;
    declare reduction; declare simd; declare target; declare variant; depobj; error; flush;
    interop; nothing; requires; scan; section; target enter data; target exit data;
    target update; taskwait; taskyield; threadprivate""")
)


def _build() -> tuple[OmpDirective, ...]:
    leaves = tuple(
        OmpDirective(d.name, d.description, d.clauses, d.languages, "masked")
        if d.name == "master"
        else d
        for d in _LEAF_BY_NAME.values()
    )
    base = leaves + tuple(_combined(n, lang) for n, lang in _COMBINED)
    ends = tuple(_end(d) for d in base if d.languages != "c" and d.name not in _NO_END_NAMES)
    return base + ends


DIRECTIVES: tuple[OmpDirective, ...] = _build()

_BY_SPELLING: Mapping[tuple[str, bool], OmpDirective] = MappingProxyType(
    {
        (d.spelling(fortran), fortran): d
        for d in DIRECTIVES
        for fortran in (False, True)
        if d.languages == "both" or (d.languages == "fortran") == fortran
    }
)


def directive_named(name: str, fortran: bool) -> OmpDirective | None:
    """The directive spelled `name` (canonical lower-case, words single-spaced) in C or
    Fortran."""
    return _BY_SPELLING.get((name, fortran))


def directives_for(fortran: bool) -> tuple[OmpDirective, ...]:
    """Every directive available in C (False) or Fortran (True)."""
    return tuple(d for (_, f), d in _BY_SPELLING.items() if f == fortran)


def accepted_clauses(directive: OmpDirective, fortran: bool) -> tuple[OmpClause, ...]:
    return tuple(c for n in directive.clause_spellings(fortran) if (c := clause_named(n, fortran)))
