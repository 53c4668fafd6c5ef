#!/usr/bin/env python3
"""Independent PyTorch reference of the ESM-2 / ESM-1v masked language models, written from the
published description (Rives et al. 2021, Meier et al. 2021, Lin et al. 2023) and the layout of
Hugging Face's `config.json` / `model.safetensors`. It is used ONLY to generate the committed test
fixtures of models/esm (tiny random weights, token batches, golden logits and golden scores); CI runs
no Python. Run with Debian's python3-torch:

    /usr/bin/python3 tools/esm-reference/esm_reference.py models/esm/tests/Fixtures
"""
import argparse
import collections
import io
import json
import math
import os
import pickle
import struct
import sys
import zipfile
from pathlib import Path

import numpy as np
import torch

# The ESM alphabet: specials, the 25 residue letters plus '.', '-', one null token, <mask>.
TOKENS = ["<cls>", "<pad>", "<eos>", "<unk>"] + list("LAGVSERTIDPKQNFYMHWCXBUZO.-") + ["<null_1>", "<mask>"]
CLS, PAD, EOS, UNK, MASK = 0, 1, 2, 3, 32
INDEX = {t: i for i, t in enumerate(TOKENS)}


def tokens_of(sequence):
    return [CLS] + [INDEX.get(c, UNK) for c in sequence] + [EOS]


# ---------------------------------------------------------------- weights

def random_weights(cfg, seed, tied):
    g = torch.Generator().manual_seed(seed)
    d, f, v, n = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"], cfg["num_hidden_layers"]

    def r(*shape, scale):
        return (torch.randn(*shape, generator=g) * scale).float()

    w = {}
    # Small embeddings: the first LayerNorm then sees a variance near 1e-4, so its epsilon (1e-5)
    # changes the output by percents - a wrong epsilon cannot hide inside the tolerance.
    w["esm.embeddings.word_embeddings.weight"] = r(v, d, scale=0.01)
    if cfg["position_embedding_type"] == "absolute":
        w["esm.embeddings.position_embeddings.weight"] = r(cfg["max_position_embeddings"], d, scale=0.01)
    if cfg["emb_layer_norm_before"]:
        w["esm.embeddings.layer_norm.weight"] = 1 + r(d, scale=0.1)
        w["esm.embeddings.layer_norm.bias"] = r(d, scale=0.01)
    for i in range(n):
        p = f"esm.encoder.layer.{i}."
        for name in ("query", "key", "value"):
            w[p + f"attention.self.{name}.weight"] = r(d, d, scale=1 / math.sqrt(d) * 2)
            w[p + f"attention.self.{name}.bias"] = r(d, scale=0.1)
        w[p + "attention.output.dense.weight"] = r(d, d, scale=1 / math.sqrt(d))
        w[p + "attention.output.dense.bias"] = r(d, scale=0.01)
        w[p + "attention.LayerNorm.weight"] = 1 + r(d, scale=0.1)
        w[p + "attention.LayerNorm.bias"] = r(d, scale=0.1)
        w[p + "intermediate.dense.weight"] = r(f, d, scale=1 / math.sqrt(d))
        w[p + "intermediate.dense.bias"] = r(f, scale=0.1)
        w[p + "output.dense.weight"] = r(d, f, scale=1 / math.sqrt(f))
        w[p + "output.dense.bias"] = r(d, scale=0.01)
        w[p + "LayerNorm.weight"] = 1 + r(d, scale=0.1)
        w[p + "LayerNorm.bias"] = r(d, scale=0.1)
    w["esm.encoder.emb_layer_norm_after.weight"] = 1 + r(d, scale=0.1)
    w["esm.encoder.emb_layer_norm_after.bias"] = r(d, scale=0.1)
    w["lm_head.dense.weight"] = r(d, d, scale=1 / math.sqrt(d))
    w["lm_head.dense.bias"] = r(d, scale=0.1)
    w["lm_head.layer_norm.weight"] = 1 + r(d, scale=0.1)
    w["lm_head.layer_norm.bias"] = r(d, scale=0.1)
    w["lm_head.bias"] = r(v, scale=0.1)
    if not tied:
        w["lm_head.decoder.weight"] = r(v, d, scale=1.0)
    return w


def decoder_weight(w):
    # Hugging Face ties the decoder to the token embeddings and then saves it once.
    return w.get("lm_head.decoder.weight", w["esm.embeddings.word_embeddings.weight"])


DTYPES = {"F32": (torch.float32, "<f4"), "F16": (torch.float16, "<f2"), "BF16": (torch.bfloat16, None)}


