"""Fortran intrinsic procedure table and hover markdown."""

from __future__ import annotations

import pytest

from hpcls.knowledge.fortran_intrinsics import (
    CLASSES,
    INTRINSICS,
    Intrinsic,
    fortran_intrinsic_markdown,
    intrinsic_named,
)

# Table 16.1 of Fortran 2018, spot-checked: the table must hold at least these.
_SAMPLE_TEXT = """abs aint anint ceiling cmplx conjg dble dim dprod floor int max min mod modulo nint
real sign acos tanh bessel_jn erfc_scaled log_gamma hypot norm2 achar adjustl index len_trim
lge llt new_line repeat scan trim verify selected_real_kind allocated associated present size
shape lbound ucobound rank is_contiguous storage_size epsilon huge tiny extends_type_of
same_type_as all any count cshift eoshift dot_product matmul maxloc findloc pack unpack reduce
iparity parity btest ibits ishftc popcnt poppar leadz trailz maskl merge_bits dshiftr bge blt
cpu_time date_and_time system_clock random_number random_seed get_command_argument
command_argument_count get_environment_variable execute_command_line num_images this_image
image_index co_sum co_broadcast co_reduce move_alloc c_loc c_f_pointer c_associated c_sizeof
c_funloc c_f_procpointer"""
_SAMPLE = _SAMPLE_TEXT.split()


def test_the_table_covers_the_standard_and_has_no_duplicates() -> None:
    names = [i.name for i in INTRINSICS]
    assert len(names) == len(set(names))
    assert len(names) >= 198
    assert [n for n in _SAMPLE if intrinsic_named(n) is None] == []


@pytest.mark.parametrize("intrinsic", INTRINSICS, ids=lambda i: i.name)
def test_every_intrinsic_hovers_with_its_signature(intrinsic: Intrinsic) -> None:
    assert intrinsic.klass in CLASSES
    for form in intrinsic.signature.splitlines():
        assert form.startswith(f"{intrinsic.name} (") and form.endswith(")")
        assert form.count("[") == form.count("]")
    text = fortran_intrinsic_markdown(intrinsic.name.lower())
    assert text is not None
    assert f"```fortran\n{intrinsic.signature}\n```" in text
    assert CLASSES[intrinsic.klass] in text and intrinsic.description in text


def test_markdown_is_case_insensitive_and_marks_optional_arguments() -> None:
    text = fortran_intrinsic_markdown("Sum")
    assert text is not None
    assert "SUM (ARRAY, DIM [, MASK])\nSUM (ARRAY [, MASK])" in text
    assert "transformational function" in text and "optional" in text
    matmul = fortran_intrinsic_markdown("MATMUL")
    assert matmul is not None and "optional" not in matmul
    c_loc = fortran_intrinsic_markdown("c_loc")
    assert c_loc is not None and "`iso_c_binding` module procedure" in c_loc


def test_classes() -> None:
    def klass(name: str) -> str:
        i = intrinsic_named(name)
        assert i is not None
        return i.klass

    assert klass("sin") == "E" and klass("size") == "I" and klass("cpu_time") == "S"
    assert klass("move_alloc") == "PS" and klass("mvbits") == "ES" and klass("co_sum") == "CS"
    assert intrinsic_named("call_me") is None and fortran_intrinsic_markdown("foo") is None


def test_hover_only_where_the_name_is_used_as_an_intrinsic() -> None:
    from hpcls.knowledge.fortran_intrinsics import fortran_intrinsic_hover

    def at(src: str, word: str) -> str | None:
        start = src.index(word)
        return fortran_intrinsic_hover(src.encode(), word, start, start + len(word))

    assert at("x = size (a, 1)", "size") is not None
    assert at("size = 3", "size") is None  # a variable that shadows the name
    assert at("  CALL random_seed", "random_seed") is not None
    assert at("x = random_seed(1)", "random_seed") is None  # a subroutine needs `call`
    assert at("call scale(v)", "scale") is None  # a function is never called with `call`
    # A procedure of the file with an intrinsic's name is the user's.
    assert at("y = scale(v)\ncontains\n function Scale(v)", "scale") is None
