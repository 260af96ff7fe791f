"""The OpenMP knowledge tables checked against real compilers (gcc/gfortran 12).

* every runtime routine's C signature is redeclared after `#include <omp.h>` (a conflicting
  type is an error), and every Fortran signature is exercised through `use omp_lib` with
  variables of the declared types (argument count, type and kind, and the result type);
* every (C directive, clause) pair is compiled with `gcc -fopenmp -fsyntax-only` and gcc's
  verdict is compared with ours.

gcc 12 implements OpenMP 5.0 and parts of 5.1 while the tables follow 5.2, so the sets below
list, with the reason, every place where gcc is known to lag the spec; the tests fail when the
disagreements change, in either direction. The tests skip when the compiler is missing, but
fail instead under CI ($CI set).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from hpcls.knowledge.openmp import OmpDirective, directives_for
from hpcls.knowledge.openmp_clauses import CLAUSES
from hpcls.knowledge.openmp_routines import ROUTINES, OmpRoutine
from tests.conftest import unavailable

# Routines of our table that gcc 12's omp.h / omp_lib do not declare (5.1/5.2 additions).
# Empty today: every one of the 77 is there.
C_MISSING_FROM_GCC12: frozenset[str] = frozenset()
F_MISSING_FROM_GCC12: frozenset[str] = frozenset()


def _names(text: str) -> list[str]:
    return [" ".join(n.split()) for n in text.split(";")]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        unavailable(f"{name} is not installed")
    return path


def _run(cmd: Sequence[str], source: Path) -> tuple[dict[int, list[str]], int | None]:
    """Compile `source`: (error messages by line number, line where the compiler gave up)."""
    done = subprocess.run(
        [*cmd, str(source)], capture_output=True, text=True, timeout=60, check=False
    )
    name = re.escape(str(source))
    out: dict[int, list[str]] = {}
    lines = done.stderr.splitlines()
    for k, line in enumerate(lines):
        m = re.match(rf"^{name}:(\d+):(?:\d+:)?\s*(?:fatal )?(?:error|sorry)[^:]*:\s*(.*)$", line)
        if m:
            out.setdefault(int(m.group(1)), []).append(m.group(2))
        elif (m := re.match(rf"^{name}:(\d+):", line)) is not None:
            # gfortran: the message comes a few lines below the location
            msg = next((ln for ln in lines[k + 1 : k + 6] if ln.startswith("Error:")), None)
            if msg is not None and not re.match(rf"^{name}:", lines[k + 1]):
                out.setdefault(int(m.group(1)), []).append(msg)
    bail = re.search(
        rf"^{name}:(\d+):(?:\d+:)? (?:confused by earlier errors|internal compiler error)",
        done.stderr,
        re.M,
    )
    assert done.returncode == 0 or out or bail, done.stderr[-3000:]
    return out, int(bail.group(1)) if bail else None


def _errors(cmd: Sequence[str], source: Path) -> dict[int, list[str]]:
    out, bail = _run(cmd, source)
    assert bail is None, f"compiler gave up at line {bail}"
    return out


class _Source:
    """Source text built from numbered cases: errors map back to the case by line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.owner: list[object] = []

    def add(self, text: str, owner: object = None) -> None:
        for line in text.splitlines():
            self.lines.append(line)
            self.owner.append(owner)

    def failed(self, errors: dict[int, list[str]]) -> dict[object, list[str]]:
        out: dict[object, list[str]] = {}
        for line, msgs in errors.items():
            owner = self.owner[line - 1] if line <= len(self.owner) else None
            out.setdefault(owner, []).extend(msgs)
        return out

    def write(self, path: Path) -> Path:
        path.write_text("\n".join(self.lines) + "\n")
        return path


# --- runtime routines -------------------------------------------------------------------


def test_c_signatures_match_omp_h(tmp_path: Path) -> None:
    gcc = _tool("gcc")
    src = _Source()
    src.add("#include <stddef.h>\n#include <omp.h>\nvoid present(void) {")
    for r in ROUTINES:  # an undeclared name is an error here, before our redeclarations
        src.add(f"  (void)&{r.name};", ("missing", r.name))
    src.add("}")
    for r in ROUTINES:
        if r.name not in C_MISSING_FROM_GCC12:
            src.add(r.c_signature, ("conflict", r.name))
    failed = src.failed(_errors([gcc, "-fopenmp", "-fsyntax-only"], src.write(tmp_path / "r.c")))
    assert None not in failed, failed
    missing = {n for (kind, n) in failed if kind == "missing"}  # type: ignore[misc]
    assert missing == C_MISSING_FROM_GCC12
    conflicts = {k: v for k, v in failed.items() if k[0] == "conflict"}  # type: ignore[index]
    assert not conflicts, conflicts
    assert len(ROUTINES) == 77


