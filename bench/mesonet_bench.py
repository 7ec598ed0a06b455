#!/usr/bin/python3
"""MesoNet classification cost by graph order and batch size, in one run.

Compares the Keras layer order (conv, ReLU, BatchNorm, pool) with the
converted graph's order (pooling before BatchNorm, tools/convert_mesonet.py),
each in one batch of all crops and in batches of 4, for the four detectors
on the same random crops. Prints medians; figures, not assertions.

    /usr/bin/python3 bench/mesonet_bench.py build/models [crops=43] [runs=7]
"""
import os
import statistics
import sys
import time

import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
import convert_mesonet as cm  # noqa: E402

NAMES = ["Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"]


class KerasOrderStage(cm.ConvStage):
    def forward(self, x):
        return self.pool(self.bn(torch.relu(self.conv(x))))


class KerasOrderBlock(cm.InceptionBlock):
    def forward(self, x):
        r = torch.relu
        branches = [r(self.a1(x)), r(self.b3(r(self.b1(x)))), r(self.c3(r(self.c1(x)))), r(self.d3(r(self.d1(x))))]
        return self.pool(self.bn(torch.cat(branches, 1)))


def channels_last(module):
    for p in module.parameters():
        if p.dim() == 4:
            p.data = p.data.contiguous(memory_format=torch.channels_last)
    return module


def keras_order_twin(name, converted):
    if "Inception" in name:
        model = cm.MesoInception4()
        model.block1, model.block2 = KerasOrderBlock(3, 1, 4, 4, 2), KerasOrderBlock(11, 2, 4, 4, 2)
        model.stage3, model.stage4 = KerasOrderStage(12, 16, 5, 2), KerasOrderStage(16, 16, 5, 4)
    else:
        model = cm.Meso4()
        model.stages = nn.Sequential(KerasOrderStage(3, 8, 3, 2), KerasOrderStage(8, 8, 5, 2),
                                     KerasOrderStage(8, 16, 5, 2), KerasOrderStage(16, 16, 5, 4))
    model.load_state_dict(converted.state_dict())
    return channels_last(torch.jit.script(model.eval()))


def main():
    models_dir = sys.argv[1] if len(sys.argv) > 1 else "build/models"
    crops = int(sys.argv[2]) if len(sys.argv) > 2 else 43
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    torch.set_num_threads(2)
    converted = {n: channels_last(torch.jit.load(os.path.join(models_dir, n + ".pt")).eval()) for n in NAMES}
    keras = {n: keras_order_twin(n, m) for n, m in converted.items()}
    x = torch.rand(crops, 256, 256, 3).permute(0, 3, 1, 2)  # NHWC viewed as NCHW: channels_last

    def classify(models, batch):
        return [m(x[i:i + batch]) for m in models.values() for i in range(0, crops, batch)]

    cases = [("Keras order", keras, crops), ("pooling first", converted, crops),
             ("Keras order", keras, 4), ("pooling first", converted, 4)]
    times = {i: [] for i in range(len(cases))}
    with torch.inference_mode():
        same = torch.equal(torch.cat(classify(keras, crops)), torch.cat(classify(converted, crops)))
        for _ in range(runs):
            for i, (_, models, batch) in enumerate(cases):
                start = time.perf_counter()
                classify(models, batch)
                times[i].append(time.perf_counter() - start)
    print(f"four MesoNet detectors, {crops} crops, 2 threads, median of {runs} runs; "
          f"outputs of both orders bitwise equal: {same}\n")
    print("| graph order | crops per pass | ms |\n|---|---|---|")
    for i, (label, _, batch) in enumerate(cases):
        print(f"| {label} | {batch} | {statistics.median(times[i]) * 1000:.0f} |")


if __name__ == "__main__":
    main()
