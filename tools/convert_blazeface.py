#!/usr/bin/python3
"""Convert the upstream BlazeFace state_dicts into TorchScript modules.

Run with Debian's /usr/bin/python3 (torch 1.13, numpy). Rebuilds BlazeFace as
in hollance/BlazeFace-PyTorch (a port of MediaPipe's face detector, Bazarevsky
et al. 2019): the front model (128x128) and the back model (256x256, for
smaller faces). The .pth files use torch.save's legacy (non-zip) format, which
torch.load still reads. Each module takes float NCHW RGB in [-1,1] and returns
(regressors [N,896,16], logits [N,896]); its `anchors` buffer holds the 896
SSD anchors (x_center, y_center, w, h), so one file carries both. Anchor
decoding and weighted non-maximum suppression run in C++
(src/detect/blazeface_face_detector.cpp). Writes <out>/blazeface_{front,back}.pt
and <out>/face_detectors.json. Skips work when outputs are newer than inputs.
"""
import argparse
import os
import sys

import numpy as np
import torch
from model_tools import sha256_of, up_to_date, write_catalogue
from torch import nn
from torch.nn import functional as F

UPSTREAM = "https://github.com/hollance/BlazeFace-PyTorch (commit 852bfd8e3d44ed6775761105bdcead4ef389a538)"
VERSION = "mediapipe-2019.1"  # upstream weights are frozen; bump when the port changes
MODELS = [
    # name, back model?, weights, anchors, input side, MediaPipe score threshold
    ("blazeface_front", False, "blazeface/blazeface.pth", "blazeface/anchors.npy", 128, 0.75),
    ("blazeface_back", True, "blazeface/blazefaceback.pth", "blazeface/anchorsback.npy", 256, 0.65),
]


class BlazeBlock(nn.Module):
    """Depthwise + pointwise conv with a residual; stride 2 pads like TFLite."""

    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.stride = stride
        self.channel_pad = cout - cin
        padding = 0 if stride == 2 else 1
        self.max_pool = nn.MaxPool2d(kernel_size=2, stride=2)  # used when stride == 2 (TorchScript needs it always)
        self.convs = nn.Sequential(
            nn.Conv2d(cin, cin, 3, stride=stride, padding=padding, groups=cin),
            nn.Conv2d(cin, cout, 1))
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        h = x
        if self.stride == 2:
            h = F.pad(x, (0, 2, 0, 2), "constant", 0.0)
            x = self.max_pool(x)
        if self.channel_pad > 0:
            x = F.pad(x, (0, 0, 0, 0, 0, self.channel_pad), "constant", 0.0)
        return self.act(self.convs(h) + x)


