#!/usr/bin/python3
"""Convert the upstream LRNet state_dicts (g1 and g2, two weight sets) to TorchScript.

Run with Debian's /usr/bin/python3 (torch 1.13). LRNet (Sun et al., CVPR 2021)
scores landmark motion: g1 reads a block of 30 frames of 68 landmarks
(B,30,136), g2 the 29 frame-to-frame differences of the same block
(B,29,136); each returns softmax probabilities (B,2), index 1 = P(fake).

The model is built from the upstream definition itself (model.py, fetched
with its sha256 by fetch_models.py into <upstream>/lrnet/) so the converted
module is the authors' network, not a re-implementation. It is loaded with
importlib at conversion time only; it is never copied into this repository.

torch.jit.script cannot compile upstream's training-only landmark dropout, so
the module is traced in eval mode (where that dropout is the identity). The
traced module is checked against the original on several batch sizes,
because upstream repeats its learned initial hidden state over the batch and
a trace could bake the batch size in. Writes <out>/lrnet_<set>_<g1|g2>.pt and
the catalogue <out>/temporal_detectors.json. Skips work when outputs are
newer than inputs.
"""
import argparse
import os
import sys
import warnings

import torch
from model_tools import load_module, manifest_entries_converted_to, sha256_of, up_to_date, write_catalogue

UPSTREAM = "https://github.com/frederickszk/LRNet (commit 9a172a0ccebea85556ca2b385645342806e24bc8)"
VERSION = "cvpr2021.1"  # upstream weights are frozen; bump when the conversion changes
MODEL_DEFINITION = "lrnet/model.py"
CATALOGUE = "temporal_detectors.json"
BLOCK_FRAMES = 30
LANDMARK_VALUES = 136
STREAM_FRAMES = {"g1": BLOCK_FRAMES, "g2": BLOCK_FRAMES - 1}
CHECK_BATCH_SIZES = (1, 5, 17)
TOLERANCE = 1e-6

TRAINING_DATA = {
    "ffpp": "FaceForensics++ (Deepfakes, Face2Face, FaceSwap, NeuralTextures and their real sources)",
    "dfo": "DeeperForensics-1.0 (its manipulated videos and their real sources)",
}
REPORTED = {
    "ffpp": "AUC on the FaceForensics++ test set, as the authors report: 99.8 (Deepfakes), 99.2 (Face2Face), "
            "99.8 (FaceSwap), 97.3 (NeuralTextures); 98.7 on c23 and 88.5 on c40 compression",
    "dfo": "no figures published; the authors say this set generalises better to other datasets",
}


def manifest_models(manifest_path):
    """(name, weight set, stream, weights file) for each entry converting to lrnet."""
    models = []
    for entry, convert in manifest_entries_converted_to(manifest_path, "lrnet"):
        if convert.get("stream") not in STREAM_FRAMES or convert.get("weights") not in TRAINING_DATA:
            raise RuntimeError(f"{manifest_path}: {entry['name']}: unknown LRNet stream or weight set")
        models.append((entry["name"], convert["weights"], convert["stream"], entry["file"]))
    return models


def load_upstream_definition(upstream_dir):
    path = os.path.join(upstream_dir, MODEL_DEFINITION)
    return load_module(path, "lrnet_upstream_model")




def example_input(batch, frames, seed):
    # Landmark-like values: normalised coordinates lie in [-1, 1].
    generator = torch.Generator().manual_seed(seed)
    return torch.rand(batch, frames, LANDMARK_VALUES, generator=generator) * 2 - 1


def check_traced(original, traced, frames, name):
    for seed, batch in enumerate(CHECK_BATCH_SIZES):
        x = example_input(batch, frames, seed)
        with torch.no_grad():
            expected, actual = original(x), traced(x)
        if actual.shape != (batch, 2):
            raise RuntimeError(f"{name}: traced output {tuple(actual.shape)} for batch {batch}")
        difference = (expected - actual).abs().max().item()
        if difference > TOLERANCE:
            raise RuntimeError(f"{name}: traced differs from the original by {difference} at batch {batch}")


