#!/usr/bin/python3
"""Convert the upstream AASIST and AASIST-L weights into TorchScript modules.

Run with Debian's /usr/bin/python3 (torch 1.13, numpy). The network is built
from upstream's own model definition (clovaai/aasist models/AASIST.py, MIT),
fetched with the weights into --upstream and imported from there at
conversion time only; it is never copied into this repository. Each model is
built with the "model_config" of its .conf file, loaded with its state_dict in
eval mode and traced with torch.jit.trace on one window of 64,600 samples
(upstream's forward has Python-only branches for training-time frequency
augmentation, so scripting is not an option; tracing fixes the input length,
which is the length the model was trained on). The traced module returns
(embedding, logits [B,2]); index 0 of the softmax is spoof, 1 bona fide.

Before tracing, the encoder's first residual blocks are wrapped so that they
run over pieces of the time axis with a halo (TimeChunked): upstream's own
blocks, unchanged, and the same values, with a fifth of the activation memory
per window. The chunked module is checked against the original on the whole
encoder map and the logits (check_chunked, CHUNK_TOLERANCE), and the traced
output against the original module on test signals (a batch of two, so the
batch dimension is known to stay free) before saving.
Writes <out>/aasist.pt, <out>/aasist_l.pt and <out>/audio_detectors.json.
Skips work when outputs are newer than inputs.
"""
import argparse
import copy
import json
import math
import os
import sys
import warnings

import torch
from torch import nn
from model_tools import load_module, sha256_of, up_to_date, write_catalogue

UPSTREAM = "https://github.com/clovaai/aasist (commit a04c9863f63d44471dde8a6abcb3b082b07cd1d1)"
VERSION = "asvspoof2019-la.2"  # upstream weights are frozen; bump when the conversion changes
# (.2: the first residual blocks run in time pieces, TimeChunked; same logits)
SAMPLE_RATE = 16000
WINDOW_SAMPLES = 64600  # upstream's nb_samp: about 4.04 s at 16 kHz
MODEL_DEFINITION = "aasist/AASIST.py"
MODELS = [
    # name, weights, conf, reported EER on ASVspoof 2019 LA eval, parameters (paper),
    # measured here (docs/audio.md: P(spoof) on Debian's test voices, cost per window)
    ("aasist", "aasist/AASIST.pth", "aasist/AASIST.conf", "0.83%", "297k",
     "P(spoof) 0.39 on alsa-utils Front_Center.wav (a human voice), 1.00 on an espeak-ng sentence; "
     "about 0.23 s wall, 0.33 s of CPU per 4 s window (one thread; 37 MiB of activations at the peak)"),
    ("aasist_l", "aasist/AASIST-L.pth", "aasist/AASIST-L.conf", "0.99%", "85k",
     "P(spoof) 0.24 on alsa-utils Front_Center.wav (a human voice), 1.00 on an espeak-ng sentence; "
     "about 0.17 s wall, 0.28 s of CPU per 4 s window (one thread; 37 MiB of activations at the peak): "
     "smaller, barely cheaper"),
]
# Traced and original outputs agree to float32 rounding; more means the trace
# took a branch the original does not.
TRACE_TOLERANCE = 1e-4
# Activation memory: run whole, the encoder's first residual block holds three
# 32 x 23 x 21,490 float maps (63 MB each) of one window at once, and the
# second block a third of that. TimeChunked (below) runs the first
# CHUNKED_BLOCKS blocks over TIME_CHUNKS pieces of the time axis instead:
# the same logits (bit for bit here), about 37 MiB of live tensors per window
# instead of 188 MiB, and faster (smaller maps stay in cache). Three blocks and
# eight pieces: with fewer blocks the unchunked third block is the peak, and
# beyond that the front end (the sinc convolution's 70 x 64,472 map and its
# absolute value, 18 MB each, inside upstream's forward) is; docs/audio.md.
CHUNKED_BLOCKS = 3
TIME_CHUNKS = 8
# Chunked and whole evaluation of the original module must agree far closer
# than the trace check: the same arithmetic on the same values (equal here,
# bit for bit); the margin only allows for a convolution that sums a shorter
# input in another order.
CHUNK_TOLERANCE = 1e-5


