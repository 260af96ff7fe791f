"""HPC API knowledge in the editor: hover and signature help for MPI, OpenMP, Fortran
intrinsics and CUDA (the data is in hpcls.knowledge)."""

from __future__ import annotations

from functools import lru_cache

from lsprotocol import types as lsp

from hpcls.analysis.call_context import call_at, is_word_byte
from hpcls.analysis.directives import find_directives_near
from hpcls.knowledge.call_signatures import active_signature, call_signatures
from hpcls.knowledge.cuda import cuda_markdown, is_runtime_api
from hpcls.knowledge.cuda_hover import cuda_hover
from hpcls.knowledge.fortran_intrinsics import fortran_intrinsic_hover
from hpcls.knowledge.mpi_hover import Binding, mpi_hover_markdown, mpi_signature
from hpcls.knowledge.mpi_scope import fortran_mpi_binding
from hpcls.knowledge.openmp_hover import openmp_hover_markdown, openmp_routine_markdown
from hpcls.languages.registry import LanguageKind
from hpcls.protocol.server import HpcServer
from hpcls.workspace.document import Document
from hpcls.workspace.resolve import token_at

# A `#pragma` continued over more lines than this is not looked for.
_MAX_CONTINUED = 20


def _is_fortran(doc: Document) -> bool:
    return doc.language is not None and doc.language.is_fortran


def mpi_binding(doc: Document) -> Binding:
    """C for the C family; in Fortran the `mpi_f08` binding where the file uses it."""
    return _fortran_binding(doc.source) if _is_fortran(doc) else "c"


@lru_cache(maxsize=8)
def _fortran_binding(source: bytes) -> Binding:
    # Once per text: bytes cache their hash, so a hover on an unchanged file is a lookup.
    return fortran_mpi_binding(source.decode("utf-8", "replace"))


def _word_around(source: bytes, offset: int) -> tuple[int, int]:
    start = end = offset
    while start > 0 and is_word_byte(source[start - 1]):
        start -= 1
    while end < len(source) and is_word_byte(source[end]):
        end += 1
    return start, end


def _line_at(source: bytes, offset: int) -> tuple[int, bytes]:
    start = source.rfind(b"\n", 0, offset) + 1
    end = source.find(b"\n", offset)
    return start, source[start : len(source) if end < 0 else end]


def _on_directive_line(source: bytes, offset: int, fortran: bool) -> bool:
    """Cheap gate before scanning for directives: the cursor's line is part of one.
    Fortran continuation lines repeat the sentinel; C ones follow a line ending in `\\`."""
    start, line = _line_at(source, offset)
    if fortran:
        head = line.lstrip().lower()
        return head.startswith(b"!$omp") or line[1:5].lower() == b"$omp"
    for _ in range(_MAX_CONTINUED):
        if line.lstrip().startswith(b"#"):
            return b"omp" in line
        if start == 0:
            return False
        start, line = _line_at(source, start - 1)
        if not line.rstrip().endswith(b"\\"):
            return False
    return False


def knowledge_hover(doc: Document, offset: int) -> tuple[str, int, int] | None:
    """Hover text for what the HPC APIs define at `offset` (an OpenMP directive or clause,
    an MPI or OpenMP runtime name, a Fortran intrinsic, a CUDA name) and its byte range,
    or None: user symbols come next."""
    fortran = _is_fortran(doc)
    tree, kind = doc.tree, doc.language
    lf = doc.lf_source  # lines end at "\n" there, whatever the file's line ends
    if tree is not None and kind is not None and _on_directive_line(lf, offset, fortran):
        directives = find_directives_near(tree, lf, kind, offset, to_parse=doc.to_parse)
        if (text := openmp_hover_markdown(directives, offset, fortran)) is not None:
            return (text, *_word_around(lf, offset))
    # CUDA before names: `__global__` and `<<<` are not identifiers.
    cuda = None
    if tree is not None and kind is LanguageKind.CUDA:
        cuda = cuda_hover(tree, doc.parse_source, doc.to_parse(offset))
    if cuda is not None:
        return cuda[0], doc.to_source(cuda[1]), doc.to_source(cuda[2])
    tok = token_at(doc, offset)
    if tok is None:
        return None
    name = tok.name.upper()
    text = None
    if name.startswith(("MPI_", "PMPI_")):
        text = mpi_hover_markdown(tok.name, mpi_binding(doc))
    elif name.startswith("OMP_"):
        text = openmp_routine_markdown(tok.name, fortran)
    elif fortran:
        text = fortran_intrinsic_hover(lf, tok.name, tok.start, tok.end)
    elif is_runtime_api(tok.name):  # CUDA runtime calls also live in C / C++ host files
        text = cuda_markdown(tok.name)
    return None if text is None else (text, tok.start, tok.end)


def signature_help(doc: Document, offset: int) -> lsp.SignatureHelp | None:
    """Signature help for a call to an MPI procedure, OpenMP routine, Fortran intrinsic
    or CUDA function, with the argument being typed active; None for any other call."""
    fortran = _is_fortran(doc)
    call = call_at(doc.lf_source, offset, fortran)
    if call is None:
        return None
    signature = mpi_signature(call.name, mpi_binding(doc))
    if signature is not None:
        parameters = [
            lsp.ParameterInformation(label=(p.start, p.end), documentation=p.documentation)
            for p in signature.parameters
        ]
        info = _information(signature.label, signature.documentation, parameters)
        return lsp.SignatureHelp(
            signatures=[info], active_signature=0, active_parameter=call.active_parameter
        )
    cuda = doc.language is LanguageKind.CUDA
    forms = call_signatures(call.name, doc.lf_source, call.name_start, fortran, cuda)
    if not forms:
        return None
    infos = [
        _information(
            form.label,
            form.documentation,
            [
                lsp.ParameterInformation(
                    label=(p.start, p.end), documentation="optional" if p.optional else None
                )
                for p in form.parameters
            ],
        )
        for form in forms
    ]
    return lsp.SignatureHelp(
        signatures=infos,
        active_signature=active_signature(forms, call.active_parameter),
        active_parameter=call.active_parameter,
    )


def _information(
    label: str, documentation: str, parameters: list[lsp.ParameterInformation]
) -> lsp.SignatureInformation:
    return lsp.SignatureInformation(
        label=label,
        documentation=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=documentation),
        parameters=parameters,
    )


def register(server: HpcServer) -> None:
    @server.feature(
        lsp.TEXT_DOCUMENT_SIGNATURE_HELP,
        lsp.SignatureHelpOptions(trigger_characters=["(", ","], retrigger_characters=[","]),
    )
    def on_signature_help(
        ls: HpcServer, params: lsp.SignatureHelpParams
    ) -> lsp.SignatureHelp | None:
        doc = ls.document(params.text_document.uri)
        return signature_help(doc, ls.offset(doc, params.position))
