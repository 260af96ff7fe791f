"""`omp/map-to-write`: device writes to data mapped `to` that the host reads afterwards."""

from __future__ import annotations

from hpcls.analysis.races import race_findings
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Document

C = """#include <stdio.h>
int main(void) {
  double a[100];
  for (int i = 0; i < 100; i++) a[i] = i;
#pragma omp target teams distribute parallel for map(to: a)
  for (int i = 0; i < 100; i++)
    a[i] = 2.0 * a[i];
  printf("%g\\n", a[7]);
  return 0;
}
"""

F = """program p
  real :: a(100), s
  integer :: i
  a = 1.0
  !$omp target teams distribute parallel do map(always, to: a)
  do i = 1, 100
    a(i) = 2.0 * a(i)
  end do
  s = a(1)
  print *, s
end program p
"""


def _codes(text: str, name: str) -> list[tuple[str, int, int]]:
    doc = Document.create(f"file:///t/{name}", language_for(name), 1, text.encode())
    return [
        (f.code, doc.lines.line_of(f.start) + 1, doc.lines.line_of(f.related[0].start) + 1)
        for f in race_findings(doc)
    ]


def test_written_on_the_device_and_read_by_the_host() -> None:
    assert _codes(C, "m.c") == [("omp/map-to-write", 7, 8)]
    assert _codes(F, "m.f90") == [("omp/map-to-write", 7, 9)]


def test_tofrom_scratch_and_read_only_data_are_fine() -> None:
    assert _codes(C.replace("map(to: a)", "map(tofrom: a)"), "m.c") == []
    assert _codes(F.replace("always, to: a", "tofrom: a"), "m.f90") == []
    # Device scratch the host does not read afterwards.
    assert _codes(C.replace('  printf("%g\\n", a[7]);\n', ""), "m.c") == []
    # Only read on the device.
    assert _codes(C.replace("a[i] = 2.0 * a[i];", "(void)a[i];"), "m.c") == []
    # The host writes it again before reading: the lost values do not matter.
    rewritten = F.replace("  s = a(1)\n", "  a = 0.0\n  s = a(1)\n")
    assert _codes(rewritten, "m.f90") == []