class FinalBlazeBlock(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.convs = nn.Sequential(
            nn.Conv2d(channels, channels, 3, stride=2, padding=0, groups=channels),
            nn.Conv2d(channels, channels, 1))
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        return self.act(self.convs(F.pad(x, (0, 2, 0, 2), "constant", 0.0)))


def stem():
    return [nn.Conv2d(3, 24, 5, stride=2, padding=0), nn.ReLU(inplace=True)]


def front_backbones():
    widths = [(24, 24, 1), (24, 28, 1), (28, 32, 2), (32, 36, 1), (36, 42, 1), (42, 48, 2),
              (48, 56, 1), (56, 64, 1), (64, 72, 1), (72, 80, 1), (80, 88, 1)]
    backbone1 = nn.Sequential(*stem(), *[BlazeBlock(a, b, s) for a, b, s in widths])
    backbone2 = nn.Sequential(BlazeBlock(88, 96, 2), *[BlazeBlock(96, 96) for _ in range(4)])
    return backbone1, backbone2


def back_backbone():
    blocks = [BlazeBlock(24, 24) for _ in range(7)] + [BlazeBlock(24, 24, 2)]
    blocks += [BlazeBlock(24, 24) for _ in range(7)] + [BlazeBlock(24, 48, 2)]
    blocks += [BlazeBlock(48, 48) for _ in range(7)] + [BlazeBlock(48, 96, 2)]
    blocks += [BlazeBlock(96, 96) for _ in range(7)]
    return nn.Sequential(*stem(), *blocks)


class BlazeFaceFront(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone1, self.backbone2 = front_backbones()
        self.classifier_8, self.classifier_16 = nn.Conv2d(88, 2, 1), nn.Conv2d(96, 6, 1)
        self.regressor_8, self.regressor_16 = nn.Conv2d(88, 32, 1), nn.Conv2d(96, 96, 1)

    def features(self, x):
        x = self.backbone1(x)
        return x, self.backbone2(x)


class BlazeFaceBack(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = back_backbone()
        self.final = FinalBlazeBlock(96)
        self.classifier_8, self.classifier_16 = nn.Conv2d(96, 2, 1), nn.Conv2d(96, 6, 1)
        self.regressor_8, self.regressor_16 = nn.Conv2d(96, 32, 1), nn.Conv2d(96, 96, 1)

    def features(self, x):
        x = self.backbone(x)
        return x, self.final(x)


def flat(t, width: int):
    # NCHW -> [N, cells * anchors_per_cell, width], in MediaPipe's anchor order.
    return t.permute(0, 2, 3, 1).reshape(t.shape[0], -1, width)


class Exported(nn.Module):
    """The network plus its anchors: (regressors [N,896,16], logits [N,896])."""

    def __init__(self, net, anchors):
        super().__init__()
        self.net = net
        self.register_buffer("anchors", anchors)

    def forward(self, x):
        # TFLite pads the first convolution asymmetrically.
        x = F.pad(x, (1, 2, 1, 2), "constant", 0.0)
        fine, coarse = self.net.features(x)
        logits = torch.cat((flat(self.net.classifier_8(fine), 1), flat(self.net.classifier_16(coarse), 1)), dim=1)
        boxes = torch.cat((flat(self.net.regressor_8(fine), 16), flat(self.net.regressor_16(coarse), 16)), dim=1)
        return boxes, logits.squeeze(2)




def convert_one(back, weights, anchors_file, pt_path):
    net = BlazeFaceBack() if back else BlazeFaceFront()
    net.load_state_dict(torch.load(weights, map_location="cpu"), strict=True)
    anchors = torch.from_numpy(np.load(anchors_file).astype(np.float32))
    if anchors.shape != (896, 4):
        raise RuntimeError(f"{anchors_file}: expected 896x4 anchors, got {tuple(anchors.shape)}")
    torch.jit.script(Exported(net, anchors).eval()).save(pt_path)


def model_card(back, side):
    return {
        "paper": "Bazarevsky, Kartynnik, Vakunov, Raveendran, Grundmann. BlazeFace: Sub-millisecond "
                 "Neural Face Detection on Mobile GPUs. CVPR Workshops 2019. arXiv:1907.05047",
        "upstream": UPSTREAM + ", converted from MediaPipe's TFLite models",
        "license": "Apache-2.0",
        "input": f"RGB frame letterboxed to a square, resized to {side}x{side}, values in [-1,1]",
        "training_data": "Google's proprietary face dataset (MediaPipe); "
                         + ("rear-camera scenes with smaller faces" if back else "front-camera selfies"),
        "known_limits": [
            "the front model misses faces smaller than about a tenth of the frame; the back model covers smaller ones",
            "trained for near-frontal faces; strong profiles and heavy occlusion are often missed",
        ],
    }


def entry_for(name, back, side, threshold, weights, pt_path):
    return {
        "name": name, "family": "blazeface", "version": VERSION, "input_size": [side, side],
        "weights_sha256": sha256_of(weights), "weights_file": os.path.basename(weights),
        "torchscript": os.path.basename(pt_path), "torchscript_sha256": sha256_of(pt_path),
        "min_score": threshold, "min_suppression_iou": 0.3, "card": model_card(back, side),
    }




def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--upstream", required=True, help="dir written by fetch_models.py")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    inputs = [os.path.join(args.upstream, m[i]) for m in MODELS for i in (2, 3)] + [os.path.abspath(__file__)]
    catalogue = os.path.join(args.out, "face_detectors.json")
    outputs = [os.path.join(args.out, m[0] + ".pt") for m in MODELS] + [catalogue]
    if up_to_date(inputs, outputs):
        print("convert_blazeface: up to date")
        return 0
    torch.set_num_threads(1)
    entries = []
    for name, back, weights, anchors, side, threshold in MODELS:
        weights, anchors = os.path.join(args.upstream, weights), os.path.join(args.upstream, anchors)
        pt_path = os.path.join(args.out, name + ".pt")
        convert_one(back, weights, anchors, pt_path)
        entries.append(entry_for(name, back, side, threshold, weights, pt_path))
        print(f"converted {name} -> {pt_path}")
    write_catalogue(catalogue, "face_detectors", entries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
