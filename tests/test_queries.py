"""Every query under grammars/ compiles against its grammar, and outline queries only use
the capture names hpcls.analysis.outline understands."""

from __future__ import annotations

import re

import pytest
import tree_sitter

from hpcls.languages.registry import LanguageKind, load_query, query_names, query_source

GRAMMARS = [LanguageKind.FORTRAN, LanguageKind.C, LanguageKind.CPP, LanguageKind.CUDA]

_CASES = [(kind, name) for kind in GRAMMARS for name in query_names(kind)]

# The captures each outline query may use (see outline_common.run_query).
_KNOWN_CAPTURES = {
    "symbols": re.compile(r"(definition|import)\.\w+|name|declarator|path"),
    "folds": re.compile(r"fold(\.(comment|imports))?"),
}


@pytest.mark.parametrize("kind", GRAMMARS, ids=str)
def test_outline_queries_are_shipped(kind: LanguageKind) -> None:
    assert {"symbols", "folds"} <= set(query_names(kind))


@pytest.mark.parametrize(("kind", "name"), _CASES, ids=[f"{k}-{n}" for k, n in _CASES])
def test_query_compiles(kind: LanguageKind, name: str) -> None:
    source = query_source(kind, name)
    assert source is not None
    try:
        query = load_query(kind, name)
    except tree_sitter.QueryError as exc:  # report which file, not just the parser's message
        pytest.fail(f"grammars/{kind.grammar}/{name}.scm does not compile: {exc}")
    assert query is not None
    assert query.pattern_count > 0
    known = _KNOWN_CAPTURES.get(name)
    if known is not None:
        for i in range(query.capture_count):
            capture = query.capture_name(i)
            assert known.fullmatch(capture), f"{name}.scm: unexpected capture @{capture}"


def test_fixed_form_fortran_shares_the_fortran_queries() -> None:
    assert query_names(LanguageKind.FORTRAN_FIXED) == query_names(LanguageKind.FORTRAN)
    for name in query_names(LanguageKind.FORTRAN_FIXED):
        assert load_query(LanguageKind.FORTRAN_FIXED, name) is not None
