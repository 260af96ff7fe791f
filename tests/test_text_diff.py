"""The edited region between two texts (workspace/text_diff.py), checked against random
edits: the bytes outside it are equal, and it is the smallest such region."""

from __future__ import annotations

import random

from hpcls.workspace.text_diff import changed_region, first_difference


def test_examples() -> None:
    assert first_difference(b"abc", b"abc") == 3
    assert changed_region(b"abcdef", b"abXYef") == (2, 4, 4)
    assert changed_region(b"aaaa", b"aaaaa") == (4, 4, 5)
    assert changed_region(b"", b"new") == (0, 0, 3)


def test_random_edits() -> None:
    rng = random.Random(7)
    for _ in range(300):
        old = bytes(rng.choice(b"ab\n ") for _ in range(rng.randrange(0, 9000)))
        a = rng.randrange(0, len(old) + 1)
        b = rng.randrange(a, len(old) + 1)
        new = old[:a] + bytes(rng.choice(b"abc") for _ in range(rng.randrange(0, 6))) + old[b:]
        start, old_end, new_end = changed_region(old, new)
        assert old[:start] == new[:start]
        assert old[old_end:] == new[new_end:]
        assert old_end >= start and new_end >= start
        # Smallest: the region starts at the first differing byte.
        if start < min(len(old), len(new)):
            assert old[start] != new[start]
        if old != new:
            assert old[start:old_end] != new[start:new_end]
