"""A document snapshot: text, line index and tree-sitter tree, updated incrementally.

A Document never changes. `apply` returns the next snapshot: the edited bytes, the line
index patched around the edit, and a copy of the tree edited with `Tree.edit` and reparsed
incrementally, so a keystroke costs work near the keystroke, not a full reparse.

A file at or above large_trees.LARGE_BYTES keeps no tree of its own (a tree takes 10-50 times
the file's size): `tree` asks large_trees.SLOT, which parses on first use, carries the tree
through edits and frees it when idle.

The parser reads the text's LF twin (line_ends.LfView), so a tree never depends on how a
file ends its lines, and tree-sitter's rows are always our lines.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, replace

import tree_sitter

from hpcls.languages.registry import LanguageKind, new_parser
from hpcls.workspace import large_trees
from hpcls.workspace.line_ends import LfView, lf_after_edit, lf_view, splice
from hpcls.workspace.lines import Encoding, LineIndex, decode
from hpcls.workspace.parse_view import ChainedView, ParseEdit, ParseView

# Beyond this size a file is not parsed: one clear diagnostic says so.
MAX_PARSE_BYTES = 20 * 1024 * 1024
# NUL bytes in the first block mark a binary file.
_BINARY_PROBE = 8192

_parsers = threading.local()


def _parser(kind: LanguageKind) -> tree_sitter.Parser:
    """Parsers are not thread-safe: one per language per thread."""
    cache: dict[LanguageKind, tree_sitter.Parser] | None = getattr(_parsers, "cache", None)
    if cache is None:
        cache = _parsers.cache = {}
    parser = cache.get(kind)
    if parser is None:
        parser = cache[kind] = new_parser(kind)
    return parser


def _view_for(kind: LanguageKind, source: bytes, lf: bytes) -> ParseView:
    twin = LfView.of(source, lf)
    if kind is LanguageKind.FORTRAN_FIXED:
        from hpcls.workspace.fixed_form import FixedFormView

        return ChainedView(twin, FixedFormView.from_source(twin.parse_source))
    return twin


def skip_reason(source: bytes, kind: LanguageKind | None) -> str | None:
    """Why a source is not parsed, or None when it is."""
    if kind is None:
        return "not a Fortran, C, C++ or CUDA file: no language features"
    if len(source) >= MAX_PARSE_BYTES:
        mib = len(source) / (1024 * 1024)
        return (
            f"file is {mib:.1f} MiB, at or above the {MAX_PARSE_BYTES // (1024 * 1024)} MiB "
            "limit: parsing and analysis are skipped"
        )
    if b"\x00" in source[:_BINARY_PROBE]:
        return "binary file (NUL bytes): parsing and analysis are skipped"
    return None


def _point(data: bytes, offset: int) -> tuple[int, int]:
    """tree-sitter's (row, byte column): rows count "\\n" only."""
    row = data.count(b"\n", 0, offset)
    return row, offset - (data.rfind(b"\n", 0, offset) + 1)


