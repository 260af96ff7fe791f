"""Deterministic generator of a large, realistic free-form Fortran file for benchmarks.

The file holds a kinds module, then many modules of subroutines and functions with
declarations, do loops, `!$omp` directives, calls of Fortran intrinsics and MPI calls;
later modules `use` earlier ones and call their procedures. Besides the text, the
generator returns
- probes: positions of identifiers (procedure calls, local and module variables) for
  hover/definition requests;
- hpc_probes: positions on what the HPC APIs define, for hover only: Fortran intrinsic
  calls (`max(`, `sqrt(`, `sum(`, …), MPI procedures (`call MPI_Allreduce(`) and OpenMP
  directive names and clauses on `!$omp` lines;
- edit sites: auto-indented empty lines inside subroutines where a statement can be
  typed: after the declarations, and after the loops (executable part).

    python -m bench.gen_fortran --lines 20000 -o big.f90
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

# Typed at an edit site of the same kind: 40 characters, valid in every subroutine.
EDIT_STATEMENTS = {
    "executable": "field(i) = field(i) + alpha * rhs(i) / n",
    "declaration": "real(dp) :: scratch_a, scratch_b, halo_x",
}

# Probe kinds on names the HPC APIs define (hover only; not in `probes`).
HPC_KINDS = ("intrinsic", "mpi", "omp_directive")

_VERBS = ("relax", "smooth", "update", "scale", "exchange", "accumulate", "limit", "advect")
_MPI_CALLS = (
    "call MPI_Allreduce(local_sum, total, 1, MPI_DOUBLE_PRECISION, MPI_SUM, comm, ierr)",
    "call MPI_Bcast(alpha, 1, MPI_DOUBLE_PRECISION, 0, comm, ierr)",
    "call MPI_Barrier(comm, ierr)",
    "call MPI_Reduce(local_sum, total, 1, MPI_DOUBLE_PRECISION, MPI_MAX, 0, comm, ierr)",
)


@dataclass(frozen=True, slots=True)
class Probe:
    line: int  # 0-based
    character: int  # 0-based, inside the identifier
    name: str
    # user symbols: "call" | "function" | "local" | "module_var";
    # HPC_KINDS: "intrinsic" | "mpi" | "omp_directive"
    kind: str


@dataclass(frozen=True, slots=True)
class EditSite:
    line: int  # 0-based line inside a subroutine body holding only its indent
    indent: str  # typing starts at column len(indent)
    kind: str  # "executable" (after the loops) | "declaration" (after the declarations)


@dataclass(slots=True)
class Generated:
    text: str
    probes: list[Probe] = field(default_factory=list)
    edit_sites: list[EditSite] = field(default_factory=list)
    hpc_probes: list[Probe] = field(default_factory=list)

    @property
    def line_count(self) -> int:
        return self.text.count("\n")


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.probes: list[Probe] = []
        self.edit_sites: list[EditSite] = []
        self.hpc_probes: list[Probe] = []

    def emit(self, line: str) -> int:
        self.lines.append(line)
        return len(self.lines) - 1

    def probe(self, line: str, name: str, kind: str, occurrence: int = 0) -> int:
        """Emit line and record a probe in the middle of name's (occurrence+1)-th match."""
        col = _word_col(line, name, occurrence)
        index = self.emit(line)
        self.probes.append(Probe(index, col + len(name) // 2, name, kind))
        return index

    def hpc(self, index: int, kind: str, *names: str) -> int:
        """Record HPC probes (kind in HPC_KINDS) on emitted line index, one per name (the
        first match of each, or the next one for a name repeated in names)."""
        line = self.lines[index]
        seen: dict[str, int] = {}
        for name in names:
            occurrence = seen[name] = seen.get(name, -1) + 1
            col = _word_col(line, name, occurrence)
            self.hpc_probes.append(Probe(index, col + len(name) // 2, name, kind))
        return index


def _word_col(line: str, name: str, occurrence: int) -> int:
    col = -1
    for _ in range(occurrence + 1):
        col = _find_word(line, name, col + 1)
    assert col >= 0, (line, name)
    return col


def _find_word(line: str, word: str, start: int) -> int:
    """Index of word as a whole identifier in line, from start; -1 if absent."""
    pos = start
    while (pos := line.find(word, pos)) >= 0:
        before = line[pos - 1] if pos > 0 else " "
        end = pos + len(word)
        after = line[end] if end < len(line) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            return pos
        pos += 1
    return -1


def _subroutine(
    w: _Writer, rng: random.Random, name: str, mod_var: str, callees: list[str], funcs: list[str]
) -> None:
    ind = "    "
    w.emit(f"  subroutine {name}(n, field, rhs, comm)")
    w.emit(f"{ind}integer, intent(in) :: n")
    w.emit(f"{ind}real(dp), intent(inout) :: field(n)")
    w.emit(f"{ind}real(dp), intent(in) :: rhs(n)")
    w.emit(f"{ind}integer, intent(in) :: comm")
    w.emit(f"{ind}integer :: i, j, ierr")
    w.emit(f"{ind}real(dp) :: local_sum, total, alpha")
    w.emit(f"{ind}real(dp) :: work(n)")
    w.edit_sites.append(EditSite(w.emit(ind), ind, "declaration"))  # auto-indented
    w.emit("")
    w.probe(f"{ind}alpha = 0.5_dp * real(n, dp) + {mod_var}", mod_var, "module_var")
    # No intrinsic probe on `real(`/`kind(`: hpcls answers null there (its token_at does
    # not see a type keyword as a name); probes are kept to what hpcls must answer, since
    # a null from hpcls on an HPC probe fails the run (see README).
    w.emit(f"{ind}local_sum = 0.0_dp")
    w.emit(f"{ind}total = 0.0_dp")
    for _ in range(rng.randint(1, 3)):
        if rng.random() < 0.5:
            omp = w.emit(f"{ind}!$omp parallel do private(i) reduction(+:local_sum)")
            w.hpc(omp, "omp_directive", "parallel", "reduction")
            w.emit(f"{ind}do i = 1, n")
            w.probe(f"{ind}  field(i) = field(i) + alpha * rhs(i)", "alpha", "local")
            w.probe(f"{ind}  local_sum = local_sum + field(i) * field(i)", "local_sum", "local")
            w.emit(f"{ind}end do")
            w.emit(f"{ind}!$omp end parallel do")
        else:
            omp = w.emit(f"{ind}!$omp parallel do private(i, j) schedule(static)")
            w.hpc(omp, "omp_directive", "parallel", "private", "schedule")
            w.emit(f"{ind}do i = 1, n")
            w.emit(f"{ind}  work(i) = 0.0_dp")
            w.hpc(w.emit(f"{ind}  do j = max(1, i - 2), min(n, i + 2)"), "intrinsic", "max", "min")
            w.probe(f"{ind}    work(i) = work(i) + rhs(j) * {mod_var}", "work", "local")
            w.emit(f"{ind}  end do")
            w.emit(f"{ind}end do")
            w.emit(f"{ind}!$omp end parallel do")
            norm = w.emit(f"{ind}field = field + alpha * work / sqrt(1.0_dp + sum(work * work))")
            w.hpc(norm, "intrinsic", "sqrt", "sum")
    w.edit_sites.append(EditSite(w.emit(ind), ind, "executable"))
    mpi_call = rng.choice(_MPI_CALLS)
    w.hpc(w.emit(f"{ind}{mpi_call}"), "mpi", mpi_call.split()[1].split("(")[0])
    if funcs and rng.random() < 0.6:
        fn = rng.choice(funcs)
        w.probe(f"{ind}total = total + {fn}(n, field, rhs)", fn, "function")
    if callees:
        callee = rng.choice(callees)
        w.emit(f"{ind}if (total > 1.0e6_dp) then")
        w.probe(f"{ind}  call {callee}(n, field, rhs, comm)", callee, "call")
        w.emit(f"{ind}end if")
    if rng.random() < 0.3:
        w.hpc(w.emit(f"{ind}!$omp parallel"), "omp_directive", "parallel")
        w.hpc(w.emit(f"{ind}!$omp critical"), "omp_directive", "critical")
        w.probe(f"{ind}{mod_var} = {mod_var} + total", mod_var, "module_var")
        w.emit(f"{ind}!$omp end critical")
        w.emit(f"{ind}!$omp end parallel")
    else:
        line = f"{ind}{mod_var} = max({mod_var}, total)"
        w.hpc(w.probe(line, mod_var, "module_var", occurrence=1), "intrinsic", "max")
    w.emit(f"  end subroutine {name}")
    w.emit("")


def _function(w: _Writer, name: str) -> None:
    ind = "    "
    w.emit(f"  function {name}(n, field, rhs) result(s)")
    w.emit(f"{ind}integer, intent(in) :: n")
    w.emit(f"{ind}real(dp), intent(in) :: field(n), rhs(n)")
    w.emit(f"{ind}real(dp) :: s")
    w.emit(f"{ind}integer :: i")
    w.emit("")
    w.emit(f"{ind}s = 0.0_dp")
    w.hpc(
        w.emit(f"{ind}!$omp parallel do reduction(+:s)"), "omp_directive", "parallel", "reduction"
    )
    w.emit(f"{ind}do i = 1, n")
    w.probe(f"{ind}  s = s + field(i) * rhs(i)", "s", "local")
    w.emit(f"{ind}end do")
    w.emit(f"{ind}!$omp end parallel do")
    w.emit(f"  end function {name}")
    w.emit("")


def generate(lines: int = 20000, seed: int = 2024) -> Generated:
    """A file of about `lines` lines (at least 40), the same for the same arguments."""
    rng = random.Random(seed)
    w = _Writer()
    w.emit("! Generated by bench/gen_fortran.py: a synthetic HPC solver for benchmarks.")
    w.emit("module bench_kinds")
    w.emit("  implicit none")
    w.emit("  integer, parameter :: dp = kind(1.0d0)")
    w.emit("end module bench_kinds")
    w.emit("")
    prev_subs: list[str] = []
    prev_module: str | None = None
    k = 0
    # Start a module only with room for a subroutine and the closing program.
    while len(w.lines) < lines - 60 or k == 0:
        k += 1
        module = f"solver_m{k:03d}"
        mod_var = f"residual_m{k:03d}"
        w.emit(f"module {module}")
        w.emit("  use mpi")
        w.emit("  use bench_kinds")
        if prev_module is not None:
            w.emit(f"  use {prev_module}")
        w.emit("  implicit none")
        w.emit(f"  real(dp) :: {mod_var} = 0.0_dp")
        w.emit(f"  integer, parameter :: nsteps_m{k:03d} = {rng.randint(5, 50)}")
        w.emit("contains")
        w.emit("")
        funcs: list[str] = []
        subs: list[str] = []
        # Callees: this module's earlier subroutines and the previous module's.
        callees = list(prev_subs[-4:])
        for j in range(rng.randint(8, 14)):
            if j > 0 and len(w.lines) >= lines - 40:
                break
            if j % 4 == 1:
                fn = f"dot_m{k:03d}_{j:02d}"
                _function(w, fn)
                funcs.append(fn)
            else:
                sub = f"{rng.choice(_VERBS)}_m{k:03d}_{j:02d}"
                _subroutine(w, rng, sub, mod_var, callees, funcs)
                subs.append(sub)
                callees.append(sub)
        w.emit(f"end module {module}")
        w.emit("")
        prev_subs = subs or prev_subs
        prev_module = module
    last = prev_subs[-1]
    w.emit("program bench_main")
    w.emit("  use mpi")
    w.emit("  use bench_kinds")
    w.emit(f"  use {prev_module}")
    w.emit("  implicit none")
    w.emit("  integer :: ierr, comm")
    w.emit("  real(dp) :: field(100), rhs(100)")
    w.hpc(w.emit("  call MPI_Init(ierr)"), "mpi", "MPI_Init")
    w.emit("  comm = MPI_COMM_WORLD")
    w.emit("  field = 1.0_dp")
    w.hpc(w.emit("  rhs = 0.5_dp * sqrt(field)"), "intrinsic", "sqrt")
    w.probe(f"  call {last}(100, field, rhs, comm)", last, "call")
    w.hpc(w.emit("  call MPI_Finalize(ierr)"), "mpi", "MPI_Finalize")
    w.emit("end program bench_main")
    return Generated("\n".join(w.lines) + "\n", w.probes, w.edit_sites, w.hpc_probes)


def spread(items: list[Probe], count: int) -> list[Probe]:
    """count probes spread evenly over the file, kinds interleaved (repeats if too few)."""
    if not items or count <= 0:
        return []
    by_kind: dict[str, list[Probe]] = {}
    for p in items:
        by_kind.setdefault(p.kind, []).append(p)
    kinds = sorted(by_kind)
    chosen: list[Probe] = []
    for i in range(count):
        group = by_kind[kinds[i % len(kinds)]]
        idx = (i // len(kinds)) * len(group) * len(kinds) // max(count, 1)
        chosen.append(group[idx % len(group)])
    return sorted(chosen, key=lambda p: (p.line, p.character))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    gen = generate(args.lines, args.seed)
    args.output.write_text(gen.text, encoding="utf-8")
    print(
        f"{args.output}: {gen.line_count} lines, {len(gen.probes)} probes "
        f"(+{len(gen.hpc_probes)} on intrinsics, MPI, OpenMP), {len(gen.edit_sites)} edit sites"
    )


if __name__ == "__main__":
    main()