_F_TYPE = re.compile(
    r"^((?:double precision|integer|logical|real|character|type)\s*(?:\([^)]*\))?)"
    r"((?:\s*,\s*\w+(?:\([^)]*\))?)*)\s*(?:::)?\s*(.+)$"
)


def _fortran_parts(r: OmpRoutine) -> tuple[str | None, list[str], dict[str, str]]:
    """(result type or None for a subroutine, dummy names, local declaration by name)."""
    head, *decls = (p.strip() for p in r.fortran_signature.split(";"))
    m = re.match(r"^(?:(.*?)\s*function|subroutine)\s+(\w+)\s*\(([^)]*)\)", head)
    assert m and m.group(2) == r.name, head
    args = [a.strip() for a in m.group(3).split(",") if a.strip()]
    local: dict[str, str] = {}
    for decl in decls:
        d = _F_TYPE.match(decl)
        assert d, (r.name, decl)
        ftype = d.group(1).replace("len=*", "len=8")
        for name in re.split(r",\s*(?![^()]*\))", d.group(3)):
            base = name.split("(")[0].strip()
            local[base] = f"{ftype} :: {name.strip().replace('(*)', '(2)')}"
    assert set(local) == set(args), (r.name, args, local)
    return m.group(1), args, local


def test_fortran_signatures_match_omp_lib(tmp_path: Path) -> None:
    gfortran = _tool("gfortran")
    src = _Source()
    for k, r in enumerate(ROUTINES):
        result, args, local = _fortran_parts(r)
        call = f"{r.name}({', '.join(args)})"
        body = f"call sink({call})" if result else f"call {call}"
        sink = f"subroutine sink(x)\n{result}, intent(in) :: x\nend subroutine" if result else ""
        src.add(f"subroutine chk{k}()\nuse omp_lib_kinds", ("conflict", r.name))
        src.add(f"use omp_lib, only: {r.name}", ("missing", r.name))
        src.add("use, intrinsic :: iso_c_binding\nimplicit none", ("conflict", r.name))
        src.add("\n".join(local[a] for a in args), ("conflict", r.name))
        src.add(f"{body}\ncontains\n{sink}\nend subroutine", ("conflict", r.name))
    cmd = [gfortran, "-fopenmp", "-fsyntax-only", "-ffree-line-length-none", "-J", str(tmp_path)]
    failed = src.failed(_errors(cmd, src.write(tmp_path / "r.f90")))
    missing = {n for (kind, n) in failed if kind == "missing"}  # type: ignore[misc]
    assert missing == F_MISSING_FROM_GCC12
    conflicts = {k: v for k, v in failed.items() if k[0] == "conflict"}  # type: ignore[index]
    assert not conflicts, conflicts


# --- C directives and clauses -----------------------------------------------------------

