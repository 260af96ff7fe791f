"""A short soak in CI: a fixed number of random operations (`make soak` runs for minutes)."""

from __future__ import annotations

import pytest

from tests.soak import run


@pytest.mark.timeout(600)
@pytest.mark.parametrize("seed", [11, 12])
def test_short_soak(seed: int) -> None:
    report = run(minutes=None, operations=2500, seed=seed, engine="fake")
    summary = report.summary()
    assert report.failures == [], summary
    assert report.exit_code == 0
    # The session did exercise what it claims to.
    assert report.edits > 500 and report.cancels > 50 and report.garbage > 30, summary
    assert summary["answers"].get("-32602", 0) == report.invalid
