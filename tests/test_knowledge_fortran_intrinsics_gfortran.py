"""The Fortran intrinsic table checked against gfortran (-std=f2018).

Every form of every signature is compiled as several calls: all arguments by keyword,
all positionally (checks the order), the required ones only, each optional one alone with
the required ones, and (elemental procedures) with arrays for scalars. These must compile;
leaving out a required argument, or adding any optional argument name of the table that
the form lacks, must fail. So a wrong keyword, a missing or extra argument, a wrong order,
optionality or class (a subroutine referenced as a function, or the reverse) shows. Module
procedures are compiled with their module used and the intrinsics proper without either
module. All calls go in one file, one subroutine per call; errors are attributed by line.

Skipped (with the reason) where gfortran is not installed; fails instead when CI is set.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hpcls.knowledge.fortran_intrinsics import INTRINSICS, Intrinsic
from tests.conftest import unavailable

# Arguments that gfortran 12 does not implement, or intrinsics it lacks altogether. Keys
# are call ids (see _Call.id). The test fails when this set changes in either direction:
# a newer gfortran that compiles one of them should shrink it.
_GFORTRAN_LACKS: dict[str, str] = {
    # F2018 intrinsics gfortran 12 does not have at all.
    **{f"OUT_OF_RANGE/1 {k}": "no OUT_OF_RANGE" for k in ("kw", "pos", "req", "elemental")},
    **{f"COSHAPE/1 {k}": "no COSHAPE" for k in ("kw", "pos", "req")},
    **{
        f"REDUCE/{n} {k}": "no REDUCE"
        for n in (1, 2)
        for k in ("kw", "pos", "req", "opt:MASK", "opt:IDENTITY", "opt:ORDERED")
    },
    # F2018's new ERRMSG (and STAT of MOVE_ALLOC): gfortran 12 keeps the F2008 lists.
    **{
        f"{name}/1 {k}": "no ERRMSG argument"
        for name in ("GET_COMMAND", "GET_COMMAND_ARGUMENT", "GET_ENVIRONMENT_VARIABLE")
        for k in ("kw", "pos", "opt:ERRMSG")
    },
    **{f"MOVE_ALLOC/1 {k}": "no STAT, ERRMSG" for k in ("kw", "pos", "opt:STAT", "opt:ERRMSG")},
    # Teams: TEAM / LEVEL / TEAM_NUMBER arguments "not yet supported" or unknown.
    **{f"FAILED_IMAGES/1 {k}": "no TEAM" for k in ("kw", "pos", "opt:TEAM")},
    **{f"STOPPED_IMAGES/1 {k}": "no TEAM" for k in ("kw", "pos", "opt:TEAM")},
    **{f"GET_TEAM/1 {k}": "no LEVEL" for k in ("kw", "pos")},
    **{f"IMAGE_INDEX/{n} {k}": "no TEAM, TEAM_NUMBER" for n in (2, 3) for k in ("kw", "pos")},
    **{f"IMAGE_STATUS/1 {k}": "no TEAM" for k in ("kw", "pos")},
    "IMAGE_STATUS/1 elemental": "IMAGE must be a scalar (F2018: elemental)",
    **{f"NUM_IMAGES/{n} kw": "no TEAM, TEAM_NUMBER" for n in (2, 3)},
    "NUM_IMAGES/2 pos": "TS 18508's DISTANCE in TEAM's place",
    **{f"THIS_IMAGE/{n} kw": "no TEAM" for n in (1, 2, 3)},
    **{f"THIS_IMAGE/{n} pos": "TS 18508's DISTANCE in TEAM's place" for n in (1, 2, 3)},
}

# Calls that the standard itself forbids for a reason outside the argument list (the
# signature is right; the combination of arguments is not allowed).
_RULES: dict[str, str] = {
    # Without DIM, the second positional argument is still DIM (16.9.1: MASK, KIND and
    # BACK of that form go by keyword).
    "FINDLOC/2 pos": "VALUE, MASK positionally: MASK taken as DIM",
    "MAXLOC/2 pos": "MASK positionally is taken as DIM",
    "MINLOC/2 pos": "MASK positionally is taken as DIM",
    "RANDOM_SEED/1 kw": "at most one argument",
    "RANDOM_SEED/1 pos": "at most one argument",
    "C_F_POINTER/1 req": "SHAPE is required when FPTR is an array (as here)",
}

# Table 16.1 of Fortran 2018 plus the procedures of ISO_C_BINDING and ISO_FORTRAN_ENV
# (18.2.3, 16.10.2): exactly these names, no vendor extensions (gfortran's GETENV, SIZEOF,
# LOC, ...) described as standard.
_F2018_NAMES = """abs achar acos acosh adjustl adjustr aimag aint all allocated anint any
asin asinh associated atan atan2 atanh atomic_add atomic_and atomic_cas atomic_define
atomic_fetch_add atomic_fetch_and atomic_fetch_or atomic_fetch_xor atomic_or atomic_ref
atomic_xor bessel_j0 bessel_j1 bessel_jn bessel_y0 bessel_y1 bessel_yn bge bgt bit_size ble
blt btest ceiling char cmplx co_broadcast co_max co_min co_reduce co_sum
command_argument_count conjg cos cosh coshape count cpu_time cshift date_and_time dble
digits dim dot_product dprod dshiftl dshiftr eoshift epsilon erf erfc erfc_scaled
event_query execute_command_line exp exponent extends_type_of failed_images findloc floor
fraction gamma get_command get_command_argument get_environment_variable get_team huge hypot
iachar iall iand iany ibclr ibits ibset ichar ieor image_index image_status index int ior
iparity ishft ishftc is_contiguous is_iostat_end is_iostat_eor kind lbound lcobound leadz
len len_trim lge lgt lle llt log log10 log_gamma logical maskl maskr matmul max maxexponent
maxloc maxval merge merge_bits min minexponent minloc minval mod modulo move_alloc mvbits
nearest new_line nint norm2 not null num_images out_of_range pack parity popcnt poppar
precision present product radix random_init random_number random_seed range rank real
reduce repeat reshape rrspacing same_type_as scale scan selected_char_kind selected_int_kind
selected_real_kind set_exponent shape shifta shiftl shiftr sign sin sinh size spacing spread
sqrt stopped_images storage_size sum system_clock tan tanh team_number this_image tiny
trailz transfer transpose trim ubound ucobound unpack verify
c_associated c_f_pointer c_f_procpointer c_funloc c_loc c_sizeof
compiler_options compiler_version"""

# Actual arguments by dummy name; "NAME.ARG" entries override the plain "ARG" ones.
_VALUES: dict[str, str] = {
    "A": "v_r",
    "A1": "v_r",
    "A2": "v_r",
    "A3": "v_r",
    "ARRAY": "v_ra",
    "ATOM": "v_atom",
    "B": "v_r",
    "BACK": ".true.",
    "BOUNDARY": "0.0",
    "C": "'a'",
    "CMDMSG": "v_cmdmsg",
    "CMDSTAT": "v_cmdstat",
    "COARRAY": "v_coa",
    "COMMAND": "v_command",
    "COMPARE": "v_acmp",
    "COUNT": "v_count",
    "COUNT_MAX": "v_cmax",
    "COUNT_RATE": "v_rate",
    "CPTR": "v_cptr",
    "C_PTR_1": "v_cptr",
    "C_PTR_2": "v_cptr",
    "DATE": "v_date",
    "DIM": "1",
    "ERRMSG": "v_errmsg",
    "EVENT": "v_ev",
    "EXITSTAT": "v_exit",
    "FIELD": "v_ra",
    "FPTR": "v_ptr",
    "FROM": "v_i",
    "FROMPOS": "0",
    "FSOURCE": "v_r",
    "GET": "v_seed",
    "HARVEST": "v_ra",
    "I": "v_i",
    "IDENTITY": "0.0",
    "IMAGE": "1",
    "IMAGE_DISTINCT": ".true.",
    "J": "v_j",
    "KIND": "v_ik",
    "L": "v_l",
    "LEN": "2",
    "LENGTH": "v_length",
    "LEVEL": "v_level",
    "MASK": "v_la",
    "MATRIX": "v_r2",
    "MATRIX_A": "v_r2",
    "MATRIX_B": "v_r2",
    "MOLD": "v_i",
    "N": "1",
    "N1": "0",
    "N2": "2",
    "NAME": "'ASCII'",
    "NCOPIES": "2",
    "NEW": "v_anew",
    "NUMBER": "1",
    "OLD": "v_aold",
    "OPERATION": "v_op",
    "ORDER": "[2, 1]",
    "ORDERED": ".true.",
    "P": "6",
    "PAD": "v_ra",
    "POINTER": "v_ptr",
    "POS": "1",
    "PUT": "v_seed",
    "R": "30",
    "RADIX": "2",
    "REPEATABLE": ".true.",
    "RESULT_IMAGE": "1",
    "ROUND": ".true.",
    "S": "1.0",
    "SCALAR": "v_allocs",
    "SET": "'ab'",
    "SHAPE": "[4]",
    "SHIFT": "1",
    "SIZE": "8",
    "SOURCE": "v_ra",
    "SOURCE_IMAGE": "1",
    "STAT": "v_stat",
    "STATUS": "v_status",
    "STRING": "v_s",
    "STRING_A": "v_s",
    "STRING_B": "v_s",
    "SUB": "[1]",
    "SUBSTRING": "'a'",
    "TARGET": "v_tgt",
    "TEAM": "v_team",
    "TEAM_NUMBER": "1",
    "TIME": "v_time",
    "TO": "v_k",
    "TOPOS": "0",
    "TRIM_NAME": ".true.",
    "TSOURCE": "v_r",
    "VALUE": "1",
    "VALUES": "v_iv",
    "VECTOR": "v_ra",
    "VECTOR_A": "v_ra",
    "VECTOR_B": "v_ra",
    "WAIT": ".true.",
    "X": "v_r",
    "Y": "v_r",
    "Z": "v_z",
    "ZONE": "v_zone",
    # per intrinsic
    "ACHAR.I": "65",
    "CHAR.I": "65",
    "ACHAR.KIND": "v_ck",
    "CHAR.KIND": "v_ck",
    "AINT.KIND": "v_rk",
    "ANINT.KIND": "v_rk",
    "REAL.KIND": "v_rk",
    "CMPLX.KIND": "v_rk",
    "LOGICAL.KIND": "v_lk",
    "ALLOCATED.ARRAY": "v_alloc",
    "ATOMIC_REF.VALUE": "v_aold",
    "CPU_TIME.TIME": "v_r",
    "C_FUNLOC.X": "v_cproc",
    "C_LOC.X": "v_tgt",
    "C_F_PROCPOINTER.CPTR": "v_cfunptr",
    "C_F_PROCPOINTER.FPTR": "v_fproc",
    "EXTENDS_TYPE_OF.A": "v_ext",
    "EXTENDS_TYPE_OF.MOLD": "v_ext",
    "FINDLOC.VALUE": "1.0",
    "GET_COMMAND_ARGUMENT.VALUE": "v_value",
    "GET_ENVIRONMENT_VARIABLE.VALUE": "v_value",
    "IALL.ARRAY": "v_ia",
    "IANY.ARRAY": "v_ia",
    "IPARITY.ARRAY": "v_ia",
    "MASKL.I": "3",
    "MASKR.I": "3",
    "MERGE.MASK": "v_l",
    "MERGE_BITS.MASK": "v_i",
    "MOD.P": "2.0",
    "MODULO.P": "2.0",
    "MOVE_ALLOC.FROM": "v_alloc",
    "MOVE_ALLOC.TO": "v_alloc2",
    "NEW_LINE.A": "v_s",
    "NORM2.X": "v_ra",
    "NULL.MOLD": "v_ptr",
    "PRESENT.A": "v_opt",
    "RANDOM_SEED.SIZE": "v_n",
    "RANK.A": "v_ra",
    "RESHAPE.SHAPE": "[2, 2]",
    "SAME_TYPE_AS.A": "v_ext",
    "SAME_TYPE_AS.B": "v_ext",
    "SELECTED_INT_KIND.R": "6",
    "SPREAD.SOURCE": "v_r",
    "TRANSFER.SIZE": "2",
    "TRANSFER.SOURCE": "v_r",
}

# An elemental procedure also takes arrays (conformable) in place of its scalar arguments.
_ARRAY_OF = {
    "v_r": "v_ra",
    "v_i": "v_ia",
    "v_j": "v_ja",
    "v_k": "v_ka",
    "v_l": "v_la",
    "v_s": "v_sa",
    "v_z": "v_za",
    "1": "[1, 1, 1, 1]",
    "65": "[65, 66, 67, 68]",
    "'a'": "['a', 'b', 'c', 'd']",
}

_MODULE = """module v
  use, intrinsic :: iso_c_binding, only: c_ptr, c_funptr
  use, intrinsic :: iso_fortran_env, only: atomic_int_kind, event_type, team_type
  implicit none
  private :: c_ptr, c_funptr, atomic_int_kind, event_type, team_type
  type :: v_t
  end type v_t
  integer, parameter :: v_ik = selected_int_kind(18), v_rk = kind(1d0), v_lk = kind(.true.)
  integer, parameter :: v_ck = selected_char_kind('ASCII'), v_level = -1  ! gfortran 12 lacks INITIAL_TEAM
  integer :: v_i, v_j, v_k, v_n, v_ia(4), v_iv(8), v_seed(64), v_stat, v_status, v_length
  integer :: v_cmdstat, v_exit, v_count, v_rate, v_cmax, v_ja(4), v_ka(4)
  integer(atomic_int_kind) :: v_atom[*], v_aold, v_acmp, v_anew
  real :: v_r, v_ra(4), v_r2(2, 2), v_coa(4)[*]
  complex :: v_z, v_za(4)
  logical :: v_l, v_la(4)
  character(len=16) :: v_sa(4), v_s, v_value, v_command, v_errmsg, v_cmdmsg, v_date, v_time, v_zone
  real, allocatable :: v_alloc(:), v_alloc2(:), v_allocs
  real, pointer :: v_ptr(:)
  real, target :: v_tgt(4)
  type(event_type) :: v_ev[*]
  type(team_type) :: v_team
  type(c_ptr) :: v_cptr
  type(c_funptr) :: v_cfunptr
  procedure(v_cproc), pointer :: v_fproc
  class(v_t), allocatable :: v_ext
