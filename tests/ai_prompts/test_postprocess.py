"""postprocess on HPC snippets: one line or one block, suffix repeats, parse-breaking output."""

from __future__ import annotations

import pytest

from hpcls.ai.postprocess import parses_ok, postprocess, wants_multiline
from hpcls.languages.registry import LanguageKind

F90 = LanguageKind.FORTRAN
F77 = LanguageKind.FORTRAN_FIXED
C = LanguageKind.C
CPP = LanguageKind.CPP
CUDA = LanguageKind.CUDA


def complete(language: LanguageKind, prefix: str, suffix: str, completion: str) -> str | None:
    multiline = wants_multiline(prefix, suffix, language)
    return postprocess(
        completion, language=language, prefix=prefix, suffix=suffix, multiline=multiline
    )


# ---------------------------------------------------------------- Fortran, free form

DIFFUSE = """module diffusion
  implicit none
contains
  subroutine diffuse(t, tn, nx, kappa)
    integer, intent(in) :: nx
    real(8), intent(in) :: kappa
    real(8), intent(inout) :: t(0:nx+1), tn(0:nx+1)
    integer :: i
    do i = 1, nx
      """
DIFFUSE_CLOSED = """
    end do
    t = tn
  end subroutine diffuse
end module diffusion
"""
DIFFUSE_OPEN = """
    t = tn
  end subroutine diffuse
end module diffusion
"""
BODY = "tn(i) = t(i) + kappa * (t(i-1) - 2.0d0*t(i) + t(i+1))"


def test_fortran_block_stops_before_end_do_the_suffix_has() -> None:
    assert wants_multiline(DIFFUSE, DIFFUSE_CLOSED, F90)
    completion = BODY + "\n    end do\n    t = tn\n  end subroutine diffuse\n"
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, completion) == BODY


def test_fortran_block_keeps_end_do_the_suffix_lacks() -> None:
    completion = BODY + "\n    end do\n    t = tn\n  end subroutine diffuse\n"
    assert complete(F90, DIFFUSE, DIFFUSE_OPEN, completion) == BODY + "\n    end do"


def test_fortran_nested_block_written_whole() -> None:
    prefix = DIFFUSE.replace("do i = 1, nx", "do j = 1, ny")
    completion = "do i = 1, nx\n        tn(i) = t(i)\n      end do\n    end do\n"
    assert complete(F90, prefix, DIFFUSE_CLOSED, completion) == (
        "do i = 1, nx\n        tn(i) = t(i)\n      end do"
    )


def test_fortran_dedent_below_the_block_stops() -> None:
    completion = BODY + "\n  t = tn\n"  # dedented to the `do` and beyond
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, completion) == BODY


def test_fortran_if_then_at_line_end_gets_its_body() -> None:
    prefix = "program halo\n  use mpi\n  integer :: rank, ierr\n  if (rank == 0) then"
    suffix = "\n  call mpi_finalize(ierr)\nend program halo\n"
    assert wants_multiline(prefix, suffix, F90)
    completion = "\n    print *, 'root ready'\n  end if\n  call mpi_finalize(ierr)\n"
    assert complete(F90, prefix, suffix, completion) == ("\n    print *, 'root ready'\n  end if")


def test_fortran_case_body_stops_at_the_next_case() -> None:
    prefix = (
        "subroutine set_bc(kind, t, nx)\n  integer :: kind, nx\n  real(8) :: t(0:nx+1)\n"
        "  select case (kind)\n  case (1)\n    "
    )
    suffix = "\n  end select\nend subroutine set_bc\n"
    completion = "t(0) = 0.0d0\n  case (2)\n    t(0) = t(1)\n  end select\n"
    assert complete(F90, prefix, suffix, completion) == "t(0) = 0.0d0"


def test_fortran_directive_wants_one_loop_and_its_end_directive() -> None:
    prefix = "subroutine zero(a, n)\n  integer :: n, i\n  real :: a(n)\n  !$omp parallel do\n  "
    suffix = "\nend subroutine zero\n"
    assert wants_multiline(prefix, suffix, F90)
    completion = "do i = 1, n\n    a(i) = 0.0\n  end do\n  !$omp end parallel do\n  a(1) = 1.0\n"
    assert complete(F90, prefix, suffix, completion) == (
        "do i = 1, n\n    a(i) = 0.0\n  end do\n  !$omp end parallel do"
    )