# A valid argument for each clause (`names = argument` per line), in the variables of
# _C_PRELUDE and _C_LOCALS.
_C_ARG_TEXT = """
private firstprivate lastprivate shared copyprivate nontemporal affinity to from = (x)
has_device_addr use_device_addr inclusive exclusive allocate linear uniform = (x)
reduction in_reduction task_reduction = (+: s)
is_device_ptr use_device_ptr aligned = (p)
if num_threads safelen simdlen sizes priority grainsize num_tasks final holds = (1)
num_teams thread_limit collapse = (1)
filter hint device novariants nocontext = (0)
default = (shared)
copyin = (tp)
allocator uses_allocators = (omp_default_mem_alloc)
align = (8)
proc_bind = (close)
schedule dist_schedule = (static)
order = (concurrent)
bind = (thread)
partial = (2)
depend = (inout: x)
doacross = (source:)
detach = (ev)
map = (tofrom: x)
defaultmap = (tofrom: scalar)
enter link = (g)
device_type = (any)
fail = (relaxed)
initializer = (omp_priv = 0)
match = (implementation={vendor(gnu)})
adjust_args = (nothing: x)
append_args = (interop(target))
when = (implementation={vendor(gnu)}: nothing)
otherwise = (nothing)
atomic_default_mem_order = (seq_cst)
at = (execution)
severity = (warning)
message = ("m")
init = (target: io)
use destroy = (io)
absent contains = (parallel)
update = (in)
"""
_C_ARG: dict[str, str] = {
    name: arg.strip()
    for names, _, arg in (line.partition(" = ") for line in _C_ARG_TEXT.strip().splitlines())
    for name in names.split()
}
_C_PRELUDE = """#include <omp.h>
int tp, g;
#pragma omp threadprivate(tp)
struct S { int m; };
int base_v(void);
"""
_C_LOCALS = (
    "int x = 0, s = 0, v = 0, i, n = 8, a[8]; int *p = a; omp_depend_t o; "
    "omp_event_handle_t ev; int io = 0; (void)v; (void)p;"
)
_FILE_SCOPE = {"requires", "threadprivate", "assumes"}
_LOOP = "for (i = 0; i < n; i++) a[i] = i;"
_LOOPS = {"for", "simd", "taskloop", "distribute", "loop", "tile", "unroll"}
_STANDALONE = set(
    _names("""barrier; taskwait; taskyield; flush; target enter data; target exit data;
    target update; depobj; error; interop; nothing""")
)
# Clauses a directive needs in any case (tested alone when they are the clause tested).
_BASE = {
    "target enter data": "map(to: x)",
    "target exit data": "map(from: x)",
    "target update": "to(x)",
    "requires": "atomic_default_mem_order(seq_cst)",
    "target data": "map(tofrom: x)",
    "depobj": "",
    "error": "at(execution)",
    "cancel": "",
    "critical": "",
    "scan": "inclusive(s)",
    "interop": "init(target: io)",
    "declare variant": "match(implementation={vendor(gnu)})",
    "begin declare variant": "match(implementation={vendor(gnu)})",
}


# Clause text for a given directive where the general sample does not fit.
_C_ARG_ON: dict[tuple[str, str], str] = {
    ("atomic", "update"): "update",
    ("target enter data", "map"): "map(to: x)",
    ("target exit data", "map"): "map(from: x)",
    ("target update", "from"): "from(v)",
    ("scan", "inclusive"): "inclusive(s)",
    ("scan", "exclusive"): "exclusive(s)",
    ("taskwait", "nowait"): "depend(inout: x) nowait",  # nowait needs depend (5.2)
}


def _privatizer(d: OmpDirective) -> str:
    """A clause that privatizes x on d, which allocate(x) needs."""
    for clause, text in (
        ("firstprivate", "firstprivate(x)"),
        ("private", "private(x)"),
        ("task_reduction", "task_reduction(+: x)"),
        ("lastprivate", "lastprivate(x)"),
        ("reduction", "reduction(+: x)"),
    ):
        if clause in d.clauses:
            return text
    return ""


