#!/usr/bin/python3
"""Convert the upstream MesoNet Keras .h5 weights into TorchScript modules.

Run with Debian's /usr/bin/python3 (torch 1.13, h5py, numpy). Rebuilds Meso4
and MesoInception4 exactly as the Keras originals (Afchar et al., WIFS 2018):
'same' padding, BatchNorm eps 1e-3, flatten in NHWC order, LeakyReLU(0.1),
sigmoid. Max pooling runs before BatchNorm (see ConvStage), which gives
bitwise the same output for a quarter of the memory traffic. Each module takes float NCHW RGB in [0,1] at 256x256 and returns
P(real) per face, shape [N]. Writes <out>/<name>.pt and <out>/models.json.
Skips work when every output is newer than every input.
"""
import argparse
import os
import re
import sys

import h5py
import numpy as np
import torch
from model_tools import manifest_entries_converted_to, sha256_of, up_to_date, write_catalogue
from torch import nn

ARCHITECTURES = ("Meso4", "MesoInception4")
DEFAULT_MANIFEST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "models", "manifest.json")


def read_models(manifest_path):
    """(name, architecture, upstream file relative to --upstream, training set)
    for each manifest entry with "convert": {"to": "mesonet", ...}: the list
    of MesoNets lives in the manifest only."""
    models = []
    for entry, convert in manifest_entries_converted_to(manifest_path, "mesonet"):
        if convert.get("architecture") not in ARCHITECTURES:
            raise RuntimeError(f"{manifest_path}: {entry['name']}: architecture must be one of {ARCHITECTURES}")
        models.append((entry["name"], convert["architecture"], entry["file"], convert["training_set"]))
    return models


MODELS = []  # filled from --manifest by main()
VERSION = "2018-wifs.2"  # upstream weights are frozen; bump when the port changes (.2: pooling first)
INPUT_SIZE = 256
GOLDEN = {  # README of the model mirror: P(real) per fixture crop
    "df00204.jpg": {"Meso4_DF": 0.0482, "Meso4_F2F": 0.8277, "MesoInception_DF": 0.0189, "MesoInception_F2F": 0.9992},
    "df01254.jpg": {"Meso4_DF": 0.0253, "Meso4_F2F": 0.6877, "MesoInception_DF": 0.0008, "MesoInception_F2F": 1.0000},
    "real00240.jpg": {"Meso4_DF": 0.9897, "Meso4_F2F": 0.8810, "MesoInception_DF": 1.0000, "MesoInception_F2F": 1.0000},
    "real00772.jpg": {"Meso4_DF": 0.9966, "Meso4_F2F": 0.9432, "MesoInception_DF": 1.0000, "MesoInception_F2F": 0.9991},
}


