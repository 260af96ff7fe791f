"""`omp/data-race`: data races in existing OpenMP constructs, as findings.

Each finding sits on one of the two accesses, names the other in `related`, says why in
plain words, and carries `data.kind` (loop-carried, missing-private, missing-reduction,
shared-write, missing-barrier, sections, nowait, task-before-wait, sibling-tasks) and,
where the fix is certain, `data.fix` (`private(x)`, `reduction(+: s)`) with the
directive it belongs on.
"""

from __future__ import annotations

from collections.abc import Mapping

from hpcls.analysis.budget import BUDGET_REASON, DEFAULT_LIMITS, Limits
from hpcls.analysis.dependence import Program, program_of
from hpcls.analysis.directives import mentions_openmp
from hpcls.analysis.findings import Finding, Related, Severity
from hpcls.analysis.ir import Construct, Unit
from hpcls.analysis.lower import lower_document
from hpcls.analysis.openmp_mapping import map_to_write_findings
from hpcls.analysis.races_calls import call_races
from hpcls.analysis.races_loops import Race, loop_races
from hpcls.analysis.races_regions import region_races
from hpcls.analysis.races_tasks import task_races
from hpcls.analysis.races_values import value_races
from hpcls.analysis.reduction_ops import reduction_operator
from hpcls.workspace.document import Document

CODE = "omp/data-race"
# An OpenMP construct whose race check ran out of its work budget: nothing is reported
# for it (an information note, never a warning: it says nothing about the code).
BUDGET_CODE = "omp/analysis-budget"


def unit_races(
    unit: Unit,
    units: Mapping[str, Unit] | None = None,
    source: bytes = b"",
    program: Program | None = None,
    limits: Limits = DEFAULT_LIMITS,
    over: list[Construct] | None = None,
) -> list[Race]:
    """Every race in one unit, one per variable and pair of lines; with `units` (the
    file's units by name) and `source` (its text), also the races inside the same-file
    routines it calls from parallel code. The constructs whose check ran out of its
    budget (`limits.region` each) report nothing and are added to `over`."""
    found: dict[tuple[str, int, int], Race] = {}
    through_calls = call_races(unit, units, source) if units else []
    every = (
        *loop_races(unit, program, limits, over),
        *region_races(unit, limits, over),
        *task_races(unit),
        *value_races(unit),
    )
    # A loop race seen through an inlined call, on a variable the call rule already
    # reports with the callee's own lines, would say the same thing at the call's line.
    by_calls = {r.first.name for r in through_calls}
    own = set(unit.events)
    every = tuple(
        r
        for r in every
        if not (r.first.name in by_calls and r.first not in own and r.second not in own)
    )
    for race in (*every, *through_calls):
        lines = sorted((race.first.span.line, race.second.span.line))
        key = (race.first.name, lines[0], lines[1])
        found.setdefault(key, race)
    return sorted(found.values(), key=lambda r: (r.first.span.start, r.second.span.start))


def _fix_text(race: Race, fortran: bool) -> str | None:
    if not race.fix:
        return None
    if race.fix[0] == "reduction":
        op = reduction_operator(race.fix[1], fortran)
        return None if op is None else f"reduction({op}: {race.fix[2]})"
    return f"{race.fix[0]}({race.fix[1]})"


def race_finding(race: Race, fortran: bool) -> Finding:
    write = race.first if race.first.write or not race.second.write else race.second
    other = race.second if write is race.first else race.first
    verb = "written" if other.write else "read"
    related = (Related(other.span.start, other.span.end, f"`{other.name}` is also {verb} here"),)
    data = {"kind": race.kind, "variable": write.name, "line": str(other.span.line + 1)}
    fix = _fix_text(race, fortran)
    if fix is not None and race.directive is not None and race.directive.directive is not None:
        data["fix"] = fix
        data["directive_end"] = str(race.directive.directive.end)
    return Finding(
        CODE,
        f"Data race on `{write.name}`: {race.why}",
        Severity.WARNING,
        write.span.start,
        write.span.end,
        related,
        data,
    )


def budget_note(construct: Construct, limits: Limits) -> Finding:
    """The note on a construct whose race check ran out of its budget."""
    d = construct.directive
    start, end = (d.start, d.end) if d is not None else (construct.span.start, construct.span.start)
    return Finding(
        BUDGET_CODE,
        f"Races not checked in this OpenMP construct: {BUDGET_REASON} ({limits.region} work units)",
        Severity.INFORMATION,
        start,
        end,
        (),
        {"limit": str(limits.region)},
    )


def race_findings(doc: Document, limits: Limits = DEFAULT_LIMITS) -> list[Finding]:
    """The `omp/data-race` findings of a document (none for files without OpenMP), and
    an `omp/analysis-budget` note on each construct whose check ran out of its budget."""
    if not doc.parsed or doc.language is None or not mentions_openmp(doc.source):
        return []
    fortran = doc.language.is_fortran
    units = lower_document(doc)
    by_name = {(u.name.lower() if fortran else u.name): u for u in units}
    program = program_of(units, doc.lf_source)  # argument lists are read by lines
    found: dict[tuple[str, int, int], Race] = {}
    over: list[Construct] = []
    for unit in units:
        for race in unit_races(unit, by_name, doc.lf_source, program, limits, over):
            lines = sorted((race.first.span.line, race.second.span.line))
            found.setdefault((race.first.name, lines[0], lines[1]), race)
    mapping = [f for unit in units for f in map_to_write_findings(unit)]
    notes = {(n.start, n.end): n for n in (budget_note(c, limits) for c in over)}
    return [race_finding(r, fortran) for r in found.values()] + mapping + list(notes.values())