def _c_case(d: OmpDirective, clause: str, k: int) -> tuple[str, bool]:
    """(source, at file scope) of one `#pragma omp d clause` case; clause "" for none."""
    name, base = d.name, _BASE.get(d.name, "")
    text = f"{clause}{_C_ARG.get(clause, '')}"
    if (name, clause) in _C_ARG_ON:
        text = _C_ARG_ON[name, clause]
        base = "" if name == "scan" else base
    elif clause == "allocate":  # the list item must be privatized on the construct
        text += f" {_privatizer(d)}"
    if name == "depobj":
        own = {"depend": text, "update": text}
        text = own.get(clause, f"destroy {'' if clause == 'destroy' else text}".strip())
    if base and clause and text.split("(")[0] == base.split("(")[0]:
        base = ""
    pragma = f"#pragma omp {name} {base} {text}".rstrip()
    body = "{ x++; }"
    words = set(name.split())
    if name.startswith(("declare", "begin", "end")) or name in _FILE_SCOPE:
        if name == "declare simd":
            return f"{pragma}\nint f{k}(int x, int *p);", True
        if name == "declare reduction":
            return pragma.replace("reduction", f"reduction(r{k}: int: omp_out += omp_in)", 1), True
        if name == "declare mapper":
            pragma = pragma.replace("mapper", f"mapper(m{k}: struct S x)", 1)
            return pragma.replace("(tofrom: x)", "(tofrom: x.m)"), True
        if name == "declare variant":
            return f"{pragma.replace('variant', 'variant(base_v)', 1)}\nint v{k}(void);", True
        if name == "declare target":
            return (
                pragma if clause else f"{pragma}\nint t{k};\n#pragma omp end declare target"
            ), True
        if name.startswith("begin"):
            end = name.replace("begin", "end", 1)
            return f"{pragma}\nint b{k}(void);\n#pragma omp {end}", True
        if name.startswith("end"):
            begin = name.replace("end", "begin", 1)
            extra = " match(implementation={vendor(gnu)})" if "variant" in name else ""
            if name == "end declare target":  # the pre-5.1 opener, which gcc 12 knows
                begin = "declare target"
            return f"#pragma omp {begin}{extra}\nint e{k}(void);\n{pragma}", True
        if name == "threadprivate":
            return f"int h{k};\n{pragma.replace('threadprivate', f'threadprivate(h{k})', 1)}", True
        return pragma, True
    if name == "atomic":
        body = {
            "read": "v = x;",
            "write": "x = 1;",
            "capture": "v = x++;",
            "compare": "if (x == 1) { x = 2; }",
        }.get(clause, "x++;")
        if clause in ("fail", "weak"):
            pragma, body = f"{pragma} compare", "if (x == 1) { x = 2; }"
    elif name == "critical":
        pragma = pragma.replace("critical", f"critical(c{k})", 1)
    elif name == "flush" and clause == "":
        pragma += " (x)"
    elif name == "allocate":
        return f"{{ int y{k};\n{pragma.replace('allocate', f'allocate(y{k})', 1)}\n}}", False
    elif name in ("cancel", "cancellation point"):
        kind = clause if clause in ("parallel", "sections", "for", "taskgroup") else "parallel"
        extra = "" if kind == clause else f" {text}"
        inner = f"\n#pragma omp {name} {kind}{extra}\n"
        return {
            "parallel": f"#pragma omp parallel\n{{ {inner} }}",
            "sections": f"#pragma omp parallel sections\n{{\n#pragma omp section\n{{{inner}}}\n}}",
            "for": f"#pragma omp parallel for\n{_LOOP[: -len('a[i] = i;')]}{{ {inner} }}",
            "taskgroup": f"#pragma omp taskgroup\n{{\n{inner}\n}}",
        }[kind], False
    elif name == "section":
        return f"#pragma omp sections\n{{\n{pragma}\n{{ x++; }}\n}}", False
    elif name == "scan":
        return (
            "#pragma omp simd reduction(inscan, +: s)\nfor (i = 0; i < n; i++) {\n"
            f"s += a[i];\n{pragma}\na[i] = s; }}"
        ), False
    elif name == "ordered":
        loop = (
            "for ordered(1)"
            if clause in ("depend", "doacross")
            else ("simd" if clause == "simd" else "for ordered")
        )
        inner = pragma if clause in ("depend", "doacross") else f"{pragma}\n{{ x++; }}"
        return f"#pragma omp {loop}\nfor (i = 0; i < n; i++) {{\n{inner}\n}}", False
    if name in _STANDALONE:
        return pragma.replace("depobj", "depobj(o)", 1), False
    if words & _LOOPS:
        return f"{pragma}\n{_LOOP}", False
    if name in ("sections", "parallel sections"):
        return f"{pragma}\n{{\n#pragma omp section\n{{ x++; }}\n}}", False
    return f"{pragma}\n{body}", False


