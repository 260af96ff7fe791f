"""Bounded analysis: how much work one loop verdict or one OpenMP region's race check may
do, counted in work units (never in wall time, so that a result does not depend on the
machine or its load: the same text gives the same answer everywhere).

A unit is one elementary step of the analysis: an access looked at, a pair of accesses
tested, a Fourier-Motzkin row made, an iteration enumerated for a witness, an event of a
callee copied by inlining. Past its limit the work raises `BudgetExceeded`; the caller
answers `unknown` for that one loop (reason `BUDGET_REASON`) or reports no race in that
one region (with an informational note), and the rest of the file is analysed as usual.
Running out is never a proof: it can only turn `parallel` into `unknown`.

The limits are plain constants, meant to become settings: `Limits` carries them down.
"""

from __future__ import annotations

from dataclasses import dataclass

BUDGET_REASON = "analysis budget exceeded"

# Per loop verdict (its scope, every pair of array accesses, Fourier-Motzkin, witnesses,
# scalars, the inner loops `collapse` looks at). The corpus's largest loop spends a few
# thousand; a loop at the limit costs well under a second.
LOOP_UNITS = 200_000
# Per OpenMP construct in the race analysis: its loop verdicts (with and without the
# clauses) and its pair rules together.
REGION_UNITS = 400_000
# Per program unit: seeing the calls to same-file procedures through their bodies.
INLINE_UNITS = 200_000


class BudgetExceeded(Exception):
    """The work allowed is used up: what was being decided stays unknown."""


class Budget:
    """Work units left to one analysis. The only mutable object an analysis carries,
    passed down explicitly and never shared between two loops or two regions."""

    __slots__ = ("exceeded", "limit", "spent")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0
        self.exceeded = False

    def spend(self, units: int = 1) -> None:
        """Count `units` of work; raise BudgetExceeded once past the limit."""
        self.spent += units
        if self.spent > self.limit:
            self.exceeded = True
            raise BudgetExceeded(f"{self.spent} > {self.limit} work units")

    def afford(self, units: int) -> bool:
        """Spend `units` when they fit; False (and nothing spent) when they do not: for
        optional refinements that may simply be skipped."""
        if self.spent + units > self.limit:
            self.exceeded = True
            return False
        self.spent += units
        return True


@dataclass(frozen=True, slots=True)
class Limits:
    """The budgets an entry point hands out: one fresh Budget per loop, per region and per
    unit inlined."""

    loop: int = LOOP_UNITS
    region: int = REGION_UNITS
    inline: int = INLINE_UNITS

    def for_loop(self) -> Budget:
        return Budget(self.loop)

    def for_region(self) -> Budget:
        return Budget(self.region)

    def for_inlining(self) -> Budget:
        return Budget(self.inline)


DEFAULT_LIMITS = Limits()