def write_safetensors(path, weights, dtype="F32"):
    header, blobs, offset = {}, [], 0
    for name in sorted(weights):
        t = weights[name].to(DTYPES[dtype][0]).contiguous()
        if dtype == "BF16":
            raw = (t.view(torch.int16).numpy().astype("<i2")).tobytes()
        else:
            raw = t.numpy().astype(DTYPES[dtype][1]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def rounded(weights, dtype):
    """The weights as the model sees them after storing them as f16/bf16 and reading them back."""
    return {k: v.to(DTYPES[dtype][0]).float() for k, v in weights.items()}


# ---------------------------------------------------------------- fair-esm .pt checkpoints

def fair_esm_names(w, n):
    """The same tensors under fair-esm's (fairseq's) checkpoint names, as the published .pt files hold them."""
    se, lm = "encoder.sentence_encoder.", "encoder.lm_head."
    m = collections.OrderedDict()
    m[se + "embed_tokens.weight"] = w["esm.embeddings.word_embeddings.weight"]
    if "esm.embeddings.position_embeddings.weight" in w:
        m[se + "embed_positions.weight"] = w["esm.embeddings.position_embeddings.weight"]
    if "esm.embeddings.layer_norm.weight" in w:
        m[se + "emb_layer_norm_before.weight"] = w["esm.embeddings.layer_norm.weight"]
        m[se + "emb_layer_norm_before.bias"] = w["esm.embeddings.layer_norm.bias"]
    for i in range(n):
        hf, fe = f"esm.encoder.layer.{i}.", f"{se}layers.{i}."
        pairs = [("attention.self.query", "self_attn.q_proj"), ("attention.self.key", "self_attn.k_proj"),
                 ("attention.self.value", "self_attn.v_proj"), ("attention.output.dense", "self_attn.out_proj"),
                 ("attention.LayerNorm", "self_attn_layer_norm"), ("intermediate.dense", "fc1"),
                 ("output.dense", "fc2"), ("LayerNorm", "final_layer_norm")]
        for a, b in pairs:
            for kind in ("weight", "bias"):
                m[fe + b + "." + kind] = w[hf + a + "." + kind]
        if "esm.embeddings.position_embeddings.weight" not in w:
            # ESM-2 saves its rotary frequencies as a buffer; the reader must skip it.
            hd = w[hf + "attention.self.query.weight"].shape[0] // 4
            m[fe + "self_attn.rot_emb.inv_freq"] = 1.0 / (10000 ** (torch.arange(0, hd, 2).float() / hd))
    m[se + "emb_layer_norm_after.weight"] = w["esm.encoder.emb_layer_norm_after.weight"]
    m[se + "emb_layer_norm_after.bias"] = w["esm.encoder.emb_layer_norm_after.bias"]
    for kind in ("weight", "bias"):
        m[lm + "dense." + kind] = w["lm_head.dense." + kind]
        m[lm + "layer_norm." + kind] = w["lm_head.layer_norm." + kind]
    # Tied: the very same tensor object, so torch.save stores one storage under two names (as fairseq does).
    m[lm + "weight"] = w["lm_head.decoder.weight"] if "lm_head.decoder.weight" in w else m[se + "embed_tokens.weight"]
    m[lm + "bias"] = w["lm_head.bias"]
    return m


def fair_esm_args(cfg):
    return dict(encoder_layers=cfg["num_hidden_layers"], encoder_embed_dim=cfg["hidden_size"],
                encoder_ffn_embed_dim=cfg["intermediate_size"], encoder_attention_heads=cfg["num_attention_heads"],
                max_positions=cfg["max_position_embeddings"] - 2, token_dropout=cfg["token_dropout"],
                dropout=0.0, criterion="masked_lm", lr=[4e-4], adam_betas=(0.9, 0.98), fp16=False, seed=None)


def write_fair_esm_pt(path, cfg, weights, dtype=torch.float32):
    """A checkpoint as fair-esm publishes it: ESM-2 with `cfg = {"model": Namespace}`, ESM-1v with `args = Namespace(arch="roberta_large")`."""
    model = collections.OrderedDict()
    cast = {}
    for k, v in fair_esm_names(weights, cfg["num_hidden_layers"]).items():
        if id(v) not in cast:
            cast[id(v)] = v.to(dtype).contiguous() if v.is_floating_point() and "inv_freq" not in k else v
        model[k] = cast[id(v)]
    args = fair_esm_args(cfg)
    if cfg["position_embedding_type"] == "rotary":
        data = {"cfg": {"_name": None, "common": {"seed": 1, "fp16": True}, "model": argparse.Namespace(_name="esm2", **args)},
                "model": model}
    else:
        data = {"args": argparse.Namespace(arch="roberta_large", **args), "model": model}
    torch.save(data, path)


class _Evil:
    """Pickles as a call of os.system (never called here): the reader must refuse the global."""
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def _stored(name):
    # A fixed date so regenerated fixtures are byte-identical.
    return zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))