def same_conv(cin, cout, k, dilation=1):
    # Keras 'same' with stride 1 and odd kernels pads symmetrically.
    return nn.Conv2d(cin, cout, k, padding=dilation * (k // 2), dilation=dilation)


def keras_bn(channels):
    return nn.BatchNorm2d(channels, eps=1e-3)


class Head(nn.Module):
    """Flatten in Keras (NHWC) order, Dense(16), LeakyReLU(0.1), Dense(1), sigmoid."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(8 * 8 * 16, 16)
        self.fc2 = nn.Linear(16, 1)

    def forward(self, x):
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)
        x = nn.functional.leaky_relu(self.fc1(x), 0.1)
        return torch.sigmoid(self.fc2(x)).reshape(-1)


class ConvStage(nn.Module):
    def __init__(self, cin, cout, k, pool):
        super().__init__()
        self.conv = same_conv(cin, cout, k)
        self.bn = keras_bn(cout)
        self.pool = nn.MaxPool2d(pool)

    def forward(self, x):
        # Keras order is conv, ReLU, BN, pool. Max pooling commutes with ReLU
        # and with a BatchNorm whose scales are all positive (checked when
        # weights load), and selects one value unchanged, so pooling first is
        # bitwise identical while BN runs on 4x (16x) fewer values: these
        # memory-bound steps, not the tiny convolutions, dominated the time.
        return self.bn(self.pool(torch.relu(self.conv(x))))


class Meso4(nn.Module):
    def __init__(self):
        super().__init__()
        self.stages = nn.Sequential(ConvStage(3, 8, 3, 2), ConvStage(8, 8, 5, 2),
                                    ConvStage(8, 16, 5, 2), ConvStage(16, 16, 5, 4))
        self.head = Head()

    def forward(self, x):
        return self.head(self.stages(x))

    def convs(self):
        return [s.conv for s in self.stages]

    def bns(self):
        return [s.bn for s in self.stages]


class InceptionBlock(nn.Module):
    def __init__(self, cin, a, b, c, d):
        super().__init__()
        # Attribute order = Keras creation order, which is the .h5 numbering.
        self.a1 = same_conv(cin, a, 1)
        self.b1 = same_conv(cin, b, 1)
        self.b3 = same_conv(b, b, 3)
        self.c1 = same_conv(cin, c, 1)
        self.c3 = same_conv(c, c, 3, dilation=2)
        self.d1 = same_conv(cin, d, 1)
        self.d3 = same_conv(d, d, 3, dilation=3)
        self.bn = keras_bn(a + b + c + d)
        self.pool = nn.MaxPool2d(2)

    def forward(self, x):
        r = torch.relu
        p = self.pool  # before BN and concatenation: see ConvStage.forward
        branches = [p(r(self.a1(x))), p(r(self.b3(r(self.b1(x))))),
                    p(r(self.c3(r(self.c1(x))))), p(r(self.d3(r(self.d1(x)))))]
        return self.bn(torch.cat(branches, 1))

    def convs(self):
        return [self.a1, self.b1, self.b3, self.c1, self.c3, self.d1, self.d3]


class MesoInception4(nn.Module):
    def __init__(self):
        super().__init__()
        self.block1 = InceptionBlock(3, 1, 4, 4, 2)
        self.block2 = InceptionBlock(11, 2, 4, 4, 2)
        self.stage3 = ConvStage(12, 16, 5, 2)
        self.stage4 = ConvStage(16, 16, 5, 4)
        self.head = Head()

    def forward(self, x):
        return self.head(self.stage4(self.stage3(self.block2(self.block1(x)))))

    def convs(self):
        return self.block1.convs() + self.block2.convs() + [self.stage3.conv, self.stage4.conv]

    def bns(self):
        return [self.block1.bn, self.block2.bn, self.stage3.bn, self.stage4.bn]


def layer_number(name):
    return int(re.search(r"_(\d+)$", name).group(1))


def h5_layers(h5, prefix):
    """Layers with weights named <prefix>_<n>, in creation (numeric) order."""
    names = [n for n in h5.keys() if re.fullmatch(prefix + r"_\d+", n) and len(h5[n].keys())]
    return [h5[n][n] for n in sorted(names, key=layer_number)]


def tensor(array):
    return torch.from_numpy(np.array(array, dtype=np.float32))


def load_conv(conv, group):
    conv.weight.data = tensor(group["kernel:0"]).permute(3, 2, 0, 1).contiguous()  # HWIO -> OIHW
    conv.bias.data = tensor(group["bias:0"])


def load_bn(bn, group):
    bn.weight.data = tensor(group["gamma:0"])
    bn.bias.data = tensor(group["beta:0"])
    bn.running_mean.data = tensor(group["moving_mean:0"])
    bn.running_var.data = tensor(group["moving_variance:0"])


def load_dense(linear, group):
    linear.weight.data = tensor(group["kernel:0"]).t().contiguous()
    linear.bias.data = tensor(group["bias:0"])


def load_keras_weights(model, h5_path):
    with h5py.File(h5_path, "r") as h5:
        convs, bns, denses = h5_layers(h5, "conv2d"), h5_layers(h5, "batch_normalization"), h5_layers(h5, "dense")
        if (len(convs), len(bns), len(denses)) != (len(model.convs()), len(model.bns()), 2):
            raise RuntimeError(f"{h5_path}: layer counts do not match the architecture")
        for conv, group in zip(model.convs(), convs):
            load_conv(conv, group)
        for bn, group in zip(model.bns(), bns):
            load_bn(bn, group)
        load_dense(model.head.fc1, denses[0])
        load_dense(model.head.fc2, denses[1])
    check_positive_bn_scales(model, h5_path)
    return model.eval()


def check_positive_bn_scales(model, h5_path):
    """Pooling before BatchNorm is exact only if BN never flips an order."""
    for bn in model.bns():
        if not bool((bn.weight / torch.sqrt(bn.running_var + bn.eps) > 0).all()):
            raise RuntimeError(f"{h5_path}: a BatchNorm scale is not positive; pooling cannot run first")




def model_card(name, architecture, training_set):
    return {
        "paper": "Afchar, Nozick, Yamagishi, Echizen. MesoNet: a Compact Facial Video Forgery "
                 "Detection Network. IEEE WIFS 2018. arXiv:1809.00888",
        "upstream": "https://github.com/DariusAf/MesoNet (commit 2144d56a30e48cdcac1976ff13a1c5cdc86376c6)",
        "license": "Apache-2.0",
        "architecture": architecture,
        "training_data": f"the authors' {training_set} dataset (aligned face crops from "
                         "compressed online videos), 2018",
        "input": "RGB face crop, 256x256, bilinear resize, values in [0,1]",
        "output": "sigmoid = probability the face is REAL (p_real); fake_score = 1 - p_real",
        "known_limits": [
            "2018 model with about 28k parameters; trained on one manipulation method",
            "generalises poorly to modern and heavily compressed deepfakes: accuracy far below the paper's 98%",
            "sensitive to face crop alignment, resolution and compression",
            "scores are estimates, not certainty; never use a score alone as proof",
            "uncalibrated: a score of 0.8 does not mean an 80% chance of manipulation. No trustworthy labelled "
            "data to calibrate it (Platt or isotonic) exists here (5 research clips and synthetic material), so "
            "fusion v2 widens the inconclusive band instead (docs/fusion.md)",
        ],
        "calibration": {"method": "none", "data": "none trustworthy available; see docs/fusion.md"},
    }


def convert_one(name, architecture, h5_path, out_dir):
    model = Meso4() if architecture == "Meso4" else MesoInception4()
    load_keras_weights(model, h5_path)
    scripted = torch.jit.script(model)
    pt_path = os.path.join(out_dir, name + ".pt")
    scripted.save(pt_path)
    return pt_path


def entry_for(name, architecture, training_set, h5_path, pt_path):
    return {
        "name": name, "family": "mesonet", "architecture": architecture, "version": VERSION,
        "weights_sha256": sha256_of(h5_path), "weights_file": os.path.basename(h5_path),
        "torchscript": os.path.basename(pt_path), "torchscript_sha256": sha256_of(pt_path),
        "input_size": [INPUT_SIZE, INPUT_SIZE], "input": "float NCHW RGB [0,1]",
        "output": "p_real", "card": model_card(name, architecture, training_set),
    }




def load_crop(path):
    # PIL decodes; torch's bilinear (align_corners=False, no antialias) matches
    # cv::resize INTER_LINEAR, which the C++ side uses.
    from PIL import Image  # only for the optional fixture check
    rgb = np.asarray(Image.open(path).convert("RGB"), dtype=np.float32) / 255.0
    chw = torch.from_numpy(rgb).permute(2, 0, 1).unsqueeze(0)
    return nn.functional.interpolate(chw, size=(INPUT_SIZE, INPUT_SIZE), mode="bilinear", align_corners=False)[0]


def check_fixtures(out_dir, fixtures_dir):
    images = sorted(GOLDEN)
    batch = torch.stack([load_crop(os.path.join(fixtures_dir, i)) for i in images])
    worst = 0.0
    for name, *_ in MODELS:
        with torch.no_grad():
            p = torch.jit.load(os.path.join(out_dir, name + ".pt"))(batch)
        for image, value in zip(images, p.tolist()):
            error = abs(value - GOLDEN[image][name])
            worst = max(worst, error)
            print(f"{name:18s} {image:14s} p_real={value:.4f} golden={GOLDEN[image][name]:.4f} err={error:.4f}")
    print(f"worst golden error {worst:.4f}")
    # Meso4_F2F moves by ~0.015 between resize implementations (this one vs
    # OpenCV's fixed-point INTER_LINEAR), so this sanity check allows 0.02; the
    # C++ golden test, which uses OpenCV like production, holds 0.01.
    return worst <= 0.02


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--upstream", required=True, help="dir written by fetch_models.py")
    parser.add_argument("--out", required=True)
    parser.add_argument("--check-fixtures", metavar="DIR", help="verify README golden values")
    parser.add_argument("--manifest", default=DEFAULT_MANIFEST, help="models/manifest.json")
    args = parser.parse_args()
    MODELS[:] = read_models(args.manifest)
    os.makedirs(args.out, exist_ok=True)
    inputs = [os.path.join(args.upstream, m[2]) for m in MODELS] + [os.path.abspath(__file__), args.manifest]
    outputs = [os.path.join(args.out, m[0] + ".pt") for m in MODELS] + [os.path.join(args.out, "models.json")]
    if up_to_date(inputs, outputs):
        print("convert_mesonet: up to date")
    else:
        torch.set_num_threads(1)
        entries = []
        for name, architecture, rel, training_set in MODELS:
            h5_path = os.path.join(args.upstream, rel)
            pt_path = convert_one(name, architecture, h5_path, args.out)
            entries.append(entry_for(name, architecture, training_set, h5_path, pt_path))
            print(f"converted {name} -> {pt_path}")
        write_catalogue(outputs[-1], "detectors", entries)
    if args.check_fixtures and not check_fixtures(args.out, args.check_fixtures):
        print("convert_mesonet: golden values NOT reproduced", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
