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

The traced output is checked against the original module on test signals
(a batch of two, so the batch dimension is known to stay free) before saving.
Writes <out>/aasist.pt, <out>/aasist_l.pt and <out>/audio_detectors.json.
Skips work when outputs are newer than inputs.
"""
import argparse
import json
import math
import os
import sys

import torch
from model_tools import load_module, sha256_of, up_to_date, write_catalogue

UPSTREAM = "https://github.com/clovaai/aasist (commit a04c9863f63d44471dde8a6abcb3b082b07cd1d1)"
VERSION = "asvspoof2019-la.1"  # upstream weights are frozen; bump when the conversion changes
SAMPLE_RATE = 16000
WINDOW_SAMPLES = 64600  # upstream's nb_samp: about 4.04 s at 16 kHz
MODEL_DEFINITION = "aasist/AASIST.py"
MODELS = [
    # name, weights, conf, reported EER on ASVspoof 2019 LA eval, parameters (paper),
    # measured here (docs/audio.md: P(spoof) on Debian's test voices, cost per window)
    ("aasist", "aasist/AASIST.pth", "aasist/AASIST.conf", "0.83%", "297k",
     "P(spoof) 0.39 on alsa-utils Front_Center.wav (a human voice), 1.00 on an espeak-ng sentence; "
     "about 0.67 s of CPU per 4 s window (one thread)"),
    ("aasist_l", "aasist/AASIST-L.pth", "aasist/AASIST-L.conf", "0.99%", "85k",
     "P(spoof) 0.24 on alsa-utils Front_Center.wav (a human voice), 1.00 on an espeak-ng sentence; "
     "about 0.64 s of CPU per 4 s window (one thread): smaller, barely cheaper"),
]
# Traced and original outputs agree to float32 rounding; more means the trace
# took a branch the original does not.
TRACE_TOLERANCE = 1e-4


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
    example = torch.zeros(1, WINDOW_SAMPLES)
    with torch.no_grad():
        traced = torch.jit.trace(model, example, check_trace=False)
        signals = test_signals()
        _, expected = model(signals)
        _, actual = traced(signals)
    difference = (expected - actual).abs().max().item()
    if difference > TRACE_TOLERANCE:
        raise RuntimeError(f"{pt_path}: traced logits differ from upstream's by {difference}")
    traced.save(pt_path)
    return expected


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
        logits = convert_one(upstream_module, weights, conf, pt_path)
        entries.append(entry_for(name, weights, pt_path, eer, parameters, measured))
        print(f"converted {name} -> {pt_path}; logits sine440 {logits[0].tolist()}, chirp {logits[1].tolist()}")
    write_catalogue(catalogue, "audio_detectors", entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
