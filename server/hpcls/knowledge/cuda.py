"""CUDA knowledge for hover: runtime API functions, qualifiers, built-in variables, device
intrinsics, and the `<<<grid, block, shmem, stream>>>` launch configuration."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hpcls.knowledge.cuda_builtins import ATOMICS, BUILTIN_VARIABLES, QUALIFIERS, SYNC, WARP
from hpcls.knowledge.cuda_runtime import DEVICE, ERRORS_AND_LAUNCH, MEMORY, STREAMS, CudaRow


@dataclass(frozen=True, slots=True)
class CudaEntry:
    name: str
    signature: str
    description: str
    pitfall: str  # "" when there is no classic one
    kind: str  # the heading: "runtime API", "qualifier", ...


def _rows(kind: str, *tables: tuple[CudaRow, ...]) -> tuple[CudaEntry, ...]:
    return tuple(CudaEntry(*row, kind=kind) for table in tables for row in table)


ENTRIES: tuple[CudaEntry, ...] = (
    *_rows("CUDA runtime API", MEMORY, STREAMS, DEVICE, ERRORS_AND_LAUNCH),
    *_rows("CUDA qualifier", QUALIFIERS),
    *_rows("CUDA built-in variable", BUILTIN_VARIABLES),
    *_rows("CUDA device function", SYNC, ATOMICS, WARP),
)

# CUDA names are case-sensitive (it is C++).
_BY_NAME: Mapping[str, CudaEntry] = MappingProxyType({e.name: e for e in ENTRIES})


def cuda_entry(name: str) -> CudaEntry | None:
    return _BY_NAME.get(name)


def is_runtime_api(name: str) -> bool:
    """Runtime API names also make sense in plain C / C++ host files."""
    entry = _BY_NAME.get(name)
    return entry is not None and entry.kind == "CUDA runtime API"


def cuda_markdown(name: str) -> str | None:
    """Hover markdown for a CUDA runtime function, qualifier, built-in or intrinsic."""
    e = _BY_NAME.get(name)
    if e is None:
        return None
    text = f"**`{e.name}`** ({e.kind})\n\n```cuda\n{e.signature}\n```\n\n{e.description}"
    return f"{text}\n\n**Pitfall**: {e.pitfall}" if e.pitfall else text


LAUNCH_FIELDS: tuple[tuple[str, str], ...] = (
    ("grid", "`dim3` (or int): number of blocks in x, y, z."),
    ("block", "`dim3` (or int): threads per block in x, y, z; at most 1024 in total."),
    (
        "shmem",
        "`size_t`, optional (default 0): bytes of dynamic shared memory per block, "
        "for `extern __shared__` arrays.",
    ),
    ("stream", "`cudaStream_t`, optional (default 0, the default stream)."),
)


def launch_markdown(active: int | None = None) -> str:
    """Hover markdown for a `<<<...>>>` launch configuration; `active` is the field (0..3)
    under the cursor, shown in bold."""
    rows = []
    for i, (name, text) in enumerate(LAUNCH_FIELDS):
        label = f"**`{name}`**" if i == active else f"`{name}`"
        rows.append(f"{i + 1}. {label}: {text}")
    fields = "\n".join(rows)
    return (
        "**Kernel launch** `kernel<<<grid, block, shmem, stream>>>(args...)`\n\n"
        f"{fields}\n\n"
        "**Pitfall**: the launch is asynchronous and returns no error: check "
        "`cudaGetLastError()` after it; faults inside the kernel show at the next "
        "synchronization."
    )
