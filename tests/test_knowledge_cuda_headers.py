"""Checks the CUDA knowledge rows against NVIDIA's headers (CUDA 12, PyPI nvidia-cuda-runtime-cu12).

Runtime API rows are redeclared after `#include <cuda_runtime.h>` and compiled with the host
g++ (`-fsyntax-only`): C functions as `extern "C"` redeclarations (a different parameter type
is a "conflicting declaration of C function"), C++ templates as casts to typed pointers with T = int
(only an overload with exactly those parameter types converts). Parameter names and default
arguments, which C++ does not compare, are compared textually with the header declaration.
Device rows (intrinsics, atomics, warp functions, built-in variables) are matched textually
against the declarations in the header set by return type, parameter types and defaults, once
per type a generic row lists (T = int when it lists none); their parameter names follow the
Programming Guide (`predicate`, `address`), which the headers do not always use (`pred`, `ptr`).

The wheel has no crt/ directory (it comes with nvidia-cuda-nvcc-cu12, about 40 MB), so small
stand-ins for crt/host_defines.h and three other crt/ headers define the qualifiers away, and
the device functions declared only in crt/ are listed in _NEEDS_NVCC_HEADERS; they are checked
as well when that package is installed.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from hpcls.knowledge import cuda_builtins, cuda_runtime
from hpcls.knowledge.cuda_runtime import CudaRow
from tests.conftest import unavailable

_RUNTIME_ROWS: tuple[CudaRow, ...] = (
    cuda_runtime.MEMORY
    + cuda_runtime.STREAMS
    + cuda_runtime.DEVICE
    + cuda_runtime.ERRORS_AND_LAUNCH
)
_DEVICE_ROWS: tuple[CudaRow, ...] = (
    cuda_builtins.SYNC
    + cuda_builtins.ATOMICS
    + cuda_builtins.WARP
    + cuda_builtins.BUILTIN_VARIABLES
)

# Declared only in crt/ headers (nvidia-cuda-nvcc-cu12, not in the runtime wheel):
# (name, T) pairs, T "" for non-generic rows. Checked when that package is installed.
_NEEDS_NVCC_HEADERS: frozenset[tuple[str, str]] = frozenset(
    {
        ("__syncthreads", ""),  # crt/device_functions.h
        ("__threadfence", ""),  # crt/device_functions.h
        ("__threadfence_block", ""),  # crt/device_functions.h
        ("__popc", ""),  # crt/device_functions.h
        ("__clz", ""),  # crt/device_functions.h
        ("__ffs", ""),  # crt/device_functions.h
        ("atomicCAS", "unsigned short int"),  # crt/sm_70_rt.h
    }
)
# Qualifiers are keywords (macros of crt/host_defines.h for nvcc), not declarations.
_NOT_DECLARATIONS: frozenset[str] = frozenset(
    {
        "__global__",
        "__device__",
        "__host__",
        "__shared__",
        "__constant__",
        "__managed__",
        "__restrict__",
        "__launch_bounds__",
        "__forceinline__",
        "__noinline__",
    }
)

# Stand-in for crt/host_defines.h: what cuda_runtime.h needs from it under a host compiler.
_HOST_DEFINES = """#pragma once
#define __host__
#define __device__
#define __global__
#define __shared__
#define __constant__
#define __managed__
#define __device_builtin__
#define __device_builtin_texture_type__
#define __device_builtin_surface_type__
#define __cudart_builtin__
#define CUDARTAPI
#define CUDARTAPI_CDECL
#define __align__(n) __attribute__((aligned(n)))
#define __builtin_align__(a) __attribute__((aligned(a)))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __noinline__ __attribute__((noinline))
#define __specialization_static
#define __location__(a)
#define __annotate__(a)
#define __launch_bounds__(...)
#define __grid_constant__
#define __nv_pure__
#define __no_return__ __attribute__((noreturn))
#define __thread__ __thread
"""
# Other crt/ headers cuda_runtime.h includes (device math and intrinsics): left empty. With
# -D__CUDACC__ the templates cuda_runtime.h keeps for nvcc (cudaMemcpyToSymbol, ...) are seen.
_EMPTY_CRT = ("host_config.h", "common_functions.h", "device_functions.h")


def _include_dir(module: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        if (Path(location) / "include").is_dir():
            return Path(location) / "include"
    return None


@pytest.fixture(scope="module")
def runtime_include() -> Path:
    found = _include_dir("nvidia.cuda_runtime")
    if found is None:
        unavailable("nvidia-cuda-runtime-cu12 (test extra) is not installed")
    return found


def _balanced(text: str, open_at: int) -> str:
    """The text inside the parentheses opening at text[open_at]."""
    depth = 0
    for i in range(open_at, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return text[open_at + 1 : i]
    raise AssertionError(f"unbalanced parentheses at {open_at}")


def _split_params(params: str) -> list[str]:
    out: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(params):
        depth += {"(": 1, ")": -1, "<": 1, ">": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            out.append(params[start:i])
            start = i + 1
    out.append(params[start:])
    return [p for p in (_norm_param(p) for p in out) if p]


_TYPE_CANON = (
    (r"\bunsigned long long int\b", "unsigned long long"),
    (r"\blong long int\b", "long long"),
    (r"\bunsigned short int\b", "unsigned short"),
    (r"\bunsigned int\b", "unsigned"),
    (r"\b(struct|enum) ", ""),
)


def _norm_type(text: str) -> str:
    for pattern, repl in _TYPE_CANON:
        text = re.sub(pattern, repl, text)
    return " ".join(re.sub(r"\s*([*&])\s*", r"\1 ", text).split()).replace("* *", "**")


def _unnamed(param: str) -> str:
    """A normalised parameter without its name (its default kept): `int* p = 0` -> `int* = 0`."""
    decl, eq, default = param.partition(" = ")
    match = re.fullmatch(
        r"(.*?[\w*&])[ ]?\b(?!(?:int|long|short|char|unsigned|signed)\b)([A-Za-z_]\w*)", decl
    )
    if match and match.group(1) != "const":
        decl = match.group(1).strip()
    return decl + (f" = {default}" if eq else "")


def _norm_param(param: str) -> str:
    """Canonical spelling: `type* name = default`, C keywords and top-level const dropped."""
    text = re.sub(r"__dv\((.*)\)", r"= \1", param)
    text = re.sub(r"\s*=\s*", " = ", text)
    for pattern, repl in _TYPE_CANON:
        text = re.sub(pattern, repl, text)
    text = re.sub(r"\s*([*&])\s*", r"\1 ", text)
    text = re.sub(r"\*\s*const\b", "*", text)
    text = re.sub(r"\*\s+\*", "**", text)
    text = " ".join(text.split())
    if "*" not in text and "&" not in text:
        text = re.sub(r"^const ", "", text)
    text = re.sub(r"0x[0-9a-fA-F]+", lambda m: m.group(0).lower(), text)
    return "" if text == "void" else text


def _strip_default(param: str) -> str:
    return param.split(" = ")[0]


def _our_params(signature: str) -> tuple[str, str, list[str]]:
    """(return and name part, name, parameters) of a row's signature."""
    code = signature.split("//")[0].strip()
    head, _, rest = code.partition("(")
    params = _balanced(code, len(head))
    assert rest.endswith(")"), signature
    return head, head.split()[-1], _split_params(params)


