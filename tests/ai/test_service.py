"""The completion service: context → prompt → engine → post-processing, reuse while typing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hpcls.ai.fake_engine import FakeEngine
from hpcls.ai.model_store import default_model_path
from hpcls.ai.service import CompletionService
from hpcls.ai.types import CompletionRequest, EngineError
from hpcls.config import AiSettings
from hpcls.languages.registry import language_for
from hpcls.workspace.document import Change, Document
from hpcls.workspace.index import WorkspaceIndex
from hpcls.workspace.lines import Encoding
from tests.conftest import EXAMPLES, uri


@pytest.fixture
def index(tmp_path: Path) -> WorkspaceIndex:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root)
    idx = WorkspaceIndex()
    idx.roots = [root]
    for p in sorted(root.rglob("*")):
        if p.is_file():
            idx.add_path(p)
    return idx


def _open(index: WorkspaceIndex, relative: str, needle: str) -> tuple[Document, int]:
    """The file as if the user had just typed `needle`: the rest of that line is gone."""
    path = index.roots[0] / relative
    text = path.read_text()
    cut = text.index(needle) + len(needle)
    text = text[:cut] + text[text.index("\n", cut) :]
    doc = Document.create(uri(path), language_for(str(path)), 1, text)
    index.update_open(doc)
    return doc, len(text[:cut].encode())


def test_fake_engine_path_and_reuse(index: WorkspaceIndex) -> None:
    seen: list[CompletionRequest] = []

    def reply(request: CompletionRequest) -> str:
        seen.append(request)
        return "g)\n  call halo_free(g)\n"

    service = CompletionService(AiSettings(), engine=FakeEngine(reply))
    doc, offset = _open(index, "heat/heat_solver.f90", "call halo_setup(")
    suggestion = service.suggest(doc, offset, index)
    assert suggestion is not None and suggestion.text == "g)"  # single line, cut at the break
    assert not suggestion.reused
    prompt = seen[0].prompt
    assert "use heat_halo" in prompt and "call halo_setup(" in prompt
    assert seen[0].key == doc.uri

    # The user types "g": the rest comes from the last suggestion, not the model.
    line, col = doc.position_of(offset, Encoding.UTF16)
    typed, _ = doc.apply([Change((line, col, line, col), "g")], 2, Encoding.UTF16)
    again = service.suggest(typed, offset + 1, index)
    assert again is not None and again.reused and again.text == ")"
    assert len(seen) == 1


def test_completion_that_breaks_the_parse_is_dropped(index: WorkspaceIndex) -> None:
    service = CompletionService(AiSettings(), engine=FakeEngine("g)) ((("))
    doc, offset = _open(index, "heat/heat_solver.f90", "call halo_setup(")
    assert service.suggest(doc, offset, index) is None


def test_missing_model_is_a_clear_error_once(tmp_path: Path) -> None:
    service = CompletionService(AiSettings(model=str(tmp_path / "nope.gguf")))
    with pytest.raises(EngineError, match=r"nope\.gguf"):
        service.start()
    assert service.error is not None
    with pytest.raises(EngineError):  # stays off: no retry per keystroke
        service.start()


def test_http_engine_needs_an_endpoint() -> None:
    with pytest.raises(EngineError, match=r"ai\.endpoint"):
        CompletionService(AiSettings(engine="http")).start()


@pytest.mark.slow
@pytest.mark.skipif(not default_model_path().is_file(), reason="default model not assembled")
def test_default_model_completes_fortran_c_and_cuda(index: WorkspaceIndex) -> None:
    service = CompletionService(AiSettings(time_limit_ms=20000, max_tokens=16))
    try:
        assert service.prompt_format.family == "prefix-only"  # Gemma 3 base: no FIM tokens
        answered = 0
        for relative, needle in [
            ("heat/heat_solver.f90", "call halo_setup("),
            ("jacobi/jacobi.c", "#include "),
            ("cuda/saxpy_reduce.cu", "#include "),
        ]:
            doc, offset = _open(index, relative, needle)
            suggestion = service.suggest(doc, offset, index)
            # The model may have nothing that parses; whatever it returns must parse.
            if suggestion is not None:
                answered += 1
                assert suggestion.text.strip()
                assert "\n" not in suggestion.text  # mid-statement: one line
        assert answered >= 1
    finally:
        service.close()
