"""Compile and run a one-file program with a timeout: gcc / g++ / gfortran at -O1, with
or without -fopenmp, run under a chosen OpenMP thread count and schedule."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

COMPILERS = {".c": "gcc", ".cpp": "g++", ".f90": "gfortran", ".f": "gfortran"}
COMPILE_TIMEOUT = 60.0
RUN_TIMEOUT = 10.0
# Every run reads the same stdin, so programs that read in a loop are deterministic
# serially (and show a changed order in parallel).
STDIN = "".join(f"{(k * 37) % 1009}\n" for k in range(20000))


@dataclass(frozen=True, slots=True)
class Built:
    exe: Path | None
    errors: str  # the compiler's messages when exe is None


@dataclass(frozen=True, slots=True)
class Ran:
    rc: int
    stdout: str
    stderr: str
    timed_out: bool

    def same_status(self, other: Ran) -> bool:
        return self.rc == other.rc and self.timed_out == other.timed_out


def compiler_for(suffix: str) -> str | None:
    name = COMPILERS.get(suffix)
    return shutil.which(name) if name else None


def build(source: str, suffix: str, folder: Path, name: str, openmp: bool) -> Built:
    """Compile `source` as `folder/name+suffix`; Fortran .mod files stay in folder."""
    compiler = compiler_for(suffix)
    if compiler is None:
        return Built(None, f"no compiler for {suffix}")
    src = folder / f"{name}{suffix}"
    src.write_text(source, encoding="utf-8")
    exe = folder / name
    command = [compiler, "-O1", "-w", str(src), "-o", str(exe)]
    if openmp:
        command.insert(1, "-fopenmp")
    if suffix == ".c":
        command.append("-lm")
    try:
        out = subprocess.run(
            command,
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=COMPILE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Built(None, f"compiler timed out after {COMPILE_TIMEOUT:g}s")
    if out.returncode != 0:
        return Built(None, out.stderr.strip()[:2000] or f"compiler exit {out.returncode}")
    return Built(exe, "")


def run(exe: Path, threads: int | None = None, schedule: str | None = None) -> Ran:
    """Run with OMP_NUM_THREADS / OMP_SCHEDULE set (threads None: a serial build)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
        # Passive waiting: four threads on a shared two-core machine must not spin.
        env["OMP_WAIT_POLICY"] = "passive"
        env["OMP_DYNAMIC"] = "false"
    if schedule is not None:
        env["OMP_SCHEDULE"] = schedule
    try:
        out = subprocess.run(
            [str(exe)],
            cwd=exe.parent,
            input=STDIN,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=RUN_TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        partial = exc.stdout if isinstance(exc.stdout, str) else ""
        return Ran(-9, partial, "timed out", True)
    return Ran(out.returncode, out.stdout, out.stderr[-2000:], False)
