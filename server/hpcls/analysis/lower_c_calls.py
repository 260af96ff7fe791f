"""What lowering knows about C/C++/CUDA routines: which are free of side effects, which end
the program, and the update patterns spelt as calls (`x = fmax(x, e)`)."""

from __future__ import annotations

_MATH = """
sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh exp exp2 expm1 log log10
log2 log1p pow sqrt cbrt hypot fabs fmin fmax fdim fma floor ceil round lround llround trunc
rint lrint nearbyint fmod remainder copysign erf erfc tgamma lgamma ldexp frexp modf
scalbn ilogb logb nextafter rsqrt sincos
"""
_INTEGER = "abs labs llabs div ldiv"
_CLASSIFY = "isnan isinf isfinite isnormal signbit fpclassify"
_OMP = """
omp_get_thread_num omp_get_num_threads omp_get_max_threads omp_get_num_procs
omp_in_parallel omp_get_wtime omp_get_wtick omp_get_level omp_get_active_level
omp_get_team_num omp_get_num_teams omp_get_dynamic omp_get_nested omp_get_thread_limit
omp_get_ancestor_thread_num omp_get_team_size omp_is_initial_device omp_get_num_devices
omp_get_default_device omp_get_device_num omp_get_max_active_levels omp_in_final
"""
_OTHER = "min max MIN MAX std::min std::max std::abs std::size"


def _pure_names() -> frozenset[str]:
    math = _MATH.split()
    names = set(math) | {f"{n}f" for n in math} | {f"{n}l" for n in math}
    names |= set(_INTEGER.split()) | set(_CLASSIFY.split()) | set(_OTHER.split())
    names |= {f"__{n}f" for n in ("exp", "log", "sin", "cos", "pow", "fdivide")}
    names |= {f"std::{n}" for n in list(names) if not n.startswith(("std::", "__"))}
    return frozenset(names | set(_OMP.split()))


PURE = _pure_names()
EXITS = frozenset({"exit", "abort", "_Exit", "quick_exit", "std::exit", "std::abort"})
# Two-argument calls that compute a max or min: `x = fmax(x, e)` is a max update of x.
MAX_MIN = {
    **{n: "max" for n in ("max", "fmax", "fmaxf", "fmaxl", "MAX", "std::max", "std::fmax")},
    **{n: "min" for n in ("min", "fmin", "fminf", "fminl", "MIN", "std::min", "std::fmin")},
}
