"""Doc comments of user declarations: Doxygen and FORD styles, and what is not one."""

from __future__ import annotations

from hpcls.analysis.doc_comments import MAX_DOC_LINES, doc_comment


def _doc(text: str, decl: str, fortran: bool) -> str | None:
    source = text.encode()
    return doc_comment(source, source.index(decl.encode()), fortran)


def test_doxygen_fortran_above() -> None:
    text = "!> Exchanges the halo rows.\n!> Blocking.\nsubroutine halo(g)\nend\n"
    assert _doc(text, "subroutine halo", True) == "Exchanges the halo rows.\nBlocking."


def test_ford_below_the_declaration_line() -> None:
    text = "subroutine halo(g)\n  !! Exchanges the halo rows.\n  type(grid) :: g\nend\n"
    assert _doc(text, "subroutine halo", True) == "Exchanges the halo rows."


def test_c_triple_slash_and_block() -> None:
    assert _doc("/// Sweeps once.\ndouble sweep(void);\n", "double sweep", False) == (
        "Sweeps once."
    )
    block = "/**\n * Sweeps once.\n * Returns the residual.\n */\ndouble sweep(void);\n"
    assert _doc(block, "double sweep", False) == "Sweeps once.\nReturns the residual."


def test_plain_comments_and_gaps_are_not_documentation() -> None:
    assert _doc("! old code\nsubroutine s\nend\n", "subroutine s", True) is None
    assert _doc("/// doc\n\nint f(void);\n", "int f", False) is None
    assert _doc("/* plain */\nint f(void);\n", "int f", False) is None
    assert _doc("int f(void);\n", "int f", False) is None


def test_long_documentation_is_cut() -> None:
    text = "".join(f"/// line {i}\n" for i in range(50)) + "int f(void);\n"
    doc = _doc(text, "int f", False)
    assert doc is not None and doc.splitlines()[-1] == "…"
    assert len(doc.splitlines()) == MAX_DOC_LINES + 1