def write_hostile_checkpoints(folder):
    folder.mkdir(parents=True, exist_ok=True)
    # An unexpected global: a real torch zip layout whose pickle names posix.system.
    with zipfile.ZipFile(folder / "global.pt", "w", zipfile.ZIP_STORED) as z:
        z.writestr(_stored("archive/data.pkl"), pickle.dumps({"args": None, "model": collections.OrderedDict(x=_Evil())}, protocol=2))
        z.writestr(_stored("archive/version"), "3\n")
    small = argparse.Namespace(arch="roberta_large", **fair_esm_args(config("absolute", True)))
    # A needed tensor stored as float64.
    torch.save({"args": small, "model": collections.OrderedDict(
        [("encoder.sentence_encoder.embed_tokens.weight", torch.zeros(33, 64, dtype=torch.float64))])}, folder / "double.pt")
    # A storage entry the pickle refers to is missing from the zip.
    buffer = io.BytesIO()
    torch.save({"args": small, "model": collections.OrderedDict(
        [("encoder.sentence_encoder.embed_tokens.weight", torch.zeros(33, 64)),
         ("encoder.lm_head.bias", torch.zeros(33))])}, buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, \
            zipfile.ZipFile(folder / "missing-storage.pt", "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            if info.filename.endswith("/data/1"):
                continue
            dst.writestr(_stored(info.filename), src.read(info.filename))


# ---------------------------------------------------------------- forward

def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)
    return (x - mean) / torch.sqrt(var + eps) * w + b


def gelu(x):
    return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))


