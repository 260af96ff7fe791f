"""Which knowledge completes at the cursor: OpenMP inside an `omp` directive, MPI and OpenMP
runtime names elsewhere."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hpcls.knowledge.completion import Candidate, api_candidates
from hpcls.knowledge.completion_openmp import directive_before, openmp_candidates
from hpcls.knowledge.mpi_hover import Binding


def candidates_at(
    lines: Sequence[str], fortran: bool, fixed: bool, binding: Callable[[], Binding]
) -> tuple[Candidate, ...]:
    """`lines`: the document's lines up to the cursor's, that one cut at the cursor (a few
    lines back are enough: they only serve directive continuations). `binding` is called
    only where MPI names are completed."""
    if not lines:
        return ()
    directive = directive_before(lines, fortran, fixed)
    if directive is not None:
        return openmp_candidates(directive, fortran)
    return api_candidates(lines[-1], fortran, fixed, binding)
