"""Which prompt a GGUF model wants: fill-in-the-middle with its own special tokens, or prefix only.

The decision reads the model's metadata (as llama-cpp-python's `Llama.metadata` gives it: every
value a string) and its vocabulary, in this order:

1. FIM token ids in the metadata (`tokenizer.ggml.fim_pre_token_id` ..., or the older
   `tokenizer.ggml.prefix_token_id` ...): their texts, whatever they are, make the format.
2. The vocabulary's special-token texts: a family's three FIM tokens all present.
3. The ids where a family's official vocabulary keeps its FIM tokens (CodeLlama's 32007-32009,
   DeepSeek-Coder's 32015-32017, ...): probed only below the vocabulary size, which comes
   from the caller or the `<arch>.vocab_size` key.
4. Otherwise the model completes plain text (prefix only), e.g. Gemma 3 base.

The prompt is then built from these texts (hpcls.ai.prompts), not through llama-cpp-python's
`suffix=` path; the engine tokenizes it with special tokens parsed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

FimOrder = Literal["psm", "spm"]


@dataclass(frozen=True, slots=True)
class FimTokens:
    """The texts of a model's fill-in-the-middle tokens.

    psm: prefix_token + prefix + suffix_token + suffix + middle_token (the model writes the
    middle next). spm (CodeLlama's suffix-first variant, as in the FIM paper):
    prefix_token + suffix_token + suffix + middle_token + prefix.
    """

    prefix: str
    suffix: str
    middle: str
    order: FimOrder = "psm"


@dataclass(frozen=True, slots=True)
class PromptFormat:
    family: str  # "qwen2.5-coder", "starcoder", "deepseek-coder", "codellama", ..., "prefix-only"
    fim: FimTokens | None = None
    # Special-token texts that end a completion (end of text, FIM padding, file separators).
    stop: tuple[str, ...] = ()

    @property
    def is_fim(self) -> bool:
        return self.fim is not None


PREFIX_ONLY = PromptFormat("prefix-only")


@dataclass(frozen=True, slots=True)
class _Family:
    name: str
    tokens: tuple[str, str, str]  # prefix, suffix, middle
    stops: tuple[str, ...]
    ids: tuple[int, int, int] | None = None  # prefix, suffix, middle in the official vocabulary


# DeepSeek's tokens use a full-width bar and SentencePiece's word mark; so do CodeLlama's.
_BAR, _SP = "\uff5c", "\u2581"
_DEEPSEEK_EOS = f"<{_BAR}end{_SP}of{_SP}sentence{_BAR}>"

# Tried in this order; the first two share their token texts and differ by architecture and
# by their file separator (CodeGemma's `<|file_separator|>`).
_QWEN = _Family(
    "qwen2.5-coder",
    ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),
    ("<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|repo_name|>", "<|im_end|>"),
    (151659, 151661, 151660),
)
_CODEGEMMA = _Family(
    "codegemma",
    ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"),
    ("<|file_separator|>", "<eos>", "<end_of_turn>"),
    (67, 69, 68),
)
_FAMILIES = (
    _QWEN,
    _CODEGEMMA,
    _Family(
        "starcoder",
        ("<fim_prefix>", "<fim_suffix>", "<fim_middle>"),
        ("<|endoftext|>", "<fim_pad>", "<file_sep>", "<filename>", "<repo_name>"),
        (1, 3, 2),
    ),
    _Family(
        "santacoder",
        ("<fim-prefix>", "<fim-suffix>", "<fim-middle>"),
        ("<|endoftext|>", "<fim-pad>"),
    ),
    _Family(
        "deepseek-coder",
        (
            f"<{_BAR}fim{_SP}begin{_BAR}>",
            f"<{_BAR}fim{_SP}hole{_BAR}>",
            f"<{_BAR}fim{_SP}end{_BAR}>",
        ),
        (_DEEPSEEK_EOS, "<|EOT|>"),
        (32016, 32015, 32017),
    ),
    _Family(
        "codellama",
        (f"{_SP}<PRE>", f"{_SP}<SUF>", f"{_SP}<MID>"),
        (f"{_SP}<EOT>", "<EOT>", "</s>"),
        (32007, 32008, 32009),
    ),
    _Family("codellama", ("<PRE>", "<SUF>", "<MID>"), ("<EOT>", "</s>")),
)

# End-of-text texts that stop a prefix-only model too, when its vocabulary has them.
_END_TEXTS = (
    "<|endoftext|>",
    "<|im_end|>",
    "<end_of_turn>",
    "<eos>",
    "</s>",
    "<|end|>",
    "<|eot_id|>",
    "<|end_of_text|>",
    _DEEPSEEK_EOS,
)

_FIM_ID_KEYS = (
    ("fim_pre_token_id", "fim_suf_token_id", "fim_mid_token_id"),
    ("prefix_token_id", "suffix_token_id", "middle_token_id"),
)
_STOP_ID_KEYS = ("eot_token_id", "eom_token_id", "fim_pad_token_id", "fim_rep_token_id")
_STOP_ID_KEYS_FIM = ("fim_sep_token_id", "eos_token_id")


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def _texts(
    token_text: Callable[[int], str], ids: Iterable[int | None], n_vocab: int | None
) -> list[str]:
    """The texts of these ids; "" for a missing id, one outside the vocabulary, or one that
    token_text refuses."""
    out: list[str] = []
    for token_id in ids:
        text = ""
        if token_id is not None and (n_vocab is None or token_id < n_vocab):
            try:
                text = token_text(token_id)
            except (IndexError, KeyError, ValueError, RuntimeError, UnicodeDecodeError):
                text = ""
        out.append(text)
    return out


def _family_of(texts: tuple[str, str, str], metadata: Mapping[str, str], specials: set[str]) -> str:
    """The family whose FIM tokens these are, named after the model where the name says more."""
    name = (metadata.get("general.name", "") + " " + metadata.get("general.basename", "")).lower()
    if "hpc-coder" in name or "hpc_coder" in name or "hpccoder" in name:
        return "hpc-coder-v2"
    if texts == _QWEN.tokens:
        return _CODEGEMMA.name if _is_gemma(metadata, specials) else _QWEN.name
    for family in _FAMILIES:
        if family.tokens == texts:
            return family.name
    return "fim"


def _is_gemma(metadata: Mapping[str, str], specials: set[str]) -> bool:
    arch = metadata.get("general.architecture", "").lower()
    return arch.startswith("gemma") or "<|file_separator|>" in specials


def _family_stops(family: str) -> tuple[str, ...]:
    for candidate in _FAMILIES:
        if candidate.name == family:
            return candidate.stops
    if family == "hpc-coder-v2":
        return _family_stops("deepseek-coder")
    return _QWEN.stops if family == "fim" else ()


def _dedupe(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in texts if t))


def detect_format(
    metadata: Mapping[str, str],
    token_text: Callable[[int], str],
    special_tokens: Iterable[str] = (),
    *,
    n_vocab: int | None = None,
) -> PromptFormat:
    """The prompt format of a model, from its GGUF metadata and vocabulary.

    token_text(id) is the token's text as the vocabulary stores it (llama-cpp-python:
    `llm._model.token_get_text`, which keeps CodeLlama's `▁<PRE>`; detokenizing would turn
    the `▁` into a space). It is only called with ids below n_vocab when n_vocab is known, and
    may raise IndexError/KeyError/ValueError for ids it does not know. special_tokens are the
    texts of the vocabulary's control and user-defined tokens (see special_texts).
    """
    specials = set(special_tokens)
    if n_vocab is None:
        arch = metadata.get("general.architecture", "")
        n_vocab = _int(metadata.get(f"{arch}.vocab_size"))

    def key(name: str) -> int | None:
        return _int(metadata.get(f"tokenizer.ggml.{name}"))

    fim: tuple[str, str, str] | None = None
    for keys in _FIM_ID_KEYS:
        texts = _texts(token_text, [key(k) for k in keys], n_vocab)
        if all(texts):
            fim = (texts[0], texts[1], texts[2])
            break
    if fim is None:
        fim = _match_specials(specials)
    if fim is None and n_vocab is not None:
        fim = _probe_ids(token_text, n_vocab)

    end_texts = [t for t in _END_TEXTS if t in specials]
    if fim is None:
        ends = _texts(token_text, [key(k) for k in ("eos_token_id", *_STOP_ID_KEYS)], n_vocab)
        return PromptFormat(PREFIX_ONLY.family, None, _dedupe([*ends, *end_texts]))

    family = _family_of(fim, metadata, specials)
    defaults = _family_stops(family)
    if specials:  # keep the defaults this vocabulary really has
        defaults = tuple(t for t in defaults if t in specials)
    from_ids = _texts(token_text, [key(k) for k in (*_STOP_ID_KEYS, *_STOP_ID_KEYS_FIM)], n_vocab)
    stops = _dedupe([*defaults, *from_ids, *end_texts, fim[0], fim[1], fim[2]])
    return PromptFormat(family, FimTokens(*fim), stops)


def _match_specials(specials: set[str]) -> tuple[str, str, str] | None:
    for family in _FAMILIES:
        if all(t in specials for t in family.tokens):
            return family.tokens
    return None


def _probe_ids(token_text: Callable[[int], str], n_vocab: int) -> tuple[str, str, str] | None:
    for family in _FAMILIES:
        if family.ids is None or max(family.ids) >= n_vocab:
            continue
        texts = _texts(token_text, family.ids, n_vocab)
        if tuple(texts) == family.tokens:
            return family.tokens
    return None


def with_order(fmt: PromptFormat, order: FimOrder) -> PromptFormat:
    """The same format in another FIM order (for models trained on both, e.g. CodeLlama)."""
    if fmt.fim is None:
        return fmt
    tokens = FimTokens(fmt.fim.prefix, fmt.fim.suffix, fmt.fim.middle, order)
    return PromptFormat(fmt.family, tokens, fmt.stop)


# llama.cpp's llama_token_attr bits for tokens that are not plain text.
ATTR_CONTROL, ATTR_USER_DEFINED = 1 << 3, 1 << 4


def special_texts(
    n_vocab: int, token_text: Callable[[int], str], token_attr: Callable[[int], int]
) -> list[str]:
    """The texts of the control and user-defined tokens (llama-cpp-python:
    `special_texts(llm.n_vocab(), llm._model.token_get_text, llm._model.token_get_attr)`;
    about 0.1 s for Gemma 3's 262,144 tokens)."""
    wanted = ATTR_CONTROL | ATTR_USER_DEFINED
    return [token_text(i) for i in range(n_vocab) if token_attr(i) & wanted]
