"""Where two versions of a text differ: the edited region, whatever the client sent."""

from __future__ import annotations


def first_difference(old: bytes, new: bytes) -> int:
    """Byte offset of the first difference: where an edit happened, whatever the client
    sent (ranges, several changes, or the whole text)."""
    size = min(len(old), len(new))
    lo, step = 0, 4096
    # Slice comparisons run in C: whole blocks, then halving steps inside the last one.
    while lo + step <= size and old[lo : lo + step] == new[lo : lo + step]:
        lo += step
    while step > 1:
        step //= 2
        if lo + step <= size and old[lo : lo + step] == new[lo : lo + step]:
            lo += step
    return lo


def changed_region(old: bytes, new: bytes) -> tuple[int, int, int]:
    """(start, old_end, new_end): old[start:old_end] became new[start:new_end]; the
    bytes before and after are the same in both."""
    start = first_difference(old, new)
    suffix = first_difference(old[start:][::-1], new[start:][::-1])
    return start, len(old) - suffix, len(new) - suffix