def test_fortran_comment_wants_a_paragraph() -> None:
    prefix = "program p\n  real :: a(100)\n  ! zero the array\n  "
    suffix = "\nend program p\n"
    assert wants_multiline(prefix, suffix, F90)
    completion = "a = 0.0\n  a(1) = 1.0\n\n  print *, sum(a)\n"
    assert complete(F90, prefix, suffix, completion) == "a = 0.0\n  a(1) = 1.0"


def test_fortran_mid_statement_is_single_line() -> None:
    prefix = "program p\n  use mpi\n  integer :: rank, ierr\n  call mpi_comm_rank(mpi_comm_world, "
    suffix = ")\nend program p\n"
    assert not wants_multiline(prefix, suffix, F90)
    # The model re-types the `)` that follows the cursor, then goes on.
    assert complete(F90, prefix, suffix, "rank, ierr)\n  print *, rank") == "rank, ierr"
    # `rank` is a variable here, not a `rank (...)` case of a select rank.
    assert not wants_multiline("program p\n  integer :: rank\n  rank = 0\n  ", "\n", F90)


def test_fortran_closing_paren_inside_is_kept() -> None:
    prefix = "program p\n  real :: x(4), y\n  y = sqrt("
    suffix = ")\nend program p\n"
    assert complete(F90, prefix, suffix, "sum(x))") == "sum(x)"
    assert complete(F90, prefix, suffix, "sum(x)") == "sum(x)"
    assert complete(F90, prefix, suffix, "sum(x)))") is None  # a stray `)`


def test_fortran_parse_breaking_line_is_rejected() -> None:
    prefix = "program p\n  real :: a, b\n  a = "
    suffix = "\nend program p\n"
    assert complete(F90, prefix, suffix, "b * * 2") is None
    assert complete(F90, prefix, suffix, "b ** 2") == "b ** 2"
    assert complete(F90, prefix, suffix, "b + &\n    2.0") == "b +"  # the free-form `&` goes


def test_fortran_block_trimmed_to_lines_that_parse() -> None:
    completion = BODY + "\n      tn(i) = = 0\n"
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, completion) == BODY
    # Nothing parses: nothing is shown.
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, "tn(i) = (t(i)\n") is None


def test_fortran_repeat_of_the_suffix_is_dropped() -> None:
    suffix = (
        "\n      call swap(t, tn)\n    end do\n  end subroutine diffuse\nend module diffusion\n"
    )
    completion = BODY + "\n      call swap(t, tn)\n"
    assert complete(F90, DIFFUSE, suffix, completion) == BODY
    assert complete(F90, DIFFUSE, suffix, "call swap(t, tn)\n") is None


# ---------------------------------------------------------------- Fortran, fixed form

JACOBI = """      SUBROUTINE JACOBI(A, B, N, M)
      INTEGER N, M, I, J
      DOUBLE PRECISION A(N,M), B(N,M)
      DO 20 J = 2, M - 1
         DO 10 I = 2, N - 1
            """
STENCIL = "B(I,J) = 0.25D0 * (A(I-1,J) + A(I+1,J) + A(I,J-1)\n     &            + A(I,J+1))"


def test_fixed_form_labelled_continue_the_suffix_has() -> None:
    suffix = "\n   10    CONTINUE\n   20 CONTINUE\n      RETURN\n      END\n"
    assert wants_multiline(JACOBI, suffix, F77)
    completion = STENCIL + "\n   10    CONTINUE\n   20 CONTINUE\n"
    assert complete(F77, JACOBI, suffix, completion) == STENCIL


def test_fixed_form_labelled_continue_the_suffix_lacks() -> None:
    suffix = "\n   20 CONTINUE\n      RETURN\n      END\n"
    completion = STENCIL + "\n   10    CONTINUE\n   20 CONTINUE\n"
    assert complete(F77, JACOBI, suffix, completion) == STENCIL + "\n   10    CONTINUE"


