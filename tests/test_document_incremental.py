"""Incremental edits (Tree.edit + reparse, patched line index) equal a fresh parse, in every
line-end style: each sample is written with LF, CRLF or CR line ends (typed fragments too,
with all three breaks typed on top), and the result also looks, in LSP positions, exactly
like its LF twin (tests/line_ends.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hpcls.languages.registry import LanguageKind
from hpcls.workspace.document import Change, Document
from hpcls.workspace.lines import Encoding, LineIndex
from tests.line_ends import STYLES, restyle, snapshot

SAMPLES = {
    LanguageKind.FORTRAN: (
        "module m\n  implicit none\n  real :: a(10)\ncontains\n  subroutine s(n)\n"
        "    integer, intent(in) :: n\n    integer :: i\n!$omp parallel do\n"
        "    do i = 1, n\n      a(i) = 2.0 * i  ! é\n    end do\n  end subroutine s\nend module m\n"
    ),
    LanguageKind.FORTRAN_FIXED: (
        "C     a fixed-form routine\n      SUBROUTINE AXPY(N, A, X, Y)\n"
        "      INTEGER N, I\n      DOUBLE PRECISION A, X(N),\n     &                 Y(N)\n"
        "C$OMP PARALLEL DO\n      DO 10 I = 1, N\n         Y(I) = Y(I) + A * X(I)\n"
        "   10 CONTINUE\n      END\n"
    ),
    LanguageKind.C: (
        "#include <omp.h>\n#define N 100\nstatic double a[N];\n"
        "int main(void) {\n  double s = 0.0; /* 𝛼 */\n#pragma omp parallel for reduction(+:s)\n"
        "  for (int i = 0; i < N; i++) {\n    s += a[i];\n  }\n  return (int)s;\n}\n"
    ),
    LanguageKind.CPP: (
        "#include <vector>\nnamespace hpc {\nclass Grid {\n public:\n  explicit Grid(int n) : v_(n) {}\n"
        "  double sum() const;\n private:\n  std::vector<double> v_;\n};\n}  // namespace hpc\n"
    ),
    LanguageKind.CUDA: (
        "__global__ void saxpy(int n, float a, const float* x, float* y) {\n"
        "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n  if (i < n) y[i] = a * x[i] + y[i];\n}\n"
        "int main() {\n  saxpy<<<1, 256>>>(0, 1.0f, nullptr, nullptr);\n  return 0;\n}\n"
    ),
}

FRAGMENTS = [
    "x",
    "a(i)",
    " = ",
    "+ 1",
    "\n",
    "\r\n",
    "\r",
    "{",
    "}",
    "(",
    ")",
    ";",
    "do i = 1, n\n",
    "end do\n",
    "!$omp parallel\n",
    "#pragma omp for\n",
    "// c\n",
    "! c\n",
    "é",
    "𝛼",
    "\t",
    "     &",
    "C comment\n",
    "      ",
    "int",
    '"str"',
    "'s'",
    "&",
]

_BREAK = re.compile(r"\r\n|\r|\n")


def lsp_position(text: str, index: int) -> tuple[int, int]:
    """Reference (line, UTF-16 character) of a str index, computed the slow, obvious way."""
    line, start = 0, 0
    for m in _BREAK.finditer(text, 0, index):
        if m.end() <= index:
            line, start = line + 1, m.end()
    prefix = text[start:index]
    return line, len(prefix.encode("utf-16-le")) // 2


def fragments(newline: str) -> list[str]:
    """The fragments in a style, and the three line breaks as they are: files mix them."""
    return [restyle(f, newline) for f in FRAGMENTS] + ["\n", "\r\n", "\r"]


@st.composite
def edit_scripts(draw: st.DrawFn, kind: LanguageKind, newline: str) -> list[tuple[int, int, str]]:
    text = restyle(SAMPLES[kind], newline)
    pieces = fragments(newline)
    script = []
    for _ in range(draw(st.integers(1, 6))):
        a = draw(st.integers(0, len(text)))
        b = draw(st.integers(a, min(len(text), a + 12)))
        # Never split a CRLF pair with the range ends: editors never do.
        if 0 < a < len(text) and text[a - 1 : a + 1] == "\r\n":
            a -= 1
        if 0 < b < len(text) and text[b - 1 : b + 1] == "\r\n":
            b += 1
        b = max(a, b)
        new = "".join(draw(st.lists(st.sampled_from(pieces), max_size=4)))
        script.append((a, b, new))
        text = text[:a] + new + text[b:]
    return script


def run_script(
    kind: LanguageKind, script: list[tuple[int, int, str]], batched: bool, newline: str = "\n"
) -> None:
    text = restyle(SAMPLES[kind], newline)
    doc = Document.create("file:///t", kind, 0, text)
    changes = []
    for version, (a, b, new) in enumerate(script, 1):
        sl, sc = lsp_position(text, a)
        el, ec = lsp_position(text, b)
        change = Change((sl, sc, el, ec), new)
        text = text[:a] + new + text[b:]
        if batched:
            changes.append(change)
        else:
            doc, warnings = doc.apply([change], version, Encoding.UTF16)
            assert warnings == []
            assert doc.text == text
    if batched:
        doc, _ = doc.apply(changes, len(script), Encoding.UTF16)
    fresh = Document.create("file:///t", kind, 0, text)
    assert doc.text == text
    assert doc.lines == LineIndex.of(doc.source)
    assert doc.parse_source == fresh.parse_source
    assert doc.tree is not None and fresh.tree is not None
    # Error-free: the incremental tree itself equals a fresh parse. With errors, tree-sitter's
    # recovery may differ, and the canonical snapshot (what diagnostics use) must equal it.
    if not fresh.tree.root_node.has_error:
        assert str(doc.tree.root_node) == str(fresh.tree.root_node)
    canonical = doc.canonical()
    assert canonical.tree is not None
    assert str(canonical.tree.root_node) == str(fresh.tree.root_node)
    # Line ends are only bytes: what the user sees equals the LF twin's, position for position.
    if newline != "\n" or "\r" in text:
        twin = Document.create("file:///t", kind, 0, restyle(text, "\n"))
        assert snapshot(canonical, loops=False) == snapshot(twin, loops=False)


# 5 languages x 2 modes x 3 line-end styles x 100 examples = 3,000 random edit sequences.
@pytest.mark.parametrize("style", list(STYLES))
@pytest.mark.parametrize("batched", [False, True], ids=["one-by-one", "batched"])
@pytest.mark.parametrize("kind", list(SAMPLES), ids=[k.value for k in SAMPLES])
def test_incremental_equals_fresh_parse(kind: LanguageKind, batched: bool, style: str) -> None:
    newline = STYLES[style]

    @settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
    @given(edit_scripts(kind, newline))
    def check(script: list[tuple[int, int, str]]) -> None:
        run_script(kind, script, batched, newline)

    check()


def test_full_text_change_replaces_document() -> None:
    doc = Document.create("file:///t.c", LanguageKind.C, 1, "int x;\n")
    doc, _ = doc.apply([Change(None, "int main(void) { return 0; }\n")], 2, Encoding.UTF16)
    assert doc.text.startswith("int main")
    assert doc.tree is not None and not doc.tree.root_node.has_error
