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


INTRINSICS_F = """program p
  implicit none
  real :: a(3, 3), b(3, 3), size, t
  b = matmul(a, a)
  size = sum (a(:, 1))
  call cpu_time(t)
end program p
"""


async def test_fortran_intrinsic_hover_only_where_it_is_called(
    client: LanguageClient, workspace: Path
) -> None:
    doc = open_doc(client, workspace / "intr.f90", "fortran", INTRINSICS_F)
    matmul = await _hover(client, doc, _pos(INTRINSICS_F, "matmul(", 2))
    assert matmul is not None and "MATMUL (MATRIX_A, MATRIX_B)" in matmul
    total = await _hover(client, doc, _pos(INTRINSICS_F, "sum (", 1))
    assert total is not None and "SUM (ARRAY, DIM [, MASK])" in total
    timer = await _hover(client, doc, _pos(INTRINSICS_F, "cpu_time", 3))
    assert timer is not None and "CPU_TIME (TIME)" in timer
    # `size` here is the user's variable, not the intrinsic: no intrinsic text.
    variable = await _hover(client, doc, _pos(INTRINSICS_F, "size = ", 1))
    assert variable is None or "SIZE (ARRAY" not in variable


CUDA_SRC = """__global__ void axpy(int n, float a, float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(&y[0], a * x[i]);
  __syncthreads();
}
void run(int n, float *x, float *y, cudaStream_t s) {
  cudaMemcpy(y, x, n * sizeof(float), cudaMemcpyHostToDevice);
  axpy<<<(n + 255) / 256, 256, 0, s>>>(n, 2.0f, x, y);
}
"""


async def test_cuda_hovers_in_a_cu_file(client: LanguageClient, workspace: Path) -> None:
    doc = open_doc(client, workspace / "axpy.cu", "cuda", CUDA_SRC)
    for needle, expected in (
        ("cudaMemcpy(", "cudaError_t cudaMemcpy(void* dst, const void* src, size_t count"),
        ("__syncthreads", "void __syncthreads()"),
        ("threadIdx", "uint3 threadIdx"),
        ("atomicAdd", "T atomicAdd(T* address, T val)"),
        ("__global__", "A kernel"),
    ):
        text = await _hover(client, doc, _pos(CUDA_SRC, needle, 3))
        assert text is not None and expected in text, needle
    launch = await _hover(client, doc, _pos(CUDA_SRC, "<<<", 1))
    assert launch is not None and "**Kernel launch**" in launch and "**`grid`**" in launch
    shmem = await _hover(client, doc, _pos(CUDA_SRC, "0, s>>>"))
    assert shmem is not None and "**`shmem`**" in shmem


async def test_c_file_keeps_normal_hover_and_gets_cuda_runtime_names(
    client: LanguageClient, workspace: Path
) -> None:
    source = (
        "/** Scales. */\nvoid scale(int n);\nvoid f(void) { scale(1); cudaDeviceSynchronize(); }\n"
    )
    doc = open_doc(client, workspace / "host.c", "c", source)
    user = await _hover(client, doc, _pos(source, "scale(1)", 2))
    assert user is not None and "void scale(int n)" in user and "CUDA" not in user
    runtime = await _hover(client, doc, _pos(source, "cudaDeviceSynchronize", 4))
    assert runtime is not None and "cudaError_t cudaDeviceSynchronize(void)" in runtime
    # __syncthreads is device code: not explained in a C file.
    csrc = "void g(void) { __syncthreads(); }\n"
    cdoc = open_doc(client, workspace / "dev.c", "c", csrc)
    text = await _hover(client, cdoc, _pos(csrc, "__syncthreads", 3))
    assert text is None or "Barrier" not in text


F_INTRINSIC_SRC = """program p
  implicit none
  real :: a(10), s
  complex :: z
  s = sum(a, 1,
  z = cmplx(1.0, 2.0,
  call random_seed(size=
end program p
"""

C_OMP_CUDA_SRC = """#include <omp.h>
void f(double *d, const double *h, int n) {
  omp_set_num_threads(
  cudaMemcpy(d, h, n * sizeof(double),
"""


async def test_signature_help_beyond_mpi(client: LanguageClient, workspace: Path) -> None:
    fdoc = open_doc(client, workspace / "intr.f90", "fortran", F_INTRINSIC_SRC)
    total = await _signature(client, fdoc, _pos(F_INTRINSIC_SRC, "sum(a, 1,", 9))
    assert total.signatures[0].label.startswith("SUM (ARRAY, DIM [, MASK])")
    assert total.active_parameter == 2
    mask = total.signatures[total.active_signature or 0].parameters[2]  # type: ignore[index]
    assert mask.documentation == "optional"
    # cmplx(x, y, kind): the second form, the one with room for a third argument.
    z = await _signature(client, fdoc, _pos(F_INTRINSIC_SRC, "cmplx(1.0, 2.0,", 15))
    assert len(z.signatures) == 2 and z.active_signature == 1 and z.active_parameter == 2
    seed = await _signature(client, fdoc, _pos(F_INTRINSIC_SRC, "size=", 5))
    assert seed.signatures[0].label.startswith("RANDOM_SEED")

    cdoc = open_doc(client, workspace / "omp_cuda.c", "c", C_OMP_CUDA_SRC)
    omp = await _signature(client, cdoc, _pos(C_OMP_CUDA_SRC, "omp_set_num_threads(", 20))
    assert omp.signatures[0].label.startswith("void omp_set_num_threads(int")
    copy = await _signature(client, cdoc, _pos(C_OMP_CUDA_SRC, "sizeof(double),", 15))
    [sig] = copy.signatures
    assert sig.label.startswith("cudaError_t cudaMemcpy(") and copy.active_parameter == 3
    start, stop = sig.parameters[3].label  # type: ignore[index, misc]
    assert sig.label[start:stop] == "cudaMemcpyKind kind"


async def test_type_keywords_called_as_conversions_hover(
    client: LanguageClient, workspace: Path
) -> None:
    source = "program p\n  real :: x\n  integer :: k\n  x = real(k, kind=8)\n  k = kind(x)\nend\n"
    doc = open_doc(client, workspace / "conv.f90", "fortran", source)
    conversion = await _hover(client, doc, _pos(source, "real(k", 2))
    assert conversion is not None and "**`REAL`**: elemental function" in conversion
    inquiry = await _hover(client, doc, _pos(source, "kind(x)", 1))
    assert inquiry is not None and "**`KIND`**: inquiry function" in inquiry
    # The declaration's type and the `kind=` keyword argument are not calls.
    assert await _hover(client, doc, _pos(source, "real ::", 1)) is None
    assert await _hover(client, doc, _pos(source, "kind=8", 1)) is None