# Directives gcc 12 does not implement (ignored as unknown, or "not yet supported"); their
# clauses are not checked.
C_GCC12_LACKS: frozenset[str] = frozenset(
    {
        "allocate",  # 5.0 directive; gcc 12: "not yet supported"
        "declare mapper",  # 5.0; C support came later
        "metadirective",  # 5.0
        "begin metadirective",  # 5.1
        "assume",  # 5.1
        "assumes",
        "begin assumes",
        "end assumes",
        "begin declare target",  # 5.1 spelling (`declare target` ... `end declare target` works)
        "begin declare variant",  # 5.1
        "end declare variant",
        "dispatch",  # 5.1
        "interop",  # 5.1
        "tile",  # 5.1
        "unroll",  # 5.1
    }
)
_USES_ALLOCATORS = _names(
    """target; target parallel; target parallel for; target parallel for simd;
    target parallel loop; target simd; target teams; target teams distribute;
    target teams distribute parallel for; target teams distribute parallel for simd;
    target teams distribute simd; target teams loop"""
)
# (directive, clause) pairs our 5.2 table accepts and gcc 12 rejects: all are 5.1/5.2
# additions gcc 12 lacks. Where gcc and the table disagree in any other way, the table is
# fixed instead (each such fix checked against the 5.2 spec and LLVM's OMP.td).
C_GCC12_DIFFERS: frozenset[tuple[str, str]] = frozenset(
    {
        ("declare target", "enter"),  # 5.2: `enter` replaces `to`
        ("declare target", "indirect"),  # 5.1
        ("declare variant", "adjust_args"),  # 5.1
        ("declare variant", "append_args"),  # 5.1
        ("ordered", "doacross"),  # 5.2: replaces depend(source/sink)
        ("requires", "reverse_offload"),  # gcc 12: "not supported yet"
        ("requires", "unified_address"),
        ("requires", "unified_shared_memory"),
        ("scope", "allocate"),  # 5.2 added allocate and firstprivate to scope
        ("scope", "firstprivate"),
        ("taskwait", "nowait"),  # 5.1: taskwait depend(...) nowait
        ("teams", "if"),  # 5.2 added if to teams, and so to the combined teams constructs
        ("teams distribute", "if"),
        ("teams loop", "if"),
        *((d, "uses_allocators") for d in _USES_ALLOCATORS),  # 5.0, not in gcc 12
    }
)


def _compile_cases(
    cmd: Sequence[str], prelude: str, cases: list[tuple[tuple[str, str], str]], path: Path
) -> dict[tuple[str, str], list[str]]:
    """Errors of each case, compiled together; after a compiler's `confused by earlier
    errors, bailing out` or an internal compiler error, the rest is compiled again on its
    own; a case that does so first in its file counts as rejected."""
    out: dict[tuple[str, str], list[str]] = {}
    while cases:
        src = _Source()
        src.add(prelude)
        for key, text in cases:
            src.add(text, key)
        errors, bail = _run(cmd, src.write(path))
        for key, msgs in src.failed(errors).items():
            assert key is not None, msgs
            out.setdefault(key, []).extend(msgs)  # type: ignore[arg-type]
        if bail is None:
            break
        owner = src.owner[bail - 1]
        k = next(k for k, (key, _) in enumerate(cases) if key == owner)
        if k == 0:  # the first case alone confuses it: a rejection
            out.setdefault(cases[0][0], []).append("bailing out")
            k = 1
        cases = cases[k:]
    return out


def _c_verdicts(tmp_path: Path) -> tuple[set[str], set[tuple[str, str]], int]:
    """(directives gcc rejects outright, pairs where gcc differs from us, pairs checked)."""
    gcc = _tool("gcc")
    cmd = [gcc, "-fopenmp", "-fsyntax-only", "-Werror=unknown-pragmas", "-Wno-deprecated"]
    jobs = []
    for k, d in enumerate(directives_for(False)):
        cases = []
        for clause in ["", *(c.name for c in CLAUSES)]:
            text, file_scope = _c_case(d, clause, len(cases))
            if not file_scope:
                text = f"void f{len(cases)}(void) {{ {_C_LOCALS}\n{text}\n}}"
            cases.append(((d.name, clause), text))
        if d.name == "requires":  # some clauses may appear once per compilation unit
            jobs += [(cmd, _C_PRELUDE, [c], tmp_path / f"d{k}_{j}.c") for j, c in enumerate(cases)]
        else:
            jobs.append((cmd, _C_PRELUDE, cases, tmp_path / f"d{k}.c"))
    failed: dict[tuple[str, str], list[str]] = {}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        for result in pool.map(lambda job: _compile_cases(*job), jobs):
            failed.update(result)
    lacks = {d for (d, c) in failed if c == ""}
    differs: set[tuple[str, str]] = set()
    checked = 0
    names = {d.name for d in directives_for(False)}
    for d in directives_for(False):
        if d.name in lacks:
            continue
        for c in CLAUSES:
            if f"{d.name} {c.name}" in names:  # `for simd`: another directive, not a clause
                continue
            checked += 1
            if ((d.name, c.name) not in failed) != (c.name in d.clauses):
                differs.add((d.name, c.name))
    return lacks, differs, checked