contains
  pure real function v_op(a, b)
    real, intent(in) :: a, b
    v_op = a + b
  end function v_op
  subroutine v_cproc() bind(c)
  end subroutine v_cproc
end module v
"""

_FORM = re.compile(r"^(\w+) \((.*)\)$")


def _parse(form: str) -> tuple[str, list[str], list[str]]:
    """Name, required and optional arguments of one signature form."""
    m = _FORM.match(form)
    assert m, form
    inner = m.group(2)
    required_text, _, optional_text = inner.partition("[")
    optional_text = optional_text.replace("]", "")

    def names(text: str) -> list[str]:
        parts = [p.strip() for p in text.split(",")]
        return [p for p in parts if p and p != "..."]

    return m.group(1), names(required_text), names(optional_text)


@dataclass(frozen=True)
class _Call:
    intrinsic: Intrinsic
    form_no: int  # 1-based, in the signature's order of forms
    kind: str  # "kw", "pos", "req", "opt:ARG", "elemental"; "drop:ARG", "extra:ARG" must fail
    args: tuple[str, ...]
    positional: bool = False

    @property
    def id(self) -> str:
        return f"{self.intrinsic.name}/{self.form_no} {self.kind}"

    def expression(self) -> str:
        name = self.intrinsic.name
        values = [_VALUES.get(f"{name}.{a}", _VALUES.get(a, "1")) for a in self.args]
        if self.kind == "elemental":
            values = [_ARRAY_OF.get(v, v) for v in values]
        actual = (
            values
            if self.positional
            else [f"{a}={v}" for a, v in zip(self.args, values, strict=True)]
        )
        if not actual:
            return f"{name.lower()}()"
        return f"{name.lower()}( &\n      " + ", &\n      ".join(actual) + ")"

    def statement(self) -> str:
        if self.intrinsic.is_subroutine:
            return f"  call {self.expression()}"
        if self.intrinsic.name == "NULL":
            return f"  v_ptr => {self.expression()}"
        return f"  associate (r => {self.expression()})\n  end associate"


def _fits(args: list[str], form: tuple[str, list[str], list[str]]) -> bool:
    """Whether a call with these keyword arguments matches the form."""
    _, required, optional = form
    return set(required) <= set(args) <= set(required + optional)


# Every optional argument name of the table: each is tried as an extra argument.
_OPTIONAL_NAMES = sorted(
    {a for i in INTRINSICS for form in i.signature.splitlines() for a in _parse(form)[2]}
)


def _calls(intrinsic: Intrinsic) -> list[_Call]:
    calls: list[_Call] = []
    seen: set[tuple[tuple[str, ...], bool]] = set()

    def add(form_no: int, kind: str, args: list[str], positional: bool = False) -> None:
        key = (tuple(args), positional or not args)
        if key not in seen:
            seen.add(key)
            calls.append(_Call(intrinsic, form_no, kind, tuple(args), positional))

    forms = [_parse(form) for form in intrinsic.signature.splitlines()]
    for form_no, (name, required, optional) in enumerate(forms, 1):
        assert name == intrinsic.name, intrinsic.signature
        add(form_no, "kw", required + optional)
        add(form_no, "pos", required + optional, positional=True)
        add(form_no, "req", required)
        for arg in optional:
            add(form_no, f"opt:{arg}", [*required, arg])
        for arg in required:  # an argument the signature calls required must be required
            rest = [a for a in required + optional if a != arg]
            if not any(_fits(rest, f) for f in forms):
                calls.append(_Call(intrinsic, form_no, f"drop:{arg}", tuple(rest)))
        for arg in _OPTIONAL_NAMES:  # an argument the signature lacks is refused
            more = [*required, *optional, arg]
            if arg not in required + optional and not any(_fits(more, f) for f in forms):
                calls.append(_Call(intrinsic, form_no, f"extra:{arg}", tuple(more)))
        if intrinsic.klass in ("E", "ES") or (intrinsic.klass == "E/T" and form_no == 1):
            calls.append(_Call(intrinsic, form_no, "elemental", tuple(required + optional)))
    return calls


def _source(calls: list[_Call]) -> tuple[str, list[tuple[int, int, str]]]:
    """The file's text and (first line, last line, call id) of each call's subroutine."""
    lines = _MODULE.splitlines()
    spans: list[tuple[int, int, str]] = []
    for n, call in enumerate(calls):
        module = call.intrinsic.module
        unit = [f"subroutine t{n}(v_opt)", "  use v"]
        if module:
            unit.append(f"  use, intrinsic :: {module}")
        unit += ["  implicit none", "  real, optional :: v_opt"]
        unit += call.statement().splitlines()
        unit.append(f"end subroutine t{n}")
        spans.append((len(lines) + 1, len(lines) + len(unit), call.id))
        lines += unit
    return "\n".join(lines) + "\n", spans


def _gfortran() -> str:
    path = shutil.which("gfortran")
    if path is None:
        unavailable("gfortran is not installed")
    return path


_FLAGS = ["-std=f2018", "-fcoarray=single", "-fsyntax-only", "-fdiagnostics-plain-output"]
_ERROR = re.compile(r"^[^:\n]+:(\d+):\d+: Error: (.*)$", re.MULTILINE)


def test_no_vendor_extensions_and_nothing_missing() -> None:
    assert sorted(i.name.lower() for i in INTRINSICS) == sorted(_F2018_NAMES.split())


def _compile(gfortran: str, calls: list[_Call], tmp_path: Path) -> dict[str, list[str]]:
    """gfortran's error messages for each call id that fails. gfortran can crash or bail
    out ("confused by earlier errors"): the call after the last one with an error counts
    as failed, and the calls after it are compiled again in a new file."""
    failures: dict[str, list[str]] = {}
    while calls:
        text, spans = _source(calls)
        src = tmp_path / "calls.f90"
        src.write_text(text)
        proc = subprocess.run(
            [gfortran, *_FLAGS, "-J", str(tmp_path), str(src)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        last = -1
        for m in _ERROR.finditer(proc.stderr):
            line = int(m.group(1))
            owner = next((n for n, (a, b, _) in enumerate(spans) if a <= line <= b), None)
            assert owner is not None, f"error outside the calls: {m.group(0)}"
            failures.setdefault(spans[owner][2], []).append(m.group(2))
            last = max(last, owner)
        crashed = "bailing out" in proc.stderr or "internal compiler error" in proc.stderr
        if not crashed:
            assert (proc.returncode != 0) == (last >= 0), proc.stderr[-4000:]
            break
        # gfortran 12 stops at the first call after the last one it reported (it
        # segfaults on EVENT_QUERY without COUNT, for one): that call fails.
        failures.setdefault(spans[last + 1][2], []).append("gfortran crashed")
        calls = calls[last + 2 :]
    return failures


def test_every_signature_compiles_with_gfortran(tmp_path: Path) -> None:
    calls = [c for i in INTRINSICS for c in _calls(i)]
    failures = _compile(_gfortran(), calls, tmp_path)
    # Every call that the signature allows compiles, but for the known exceptions.
    expected = set(_GFORTRAN_LACKS) | set(_RULES)
    allowed = [c.id for c in calls if not c.kind.startswith(("drop:", "extra:"))]
    unexpected = {cid: failures[cid] for cid in allowed if cid in failures and cid not in expected}
    assert unexpected == {}
    assert sorted(expected - set(failures)) == []  # a known failure that now compiles
    # Leaving out an argument the signature calls required fails, and so does passing an
    # argument the signature does not have.
    dropped = [c.id for c in calls if c.kind.startswith(("drop:", "extra:"))]
    assert [cid for cid in dropped if cid not in failures] == []
