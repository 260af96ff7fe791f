"""MPI hover and signature help through the protocol, in C and both Fortran bindings."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types as lsp
from pytest_lsp import LanguageClient

from tests.conftest import open_doc

C_SOURCE = """#include <mpi.h>
int main(int argc, char **argv) {
  double s = 1.0, r;
  MPI_Init(&argc, &argv);
  MPI_Allreduce(&s, &r, 1, MPI_DOUBLE, MPI_SUM,
"""

F90_SOURCE = """program p
  use mpi
  implicit none
  integer :: ierr
  real :: s, r
  call MPI_ALLREDUCE(s, r, 1, MPI_REAL, &
                     MPI_SUM,
end program p
"""

F08_SOURCE = F90_SOURCE.replace("use mpi\n", "use mpi_f08\n")


def _pos(text: str, needle: str, delta: int = 0) -> lsp.Position:
    before = text[: text.index(needle) + delta]
    return lsp.Position(line=before.count("\n"), character=len(before.rsplit("\n", 1)[-1]))


async def _hover(client: LanguageClient, doc: str, at: lsp.Position) -> str | None:
    result = await client.text_document_hover_async(
        lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=doc), position=at)
    )
    if result is None:
        return None
    assert isinstance(result.contents, lsp.MarkupContent)
    return result.contents.value


async def _signature(client: LanguageClient, doc: str, at: lsp.Position) -> lsp.SignatureHelp:
    result = await client.text_document_signature_help_async(
        lsp.SignatureHelpParams(text_document=lsp.TextDocumentIdentifier(uri=doc), position=at)
    )
    assert result is not None
    return result


async def test_c_hover_and_signature_help_in_an_unfinished_call(
    client: LanguageClient, workspace: Path
) -> None:
    doc = open_doc(client, workspace / "allreduce.c", "c", C_SOURCE)
    text = await _hover(client, doc, _pos(C_SOURCE, "MPI_Allreduce", 3))
    assert text is not None
    assert "```c\nint MPI_Allreduce(const void* sendbuf, void* recvbuf" in text
    for name in ("sendbuf", "recvbuf", "count", "datatype", "op", "comm"):
        assert f"`{name}`" in text
    assert "ierror" not in text.split("|---|")[0]

    end = _pos(C_SOURCE, "MPI_SUM,", len("MPI_SUM,"))
    help_ = await _signature(client, doc, end)
    [sig] = help_.signatures
    assert sig.label.startswith("int MPI_Allreduce(")
    assert help_.active_parameter == 5
    assert sig.parameters is not None
    start, stop = sig.parameters[5].label  # type: ignore[misc]
    assert sig.label[start:stop] == "MPI_Comm comm"


async def test_fortran_binding_follows_the_module_used(
    client: LanguageClient, workspace: Path
) -> None:
    old = open_doc(client, workspace / "old.f90", "fortran", F90_SOURCE)
    text = await _hover(client, old, _pos(F90_SOURCE, "MPI_ALLREDUCE", 2))
    assert text is not None and "MPI_ALLREDUCE(SENDBUF, RECVBUF" in text
    assert "TYPE(MPI_Comm)" not in text

    new = open_doc(client, workspace / "new.f90", "fortran", F08_SOURCE)
    text = await _hover(client, new, _pos(F08_SOURCE, "MPI_ALLREDUCE", 2))
    assert text is not None and "TYPE(MPI_Comm), INTENT(IN) :: comm" in text

    # The call continues on the next line (`&`): the active argument is counted across it.
    help_ = await _signature(client, new, _pos(F08_SOURCE, "MPI_SUM,", len("MPI_SUM,")))
    assert help_.active_parameter == 5
    assert help_.signatures[0].label.startswith("MPI_Allreduce(sendbuf, recvbuf")


async def test_unknown_names_get_no_hover_and_no_signature(
    client: LanguageClient, workspace: Path
) -> None:
    source = "void f(int);\nint main(void) { MPI_Not_a_call(1); f(|2); }\n"
    doc = open_doc(client, workspace / "u.c", "c", source.replace("|", ""))
    assert await _hover(client, doc, _pos(source, "MPI_Not_a_call", 2)) is None
    result = await client.text_document_signature_help_async(
        lsp.SignatureHelpParams(
            text_document=lsp.TextDocumentIdentifier(uri=doc), position=_pos(source, "|")
        )
    )
    assert result is None


OMP_C = """#include <omp.h>
void scale(int n, double *a, double s) {
#pragma omp parallel for \\
        schedule(static) reduction(+:s)
  for (int i = 0; i < n; i++) a[i] *= s;
  int t = omp_get_thread_num();
}
"""

OMP_F = """subroutine scale(n, a)
  integer :: n, i
  real :: a(n)
  !$omp parallel do private(i) &
  !$omp& schedule(static)
  do i = 1, n
    a(i) = 2 * a(i)
  end do
  !$omp end parallel do
end subroutine scale
"""


async def test_openmp_directive_clause_and_routine_hovers(
    client: LanguageClient, workspace: Path
) -> None:
    doc = open_doc(client, workspace / "omp.c", "c", OMP_C)
    directive = await _hover(client, doc, _pos(OMP_C, "parallel for", 2))
    assert directive is not None and "parallel for" in directive
    clause = await _hover(client, doc, _pos(OMP_C, "schedule", 2))  # on a continuation line
    assert clause is not None and "schedule" in clause
    routine = await _hover(client, doc, _pos(OMP_C, "omp_get_thread_num", 4))
    assert routine is not None and "int omp_get_thread_num(void)" in routine

    fdoc = open_doc(client, workspace / "omp.f90", "fortran", OMP_F)
    fdirective = await _hover(client, fdoc, _pos(OMP_F, "parallel do", 2))
    assert fdirective is not None and "!$omp parallel do" in fdirective
    fclause = await _hover(client, fdoc, _pos(OMP_F, "schedule", 2))
    assert fclause is not None and "schedule" in fclause
    # The sentinel itself is not a directive name: no OpenMP hover there.
    assert await _hover(client, fdoc, _pos(OMP_F, "!$omp parallel", 1)) is None
