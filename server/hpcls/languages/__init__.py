"""Languages hpcls understands: ids, extensions, grammars and their queries."""

from hpcls.languages.registry import (
    LanguageKind,
    language_for,
    load_query,
    new_parser,
    ts_language,
)

__all__ = ["LanguageKind", "language_for", "load_query", "new_parser", "ts_language"]
