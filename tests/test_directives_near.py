"""find_directives_near: the same directives as a whole-file scan, around an offset."""

from __future__ import annotations

import pytest
from bench.gen_fortran import generate

from hpcls.analysis.directives import find_directives, find_directives_near
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document

C_SOURCE = "".join(
    f"void f{i}(int n, double *a) {{\n#pragma omp parallel for \\\n    schedule(static)\n"
    f"  for (int i = 0; i < n; i++) a[i] = {i};\n}}\n"
    for i in range(60)
)
FIXED_SOURCE = "".join(
    f"      subroutine s{i}(n)\nc$omp parallel do\nc$omp+ private(j)\n      do j = 1, n\n"
    f"      end do\n      end\n"
    for i in range(60)
)


@pytest.mark.parametrize(
    ("name", "text"),
    [("g.f90", generate(1500).text), ("c.c", C_SOURCE), ("x.f", FIXED_SOURCE)],
)
def test_near_equals_a_full_scan_at_every_directive(name: str, text: str) -> None:
    doc = Document.create(f"file:///{name}", language_for(f"file:///{name}"), 1, text)
    assert doc.tree is not None and doc.language is not None
    full = find_directives(doc.tree, doc.source, doc.language)
    assert len(full) >= 50
    for directive in full:
        for offset in (directive.name_start, directive.end - 1):
            near = find_directives_near(doc.tree, doc.source, doc.language, offset)
            assert directive in near, (directive, near)
