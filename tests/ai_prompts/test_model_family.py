"""Prompt formats per model family, from GGUF metadata and token tables (no model files)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from hpcls.ai.model_family import (
    ATTR_CONTROL,
    ATTR_USER_DEFINED,
    FimTokens,
    PromptFormat,
    detect_format,
    special_texts,
    with_order,
)
from hpcls.ai.prompts import build_prompt
from hpcls.ai.types import CompletionContext

BAR, SP = "\uff5c", "\u2581"  # DeepSeek's full-width bar, SentencePiece's word mark

QWEN_TOKENS = {
    151643: "<|endoftext|>",
    151644: "<|im_start|>",
    151645: "<|im_end|>",
    151659: "<|fim_prefix|>",
    151660: "<|fim_middle|>",
    151661: "<|fim_suffix|>",
    151662: "<|fim_pad|>",
    151663: "<|repo_name|>",
    151664: "<|file_sep|>",
}
QWEN_META = {
    "general.architecture": "qwen2",
    "general.name": "Qwen2.5 Coder 1.5B",
    "general.basename": "Qwen2.5-Coder",
    "tokenizer.ggml.model": "gpt2",
    "tokenizer.ggml.pre": "qwen2",
    "tokenizer.ggml.bos_token_id": "151643",
    "tokenizer.ggml.eos_token_id": "151643",
    "tokenizer.ggml.padding_token_id": "151643",
}
QWEN_META_FIM_IDS = {
    **QWEN_META,
    "tokenizer.ggml.fim_pre_token_id": "151659",
    "tokenizer.ggml.fim_suf_token_id": "151661",
    "tokenizer.ggml.fim_mid_token_id": "151660",
    "tokenizer.ggml.fim_pad_token_id": "151662",
    "tokenizer.ggml.fim_rep_token_id": "151663",
    "tokenizer.ggml.fim_sep_token_id": "151664",
}

STARCODER2_TOKENS = {
    0: "<|endoftext|>",
    1: "<fim_prefix>",
    2: "<fim_middle>",
    3: "<fim_suffix>",
    4: "<fim_pad>",
    5: "<repo_name>",
    6: "<file_sep>",
    7: "<issue_start>",
}
STARCODER2_META = {
    "general.architecture": "starcoder2",
    "general.name": "starcoder2-3b",
    "tokenizer.ggml.model": "gpt2",
    "tokenizer.ggml.pre": "starcoder",
    "tokenizer.ggml.bos_token_id": "0",
    "tokenizer.ggml.eos_token_id": "0",
}

DEEPSEEK_TOKENS = {
    32013: f"<{BAR}begin{SP}of{SP}sentence{BAR}>",
    32014: f"<{BAR}end{SP}of{SP}sentence{BAR}>",
    32015: f"<{BAR}fim{SP}hole{BAR}>",
    32016: f"<{BAR}fim{SP}begin{BAR}>",
    32017: f"<{BAR}fim{SP}end{BAR}>",
    32018: "<pad>",
    32021: "<|EOT|>",
}
DEEPSEEK_META = {
    "general.architecture": "llama",
    "general.name": "deepseek-coder-1.3b-base",
    "tokenizer.ggml.model": "gpt2",
    "tokenizer.ggml.pre": "deepseek-coder",
    "tokenizer.ggml.bos_token_id": "32013",
    "tokenizer.ggml.eos_token_id": "32014",
    "tokenizer.ggml.fim_pre_token_id": "32016",
    "tokenizer.ggml.fim_suf_token_id": "32015",
    "tokenizer.ggml.fim_mid_token_id": "32017",
}
HPC_CODER_META = {
    **DEEPSEEK_META,
    "general.name": "hpc-coder-v2-1.3b",
    "general.basename": "hpc-coder-v2",
}

CODELLAMA_TOKENS = {
    0: "<unk>",
    1: "<s>",
    2: "</s>",
    32007: f"{SP}<PRE>",
    32008: f"{SP}<SUF>",
    32009: f"{SP}<MID>",
    32010: f"{SP}<EOT>",
}
CODELLAMA_META = {
    "general.architecture": "llama",
    "general.name": "codellama_codellama-7b-hf",
    "tokenizer.ggml.model": "llama",
    "tokenizer.ggml.bos_token_id": "1",
    "tokenizer.ggml.eos_token_id": "2",
    "tokenizer.ggml.unknown_token_id": "0",
    "tokenizer.ggml.prefix_token_id": "32007",
    "tokenizer.ggml.suffix_token_id": "32008",
    "tokenizer.ggml.middle_token_id": "32009",
    "tokenizer.ggml.eot_token_id": "32010",
}

CODEGEMMA_TOKENS = {
    0: "<pad>",
    1: "<eos>",
    2: "<bos>",
    3: "<unk>",
    67: "<|fim_prefix|>",
    68: "<|fim_middle|>",
    69: "<|fim_suffix|>",
    70: "<|file_separator|>",
    106: "<start_of_turn>",
    107: "<end_of_turn>",
}
CODEGEMMA_META = {
    "general.architecture": "gemma",
    "general.name": "codegemma-2b",
    "tokenizer.ggml.model": "llama",
    "tokenizer.ggml.bos_token_id": "2",
    "tokenizer.ggml.eos_token_id": "1",
    "tokenizer.ggml.padding_token_id": "0",
}

# As read from gemma-3-270m-q4_k_m.gguf (the embedded default model): no FIM tokens at all.
GEMMA3_TOKENS = {
    0: "<pad>",
    1: "<eos>",
    2: "<bos>",
    3: "<unk>",
    4: "<mask>",
    67: "<unused61>",
    68: "<unused62>",
    69: "<unused63>",
    105: "<start_of_turn>",
    106: "<end_of_turn>",
    32007: "ografia",
    32008: "とき",
    32015: f"{SP}xuất",
    32016: "Horizontal",
    151659: f"{SP}serez",
}
GEMMA3_META = {
    "general.architecture": "gemma3",
    "general.type": "model",
    "general.name": "Gemma 3 270m",
    "general.basename": "gemma-3",
    "gemma3.context_length": "32768",
    "tokenizer.ggml.model": "llama",
    "tokenizer.ggml.pre": "default",
    "tokenizer.ggml.bos_token_id": "2",
    "tokenizer.ggml.eos_token_id": "1",
    "tokenizer.ggml.unknown_token_id": "3",
    "tokenizer.ggml.padding_token_id": "0",
    "tokenizer.ggml.add_bos_token": "true",
}


def specials(table: Mapping[int, str]) -> list[str]:
    """What a caller lists as control/user-defined texts: everything but plain words."""
    return [t for t in table.values() if t.startswith(("<", SP + "<"))]


def detect(meta: Mapping[str, str], table: Mapping[int, str], **kw: object) -> PromptFormat:
    return detect_format(meta, table.__getitem__, specials(table), **kw)  # type: ignore[arg-type]


def fim_prompt(fmt: PromptFormat, prefix: str, suffix: str) -> str:
    ctx = CompletionContext("fortran", "", "", "", "", prefix, suffix)
    return build_prompt(fmt, ctx, 10_000).text


PREFIX = "do i = 1, n\n  a(i) = "
SUFFIX = "\nend do\n"


def test_qwen_coder_from_metadata_ids() -> None:
    fmt = detect(QWEN_META_FIM_IDS, QWEN_TOKENS)
    assert fmt.family == "qwen2.5-coder"
    assert fmt.fim == FimTokens("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>", "psm")
    for stop in ("<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|repo_name|>"):
        assert stop in fmt.stop
    assert fim_prompt(fmt, PREFIX, SUFFIX) == (
        "<|fim_prefix|>do i = 1, n\n  a(i) = <|fim_suffix|>\nend do\n<|fim_middle|>"
    )


def test_qwen_coder_from_token_texts() -> None:
    fmt = detect(QWEN_META, QWEN_TOKENS)
    assert fmt.family == "qwen2.5-coder"
    assert fmt.fim == detect(QWEN_META_FIM_IDS, QWEN_TOKENS).fim
    assert {"<|endoftext|>", "<|fim_pad|>", "<|file_sep|>"} <= set(fmt.stop)


def test_starcoder2() -> None:
    fmt = detect(STARCODER2_META, STARCODER2_TOKENS)
    assert fmt.family == "starcoder"
    assert fmt.fim == FimTokens("<fim_prefix>", "<fim_suffix>", "<fim_middle>")
    assert {"<|endoftext|>", "<fim_pad>", "<file_sep>"} <= set(fmt.stop)
    assert fim_prompt(fmt, PREFIX, SUFFIX) == (
        "<fim_prefix>do i = 1, n\n  a(i) = <fim_suffix>\nend do\n<fim_middle>"
    )


def test_deepseek_coder_begin_hole_end() -> None:
    fmt = detect(DEEPSEEK_META, DEEPSEEK_TOKENS)
    assert fmt.family == "deepseek-coder"
    begin, hole, end = (f"<{BAR}fim{SP}{w}{BAR}>" for w in ("begin", "hole", "end"))
    assert fmt.fim == FimTokens(begin, hole, end)
    assert f"<{BAR}end{SP}of{SP}sentence{BAR}>" in fmt.stop
    # begin + prefix + hole + suffix + end: the model writes the hole after `end`.
    assert fim_prompt(fmt, PREFIX, SUFFIX) == (
        f"{begin}do i = 1, n\n  a(i) = {hole}\nend do\n{end}"
    )


def test_hpc_coder_v2_is_deepseek_based() -> None:
    fmt = detect(HPC_CODER_META, DEEPSEEK_TOKENS)
    assert fmt.family == "hpc-coder-v2"
    assert fmt.fim == detect(DEEPSEEK_META, DEEPSEEK_TOKENS).fim


def test_codellama_from_older_metadata_keys() -> None:
    fmt = detect(CODELLAMA_META, CODELLAMA_TOKENS)
    assert fmt.family == "codellama"
    assert fmt.fim == FimTokens(f"{SP}<PRE>", f"{SP}<SUF>", f"{SP}<MID>")
    assert f"{SP}<EOT>" in fmt.stop
    assert fim_prompt(fmt, PREFIX, SUFFIX) == (
        f"{SP}<PRE>do i = 1, n\n  a(i) = {SP}<SUF>\nend do\n{SP}<MID>"
    )


def test_codellama_suffix_first_order() -> None:
    fmt = with_order(detect(CODELLAMA_META, CODELLAMA_TOKENS), "spm")
    assert fim_prompt(fmt, PREFIX, SUFFIX) == (
        f"{SP}<PRE>{SP}<SUF>\nend do\n{SP}<MID>do i = 1, n\n  a(i) = "
    )


def test_codellama_by_known_ids_without_fim_metadata_or_specials() -> None:
    meta = {k: v for k, v in CODELLAMA_META.items() if "fix_token" not in k and "middle" not in k}
    fmt = detect_format(meta, CODELLAMA_TOKENS.__getitem__, (), n_vocab=32016)
    assert fmt.family == "codellama" and fmt.fim is not None
    assert fmt.fim.prefix == f"{SP}<PRE>"
    # Without the vocabulary size no id is probed: a plain model.
    assert not detect_format(meta, CODELLAMA_TOKENS.__getitem__, ()).is_fim


def test_codegemma_shares_qwen_texts_but_not_its_stops() -> None:
    fmt = detect(CODEGEMMA_META, CODEGEMMA_TOKENS)
    assert fmt.family == "codegemma"
    assert fmt.fim == FimTokens("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>")
    assert "<|file_separator|>" in fmt.stop
    assert "<|fim_pad|>" not in fmt.stop  # not in this vocabulary
    assert fim_prompt(fmt, PREFIX, SUFFIX) == (
        "<|fim_prefix|>do i = 1, n\n  a(i) = <|fim_suffix|>\nend do\n<|fim_middle|>"
    )


def test_gemma3_base_is_prefix_only() -> None:
    fmt = detect(GEMMA3_META, GEMMA3_TOKENS, n_vocab=262144)
    assert fmt.family == "prefix-only"
    assert fmt.fim is None and not fmt.is_fim
    assert "<eos>" in fmt.stop and "<end_of_turn>" in fmt.stop
    assert fim_prompt(fmt, PREFIX, SUFFIX) == PREFIX  # the suffix is not in the prompt


def test_metadata_ids_win_over_token_texts() -> None:
    # A vocabulary with both styles: the metadata names StarCoder's tokens.
    table = {**QWEN_TOKENS, **STARCODER2_TOKENS}
    meta = {
        **QWEN_META,
        "tokenizer.ggml.fim_pre_token_id": "1",
        "tokenizer.ggml.fim_suf_token_id": "3",
        "tokenizer.ggml.fim_mid_token_id": "2",
    }
    fmt = detect(meta, table)
    assert fmt.fim == FimTokens("<fim_prefix>", "<fim_suffix>", "<fim_middle>")
    assert detect(QWEN_META, table).fim == FimTokens(
        "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"
    )


@pytest.mark.parametrize("bad", ["-1", "x", "999999999"])
def test_unusable_metadata_ids_fall_back_to_texts(bad: str) -> None:
    meta = {**QWEN_META, "tokenizer.ggml.fim_pre_token_id": bad}
    meta |= {"tokenizer.ggml.fim_suf_token_id": "151661", "tokenizer.ggml.fim_mid_token_id": "1"}
    fmt = detect(meta, QWEN_TOKENS, n_vocab=151936)
    assert fmt.fim == FimTokens("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>")


def test_token_text_errors_are_not_fatal() -> None:
    def token_text(token_id: int) -> str:
        raise ValueError(token_id)

    fmt = detect_format(CODELLAMA_META, token_text, (), n_vocab=32016)
    assert fmt.family == "prefix-only" and fmt.stop == ()


def test_special_texts_from_token_attributes() -> None:
    texts = {0: "<pad>", 1: "hello", 2: "<|fim_prefix|>", 3: "<|fim_suffix|>", 4: "<|fim_middle|>"}
    attrs = {0: ATTR_CONTROL, 1: 1 << 2, 2: ATTR_USER_DEFINED, 3: ATTR_CONTROL, 4: ATTR_CONTROL}
    found = special_texts(5, texts.__getitem__, attrs.__getitem__)
    assert found == ["<pad>", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>"]
    assert detect_format({}, texts.__getitem__, found).family == "qwen2.5-coder"