def rotary(x):
    """Rotary position embedding (RoFormer) on [B, H, T, hd]: pairs (j, j + hd/2) rotate by t * 10000^(-2j/hd)."""
    t_len, hd = x.shape[-2], x.shape[-1]
    inv_freq = 1.0 / (10000 ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    angles = torch.arange(t_len, dtype=torch.float64)[:, None] * inv_freq[None, :]
    cos, sin = torch.cos(angles).float(), torch.sin(angles).float()
    first, second = x[..., : hd // 2], x[..., hd // 2:]
    return torch.cat([first * cos - second * sin, second * cos + first * sin], dim=-1)


def forward(cfg, w, tokens):
    """Logits [B, T, V] of a right-padded int64 batch [B, T]."""
    d, h, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    hd = d // h
    b_size, t_len = tokens.shape
    keep = (tokens != PAD).float()
    is_mask = (tokens == MASK).float()
    x = w["esm.embeddings.word_embeddings.weight"][tokens]
    if cfg["token_dropout"]:
        # Training zeroed <mask> embeddings and rescaled the rest; inference does the same with the
        # observed mask fraction so the activations keep their training scale.
        x = x * (1 - is_mask)[..., None]
        observed = is_mask.sum(-1) / keep.sum(-1)
        x = x * ((1 - 0.15 * 0.8) / (1 - observed))[:, None, None]
    if cfg["position_embedding_type"] == "absolute":
        positions = (torch.cumsum(keep, dim=1) * keep).long() + PAD
        x = x + w["esm.embeddings.position_embeddings.weight"][positions]
    if cfg["emb_layer_norm_before"]:
        x = layer_norm(x, w["esm.embeddings.layer_norm.weight"], w["esm.embeddings.layer_norm.bias"], eps)
    x = x * keep[..., None]
    bias = (1 - keep)[:, None, None, :] * -1e9

    def linear(v, name):
        return v @ w[name + ".weight"].T + w[name + ".bias"]

    def heads(v):
        return v.view(b_size, t_len, h, hd).transpose(1, 2)

    for i in range(cfg["num_hidden_layers"]):
        p = f"esm.encoder.layer.{i}."
        y = layer_norm(x, w[p + "attention.LayerNorm.weight"], w[p + "attention.LayerNorm.bias"], eps)
        q = heads(linear(y, p + "attention.self.query")) / math.sqrt(hd)
        k = heads(linear(y, p + "attention.self.key"))
        v = heads(linear(y, p + "attention.self.value"))
        if cfg["position_embedding_type"] == "rotary":
            q, k = rotary(q), rotary(k)
        a = torch.softmax(q @ k.transpose(-1, -2) + bias, dim=-1) @ v
        a = a.transpose(1, 2).reshape(b_size, t_len, d)
        x = x + linear(a, p + "attention.output.dense")
        y = layer_norm(x, w[p + "LayerNorm.weight"], w[p + "LayerNorm.bias"], eps)
        x = x + linear(gelu(linear(y, p + "intermediate.dense")), p + "output.dense")
    x = layer_norm(x, w["esm.encoder.emb_layer_norm_after.weight"], w["esm.encoder.emb_layer_norm_after.bias"], eps)
    x = layer_norm(gelu(linear(x, "lm_head.dense")), w["lm_head.layer_norm.weight"], w["lm_head.layer_norm.bias"], eps)
    return x @ decoder_weight(w).T + w["lm_head.bias"]


def batch(rows):
    t_len = max(len(r) for r in rows)
    return torch.tensor([r + [PAD] * (t_len - len(r)) for r in rows], dtype=torch.long)


# ---------------------------------------------------------------- scoring

def token_window(cfg):
    # Learned positions hold max_position_embeddings rows, the first padding_idx + 1 unused:
    # 1026 rows -> 1024 tokens -> 1022 residues. ESM-2 keeps the same limit.
    return cfg["max_position_embeddings"] - 2


def optimal_window(position, length, window):
    """ProteinGym's window of `window` tokens around token `position` of a `length`-token input."""
    half = window // 2
    if length <= window:
        return 0, length
    if position < half:
        return 0, window
    if position >= length - half:
        return length - window, length
    return max(0, position - half), min(length, position + half)


def log_probs_at(cfg, w, tokens, position, masked):
    toks = list(tokens)
    if masked:
        toks[position] = MASK
    a, b = optimal_window(position, len(toks), token_window(cfg))
    logits = forward(cfg, w, batch([toks[a:b]]))[0, position - a].double()
    return torch.log_softmax(logits, dim=-1)


def parse(mutant):
    out = []
    for part in mutant.split(":"):
        out.append((part[0], int(part[1:-1]), part[-1]))
    return out


def score_marginals(cfg, w, wt, mutants, masked):
    tokens = tokens_of(wt)
    cache = {}
    scores = []
    for m in mutants:
        s = 0.0
        for wild, pos, mt in parse(m):
            p = pos  # 1-based residue number = token position (BOS at 0)
            assert wt[pos - 1] == wild, m
            if p not in cache:
                cache[p] = log_probs_at(cfg, w, tokens, p, masked)
            lp = cache[p]
            s += float(lp[INDEX[mt]] - lp[INDEX[wild]])
        scores.append(s)
    return scores


def pseudo_log_likelihood(cfg, w, sequence):
    tokens = tokens_of(sequence)
    return sum(float(log_probs_at(cfg, w, tokens, i + 1, True)[INDEX[c]]) for i, c in enumerate(sequence))


def score_pppl(cfg, w, wt, mutants):
    base = pseudo_log_likelihood(cfg, w, wt)
    scores = []
    for m in mutants:
        s = list(wt)
        for wild, pos, mt in parse(m):
            s[pos - 1] = mt
        scores.append(pseudo_log_likelihood(cfg, w, "".join(s)) - base)
    return scores


# ---------------------------------------------------------------- fixtures

def config(position, layer_norm_before):
    return {
        "architectures": ["EsmForMaskedLM"],
        "model_type": "esm",
        "vocab_size": 33,
        "hidden_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "intermediate_size": 128,
        "hidden_act": "gelu",
        "layer_norm_eps": 1e-5,
        # Tiny window (32 tokens = 30 residues) so the fixtures exercise the long-target window.
        "max_position_embeddings": 34,
        "position_embedding_type": position,
        "token_dropout": True,
        "emb_layer_norm_before": layer_norm_before,
        "pad_token_id": PAD,
        "mask_token_id": MASK,
        "torch_dtype": "float32",
    }


WILD_TYPE_SHORT = "MKTAYIAKQRQISFVKSHFSRQ"                      # 22 residues: one window
WILD_TYPE_LONG = "MSHHWGYGKHNGPEHWHKDFPIAKGERQSPVDIDTHTAKYDPSL"  # 44 residues: windows
MUTANTS_SHORT = ["M1A", "K2R", "T3T", "A4G:Y5F", "I6L", "Q22E", "S13P:F14W:V15A", "R21K"]
MUTANTS_LONG = ["M1L", "S2T", "W5F:G6A", "A23G", "K24R:G25P", "H36V", "S43A:L44M", "L44A"]


def main(out):
    out = Path(out)
    torch.set_grad_enabled(False)
    members = {
        "esm2-tiny": (config("rotary", False), 11, True),
        "esm1v-tiny-1": (config("absolute", True), 21, False),
        "esm1v-tiny-2": (config("absolute", True), 22, False),
    }
    weights = {}
    for name, (cfg, seed, tied) in members.items():
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        w = random_weights(cfg, seed, tied)
        weights[name] = (cfg, w)
        (folder / "config.json").write_text(json.dumps(cfg, indent=2) + "\n")
        write_safetensors(folder / "model.safetensors", w)
    cfg2, w2 = weights["esm2-tiny"]
    # The same weights as fair-esm checkpoints (the loader tests compare their logits with the safetensors').
    for name, dtype in (("esm2-tiny", torch.float32), ("esm1v-tiny-1", torch.float32), ("esm2-tiny-bf16", torch.bfloat16)):
        cfg, w = weights[name.replace("-bf16", "")]
        folder = out / f"{name}-pt"
        folder.mkdir(parents=True, exist_ok=True)
        write_fair_esm_pt(folder / f"{name}.pt", cfg, w, dtype)
    # ESM-1v as fair-esm publishes it: the LM head shares the embedding's storage. fair-esm's loader
    # zeroes the <mask> row of that storage (for token dropout), so the tied decoder loses it too.
    cfg1v = config("absolute", True)
    tied = random_weights(cfg1v, 23, True)
    folder = out / "esm1v-tiny-tied-pt"
    folder.mkdir(parents=True, exist_ok=True)
    write_fair_esm_pt(folder / "esm1v-tiny-tied.pt", cfg1v, tied)
    loaded = dict(tied)
    loaded["esm.embeddings.word_embeddings.weight"] = tied["esm.embeddings.word_embeddings.weight"].clone()
    loaded["esm.embeddings.word_embeddings.weight"][MASK] = 0
    weights["esm1v-tiny-tied-pt"] = (cfg1v, loaded)
    write_hostile_checkpoints(out / "hostile-pt")
    for dtype in ("F16", "BF16"):
        folder = out / f"esm2-tiny-{dtype.lower()}"
        folder.mkdir(parents=True, exist_ok=True)
        c = dict(cfg2, torch_dtype="float16" if dtype == "F16" else "bfloat16")
        (folder / "config.json").write_text(json.dumps(c, indent=2) + "\n")
        write_safetensors(folder / "model.safetensors", w2, dtype)
        weights[f"esm2-tiny-{dtype.lower()}"] = (c, rounded(w2, dtype))

    # Uneven lengths, right padding, <mask> tokens (two in one row, one in another).
    rows = [tokens_of("MKTAYIAKQRQISFVKSHFSRQ"), tokens_of("ACDEFGHIKLMNPQRSTVWY"), tokens_of("MQXV")]
    rows[0][5] = MASK
    rows[0][9] = MASK
    rows[1][1] = MASK
    tokens = batch(rows)
    golden = {"tokens": rows, "logits": {}}
    for name, (cfg, w) in weights.items():
        logits = forward(cfg, w, tokens)
        golden["logits"][name] = [logits[i, : len(r)].tolist() for i, r in enumerate(rows)]
    (out / "golden-logits.json").write_text(json.dumps(golden) + "\n")

    scores = {"wild_types": {"short": WILD_TYPE_SHORT, "long": WILD_TYPE_LONG},
              "mutants": {"short": MUTANTS_SHORT, "long": MUTANTS_LONG}, "scores": {}}
    for name in ("esm2-tiny", "esm1v-tiny-1", "esm1v-tiny-2"):
        cfg, w = weights[name]
        per = {}
        for case in ("short", "long"):
            wt, ms = scores["wild_types"][case], scores["mutants"][case]
            per[case] = {
                "wt-marginals": score_marginals(cfg, w, wt, ms, False),
                "masked-marginals": score_marginals(cfg, w, wt, ms, True),
                "pseudo-ppl": score_pppl(cfg, w, wt, ms),
            }
        scores["scores"][name] = per
    (out / "golden-scores.json").write_text(json.dumps(scores, indent=1) + "\n")
    print(f"fixtures written to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "models/esm/tests/Fixtures")
