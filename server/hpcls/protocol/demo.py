"""`hpcls demo`: a scripted editor session against a spawned `hpcls serve`, over real JSON-RPC.

It prints what an editor would show for examples/: the outline of each file, diagnostics as
they are published, hovers and go-to-definition across files, references, a live edit
that breaks and mends a file, and the loop analysis: a verified "Parallelize loop" action,
and the data race reported when a directive is typed above a loop that is not parallel.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient

from hpcls.languages.registry import language_for
from hpcls.protocol.demo_loops import loop_analysis
from hpcls.workspace.uris import path_to_uri, uri_to_path

_LANGUAGE_IDS = {
    "fortran": "fortran",
    "fortran-fixed": "fortran",
    "c": "c",
    "cpp": "cpp",
    "cuda": "cuda-cpp",
}
_TIMEOUT = 60.0


class DemoClient(LanguageClient):
    def __init__(self) -> None:
        super().__init__("hpcls-demo", "1")
        self.diagnostics: dict[str, list[lsp.Diagnostic]] = {}
        self.diagnostic_events: asyncio.Queue[lsp.PublishDiagnosticsParams] = asyncio.Queue()
        self.index_done = asyncio.Event()
        self.index_message = ""

        # pygls's client decorators are untyped (and need plain functions): register
        # closures through Any.
        register: Any = self.feature

        def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = list(params.diagnostics)
            self.diagnostic_events.put_nowait(params)

        def on_progress(params: lsp.ProgressParams) -> None:
            value: Any = params.value
            if isinstance(value, dict) and value.get("kind") == "end":
                self.index_message = str(value.get("message", ""))
                self.index_done.set()

        def on_show(params: lsp.ShowMessageParams) -> None:
            print(f"  [server message] {params.message}")

        def ignore(params: Any) -> None:
            return None

        register(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(on_diagnostics)
        register(lsp.PROGRESS)(on_progress)
        register(lsp.WINDOW_SHOW_MESSAGE)(on_show)
        register(lsp.WINDOW_WORK_DONE_PROGRESS_CREATE)(ignore)
        register(lsp.WINDOW_LOG_MESSAGE)(lambda params: None)


def _where(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _print_symbols(symbols: Sequence[Any], depth: int = 1) -> None:
    for s in symbols:
        if not isinstance(s, lsp.DocumentSymbol):
            continue
        detail = f"  — {s.detail}" if s.detail else ""
        kind = s.kind.name.lower()
        print(f"{'  ' * depth}{kind:<10} {s.name} (line {s.range.start.line + 1}){detail}")
        _print_symbols(s.children or [], depth + 1)


def _print_diagnostics(diags: list[lsp.Diagnostic]) -> None:
    if not diags:
        print("  diagnostics: none")
        return
    for d in diags:
        pos = f"{d.range.start.line + 1}:{d.range.start.character + 1}"
        print(f"  diagnostic {pos} [{d.code}] {d.message}")


async def _next_diagnostics(client: DemoClient, uri: str, version: int) -> list[lsp.Diagnostic]:
    while True:
        params = await asyncio.wait_for(client.diagnostic_events.get(), _TIMEOUT)
        if params.uri == uri and (params.version is None or params.version >= version):
            return list(params.diagnostics)


def _position_of(text: str, index: int) -> lsp.Position:
    line = text.count("\n", 0, index)
    return lsp.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


async def _session(root: Path) -> int:
    client = DemoClient()
    await client.start_io(sys.executable, "-m", "hpcls", "serve")
    started = time.perf_counter()
    caps = lsp.ClientCapabilities(
        window=lsp.WindowClientCapabilities(work_done_progress=True),
        text_document=lsp.TextDocumentClientCapabilities(
            document_symbol=lsp.DocumentSymbolClientCapabilities(
                hierarchical_document_symbol_support=True
            ),
            hover=lsp.HoverClientCapabilities(content_format=[lsp.MarkupKind.Markdown]),
        ),
    )
    result = await client.initialize_async(
        lsp.InitializeParams(
            capabilities=caps,
            root_uri=path_to_uri(root),
            workspace_folders=[lsp.WorkspaceFolder(uri=path_to_uri(root), name=root.name)],
        )
    )
    client.initialized(lsp.InitializedParams())
    info = result.server_info
    print(
        f"server: {info.name if info else '?'} {info.version if info else ''}, "
        f"positions in {result.capabilities.position_encoding}"
    )
    await asyncio.wait_for(client.index_done.wait(), _TIMEOUT)
    print(
        f"workspace index: {client.index_message} "
        f"(ready {time.perf_counter() - started:.2f} s after start)"
    )

    files = sorted(p for p in root.rglob("*") if p.is_file() and language_for(str(p)))
    opened: dict[Path, str] = {}
    for path in files:
        kind = language_for(str(path))
        assert kind is not None
        text = path.read_text(encoding="utf-8", errors="replace")
        uri = path_to_uri(path)
        opened[path] = text
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                text_document=lsp.TextDocumentItem(
                    uri=uri, language_id=_LANGUAGE_IDS[kind.value], version=1, text=text
                )
            )
        )
        diags = await _next_diagnostics(client, uri, 1)
        symbols = await client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        print(f"\n── {_where(path, root)} ({kind.value}, {text.count(chr(10))} lines)")
        print("  outline:")
        _print_symbols(symbols or [], 2)
        _print_diagnostics(diags)

    await _cross_file(client, root, opened)
    await _live_edit(client, root, opened)
    await loop_analysis(client, root, opened)

    await client.shutdown_async(None)
    client.exit(None)
    stop: Any = client.stop  # untyped in pygls
    await stop()
    print("\nsession closed: shutdown + exit")
    return 0


async def _cross_file(client: DemoClient, root: Path, opened: dict[Path, str]) -> None:
    """Hover and go to definition on names that are declared in another file."""
    print("\n── navigation across files")
    shown = 0
    for path, text in opened.items():
        uri = path_to_uri(path)
        in_file = 0
        seen: set[str] = set()
        for m in re.finditer(r"\b[A-Za-z_]\w*\b", text):
            if shown >= 8:
                return
            if in_file >= 2:
                break
            if m.group() in seen:
                continue
            seen.add(m.group())
            pos = _position_of(text, m.start())
            locations = await client.text_document_definition_async(
                lsp.DefinitionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri), position=pos
                )
            )
            if not isinstance(locations, list) or not locations:
                continue
            target = locations[0]
            if not isinstance(target, lsp.Location) or target.uri == uri:
                continue
            hover = await client.text_document_hover_async(
                lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=pos)
            )
            here = f"{_where(path, root)}:{pos.line + 1}:{pos.character + 1}"
            there = f"{_where(uri_to_path(target.uri), root)}:{target.range.start.line + 1}"
            print(f"  `{m.group()}` at {here} → defined at {there}")
            if hover is not None and isinstance(hover.contents, lsp.MarkupContent):
                for line in hover.contents.value.splitlines():
                    print(f"      hover │ {line}")
            refs = await client.text_document_references_async(
                lsp.ReferenceParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri),
                    position=pos,
                    context=lsp.ReferenceContext(include_declaration=True),
                )
            )
            files = sorted({_where(uri_to_path(r.uri), root) for r in refs or []})
            print(f"      references: {len(refs or [])} in {', '.join(files)}")
            shown += 1
            in_file += 1


async def _live_edit(client: DemoClient, root: Path, opened: dict[Path, str]) -> None:
    """Type a broken line into a file, see the diagnostic, then undo it."""
    target = next((p for p in opened if p.suffix == ".c"), None) or next(iter(opened))
    uri = path_to_uri(target)
    text = opened[target]
    line = text.count("\n") // 2
    broken = "    x = (1 + ;\n"
    print(f"\n── live edit: typing `{broken.strip()}` at {_where(target, root)}:{line + 1}")
    start = lsp.Position(line=line, character=0)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                lsp.TextDocumentContentChangePartial(
                    range=lsp.Range(start=start, end=start), text=broken
                )
            ],
        )
    )
    _print_diagnostics(await _next_diagnostics(client, uri, 2))
    end = lsp.Position(line=line + 1, character=0)
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[
                lsp.TextDocumentContentChangePartial(range=lsp.Range(start=start, end=end), text="")
            ],
        )
    )
    print("  after undo:")
    _print_diagnostics(await _next_diagnostics(client, uri, 3))


def find_examples() -> Path | None:
    for candidate in (Path.cwd() / "examples", Path(__file__).resolve().parents[3] / "examples"):
        if candidate.is_dir():
            return candidate
    return None


def run_demo(examples: Path | None = None) -> int:
    root = examples or find_examples()
    if root is None:
        print("hpcls demo: no examples/ folder here or beside the package", file=sys.stderr)
        return 2
    print(f"hpcls demo — a scripted editor session over {root}\n")
    return asyncio.run(_session(root.resolve()))