def test_fixed_form_parse_check_uses_the_fixed_form_view() -> None:
    suffix = "\n   10    CONTINUE\n   20 CONTINUE\n      RETURN\n      END\n"
    # A `C` comment line and a column-6 continuation: fine in fixed form only.
    commented = "B(I,J) = 0.0D0\nC     five-point stencil\n" + "            " + STENCIL
    assert parses_ok(JACOBI, commented, suffix, F77)
    assert not parses_ok(JACOBI, commented, suffix, F90)
    assert complete(F77, JACOBI, suffix, commented + "\n") == commented
    broken = "B(I,J) = 0.25D0 * * A(I,J)"
    assert not parses_ok(JACOBI, broken, suffix, F77)
    assert complete(F77, JACOBI, suffix, "B(I,J) = 0.0D0\n            " + broken) == (
        "B(I,J) = 0.0D0"
    )


# ---------------------------------------------------------------- C, C++, CUDA

AXPY = """#include <omp.h>

void axpy(int n, double a, const double *x, double *y)
{
    #pragma omp parallel for
    for (int i = 0; i < n; ++i) {
        """
AXPY_CLOSED = "\n    }\n}\n\nint main(void) { return 0; }\n"
AXPY_OPEN = "\n}\n\nint main(void) { return 0; }\n"


def test_c_stops_before_the_brace_the_suffix_has() -> None:
    assert wants_multiline(AXPY, AXPY_CLOSED, C)
    completion = "y[i] = a * x[i] + y[i];\n    }\n}\n\nint main(void) {"
    assert complete(C, AXPY, AXPY_CLOSED, completion) == "y[i] = a * x[i] + y[i];"


def test_c_keeps_the_brace_the_suffix_lacks() -> None:
    completion = "y[i] = a * x[i] + y[i];\n    }\n}\n\nint main(void) {"
    assert complete(C, AXPY, AXPY_OPEN, completion) == "y[i] = a * x[i] + y[i];\n    }"


def test_c_pragma_wants_one_loop() -> None:
    prefix = "void scale(int n, double *v)\n{\n    #pragma omp parallel for simd\n    "
    suffix = "\n}\n"
    assert wants_multiline(prefix, suffix, C)
    braced = "for (int i = 0; i < n; ++i) {\n        v[i] *= 2.0;\n    }\n    v[0] = 1.0;\n}"
    assert complete(C, prefix, suffix, braced) == (
        "for (int i = 0; i < n; ++i) {\n        v[i] *= 2.0;\n    }"
    )
    bare = "for (int i = 0; i < n; ++i)\n        v[i] *= 2.0;\n    v[0] = 1.0;\n}"
    assert complete(C, prefix, suffix, bare) == "for (int i = 0; i < n; ++i)\n        v[i] *= 2.0;"
    # A standalone directive wants no block.
    assert not wants_multiline(prefix.replace("parallel for simd", "barrier"), suffix, C)


def test_c_body_after_open_brace_at_line_end() -> None:
    prefix = "double norm2(const double *v, int n) {"
    suffix = "\n}\n"
    assert wants_multiline(prefix, suffix, C)
    completion = "\n    double s = 0.0;\n    return sqrt(s);\n}\n\nint main() {"
    assert complete(C, prefix, suffix, completion) == "\n    double s = 0.0;\n    return sqrt(s);"


def test_c_else_and_do_while_belong_to_the_statement() -> None:
    prefix = "int sgn(int x) {\n    int s;\n    if (x < 0)\n        "
    suffix = "\n    return s;\n}\n"
    completion = "s = -1;\n    else\n        s = 1;\n    return s;\n}"
    assert complete(C, prefix, suffix, completion) == "s = -1;\n    else\n        s = 1;"
    prefix = "int count(void) {\n    int s = 0;\n    do\n        "
    completion = "{ s++; } while (s < 10);\n    return s;\n}"
    assert complete(C, prefix, suffix, completion) == "{ s++; } while (s < 10);"


def test_c_switch_case_body() -> None:
    prefix = "void run(int k) {\n    switch (k) {\n    case 1:\n        "
    suffix = "\n    }\n}\n"
    completion = "setup();\n        break;\n    case 2:\n        solve();\n        break;\n    }\n"
    assert complete(C, prefix, suffix, completion) == "setup();\n        break;"


def test_c_braces_in_comments_and_strings_do_not_count() -> None:
    prefix = "void log_it(int n) {\n    if (n > 0) {\n        "
    suffix = "\n    }\n}\n"
    completion = 'printf("}\\n"); /* } */ // }\n        n--;\n    }\n}\n'
    assert complete(C, prefix, suffix, completion) == 'printf("}\\n"); /* } */ // }\n        n--;'


