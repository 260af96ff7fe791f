"""The trust ladder's third rung: does the edited file pass the real compiler's checks?

The file is written to a fresh temporary directory and checked there with
`-fsyntax-only -fopenmp` (OpenMP and MPI include paths added), with a timeout: the user's
tree is only read (`-I` its folder, so local headers and `.mod` files are found), never
written. An edit "compiles" when the original text compiled and the edited one still
does; when the original already failed (a module file it `use`s was never built, a
header is missing), the rung is skipped and the reason says why, instead of blaming the
edit for errors that were there before.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from hpcls.languages.registry import LanguageKind

Status = Literal["passed", "failed", "skipped"]

# Seconds for one compiler run: syntax checks of one file take well under one.
DEFAULT_TIMEOUT = 30.0

_SUFFIX = {
    LanguageKind.C: ".c",
    LanguageKind.CPP: ".cpp",
    LanguageKind.CUDA: ".cu",
    LanguageKind.FORTRAN: ".f90",
    LanguageKind.FORTRAN_FIXED: ".f",
}


@dataclass(frozen=True, slots=True)
class CompileResult:
    status: Status
    compiler: str | None  # the command's name, e.g. "gfortran"
    message: str  # why it failed or was skipped; the first compiler errors on failure


def compiler_for(language: LanguageKind) -> list[str] | None:
    """The syntax-check command for a language, or None when no compiler is installed.
    CUDA needs nvcc (host-only g++ cannot parse `<<<...>>>` or `__global__`)."""
    if language is LanguageKind.CUDA:
        nvcc = shutil.which("nvcc")
        return [nvcc, "-Xcompiler", "-fopenmp", "-fsyntax-only"] if nvcc else None
    name = {
        LanguageKind.C: "gcc",
        LanguageKind.CPP: "g++",
        LanguageKind.FORTRAN: "gfortran",
        LanguageKind.FORTRAN_FIXED: "gfortran",
    }.get(language)
    path = shutil.which(name) if name else None
    return [path, "-fsyntax-only", "-fopenmp"] if path else None


@functools.cache
def mpi_include_flags(fortran: bool) -> tuple[str, ...]:
    """OpenMPI's include flags (`mpicc --showme:compile`), so `#include <mpi.h>` and
    `use mpi` / `use mpi_f08` resolve; () when no MPI wrapper is installed."""
    wrapper = shutil.which("mpifort" if fortran else "mpicc")
    if wrapper is None:
        return ()
    try:
        out = subprocess.run(
            [wrapper, "--showme:compile"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ()
    return tuple(f for f in out.stdout.split() if f.startswith(("-I", "-D")))


def _run(
    command: list[str], text: str, suffix: str, folder: Path | None, timeout: float
) -> tuple[int | None, str]:
    """(exit code or None on timeout, stderr) of checking `text` in a fresh directory."""
    with tempfile.TemporaryDirectory(prefix="hpcls-compile-") as tmp:
        source = Path(tmp) / f"hpcls_check{suffix}"
        source.write_text(text, encoding="utf-8")
        extra = [f"-I{folder}"] if folder is not None else []
        if suffix in (".f90", ".f"):
            extra.append(f"-J{tmp}")  # module outputs go to the temporary directory
        try:
            done = subprocess.run(
                [*command, *extra, str(source)],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                env={**os.environ, "LC_ALL": "C"},  # plain quotes in messages
            )
        except subprocess.TimeoutExpired:
            return None, f"no answer within {timeout:g} s"
        return done.returncode, done.stderr.replace(str(source), "<file>")


@functools.lru_cache(maxsize=32)
def _baseline(
    command: tuple[str, ...], text: str, suffix: str, folder: Path | None, timeout: float
) -> tuple[int | None, str]:
    # The original text is checked once: every action offered on it shares the answer.
    return _run(list(command), text, suffix, folder, timeout)


def _first_errors(stderr: str, limit: int = 3) -> str:
    errors = [line for line in stderr.splitlines() if "error" in line.lower()]
    return "; ".join(errors[:limit]) or stderr.strip()[:300]


def compile_check(
    original: str,
    edited: str,
    language: LanguageKind,
    folder: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    extra_flags: Sequence[str] = (),
) -> CompileResult:
    """Check `edited` (the file after an edit) with the real compiler, against the
    baseline `original`. `folder` is the file's own directory, for its headers."""
    command = compiler_for(language)
    if command is None:
        wanted = "nvcc" if language is LanguageKind.CUDA else "a compiler"
        return CompileResult("skipped", None, f"{wanted} for {language.value} is not installed")
    name = Path(command[0]).name
    flags = [*command, *mpi_include_flags(language.is_fortran), *extra_flags]
    suffix = _SUFFIX[language]
    before, before_err = _baseline(tuple(flags), original, suffix, folder, timeout)
    if before is None:
        return CompileResult("skipped", name, f"{name} gave {before_err} on the original")
    if before != 0:
        reason = _first_errors(before_err)
        return CompileResult(
            "skipped", name, f"the file did not compile before the edit either ({reason})"
        )
    after, after_err = _run(flags, edited, suffix, folder, timeout)
    if after is None:
        return CompileResult("failed", name, f"{name} gave {after_err}")
    if after != 0:
        return CompileResult("failed", name, _first_errors(after_err))
    return CompileResult("passed", name, f"{name} -fsyntax-only -fopenmp: no errors")
