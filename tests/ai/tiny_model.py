"""A tiny LLaMA-architecture GGUF with random weights, written with the `gguf` package.

About 360 tokens (SentencePiece-style "llama" vocabulary: control tokens, the 256 byte
tokens, printable ASCII and a few Fortran words), 2 layers of width 64: it loads in
milliseconds and generates thousands of tokens a second through the real llama.cpp path.
Its output is gibberish but deterministic under greedy sampling. The output rows of the
control and byte tokens are zero, so greedy decoding never ends on EOS and only emits
printable text (a run always finishes on "length", "stop", "time" or "cancelled").
"""

from __future__ import annotations

from pathlib import Path

import gguf
import numpy as np

N_EMBD = 64
N_FF = 128
N_HEAD = 4
N_LAYER = 2
CONTEXT_LENGTH = 8192
WORDS = ("▁the", "▁do", "▁end", "▁integer", "▁real", "▁call", "▁subroutine", "in", "er", "▁=")
FIM_TOKENS = ("<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>")


def vocabulary(fim: bool) -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
    if fim:
        tokens += FIM_TOKENS
        types += [gguf.TokenType.CONTROL] * len(FIM_TOKENS)
    tokens += [f"<0x{b:02X}>" for b in range(256)]
    types += [gguf.TokenType.BYTE] * 256
    pieces = ["▁", *(chr(c) for c in range(0x21, 0x7F)), *WORDS]
    tokens += pieces
    types += [gguf.TokenType.NORMAL] * len(pieces)
    # SentencePiece merges by score: longer pieces win.
    scores = [0.0 if t != gguf.TokenType.NORMAL else -1.0 for t in types]
    for i, tok in enumerate(tokens):
        if types[i] == gguf.TokenType.NORMAL:
            scores[i] = float(len(tok)) - 10.0
    return tokens, scores, [int(t) for t in types]


def write_tiny_model(path: Path, *, seed: int = 0, fim: bool = False) -> Path:
    """Write the model to `path` (a .gguf file) and return the path."""
    rng = np.random.default_rng(seed)
    tokens, scores, types = vocabulary(fim)
    n_vocab = len(tokens)

    def w(*shape: int, scale: float = 0.2) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("hpcls tiny test model")
    writer.add_context_length(CONTEXT_LENGTH)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD)
    writer.add_rope_dimension_count(N_EMBD // N_HEAD)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    if fim:
        writer.add_uint32("tokenizer.ggml.fim_pre_token_id", 3)
        writer.add_uint32("tokenizer.ggml.fim_suf_token_id", 4)
        writer.add_uint32("tokenizer.ggml.fim_mid_token_id", 5)

    output = w(n_vocab, N_EMBD)
    for i, t in enumerate(types):
        if t != gguf.TokenType.NORMAL:
            output[i] = 0.0
    writer.add_tensor("token_embd.weight", w(n_vocab, N_EMBD, scale=1.0))
    writer.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    writer.add_tensor("output.weight", output)
    for i in range(N_LAYER):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.attn_q.weight", w(N_EMBD, N_EMBD))
        writer.add_tensor(f"blk.{i}.attn_k.weight", w(N_EMBD, N_EMBD))
        writer.add_tensor(f"blk.{i}.attn_v.weight", w(N_EMBD, N_EMBD))
        writer.add_tensor(f"blk.{i}.attn_output.weight", w(N_EMBD, N_EMBD))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", w(N_FF, N_EMBD))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", w(N_FF, N_EMBD))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", w(N_EMBD, N_FF))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