def convert_one(upstream_model, name, weights_path, frames, pt_path):
    net = upstream_model.LRNet()
    net.load_state_dict(torch.load(weights_path, map_location="cpu"), strict=True)
    net.eval()
    with torch.no_grad(), warnings.catch_warnings():
        # Upstream iterates over the final hidden states; the tracer warns
        # that the count is fixed. It is: 2 directions, whatever the batch
        # (check_traced proves the batch is not). Keep the build log quiet.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        # Trace at a batch size the checks do not use, so a baked-in batch
        # size would fail them.
        traced = torch.jit.trace(net, example_input(3, frames, 99), check_trace=True)
    check_traced(net, traced, frames, name)
    traced.save(pt_path)
    check_traced(net, torch.jit.load(pt_path), frames, name + " (reloaded)")


def model_card(weight_set, stream):
    reads = ("a block of 30 consecutive frames of 68 landmarks (x,y interleaved)" if stream == "g1" else
             "the 29 frame-to-frame differences (t+1 minus t) of a 30-frame landmark block")
    return {
        "paper": "Sun, Han, Hua, Ruan, Jia. Improving the Efficiency and Robustness of Deepfakes "
                 "Detection through Precise Geometric Features. CVPR 2021. arXiv:2104.04480",
        "upstream": UPSTREAM,
        "license": "MIT",
        "training_data": TRAINING_DATA[weight_set],
        "reported": REPORTED[weight_set],
        "input": reads + "; landmarks calibrated (Lucas-Kanade optical flow + Kalman filter) and normalised "
                 "to [-1, 1] in a fixed square box 1.2 x the mean landmark extent",
        "output": "softmax over [real, fake]; index 1 = probability the face's motion is FAKE",
        "known_limits": [
            "video only: needs a visible face for about 1 s of consecutive frames (31 frames)",
            "depends on landmark quality and on calibration: raw, uncalibrated landmarks make real clips "
            "from other datasets score as fake",
            "landmarks come from dlib's 68-point shape predictor, trained on iBUG 300-W, whose terms exclude "
            "commercial use",
            "trained on 2019-2020 manipulations; newer generators are out of its distribution",
            "scores are estimates, not certainty; never use a score alone as proof",
        ],
    }


def entry_for(name, weight_set, stream, frames, weights_path, pt_path):
    return {
        "name": name, "family": "lrnet", "architecture": "LRNet", "version": VERSION,
        "weights": weight_set, "stream": stream, "input_size": [frames, LANDMARK_VALUES],
        "output": "p_fake_index_1",
        "weights_sha256": sha256_of(weights_path), "weights_file": os.path.basename(weights_path),
        "torchscript": os.path.basename(pt_path), "torchscript_sha256": sha256_of(pt_path),
        "card": model_card(weight_set, stream),
    }




def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--upstream", required=True, help="dir written by fetch_models.py")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    models = manifest_models(args.manifest)
    os.makedirs(args.out, exist_ok=True)
    catalogue = os.path.join(args.out, CATALOGUE)
    inputs = [os.path.join(args.upstream, m[3]) for m in models]
    inputs += [os.path.join(args.upstream, MODEL_DEFINITION), args.manifest, os.path.abspath(__file__)]
    outputs = [os.path.join(args.out, m[0] + ".pt") for m in models] + [catalogue]
    if up_to_date(inputs, outputs):
        print("convert_lrnet: up to date")
        return 0
    torch.set_num_threads(1)
    upstream_model = load_upstream_definition(args.upstream)
    entries = []
    for name, weight_set, stream, weights in models:
        weights_path = os.path.join(args.upstream, weights)
        pt_path = os.path.join(args.out, name + ".pt")
        frames = STREAM_FRAMES[stream]
        convert_one(upstream_model, name, weights_path, frames, pt_path)
        entries.append(entry_for(name, weight_set, stream, frames, weights_path, pt_path))
        print(f"converted {name} -> {pt_path}")
    write_catalogue(catalogue, "temporal_detectors", entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