@dataclass(frozen=True, slots=True)
class Change:
    """One content change as a client sends it: an LSP range (start line, start character,
    end line, end character) in the negotiated encoding, or None for the whole text."""

    range: tuple[int, int, int, int] | None
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    uri: str
    language: LanguageKind | None
    version: int
    source: bytes
    lines: LineIndex
    view: ParseView | None
    # The tree, for a parsed file below LARGE_BYTES (`tree` gives every file's).
    kept_tree: tree_sitter.Tree | None
    skipped: str | None
    # The source as line scans read it (line_ends.lf_view: same offsets, every line ends at
    # "\n"): the same bytes object as `source` unless the text has a lone "\r".
    lf_source: bytes

    @classmethod
    def create(
        cls, uri: str, language: LanguageKind | None, version: int, text: str | bytes
    ) -> Document:
        source = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        reason = skip_reason(source, language)
        lf = lf_view(source)
        view: ParseView | None = None
        tree: tree_sitter.Tree | None = None
        if reason is None and language is not None:
            view = _view_for(language, source, lf)
            if len(source) < large_trees.LARGE_BYTES:
                tree = _parser(language).parse(view.parse_source)
        lines = LineIndex.of(source)
        return cls(uri, language, version, source, lines, view, tree, reason, lf)

    @property
    def parsed(self) -> bool:
        """Whether the file is parsed (has a tree): a known language, not skipped."""
        return self.skipped is None and self.language is not None and self.view is not None

    @property
    def large(self) -> bool:
        """Whether the file keeps no tree of its own (see large_trees)."""
        return self.parsed and self.kept_tree is None

    @property
    def tree(self) -> tree_sitter.Tree | None:
        """The syntax tree, or None when the file is not parsed. For a large file this may
        parse (once; large_trees keeps it while it is in use)."""
        if self.kept_tree is not None or not self.parsed:
            return self.kept_tree
        return large_trees.SLOT.tree(self.source, self.language, self._parse)

    def _parse(self, old: tree_sitter.Tree | None) -> tree_sitter.Tree:
        assert self.language is not None
        parser = _parser(self.language)
        return (
            parser.parse(self.parse_source, old)
            if old is not None
            else parser.parse(self.parse_source)
        )

    @property
    def text(self) -> str:
        return decode(self.source)

    @property
    def parse_source(self) -> bytes:
        return self.view.parse_source if self.view is not None else self.source

    def canonical(self) -> Document:
        """This snapshot with a tree independent of the edit history.

        An error-free incremental parse equals a fresh parse, but tree-sitter's error
        recovery can differ between the two. Diagnostics must not depend on how the text
        was typed, so a tree with errors is re-anchored by a fresh parse: once per pause
        in typing (the debounced diagnostics run), never per keystroke.
        """
        if self.large:
            large_trees.SLOT.canonical(self.source, self.language, self._parse)
            return self
        if self.kept_tree is None or not self.kept_tree.root_node.has_error:
            return self
        return replace(self, kept_tree=self._parse(None))

    def offset_at(self, line: int, character: int, encoding: Encoding, clamp: bool = False) -> int:
        return self.lines.offset_at(self.source, line, character, encoding, clamp=clamp)

    def position_of(self, offset: int, encoding: Encoding) -> tuple[int, int]:
        return self.lines.position_of(self.source, offset, encoding)

    def to_source(self, parse_offset: int) -> int:
        return self.view.to_source(parse_offset) if self.view is not None else parse_offset

    def to_parse(self, source_offset: int) -> int:
        return self.view.to_parse(source_offset) if self.view is not None else source_offset

    def apply(
        self, changes: Iterable[Change], version: int, encoding: Encoding
    ) -> tuple[Document, list[str]]:
        """The snapshot after the changes, applied in order (the range of each change refers
        to the text the previous one produced), and warnings for ranges outside the text,
        which are clamped to it as editors do."""
        source, lines, view, lf = self.source, self.lines, self.view, self.lf_source
        if self.kept_tree is not None:
            tree: tree_sitter.Tree | None = self.kept_tree.copy()
        else:
            tree = large_trees.SLOT.edit_copy(self.source, self.language) if self.large else None
        warnings: list[str] = []
        for change in changes:
            if change.range is None:
                start, end = 0, len(source)
            else:
                sl, sc, el, ec = change.range
                if sl >= lines.line_count or el >= lines.line_count or min(change.range) < 0:
                    warnings.append(
                        f"change range {sl}:{sc}-{el}:{ec} lies outside the document "
                        f"({lines.line_count} lines): clamped"
                    )
                start = lines.offset_at(source, sl, sc, encoding, clamp=True)
                end = max(lines.offset_at(source, el, ec, encoding, clamp=True), start)
            data = change.text.encode("utf-8", "surrogatepass")
            new_source = splice(source, start, end, data)
            new_end = start + len(data)
            new_lines = lines.after_edit(new_source, start, end, new_end)
            new_lf = lf_after_edit(lf, new_source, start, end, new_end, shared=lf is source)
            if view is not None:
                old_view = view
                if isinstance(view, LfView):  # a lone-CR file's twin is its LF view: share it
                    view, pedit = view.after_edit(new_source, start, end, new_end, lf=new_lf)
                else:
                    view, pedit = view.after_edit(new_source, start, end, new_end)
                if tree is None:
                    pass  # a large file whose tree is not held: parsed afresh on first use
                elif isinstance(view, LfView) and isinstance(old_view, LfView):
                    # Rows are our lines: no need to count "\n" through the whole text.
                    tree.edit(
                        pedit.start,
                        pedit.old_end,
                        pedit.new_end,
                        _row_col(lines, old_view, pedit.start),
                        _row_col(lines, old_view, pedit.old_end),
                        _row_col(new_lines, view, pedit.new_end),
                    )
                else:
                    _edit_tree(tree, old_view.parse_source, view.parse_source, pedit)
            source, lines, lf = new_source, new_lines, new_lf
        reason = skip_reason(source, self.language)
        if reason is not None or self.language is None:
            view, tree = None, None
        elif view is None:  # was skipped before: parse afresh
            return Document.create(self.uri, self.language, version, source), warnings
        elif len(source) >= large_trees.LARGE_BYTES:
            if tree is not None:
                large_trees.SLOT.hold_edited(source, self.language, tree)
            tree = None
        elif tree is not None:
            tree = _parser(self.language).parse(view.parse_source, tree)
        else:  # was large, is small again
            tree = _parser(self.language).parse(view.parse_source)
        updated = replace(
            self,
            version=version,
            source=source,
            lines=lines,
            view=view,
            kept_tree=tree,
            skipped=reason,
            lf_source=lf,
        )
        return updated, warnings


def _row_col(lines: LineIndex, view: LfView, parse_offset: int) -> tuple[int, int]:
    """tree-sitter's point of a parse offset: the twin's rows are the source's lines."""
    line = lines.line_of(view.to_source(parse_offset))
    return line, parse_offset - view.to_parse(lines.line_start(line))


def _edit_tree(tree: tree_sitter.Tree, old: bytes, new: bytes, edit: ParseEdit) -> None:
    tree.edit(
        start_byte=edit.start,
        old_end_byte=edit.old_end,
        new_end_byte=edit.new_end,
        start_point=_point(old, edit.start),
        old_end_point=_point(old, edit.old_end),
        new_end_point=_point(new, edit.new_end),
    )
