"""Shape facts about a loop that the dependence analysis asks before and after its
tests: whether a symbolic step is loop-invariant, the variables of a collapsed nest, the
events between the headers of a nest (perfect nesting)."""

from __future__ import annotations

from hpcls.analysis.ir import Access, Call, Effect, Event, LoopForm, Span, Unit


def invariant_step(unit: Unit, loop: int) -> bool:
    """A symbolic step (`i += nt`) that the body does not change: what the header reads
    besides the loop variable is written neither in the body nor by a call."""
    con = unit.constructs[loop]
    info, header = con.loop, con.header
    if header is None or info is None or info.form is not LoopForm.COUNTED:
        return False
    inside = [a for a in unit.accesses(loop) if not in_span(a.span, header)]
    read = {
        e.name
        for e in unit.events
        if isinstance(e, Access) and in_span(e.span, header) and e.name != info.var
    }
    if any(
        isinstance(e, Effect) or (isinstance(e, Call) and not e.pure) for e in unit.inside(loop)
    ):
        return False
    return not any(a.name in read and (a.write or a.address_taken) for a in inside)


def nest_vars(unit: Unit, loop: int, depth: int) -> set[str]:
    out: set[str] = set()
    at = loop
    for _ in range(depth):
        info = unit.constructs[at].loop
        if info is not None and info.var is not None:
            out.add(info.var)
        kids = [c.id for c in unit.children(at)]
        if not kids:
            break
        at = kids[0]
    return out


def between(e: Event, at: int, headers: tuple[Span | None, ...]) -> bool:
    """An event directly in loop `at`'s body, other than an access in its own header or
    the inner loop's (bounds, index)."""
    if not e.context or e.context[-1] != at:
        return False
    if isinstance(e, Access):
        return not any(h is not None and in_span(e.span, h) for h in headers)
    return True


def in_span(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end
