"""Deterministic generator of a large Fortran application of the NAS-Parallel-Benchmarks
kind (issue 12, part 5), written by our own rules.

One module of sizes and state arrays (`u(5, 0:nx+1, 0:ny+1, 0:nz+1)` and its kin), a
COMMON block of constants, then many external subroutines: auxiliary fields under
`!$omp parallel do` with private scalars, fluxes and fourth-order dissipation with
boundary rows, norms (array reductions), exact right-hand sides that call a point routine
in the innermost loop, block-tridiagonal sweeps that call small matrix routines on
sections (`lhs(1, 1, 2, i)`), a pentadiagonal forward elimination (serial), and drivers
that call the rest. Hundreds of loops over multi-dimensional arrays in about `lines`
lines; the same seed gives the same text.

    python -m tests.bench.gen_app --lines 3500 -o app.f90
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

_MODULE = """\
module app_data
  implicit none
  integer, parameter :: nx = 62, ny = 62, nz = 62
  double precision :: u(5, 0:nx + 1, 0:ny + 1, 0:nz + 1)
  double precision :: rhs(5, 0:nx + 1, 0:ny + 1, 0:nz + 1)
  double precision :: forcing(5, 0:nx + 1, 0:ny + 1, 0:nz + 1)
  double precision :: rho_i(0:nx + 1, 0:ny + 1, 0:nz + 1), qs(0:nx + 1, 0:ny + 1, 0:nz + 1)
  double precision :: us(0:nx + 1, 0:ny + 1, 0:nz + 1), vs(0:nx + 1, 0:ny + 1, 0:nz + 1)
  double precision :: ws(0:nx + 1, 0:ny + 1, 0:nz + 1), square(0:nx + 1, 0:ny + 1, 0:nz + 1)
  double precision :: speed(0:nx + 1, 0:ny + 1, 0:nz + 1)
  double precision :: lhs(5, 5, 3, 0:nx + 1), lhsp(5, 0:nx + 1, 0:ny + 1)
  double precision :: ce(5, 13), rms(5), dt, dssp, tx1, tx2, ty1, ty2, tz1, tz2
  double precision :: dnxm1, dnym1, dnzm1
