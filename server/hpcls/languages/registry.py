"""Map file names and client languageIds to a language, and load its grammar and queries."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

import tree_sitter
import tree_sitter_c
import tree_sitter_cpp
import tree_sitter_cuda
import tree_sitter_fortran


class LanguageKind(StrEnum):
    FORTRAN = "fortran"
    FORTRAN_FIXED = "fortran-fixed"
    C = "c"
    CPP = "cpp"
    CUDA = "cuda"

    @property
    def grammar(self) -> str:
        """The grammar (and grammars/ folder) this language parses with."""
        return "fortran" if self is LanguageKind.FORTRAN_FIXED else self.value

    @property
    def is_fortran(self) -> bool:
        return self in (LanguageKind.FORTRAN, LanguageKind.FORTRAN_FIXED)


FREE_FORM_EXTENSIONS = frozenset(
    {".f90", ".f95", ".f03", ".f08", ".f18"}
)  # compared case-insensitively
FIXED_FORM_EXTENSIONS = frozenset({".f", ".for", ".f77", ".ftn"})
_EXTENSIONS: dict[str, LanguageKind] = {
    **{e: LanguageKind.FORTRAN for e in FREE_FORM_EXTENSIONS},
    **{e: LanguageKind.FORTRAN_FIXED for e in FIXED_FORM_EXTENSIONS},
    ".c": LanguageKind.C,
    ".h": LanguageKind.C,
    **{e: LanguageKind.CPP for e in (".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".h++")},
    ".cu": LanguageKind.CUDA,
    ".cuh": LanguageKind.CUDA,
}
SOURCE_EXTENSIONS = frozenset(_EXTENSIONS)

# languageIds seen from real clients (VS Code + Modern Fortran, Neovim, Eglot, Helix, ...).
# "fortran" alone does not say the source form: the extension decides.
_LANGUAGE_IDS: dict[str, LanguageKind | None] = {
    "fortran": None,
    "fortranfreeform": LanguageKind.FORTRAN,
    "fortran-free-form": LanguageKind.FORTRAN,
    "f90": LanguageKind.FORTRAN,
    "fortran90": LanguageKind.FORTRAN,
    "fortranfixedform": LanguageKind.FORTRAN_FIXED,
    "fortran-fixed-form": LanguageKind.FORTRAN_FIXED,
    "fortran77": LanguageKind.FORTRAN_FIXED,
    "f77": LanguageKind.FORTRAN_FIXED,
    "c": LanguageKind.C,
    "cpp": LanguageKind.CPP,
    "c++": LanguageKind.CPP,
    "cxx": LanguageKind.CPP,
    "cuda": LanguageKind.CUDA,
    "cuda-cpp": LanguageKind.CUDA,
    "cuda-c++": LanguageKind.CUDA,
}


def path_of(uri_or_path: str) -> str:
    """The file-system path of a file: URI, or the argument itself when it is a path."""
    if "://" in uri_or_path or uri_or_path.startswith("file:"):
        return unquote(urlparse(uri_or_path).path)
    return uri_or_path


def language_from_extension(uri_or_path: str) -> LanguageKind | None:
    suffix = PurePosixPath(path_of(uri_or_path)).suffix.lower()
    return _EXTENSIONS.get(suffix)


def language_for(uri_or_path: str, language_id: str | None = None) -> LanguageKind | None:
    """The language of a document: the client's languageId wins, the extension decides the rest.

    A `.h` is C unless the client says C++; a Fortran languageId that does not name the source
    form takes it from the extension (fixed form for .f/.for/.f77/.ftn, else free form).
    """
    by_ext = language_from_extension(uri_or_path)
    if language_id:
        key = language_id.strip().lower()
        if key in _LANGUAGE_IDS:
            kind = _LANGUAGE_IDS[key]
            if kind is None:  # plain "fortran"
                return by_ext if by_ext is not None and by_ext.is_fortran else LanguageKind.FORTRAN
            # Eglot 1.9 sends one languageId for every buffer of a server: a Fortran id on
            # a .c file (or a C id on a .f90) is the client's mistake, and the extension wins.
            if by_ext is not None and by_ext.is_fortran != kind.is_fortran:
                return by_ext
            return kind
    return by_ext


_GRAMMARS = {
    "fortran": tree_sitter_fortran.language,
    "c": tree_sitter_c.language,
    "cpp": tree_sitter_cpp.language,
    "cuda": tree_sitter_cuda.language,
}


@cache
def ts_language(kind: LanguageKind) -> tree_sitter.Language:
    return tree_sitter.Language(_GRAMMARS[kind.grammar]())


def new_parser(kind: LanguageKind) -> tree_sitter.Parser:
    return tree_sitter.Parser(ts_language(kind))


def query_names(kind: LanguageKind) -> list[str]:
    """Names of the queries shipped for this language's grammar (grammars/<grammar>/*.scm)."""
    folder = resources.files("hpcls.grammars").joinpath(kind.grammar)
    if not folder.is_dir():
        return []
    return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".scm"))


# A query that starts with `; inherits: cpp` (as in nvim-treesitter) is the parent grammar's
# query of the same name followed by its own patterns: CUDA extends C++, C++ extends C.
_INHERITS = re.compile(r";\s*inherits:\s*([\w, ]+)")


def query_source(kind: LanguageKind, name: str) -> str | None:
    return _grammar_query_source(kind.grammar, name)


@cache
def _grammar_query_source(grammar: str, name: str) -> str | None:
    path = resources.files("hpcls.grammars").joinpath(grammar, f"{name}.scm")
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    first_line = text.split("\n", 1)[0]
    match = _INHERITS.fullmatch(first_line.strip())
    if match is None:
        return text
    parents = [p.strip() for p in match.group(1).split(",") if p.strip()]
    inherited = [_grammar_query_source(p, name) or "" for p in parents if p != grammar]
    return "\n".join([*inherited, text])


@cache
def load_query(kind: LanguageKind, name: str) -> tree_sitter.Query | None:
    """The compiled query grammars/<grammar>/<name>.scm, or None when the language has none."""
    source = query_source(kind, name)
    if source is None:
        return None
    return tree_sitter.Query(ts_language(kind), source)
