"""tools/convert_aasist.py's time-chunked encoder (TimeChunked): the pieces
tile the output and start on pooling boundaries, and upstream's own residual
blocks give the same map chunked as whole, for any number of blocks, pieces
and input lengths (odd ones included), with random weights and eval-mode
BatchNorm statistics. Runs under the torch python the build converts with
(DEEPTRACE_TORCH_PYTHON, default /usr/bin/python3) on upstream's AASIST.py as
fetched into the build (or DEEPTRACE_MODEL_MIRROR); skipped without either."""
import os
import subprocess
from pathlib import Path

import pytest

from support import paths

TOOLS = paths.REPO_ROOT / "tools"
TORCH_PYTHON = os.environ.get("DEEPTRACE_TORCH_PYTHON", "/usr/bin/python3")

CHECK = r"""
import sys, torch
sys.path.insert(0, sys.argv[1])
import convert_aasist as ca
from model_tools import load_module
upstream = load_module(sys.argv[2], "upstream_aasist")
torch.manual_seed(0)

def randomised(block):
    for module in block.modules():
        if isinstance(module, torch.nn.BatchNorm2d):
            module.running_mean.uniform_(-0.5, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.weight.data.uniform_(0.5, 1.5)
            module.bias.data.uniform_(-0.5, 0.5)
    return block.eval()

# AASIST's and AASIST-L's first three blocks (the .conf files' "filts").
for filts in ([[1, 32], [32, 32], [32, 64]], [[1, 32], [32, 32], [32, 24]]):
    blocks = torch.nn.Sequential(*[randomised(upstream.Residual_block(f, first=(i == 0))) for i, f in enumerate(filts)])
    for count in (1, 2, 3):
        stride = 3 ** count
        for length in (27, 28, 100, 1001, 2701, 4000):
            x = torch.randn(2, 1, 23, length)
            with torch.no_grad():
                whole = blocks[:count](x)
                for chunks in (1, 2, 3, 8, 50):
                    chunked = ca.TimeChunked(blocks[:count], chunks)
                    pieces = chunked.pieces(length)
                    kept = []
                    for start, end, first, n in pieces:
                        assert start % stride == 0 and (end % stride == 0 or end == length), (start, end)
                        kept += range(start // stride + first, start // stride + first + n)
                    assert kept == list(range(length // stride)), (count, length, chunks)
                    out = chunked(x)
                    assert out.shape == whole.shape, (out.shape, whole.shape)
                    difference = (out - whole).abs().max().item() if whole.numel() else 0.0
                    assert difference <= ca.CHUNK_TOLERANCE, (filts, count, length, chunks, difference)

# The window's real size, as the converter chunks it.
x = torch.randn(1, 1, 23, 21490)
blocks = torch.nn.Sequential(*[randomised(upstream.Residual_block(f, first=(i == 0)))
                               for i, f in enumerate([[1, 32], [32, 32], [32, 64]])])
with torch.no_grad():
    whole = blocks[:ca.CHUNKED_BLOCKS](x)
    out = ca.TimeChunked(blocks[:ca.CHUNKED_BLOCKS], ca.TIME_CHUNKS)(x)
assert (out - whole).abs().max().item() <= ca.CHUNK_TOLERANCE
print("ok")
"""


def upstream_definition():
    for root in (paths.models_dir() / "upstream", os.environ.get("DEEPTRACE_MODEL_MIRROR")):
        if root and (Path(root) / "aasist" / "AASIST.py").exists():
            return Path(root) / "aasist" / "AASIST.py"
    return None


def test_time_chunked_blocks_equal_whole_blocks():
    definition = upstream_definition()
    if definition is None:
        pytest.skip("upstream AASIST.py not fetched (build the models target or set DEEPTRACE_MODEL_MIRROR)")
    probe = subprocess.run([TORCH_PYTHON, "-c", "import torch"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"{TORCH_PYTHON} has no torch")
    run = subprocess.run([TORCH_PYTHON, "-c", CHECK, str(TOOLS), str(definition)],
                         capture_output=True, text=True, timeout=600,
                         env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert run.returncode == 0, run.stderr[-4000:]
    assert run.stdout.strip().endswith("ok")