end module app_data
"""

_COMMON = (
    "    double precision c1, c2, c3, c4, c5, con43\n    common /consts/ c1, c2, c3, c4, c5, con43"
)

_HEAD = "    use app_data\n    implicit none"
_SHIFT = {"x": ("i + {d}", "j", "k"), "y": ("i", "j + {d}", "k"), "z": ("i", "j", "k + {d}")}
_F3 = ("us", "vs", "ws", "qs", "square", "rho_i", "speed")
_F4 = ("u", "rhs", "forcing")


def _at(axis: str, d: int) -> str:
    """`i, j + 1, k` for axis y and offset 1."""
    parts = [p.format(d=f"{d}") if "{d}" in p else p for p in _SHIFT[axis]]
    return ", ".join(p.replace("+ -", "- ").replace(" + 0", "") for p in parts)


def _triple(body: list[str], lo: str = "1", omp: str | None = None) -> list[str]:
    """A k/j/i nest around `body`, optionally under `!$omp parallel do`."""
    out = [f"    !$omp parallel do {omp}"] if omp else []
    out += [
        f"    do k = {lo}, nz",
        f"      do j = {lo}, ny",
        f"        do i = {lo}, nx",
        *("          " + b for b in body),
        "        end do",
        "      end do",
        "    end do",
    ]
    return out + (["    !$omp end parallel do"] if omp else [])


def _aux(rng: random.Random, name: str) -> list[str]:
    body = [
        "rho_inv = 1.0d0 / u(1, i, j, k)",
        "rho_i(i, j, k) = rho_inv",
        "us(i, j, k) = u(2, i, j, k) * rho_inv",
        "vs(i, j, k) = u(3, i, j, k) * rho_inv",
        "ws(i, j, k) = u(4, i, j, k) * rho_inv",
        "square(i, j, k) = 0.5d0 * (u(2, i, j, k)**2 + u(3, i, j, k)**2 + u(4, i, j, k)**2) * rho_inv",
        "qs(i, j, k) = square(i, j, k) * rho_inv",
    ]
    omp = "default(shared) private(i, j, k, rho_inv)" if rng.random() < 0.8 else None
    return [
        f"  subroutine {name}()",
        _HEAD,
        "    integer :: i, j, k",
        "    double precision :: rho_inv",
        *_triple(body, "0", omp),
        f"  end subroutine {name}",
    ]


def _flux(rng: random.Random, name: str) -> list[str]:
    axis = rng.choice("xyz")
    coef = {"x": "tx2", "y": "ty2", "z": "tz2"}[axis]
    vel = {"x": "us", "y": "vs", "z": "ws"}[axis]
    body = [
        f"vijk = {vel}({_at(axis, 0)})",
        f"vp1 = {vel}({_at(axis, 1)})",
        f"vm1 = {vel}({_at(axis, -1)})",
        "do m = 1, 5",
        f"  rhs(m, i, j, k) = rhs(m, i, j, k) + dssp * (u(m, {_at(axis, 1)}) - 2.0d0 * u(m, i, j, k) + u(m, {_at(axis, -1)})) - {coef} * (u(m, {_at(axis, 1)}) * vp1 - u(m, {_at(axis, -1)}) * vm1)",
        "end do",
        f"rhs(5, i, j, k) = rhs(5, i, j, k) + c3 * con43 * (qs({_at(axis, 1)}) - 2.0d0 * qs(i, j, k) + qs({_at(axis, -1)})) * vijk",
    ]
    omp = "default(shared) private(i, j, k, m, vijk, vp1, vm1)" if rng.random() < 0.8 else None
    return [
        f"  subroutine {name}()",
        _HEAD,
        _COMMON,
        "    integer :: i, j, k, m",
        "    double precision :: vijk, vp1, vm1",
        *_triple(body, "1", omp),
        f"  end subroutine {name}",
    ]


def _dissip(rng: random.Random, name: str) -> list[str]:
    out = [f"  subroutine {name}()", _HEAD, "    integer :: i, j, k, m"]
    out += ["    !$omp parallel do default(shared) private(i, j, k, m)"]
    out += ["    do k = 1, nz", "      do j = 1, ny"]
    rows = [
        ("1", "5.0d0 * u(m, i, j, k) - 4.0d0 * u(m, i + 1, j, k) + u(m, i + 2, j, k)"),
        ("2", "-4.0d0 * u(m, i - 1, j, k) + 6.0d0 * u(m, i, j, k) - 4.0d0 * u(m, i + 1, j, k)"),
    ]
    for row, expr in rows:
        out += [f"        i = {row}", "        do m = 1, 5"]
        out += [f"          rhs(m, i, j, k) = rhs(m, i, j, k) - dssp * ({expr})", "        end do"]
    out += [
        "        do i = 3, nx - 2",
        "          do m = 1, 5",
        "            rhs(m, i, j, k) = rhs(m, i, j, k) - dssp * (u(m, i - 2, j, k) - 4.0d0 * u(m, i - 1, j, k) + 6.0d0 * u(m, i, j, k) - 4.0d0 * u(m, i + 1, j, k) + u(m, i + 2, j, k))",
        "          end do",
        "        end do",
    ]
    for row, expr in (
        ("nx - 1", "u(m, i - 2, j, k) - 4.0d0 * u(m, i - 1, j, k) + 6.0d0 * u(m, i, j, k)"),
        ("nx", "u(m, i - 2, j, k) - 4.0d0 * u(m, i - 1, j, k) + 5.0d0 * u(m, i, j, k)"),
    ):
        out += [f"        i = {row}", "        do m = 1, 5"]
        out += [f"          rhs(m, i, j, k) = rhs(m, i, j, k) - dssp * ({expr})", "        end do"]
    out += ["      end do", "    end do", "    !$omp end parallel do"]
    return [*out, f"  end subroutine {name}"]


def _norm(rng: random.Random, name: str) -> list[str]:
    field = rng.choice(_F4)
    return [
        f"  subroutine {name}(res)",
        _HEAD,
        "    double precision, intent(out) :: res(5)",
        "    integer :: i, j, k, m",
        "    double precision :: add",
        "    do m = 1, 5",
        "      res(m) = 0.0d0",
        "    end do",
        "    do k = 1, nz",
        "      do j = 1, ny",
        "        do i = 1, nx",
        "          do m = 1, 5",
        f"            add = {field}(m, i, j, k)",
        "            res(m) = res(m) + add * add",
        "          end do",
        "        end do",
        "      end do",
        "    end do",
        "    do m = 1, 5",
        "      res(m) = sqrt(res(m) / dble(nx * ny * nz))",
        "    end do",
        f"  end subroutine {name}",
    ]


def _exact(rng: random.Random, name: str) -> list[str]:
    """The point routine the right-hand sides call."""
    return [
        f"  subroutine {name}(xi, eta, zeta, dtemp)",
        _HEAD,
        "    double precision, intent(in) :: xi, eta, zeta",
        "    double precision, intent(out) :: dtemp(5)",
        "    integer :: m",
        "    do m = 1, 5",
        "      dtemp(m) = ce(m, 1) + xi * (ce(m, 2) + xi * (ce(m, 5) + xi * ce(m, 8))) + eta * (ce(m, 3) + eta * ce(m, 6)) + zeta * (ce(m, 4) + zeta * ce(m, 7))",
        "    end do",
        f"  end subroutine {name}",
    ]


def _exact_rhs(rng: random.Random, name: str, point: str) -> list[str]:
    omp = rng.random() < 0.7
    out = [
        f"  subroutine {name}()",
        _HEAD,
        "    integer :: i, j, k, m",
        "    double precision :: xi, eta, zeta, dtemp(5), ue(5, 0:nx + 1)",
    ]
    if omp:
        out.append(
            "    !$omp parallel do default(shared) private(i, j, k, m, xi, eta, zeta, dtemp, ue)"
        )
    out += [
        "    do k = 1, nz",
        "      zeta = dble(k) * dnzm1",
        "      do j = 1, ny",
        "        eta = dble(j) * dnym1",
        "        do i = 0, nx + 1",
        "          xi = dble(i) * dnxm1",
        f"          call {point}(xi, eta, zeta, dtemp)",
        "          do m = 1, 5",
        "            ue(m, i) = dtemp(m)",
        "          end do",
        "        end do",
        "        do i = 1, nx",
        "          do m = 1, 5",
        "            forcing(m, i, j, k) = forcing(m, i, j, k) - tx2 * (ue(m, i + 1) - ue(m, i - 1)) + dssp * (ue(m, i + 1) - 2.0d0 * ue(m, i) + ue(m, i - 1))",
        "          end do",
        "        end do",
        "      end do",
        "    end do",
    ]
    if omp:
        out.append("    !$omp end parallel do")
    return [*out, f"  end subroutine {name}"]


def _matvec(rng: random.Random, name: str) -> list[str]:
    return [
        f"  subroutine {name}(ablock, avec, bvec)",
        "    implicit none",
        "    double precision, intent(in) :: ablock(5, 5), avec(5)",
        "    double precision, intent(inout) :: bvec(5)",
        "    integer :: m, n",
        "    do m = 1, 5",
        "      do n = 1, 5",
        "        bvec(m) = bvec(m) - ablock(m, n) * avec(n)",
        "      end do",
        "    end do",
        f"  end subroutine {name}",
    ]


def _matmul(rng: random.Random, name: str) -> list[str]:
    return [
        f"  subroutine {name}(ablock, bblock, cblock)",
        "    implicit none",
        "    double precision, intent(in) :: ablock(5, 5), bblock(5, 5)",
        "    double precision, intent(inout) :: cblock(5, 5)",
        "    integer :: m, n, p",
        "    do n = 1, 5",
        "      do m = 1, 5",
        "        do p = 1, 5",
        "          cblock(m, n) = cblock(m, n) - ablock(m, p) * bblock(p, n)",
        "        end do",
        "      end do",
        "    end do",
        f"  end subroutine {name}",
    ]


def _block_sweep(rng: random.Random, name: str, matvec: str, matmul: str) -> list[str]:
    """A block-tridiagonal forward sweep along i: each row needs the previous one."""
    return [
        f"  subroutine {name}()",
        _HEAD,
        "    integer :: i, j, k, m, n",
        "    do k = 1, nz",
        "      do j = 1, ny",
        "        do i = 0, nx + 1",
        "          do n = 1, 5",
        "            do m = 1, 5",
        "              lhs(m, n, 1, i) = -tx2 * u(m, i, j, k) * dble(n)",
        "              lhs(m, n, 2, i) = 1.0d0 + dt * tx1 * rho_i(i, j, k)",
        "              lhs(m, n, 3, i) = tx2 * u(n, i, j, k)",
        "            end do",
        "          end do",
        "        end do",
        "        do i = 1, nx",
        f"          call {matvec}(lhs(1, 1, 1, i), rhs(1, i - 1, j, k), rhs(1, i, j, k))",
        f"          call {matmul}(lhs(1, 1, 1, i), lhs(1, 1, 3, i - 1), lhs(1, 1, 2, i))",
        "        end do",
        "      end do",
        "    end do",
        f"  end subroutine {name}",
    ]


def _penta(rng: random.Random, name: str) -> list[str]:
    """Forward elimination of a pentadiagonal system along i: carried, serial."""
    return [
        f"  subroutine {name}()",
        _HEAD,
        "    integer :: i, j, k, m",
        "    double precision :: fac1",
        "    do k = 1, nz",
        "      do j = 1, ny",
        "        do i = 0, nx + 1",
        "          lhsp(1, i, j) = 0.0d0",
        "          lhsp(2, i, j) = -dt * tx2 * us(i, j, k)",
        "          lhsp(3, i, j) = 1.0d0 + 2.0d0 * dt * tx1",
        "          lhsp(4, i, j) = dt * tx2 * us(i, j, k)",
        "          lhsp(5, i, j) = 0.0d0",
        "        end do",
        "      end do",
        "      do j = 1, ny",
        "        do i = 0, nx - 1",
        "          fac1 = 1.0d0 / lhsp(3, i, j)",
        "          lhsp(4, i, j) = fac1 * lhsp(4, i, j)",
        "          do m = 1, 3",
        "            rhs(m, i, j, k) = fac1 * rhs(m, i, j, k)",
        "          end do",
        "          lhsp(3, i + 1, j) = lhsp(3, i + 1, j) - lhsp(2, i + 1, j) * lhsp(4, i, j)",
        "          do m = 1, 3",
        "            rhs(m, i + 1, j, k) = rhs(m, i + 1, j, k) - lhsp(2, i + 1, j) * rhs(m, i, j, k)",
        "          end do",
        "        end do",
        "      end do",
        "    end do",
        f"  end subroutine {name}",
    ]


def _add(rng: random.Random, name: str) -> list[str]:
    dst, src = rng.sample(_F4, 2)
    omp = "default(shared) private(i, j, k, m)" if rng.random() < 0.8 else None
    body = [
        "do m = 1, 5",
        f"  {dst}(m, i, j, k) = {dst}(m, i, j, k) + dt * {src}(m, i, j, k)",
        "end do",
    ]
    return [
        f"  subroutine {name}()",
        _HEAD,
        "    integer :: i, j, k, m",
        *_triple(body, "1", omp),
        f"  end subroutine {name}",
    ]


def _maxspeed(rng: random.Random, name: str) -> list[str]:
    field = rng.choice(_F3)
    return [
        f"  subroutine {name}(smax)",
        _HEAD,
        _COMMON,
        "    double precision, intent(out) :: smax",
        "    integer :: i, j, k",
        "    smax = 0.0d0",
        "    !$omp parallel do default(shared) private(i, j, k) reduction(max: smax)",
        "    do k = 1, nz",
        "      do j = 1, ny",
        "        do i = 1, nx",
        f"          speed(i, j, k) = sqrt(c1 * c2 * abs({field}(i, j, k)))",
        "          if (speed(i, j, k) > smax) then",
        "            smax = speed(i, j, k)",
        "          end if",
        "        end do",
        "      end do",
        "    end do",
        "    !$omp end parallel do",
        f"  end subroutine {name}",
    ]


def _constants(rng: random.Random, name: str) -> list[str]:
    return [
        f"  subroutine {name}()",
        _HEAD,
        _COMMON,
        "    integer :: m, n",
        f"    c1 = {rng.randint(11, 19) / 10}d0",
        "    c2 = 0.4d0",
        "    c3 = 0.1d0",
        "    c4 = 1.0d0",
        "    c5 = 1.4d0",
        "    con43 = 4.0d0 / 3.0d0",
        "    do n = 1, 13",
        "      do m = 1, 5",
        "        ce(m, n) = dble(m + n) * 0.01d0",
        "      end do",
        "    end do",
        f"  end subroutine {name}",
    ]


Maker = Callable[[random.Random, str], list[str]]
_SIMPLE: tuple[tuple[str, Maker], ...] = (
    ("compute_aux", _aux),
    ("flux", _flux),
    ("dissipation", _dissip),
    ("add_update", _add),
    ("max_speed", _maxspeed),
    ("pentadiagonal", _penta),
)


def generate(lines: int = 3500, seed: int = 12) -> str:
    """The text of an application of about `lines` lines (at least one of each kind)."""
    rng = random.Random(seed)
    out = [*_MODULE.splitlines(), ""]
    calls: list[str] = []
    number = 0
    while sum(len(_wrap(line)) for line in out) < lines - 40 or number == 0:
        group = number
        units = [f"set_constants_{group}", f"exact_solution_{group}", f"matvec_sub_{group}"]
        units.append(f"matmul_sub_{group}")
        out += [*_constants(rng, units[0]), ""]
        out += [*_exact(rng, units[1]), ""]
        out += [*_matvec(rng, units[2]), ""]
        out += [*_matmul(rng, units[3]), ""]
        body: list[str] = [f"    call {units[0]}()"]
        for kind, maker in _SIMPLE:
            unit = f"{kind}_{group}"
            out += [*maker(rng, unit), ""]
            if kind == "max_speed":
                body.append(f"    call {unit}(smax)")
            else:
                body.append(f"    call {unit}()")
        rhs = f"exact_rhs_{group}"
        out += [*_exact_rhs(rng, rhs, units[1]), ""]
        sweep = f"block_sweep_{group}"
        out += [*_block_sweep(rng, sweep, units[2], units[3]), ""]
        norm = f"error_norm_{group}"
        out += [*_norm(rng, norm), ""]
        body += [f"    call {rhs}()", f"    call {sweep}()", f"    call {norm}(res)"]
        driver = f"step_{group}"
        out += [f"  subroutine {driver}()", _HEAD, "    double precision :: smax, res(5)"]
        out += [*body, "    rms(1) = res(1) + smax", f"  end subroutine {driver}", ""]
        calls.append(driver)
        number += 1
    out += ["program app", "  use app_data", "  implicit none", "  integer :: step"]
    out += ["  do step = 1, 10", *(f"    call {c}()" for c in calls), "  end do"]
    out += ["  print *, rms(1)", "end program app", ""]
    return "\n".join(w for line in out for w in _wrap(line))


def _wrap(line: str, width: int = 100) -> list[str]:
    """Free-form continuation for statements longer than `width` (gfortran stops at 132),
    broken at a space before a `+`/`-`."""
    if len(line) <= width or line.lstrip().startswith("!"):
        return [line]
    indent = line[: len(line) - len(line.lstrip())] + "    "
    cut = max(line.rfind(" + ", 0, width), line.rfind(" - ", 0, width))
    if cut <= len(indent):
        return [line]
    return [line[:cut] + " &", *_wrap(indent + "&" + line[cut:], width)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lines", type=int, default=3500)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    args.output.write_text(generate(args.lines, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
