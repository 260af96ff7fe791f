"""HPC API knowledge in the editor: MPI hover and signature help (data in hpcls.knowledge)."""

from __future__ import annotations

from lsprotocol import types as lsp

from hpcls.analysis.call_context import call_at
from hpcls.knowledge.mpi_hover import Binding, mpi_hover_markdown, mpi_signature
from hpcls.knowledge.mpi_scope import fortran_mpi_binding
from hpcls.protocol.server import HpcServer
from hpcls.workspace.document import Document
from hpcls.workspace.resolve import Token


def _is_fortran(doc: Document) -> bool:
    return doc.language is not None and doc.language.is_fortran


def mpi_binding(doc: Document) -> Binding:
    """C for the C family; in Fortran the `mpi_f08` binding where the file uses it."""
    return fortran_mpi_binding(doc.text) if _is_fortran(doc) else "c"


def knowledge_markdown(doc: Document, tok: Token) -> str | None:
    """Hover text for a name the HPC APIs define, or None (then user symbols are tried)."""
    if tok.name.upper().startswith(("MPI_", "PMPI_")):
        return mpi_hover_markdown(tok.name, mpi_binding(doc))
    return None


def signature_help(doc: Document, offset: int) -> lsp.SignatureHelp | None:
    call = call_at(doc.source, offset, _is_fortran(doc))
    if call is None:
        return None
    signature = mpi_signature(call.name, mpi_binding(doc))
    if signature is None:
        return None
    parameters = [
        lsp.ParameterInformation(label=(p.start, p.end), documentation=p.documentation)
        for p in signature.parameters
    ]
    info = lsp.SignatureInformation(
        label=signature.label,
        documentation=lsp.MarkupContent(
            kind=lsp.MarkupKind.Markdown, value=signature.documentation
        ),
        parameters=parameters,
    )
    return lsp.SignatureHelp(
        signatures=[info], active_signature=0, active_parameter=call.active_parameter
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