def test_c_directive_clauses_match_gcc(tmp_path: Path) -> None:
    lacks, differs, checked = _c_verdicts(tmp_path)
    assert checked > 5000
    assert lacks == C_GCC12_LACKS, sorted(lacks ^ C_GCC12_LACKS)
    assert differs == C_GCC12_DIFFERS, sorted(differs ^ C_GCC12_DIFFERS)


# --- Fortran end directives and end-clauses ----------------------------------------------

_F_ARG = {"copyprivate": "(x)", "private": "(x)", "reduction": "(+: x)", "if": "(.true.)"}
_F_LOOPS = {"do", "simd", "taskloop", "distribute", "loop"}
# Where gfortran 12 and our 5.2 table disagree: 5.2 lets the end-clauses (nowait,
# copyprivate) appear on the begin directive in Fortran too; gfortran 12 only takes them
# on the end directive (it does take `end target nowait`, as 5.2 does).
F_GCC12_DIFFERS: frozenset[tuple[str, str]] = frozenset(
    {
        ("do", "nowait"),
        ("do simd", "nowait"),
        ("sections", "nowait"),
        ("single", "nowait"),
        ("single", "copyprivate"),
        ("workshare", "nowait"),
        ("scope", "nowait"),
        ("dispatch", "nowait"),  # 5.1 dispatch: gfortran 12 lacks the construct
        ("end dispatch", "nowait"),
    }
)


def _f_case(d: OmpDirective, begin: str, end: str, k: int) -> str:
    name = d.spelling(True)
    words = set(name.split())
    if words & _F_LOOPS:
        body = "do i = 1, n\na(i) = i\nend do"
    elif name.endswith("sections"):
        body = "!$omp section\nx = 1"
    elif name.endswith("workshare"):
        body = "a = 0"
    else:
        body = "x = x + 1"
    text = f"!$omp {name} {begin}\n{body}\n!$omp end {name} {end}"
    if name == "single":  # copyprivate needs x private in the enclosing region
        text = f"!$omp parallel private(x)\n{text}\n!$omp end parallel"
    return f"subroutine s{k}(a, n)\ninteger n, i, x\ninteger a(n)\nx = 0\n{text}\nend subroutine"


# Clauses tried on each Fortran end directive: the end-clauses and two that are not.
_F_END_TRIED = ("nowait", "copyprivate", "private", "reduction")


def test_fortran_end_clauses_match_gfortran(tmp_path: Path) -> None:
    """Each Fortran end directive with the end-clauses (and two others), and the
    end-clauses on the begin directive of each construct; one file per case, since
    gfortran's recovery from a rejected end directive spills into what follows."""
    gfortran = _tool("gfortran")
    fortran = {d.spelling(True): d for d in directives_for(True)}
    cases: list[tuple[tuple[str, str], str]] = []
    for end in (d for d in fortran.values() if d.name.startswith("end ")):
        construct = fortran[end.name.removeprefix("end ")]
        for c in _F_END_TRIED:
            text = f"{c}{_F_ARG.get(c, '')}"
            cases.append(((end.name, c), _f_case(construct, "", text, 0)))
            if c in ("nowait", "copyprivate"):
                key = (construct.spelling(True), c)
                cases.append((key, _f_case(construct, text, "", 0)))
    cmd = [gfortran, "-fopenmp", "-fsyntax-only", "-ffree-line-length-none"]

    def compile_one(
        job: tuple[int, tuple[tuple[str, str], str]],
    ) -> dict[tuple[str, str], list[str]]:
        k, case = job
        (tmp_path / str(k)).mkdir()
        return _compile_cases(
            [*cmd, "-J", str(tmp_path / str(k))], "", [case], tmp_path / f"{k}/e.f90"
        )

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 4) as pool:
        failed = {k: v for r in pool.map(compile_one, enumerate(cases)) for k, v in r.items()}
    differs = {
        key for key, _ in cases if (key not in failed) != (key[1] in fortran[key[0]].clauses)
    }
    assert len(cases) > 300
    assert differs == F_GCC12_DIFFERS, sorted(differs ^ F_GCC12_DIFFERS)
