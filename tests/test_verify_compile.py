"""The compile rung with the real compilers: passes, failures, a baseline that already
failed, MPI include paths, and nothing written beside the user's file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hpcls.languages.registry import LanguageKind
from hpcls.verify.compile_check import compile_check, compiler_for
from tests.conftest import require_tools

C_OK = '#include <stdio.h>\nint main(void) {\n  double s = 0;\n  for (int i = 0; i < 9; i++)\n    s += i;\n  printf("%g\\n", s);\n  return 0;\n}\n'
F_OK = "program p\n  implicit none\n  integer :: i\n  real :: s\n  s = 0\n  do i = 1, 9\n    s = s + i\n  end do\n  print *, s\nend program p\n"


@pytest.fixture(autouse=True)
def _compilers() -> None:
    require_tools("gcc", "g++", "gfortran")


def test_a_good_openmp_edit_passes_and_a_bad_one_fails(tmp_path: Path) -> None:
    good = C_OK.replace("  for", "#pragma omp parallel for reduction(+:s)\n  for")
    result = compile_check(C_OK, good, LanguageKind.C, tmp_path)
    assert result.status == "passed" and result.compiler == "gcc"
    bad = C_OK.replace("  for", "#pragma omp parallel for reduction(+:t)\n  for")
    failed = compile_check(C_OK, bad, LanguageKind.C, tmp_path)
    assert failed.status == "failed"
    assert "'t'" in failed.message and "<file>" in failed.message
    assert list(tmp_path.iterdir()) == []  # nothing written beside the user's file


def test_fortran_free_and_fixed_form() -> None:
    good = F_OK.replace("  do i", "  !$omp parallel do reduction(+:s)\n  do i")
    assert compile_check(F_OK, good, LanguageKind.FORTRAN).status == "passed"
    bad = F_OK.replace("  do i", "  !$omp parallel do reduction(+:q)\n  do i")
    assert compile_check(F_OK, bad, LanguageKind.FORTRAN).status == "failed"
    fixed = "      program p\n      integer i\n      real a(10)\n      do 10 i = 1, 10\n         a(i) = i\n   10 continue\n      end\n"
    edited = fixed.replace("      do 10", "c$omp parallel do\n      do 10")
    assert compile_check(fixed, edited, LanguageKind.FORTRAN_FIXED).status == "passed"


def test_a_file_that_did_not_compile_before_is_skipped_not_blamed() -> None:
    original = "program p\n  use not_built_here\n  call work()\nend program p\n"
    result = compile_check(original, "!$omp barrier\n" + original, LanguageKind.FORTRAN)
    assert result.status == "skipped"
    assert "did not compile before the edit" in result.message
    assert "not_built_here" in result.message


def test_mpi_headers_and_modules_are_found() -> None:
    if shutil.which("mpicc") is None:
        pytest.skip("OpenMPI wrappers not installed")
    c = "#include <mpi.h>\nint main(int c, char **v) { MPI_Init(&c, &v); MPI_Finalize(); }\n"
    assert compile_check(c, c, LanguageKind.C).status == "passed"
    f = "program p\n  use mpi_f08\n  call MPI_Init()\n  call MPI_Finalize()\nend program p\n"
    assert compile_check(f, f, LanguageKind.FORTRAN).status == "passed"


def test_cuda_without_nvcc_is_skipped_and_says_so() -> None:
    if shutil.which("nvcc"):
        pytest.skip("nvcc is installed here")
    assert compiler_for(LanguageKind.CUDA) is None
    result = compile_check("int main(){}\n", "int main(){}\n", LanguageKind.CUDA)
    assert result.status == "skipped" and "nvcc" in result.message