def test_cpp_method_body() -> None:
    prefix = "class Grid {\npublic:\n    explicit Grid(int n) : n_(n) {}\n    int size() const {\n        "
    suffix = "\n    }\nprivate:\n    int n_;\n};\n"
    completion = "return n_;\n    }\nprivate:\n    int n_;\n};"
    assert complete(CPP, prefix, suffix, completion) == "return n_;"


def test_cuda_kernel_comment_paragraph() -> None:
    prefix = (
        "__global__ void twice(float *a, int n) {\n"
        "    int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
        "    // skip threads past the end\n    "
    )
    suffix = "\n}\n"
    completion = "if (i >= n) return;\n    a[i] = 2.0f * a[i];\n}\n\nint main() {"
    assert complete(CUDA, prefix, suffix, completion) == (
        "if (i >= n) return;\n    a[i] = 2.0f * a[i];"
    )


def test_cuda_launch_single_line_drops_the_retyped_suffix() -> None:
    prefix = "void launch(float *d, int n) {\n    twice<<<"
    suffix = ">>>(d, n);\n}\n"
    assert not wants_multiline(prefix, suffix, CUDA)
    completion = "(n + 255) / 256, 256>>>(d, n);\n    cudaDeviceSynchronize();"
    assert complete(CUDA, prefix, suffix, completion) == "(n + 255) / 256, 256"


def test_c_mid_statement_single_line_and_semicolon_repeat() -> None:
    prefix = "int main(void) {\n    MPI_Init(NULL, NULL);\n    int rank;\n    MPI_Comm_rank("
    suffix = ");\n}\n"
    assert not wants_multiline(prefix, suffix, C)
    assert complete(C, prefix, suffix, "MPI_COMM_WORLD, &rank);\n") == "MPI_COMM_WORLD, &rank"


def test_c_plain_statement_line_is_single_line() -> None:
    prefix = "int main(void) {\n    int a = 1;\n    "
    suffix = "\n    return a;\n}\n"
    assert not wants_multiline(prefix, suffix, C)
    assert complete(C, prefix, suffix, "a += 2;\n    a *= 3;") == "a += 2;"
    deref = "void f(int *p) {\n    *p = 0;\n    "
    assert not wants_multiline(deref, suffix, C)
    assert wants_multiline("void f(int *p) {\n    /*\n     * zero it\n     */\n    ", suffix, C)


def test_c_parse_breaking_completions() -> None:
    prefix = "int main(void) {\n    int a = 1;\n    // update a\n    "
    suffix = "\n    return a;\n}\n"
    assert complete(C, prefix, suffix, "a = a + ;\n") is None
    assert complete(C, prefix, suffix, "a++;\n    a = = 2;\n") == "a++;"
    assert complete(C, prefix, suffix, "a++;\n    a--;\n") == "a++;\n    a--;"


def test_parses_ok_ignores_errors_that_were_there() -> None:
    # The prefix window starts inside a function: errors far from the cursor stay equal.
    prefix = "    x[i] = 0;\n  }\n}\nint f(int *x, int n) {\n  for (int i = 0; i < n; ++i) {\n    "
    suffix = "\n  }\n  return 0;\n}\n"
    assert parses_ok(prefix, "x[i] += 1;", suffix, C)
    assert not parses_ok(prefix, "x[i] += ;", suffix, C)


# ---------------------------------------------------------------- noise and empties


@pytest.mark.parametrize("completion", ["", "   ", "\n\n", "```\n"])
def test_nothing_is_none(completion: str) -> None:
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, completion) is None
    assert (
        postprocess(completion, language=C, prefix="int x = ", suffix=";\n", multiline=False)
        is None
    )


def test_made_up_context_block_and_fence_are_cut() -> None:
    completion = BODY + "\n! --- from other.f90 ---\nmodule other\n"
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, completion) == BODY
    fenced = "```fortran\n" + BODY + "\n```\nThis computes the update.\n"
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, fenced) == BODY


def test_leading_blank_lines_on_an_empty_line() -> None:
    completion = "\n\n      " + BODY + "\n"
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, completion) == BODY


def test_trailing_whitespace_lines_go() -> None:
    assert complete(F90, DIFFUSE, DIFFUSE_CLOSED, BODY + "   \n   \n") == BODY