def _header_params(text: str, name: str, template: bool) -> list[str] | None:
    if template:
        pattern = rf"template\s*<\s*class T\s*>\s*static __inline__ __host__ (?:CUDART_DEVICE )?cudaError_t {name}\s*\("
    else:
        pattern = rf"CUDARTAPI\s+{name}\s*\("
    match = re.search(pattern, text)
    if match is None:
        return None
    return _split_params(_balanced(text, match.end() - 1))


def test_runtime_rows_match_the_headers(runtime_include: Path, tmp_path: Path) -> None:
    gxx = shutil.which("g++")
    if gxx is None:
        pytest.skip("no host g++")
    api = (runtime_include / "cuda_runtime_api.h").read_text(errors="replace")
    cxx = (runtime_include / "cuda_runtime.h").read_text(errors="replace")
    assert "#define CUDART_VERSION  12" in api, "expected a CUDA 12 header set"
    (tmp_path / "crt").mkdir()
    (tmp_path / "crt" / "host_defines.h").write_text(_HOST_DEFINES)
    for empty in _EMPTY_CRT:
        (tmp_path / "crt" / empty).write_text("#pragma once\n")

    lines = ["#include <cuda_runtime.h>"]
    owner: dict[int, str] = {}
    textual: list[str] = []
    for name, signature, _, _ in _RUNTIME_ROWS:
        template = signature.startswith("template<class T> ")
        head, our_name, params = _our_params(signature.removeprefix("template<class T> "))
        assert our_name == name
        header = _header_params(cxx if template else api, name, template)
        if header is None:
            textual.append(f"{name}: no declaration in the headers")
        elif header != params:
            textual.append(f"{name}: header ({', '.join(header)}) != ours ({', '.join(params)})")
        plain = ", ".join(_strip_default(p) for p in params)
        if template:
            typed = re.sub(r"\bT\b", "int", plain)
            ret = head.rsplit(" ", 1)[0]
            # Unevaluated, so the template's body is not instantiated with T = int.
            lines.append(
                f"using p{len(lines)} = decltype(static_cast<{ret} (*)({typed})>(&{name}));"
            )
        else:
            lines.append(f'extern "C" {head}({plain});')
        owner[len(lines)] = name
    source = tmp_path / "rows.cpp"
    source.write_text("\n".join(lines) + "\n")
    done = subprocess.run(
        [
            gxx,
            "-fsyntax-only",
            "-std=c++17",
            "-D__CUDACC__",
            f"-I{tmp_path}",
            f"-I{runtime_include}",
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    failing = sorted(
        {
            owner[int(n)]
            for n in re.findall(rf"{re.escape(str(source))}:(\d+):\d+: error", done.stderr)
        }
    )
    assert done.returncode == 0 or failing, done.stderr[-3000:]
    assert (failing, textual) == ([], []), done.stderr[-3000:]


def _header_declarations(include_dirs: list[Path], names: set[str]) -> set[str]:
    """Normalised `ret name(params)` of every header declaration of the given names."""
    found: set[str] = set()
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, names))})\s*\(")
    for root in include_dirs:
        for path in sorted(root.rglob("*.h*")):
            text = path.read_text(errors="replace")
            for match in pattern.finditer(text):
                line_start = text.rfind("\n", 0, match.start()) + 1
                prefix = text[line_start : match.start()]
                prefix = re.sub(r"__[A-Z][A-Z0-9_]*__\s*\((?:[^()]|\([^()]*\))*\)", " ", prefix)
                prefix = re.sub(r"\b(__[A-Za-z0-9_]+__|static|inline|extern|\"C\")", " ", prefix)
                ret = " ".join(prefix.split())
                if not re.fullmatch(r"[A-Za-z_][\w ]*\*?", ret):
                    continue
                params = _split_params(_balanced(text, match.end() - 1))
                typed = ", ".join(map(_unnamed, params))
                found.add(f"{_norm_type(ret)} {match.group(1)}({typed})")
    return found


def _expected_device(row: CudaRow) -> dict[tuple[str, str], str]:
    """(name, T) -> normalised declaration, one per listed type of a generic row."""
    name, signature = row[0], row[1]
    if "(" not in signature:  # a built-in variable: `uint3 threadIdx`
        return {(name, ""): _norm_param(signature)}
    code, _, comment = signature.partition("//")
    types = [t.strip() for t in comment.removeprefix(" T:").split(",") if t.strip() != "..."]
    if not comment:
        types = ["int"] if re.search(r"\bT\b", code) else [""]
    out: dict[tuple[str, str], str] = {}
    for t in types:
        head, _, params = _our_params(re.sub(r"\bT\b", t, code) if t else code)
        ret = " ".join(head.split()[:-1])
        typed = ", ".join(map(_unnamed, params))
        out[(name, t if comment else "")] = f"{_norm_type(ret)} {name}({typed})"
    return out


def test_device_rows_match_header_declarations(runtime_include: Path) -> None:
    dirs = [runtime_include]
    nvcc = _include_dir("nvidia.cuda_nvcc")
    if nvcc is not None:
        dirs.append(nvcc)
    expected: dict[tuple[str, str], str] = {}
    for row in _DEVICE_ROWS:
        expected.update(_expected_device(row))
    variables = {r[0] for r in cuda_builtins.BUILTIN_VARIABLES}
    found = _header_declarations(dirs, {n for n, _ in expected} - variables)
    launch = (runtime_include / "device_launch_parameters.h").read_text(errors="replace")
    for line in launch.splitlines():
        m = re.fullmatch(r"(\w+) __device_builtin__ __STORAGE__ (\w+);", line.strip())
        if m:
            found.add(f"{m.group(1)} {m.group(2)}")
    missing = {key: decl for key, decl in expected.items() if decl not in found}
    allowed = set() if nvcc is not None else set(_NEEDS_NVCC_HEADERS)
    assert set(missing) == allowed, missing


def test_qualifier_rows_are_the_listed_exceptions() -> None:
    assert {r[0] for r in cuda_builtins.QUALIFIERS} == _NOT_DECLARATIONS