class TimeChunked(nn.Module):
    """Upstream's first residual blocks, run unchanged (each block whole,
    its own forward) over pieces of the time axis, the pieces' outputs
    concatenated: the same values as running them over the whole input, with
    a fraction of the activations held at once.

    What it relies on, in upstream's Residual_block: along time, the only
    mixing is by convolutions of width 3 with zero padding 1 (conv1, then
    conv2; conv_downsample beside them) and a closing MaxPool2d((1, 3))
    (stride 3, flooring); BatchNorm in eval mode and SELU act on each element
    alone. So `blocks` divide time by stride = 3 ** len(blocks), and where a
    piece is cut from a longer input, the piece's own zero padding makes only
    the outermost output column on that side wrong: in block 1 the two
    convolutions reach 2 columns in, which the pool folds into 1 output
    column, and in each later block that 1 column plus 2 more of reach fold
    into 1 again, as long as every cut falls on a pooling boundary at every
    level. Hence: a piece that keeps output columns [a, b) reads input columns
    [stride * (a - 1), stride * (b + 1)) (one output window of halo on each
    side, both ends multiples of stride) and drops its first and last output
    column. The first piece starts at column 0 and the last ends at the input's
    end: there the block's zero padding is the padding the whole input gets,
    and the last piece floors exactly as the whole input does. Every kept
    column is thus computed from the very values it is computed from whole.
    The converter checks this numerically (check_chunked) before tracing.
    """

    def __init__(self, blocks, chunks):
        super().__init__()
        self.blocks = blocks
        self.chunks = chunks
        self.stride = 3 ** len(blocks)

    def pieces(self, length):
        """[(input start, input end, first kept output column, kept columns)]
        for an input of `length` time columns; the kept ranges tile
        [0, length // stride) in order."""
        out_length = length // self.stride
        chunks = max(1, min(self.chunks, out_length))
        bounds = [out_length * i // chunks for i in range(chunks + 1)]
        result = []
        for i in range(chunks):
            a, b = bounds[i], bounds[i + 1]
            start = 0 if i == 0 else self.stride * (a - 1)
            end = length if i == chunks - 1 else self.stride * (b + 1)
            result.append((start, end, a - start // self.stride, b - a))
        return result

    def forward(self, x):
        with warnings.catch_warnings():
            # While tracing, the length reads as a tensor; the trace fixes the
            # input length anyway (module docstring), so a constant is right.
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            length = int(x.shape[-1])
        outputs = []
        for start, end, first, count in self.pieces(length):
            y = self.blocks(x[..., start:end])
            outputs.append(y[..., first:first + count])
        return torch.cat(outputs, dim=-1)


def chunk_encoder(model, chunks=TIME_CHUNKS, blocks=CHUNKED_BLOCKS):
    """Replaces model.encoder (upstream's nn.Sequential of residual blocks) by
    one whose first `blocks` blocks run in time pieces (TimeChunked). The same
    block objects and parameters; load the state_dict before, as names change."""
    encoder = model.encoder
    head = TimeChunked(nn.Sequential(*encoder[:blocks]), chunks)
    model.encoder = nn.Sequential(head, *encoder[blocks:])
    return model


def check_signals():
    """What check_chunked compares on: the golden inputs, seeded noise, and
    the same noise gated on and off every 0.25 s (silence next to sound, so
    pieces cut in and beside both)."""
    generator = torch.Generator().manual_seed(0)
    noise = 0.3 * torch.randn(2, WINDOW_SAMPLES, generator=generator)
    gate = ((torch.arange(WINDOW_SAMPLES) // 4000) % 2).to(torch.float32)
    return torch.cat([test_signals(), noise, noise * gate])


def check_chunked(model, chunked, signals):
    """Largest difference between the original eval-mode module and its
    time-chunked copy, over the encoder's whole output map (every time column,
    before the graph layers pool it) and over the embedding and logits;
    raises above CHUNK_TOLERANCE."""
    maps = []
    hooks = [m.encoder.register_forward_hook(lambda module, inputs, output: maps.append(output))
             for m in (model, chunked)]
    try:
        with torch.no_grad():
            whole = model(signals)
            pieces = chunked(signals)
    finally:
        for hook in hooks:
            hook.remove()
    if maps[0].shape != maps[1].shape:
        raise RuntimeError(f"time-chunked encoder map {tuple(maps[1].shape)}, upstream's {tuple(maps[0].shape)}")
    difference = max((a - b).abs().max().item() for a, b in zip((maps[0], *whole), (maps[1], *pieces)))
    if difference > CHUNK_TOLERANCE:
        raise RuntimeError(f"time-chunked encoder differs from upstream's by {difference}")
    return difference


def load_upstream_module(upstream_dir):
    """Imports upstream's AASIST.py from the fetched files (never from the repo)."""
    path = os.path.join(upstream_dir, MODEL_DEFINITION)
    return load_module(path, "upstream_aasist")


def test_signals():
    """The README's golden inputs: a 440 Hz sine and a 200 to 2000 Hz chirp.

    Computed in float32, as the golden values were: the chirp's phase reaches
    about 50,000 rad, where float32 and float64 round apart by a few
    milliradians, enough to move AASIST's chirp logits by 0.004.
    """
    n = torch.arange(WINDOW_SAMPLES, dtype=torch.float32)
    sine = 0.1 * torch.sin(2 * math.pi * 440 * n / SAMPLE_RATE)
    chirp = 0.05 * torch.sin(2 * math.pi * (200 + 1800 * n / WINDOW_SAMPLES) * n / SAMPLE_RATE)
    return torch.stack([sine, chirp])


def convert_one(upstream_module, weights, conf, pt_path):
    with open(conf) as f:
        model_config = json.load(f)["model_config"]
    model = upstream_module.Model(model_config)
    model.load_state_dict(torch.load(weights, map_location="cpu"), strict=True)
    model.eval()
    chunked = chunk_encoder(copy.deepcopy(model))
    chunk_difference = check_chunked(model, chunked, check_signals())
    example = torch.zeros(1, WINDOW_SAMPLES)
    with torch.no_grad():
        traced = torch.jit.trace(chunked, example, check_trace=False)
        signals = test_signals()
        _, expected = model(signals)
        _, actual = traced(signals)
    difference = (expected - actual).abs().max().item()
    if difference > TRACE_TOLERANCE:
        raise RuntimeError(f"{pt_path}: traced logits differ from upstream's by {difference}")
    traced.save(pt_path)
    return expected, chunk_difference, difference


def model_card(eer, parameters, measured):
    return {
        "paper": "Jung, Heo, Tak, Shim, Chung, Lee, Yu, Evans. AASIST: Audio Anti-Spoofing using Integrated "
                 "Spectro-Temporal Graph Attention Networks. ICASSP 2022. arXiv:2110.01200",
        "upstream": UPSTREAM,
        "license": "MIT",
        "parameters": parameters,
        "input": f"mono {SAMPLE_RATE} Hz float waveform, {WINDOW_SAMPLES} samples (about 4.04 s) per window; "
                 "a shorter window is repeated to fill, as upstream does",
        "training_data": "ASVspoof 2019 LA (logical access): bona fide VCTK speakers and 2019-era "
                         "text-to-speech and voice-conversion systems",
        "reported": f"EER {eer} on ASVspoof 2019 LA eval (authors' figure)",
        "measured": measured + " (docs/audio.md)",
        "known_limits": [
            "trained on 2019-era spoofing systems; generalises poorly to newer voice cloning",
            "sensitive to codecs, music and noise (noise alone reads as spoof: only windows with speech are scored)",
            "a voice repeated to fill a window is out of distribution; real speech of 4 s or more reads best",
            "scores are estimates from a model, never proof that a voice is or is not genuine",
        ],
    }




def entry_for(name, weights, pt_path, eer, parameters, measured):
    return {
        "name": name, "family": "aasist", "architecture": "AASIST-L" if name == "aasist_l" else "AASIST",
        "version": VERSION, "sample_rate": SAMPLE_RATE, "window_samples": WINDOW_SAMPLES,
        "output": "logits [B,2] (second output); P(spoof) = softmax[:,0]",
        "weights_sha256": sha256_of(weights), "weights_file": os.path.basename(weights),
        "torchscript": os.path.basename(pt_path), "torchscript_sha256": sha256_of(pt_path),
        "card": model_card(eer, parameters, measured),
    }




def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--upstream", required=True, help="dir written by fetch_models.py")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    inputs = [os.path.join(args.upstream, p) for m in MODELS for p in (m[1], m[2])]
    inputs += [os.path.join(args.upstream, MODEL_DEFINITION), os.path.abspath(__file__)]
    catalogue = os.path.join(args.out, "audio_detectors.json")
    outputs = [os.path.join(args.out, m[0] + ".pt") for m in MODELS] + [catalogue]
    if up_to_date(inputs, outputs):
        print("convert_aasist: up to date")
        return 0
    torch.set_num_threads(1)
    torch.manual_seed(0)  # upstream's forward draws no random numbers in eval mode; seeded all the same
    upstream_module = load_upstream_module(args.upstream)
    entries = []
    for name, weights, conf, eer, parameters, measured in MODELS:
        weights, conf = os.path.join(args.upstream, weights), os.path.join(args.upstream, conf)
        pt_path = os.path.join(args.out, name + ".pt")
        logits, chunk_difference, trace_difference = convert_one(upstream_module, weights, conf, pt_path)
        entries.append(entry_for(name, weights, pt_path, eer, parameters, measured))
        print(f"converted {name} -> {pt_path}; logits sine440 {logits[0].tolist()}, chirp {logits[1].tolist()}; "
              f"chunked vs whole {chunk_difference:g}, traced vs upstream {trace_difference:g}")
    write_catalogue(catalogue, "audio_detectors", entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
