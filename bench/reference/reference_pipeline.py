#!/usr/bin/python3
"""A seed-style Python reference of DeepTrace's per-clip visual analysis.

Straightforward PyAV + PyTorch (Debian's python3-av and python3-torch), the
way a competent Python engineer would write it, to measure the product
against (bench/speed_vs_reference.py, issue 16). Per clip it does the work of
the product's visual section:

1. decode with PyAV and sample `frames` (32) frames evenly over the duration,
   with the product's rule (src/media/frames.cpp): target i is at
   (i + 0.5) * duration / frames and takes the frame on screen then (the
   last one at or before it); a target more than 1 s past the last decoded
   frame seeks to the keyframe before it; when targets are at least 8
   frames apart, non-reference frames are not decoded (FFmpeg's
   skip_frame=NONREF), so a target takes the last reference frame before it;
2. BlazeFace front (128x128) and back (256x256) on every sampled frame, as
   src/detect/blazeface_face_detector.cpp runs both, with the same anchor
   decoding, weighted non-maximum suppression and merge (a back-model face
   is added when no front-model face overlaps it by IoU > 0.3);
3. per frame the 4 largest faces (models/ensemble.json max_faces_per_frame),
   each cut as src/detect/face_crop.cpp does: a square 1.5x the box's longer
   side, shifted into the frame, resized to 256x256 (bilinear), RGB [0,1];
4. the four MesoNet TorchScript detectors on the crops (p_real -> 1 - p).

Differences from the product, on purpose (documented in docs/speed.md):
frames are letterboxed by FFmpeg's area scaler (swscale) straight from the
decoded picture, with the product's sizes (a whole factor for large frames)
where the product uses OpenCV's INTER_AREA on the BGR frame, so a face box
can differ by a pixel or so; all sampled frames are decoded first and held,
then each model runs once on all of them (the product decodes on a thread of
its own and detects faces 8 frames at a time as they arrive); the product's
later steps (dlib HOG confirmation of face tracks, tracks, dlib face
descriptors joining tracks, fusion, saliency maps, thumbnails, the report)
are not done here, and neither are the temporal and audio sections (the
bench turns those off in the worker); rotation metadata, still images,
streams without a duration and MPEG-TS seeking quirks are not handled.
Models are loaded once (like the worker) and not timed. Torch and the
decoder use --threads threads (default: all cores; Debian's torch would
start with 1 here, the worker uses 2).

    /usr/bin/python3 bench/reference/reference_pipeline.py CLIP... [--models build/models] [--runs 3]
    /usr/bin/python3 bench/reference/reference_pipeline.py --serve   # one clip path per stdin line, JSON out

--front-batch / --back-batch / --crop-batch cut the model batches (0: one
batch of all frames / crops, the default; the product uses 8 / 2 / 4);
--exact-frames decodes every frame up to each target (no reference-frame
shortcut); --channels-last stores weights and crops NHWC as the product
does (the letterboxed frames are NHWC views already).
"""
import argparse
import json
import math
import os
import resource
import statistics
import sys
import time

import av
import numpy as np
import torch
import torch.nn.functional as F

DETECTORS = ["Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"]
BACK_SIDE = 256          # letterbox square; the back model's input side
CROP_SIDE = 256          # MesoNet input side (models.json input_size)
FACE_MARGIN = 0.25       # of the box side, on each side (face_crop.hpp)
MAX_FACES_PER_FRAME = 4  # models/ensemble.json
MERGE_IOU = 0.3          # a back-model face overlapping a front one by more is the same face
SCORE_CLIP = 100.0       # BlazeFace logit clipping (blazeface_decode.hpp)
SEEK_AHEAD_S = 1.0       # src/media/frames.cpp kSeekAheadS
MIN_FRAMES_APART_TO_SKIP = 8  # src/media/frames.cpp kMinFramesApartToSkip
WHOLE_FACTOR_FROM = 4    # blazeface_face_detector.cpp kWholeFactorFrom


# ---------------------------------------------------------------- sampling

def duration_s(container, stream):
    if stream.duration:
        return float(stream.duration * stream.time_base)
    return container.duration / av.time_base if container.duration else 0.0


def frame_rate(stream):
    rate = stream.average_rate or stream.guessed_rate
    return float(rate) if rate else 0.0


class Sampler:
    """The frame on screen at each target time, decoding forward from the
    keyframe before the first target and seeking again only across gaps
    longer than SEEK_AHEAD_S (decoding forward is cheaper then)."""

    def __init__(self, container, stream):
        self.container, self.stream = container, stream
        self.start = stream.start_time or 0
        self.frames = None          # the decoding iterator since the last seek
        self.last_decoded_t = -math.inf
        self.ahead = None           # decoded past the last target: (t, frame)
        self.last_delivered_t = -math.inf

    def seconds(self, frame):
        return float((frame.pts - self.start) * self.stream.time_base)

    def seek(self, target):
        offset = self.start + int(target / self.stream.time_base)
        self.container.seek(offset, backward=True, any_frame=False, stream=self.stream)
        self.frames = self.container.decode(self.stream)
        self.ahead = None

    def next_frame(self):
        """(t, frame) of the next frame meant for display, or None at the end."""
        for frame in self.frames:
            if frame.pts is not None and self.seconds(frame) >= 0:  # pre-roll is not shown
                self.last_decoded_t = self.seconds(frame)
                return self.last_decoded_t, frame
        return None

    def frame_at(self, target):
        """The (t, frame) on screen at `target`, or None if it was delivered
        for an earlier target (or the stream ended)."""
        sought = self.frames is None or target - self.last_decoded_t > SEEK_AHEAD_S
        if sought:
            self.seek(target)
        on_screen = None
        if self.ahead and self.ahead[0] <= target:
            on_screen, self.ahead = self.ahead, None
        while self.ahead is None:
            decoded = self.next_frame()
            if decoded is None:
                break
            if decoded[0] <= target:
                on_screen = decoded
            else:
                self.ahead = decoded
        # The seek landed after the target: the nearest later frame stands in.
        shown = on_screen if on_screen or not sought else self.ahead
        if shown is None or shown[0] <= self.last_delivered_t:
            return None
        self.last_delivered_t = shown[0]
        if shown is self.ahead:
            self.ahead = None
        return shown


def sample_frames(path, count, threads, exact_frames=False):
    """[(t, VideoFrame)] for `count` evenly spaced targets."""
    container = av.open(path)
    stream = container.streams.video[0]
    stream.thread_type = "AUTO"  # frame + slice threads, as the product's decoder
    stream.thread_count = threads
    duration = duration_s(container, stream)
    if not exact_frames and duration / count * frame_rate(stream) >= MIN_FRAMES_APART_TO_SKIP:
        stream.codec_context.skip_frame = "NONREF"
    sampler = Sampler(container, stream)
    out = []
    for i in range(count):
        picked = sampler.frame_at((i + 0.5) * duration / count)
        if picked is not None:
            out.append(picked)
    container.close()
    return out


# ---------------------------------------------------------------- BlazeFace

def letterbox(frame):
    """The frame scaled (area) to fit a BACK_SIDE square, at its top-left on
    black: uint8 RGB HxWx3 and the frame pixels per side of the square (to
    map boxes back). Like the product, frames over 3x the square shrink by a
    whole factor (1920 px by 8 to 240), smaller ones to fill the side."""
    longer = max(frame.width, frame.height)
    factor = -(-longer // BACK_SIDE)
    if factor >= WHOLE_FACTOR_FROM:
        width, height, frame_side = frame.width // factor, frame.height // factor, float(BACK_SIDE * factor)
    else:
        scale = BACK_SIDE / longer
        width, height, frame_side = max(1, int(frame.width * scale)), max(1, int(frame.height * scale)), float(longer)
    small = frame.reformat(width=width, height=height, format="rgb24", interpolation="AREA").to_ndarray()
    square = np.zeros((BACK_SIDE, BACK_SIDE, 3), np.uint8)
    square[:height, :width] = small
    return square, frame_side


def decode_boxes(regressors, logits, anchors, side, min_score, min_iou):
    """Normalised [xmin, ymin, xmax, ymax, score] boxes of one image, after
    weighted non-maximum suppression (MediaPipe's, as blazeface_decode.cpp)."""
    scores = torch.sigmoid(logits.clamp(-SCORE_CLIP, SCORE_CLIP))
    keep = scores >= min_score
    r, a, s = regressors[keep], anchors[keep], scores[keep]
    cx = r[:, 0] / side * a[:, 2] + a[:, 0]
    cy = r[:, 1] / side * a[:, 3] + a[:, 1]
    w, h = r[:, 2] / side * a[:, 2], r[:, 3] / side * a[:, 3]
    boxes = torch.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, s], dim=1)
    return weighted_nms(boxes.tolist(), min_iou)


def iou(a, b):
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    inter = w * h
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def weighted_nms(boxes, min_iou):
    remaining = sorted(boxes, key=lambda b: -b[4])  # stable, like std::stable_sort
    kept = []
    while remaining:
        best = remaining[0]
        group = [best] + [b for b in remaining[1:] if iou(best, b) > min_iou]
        remaining = [b for b in remaining[1:] if iou(best, b) <= min_iou]
        if len(group) == 1:
            kept.append(best)
            continue
        total = sum(b[4] for b in group)
        merged = [sum(b[k] * b[4] for b in group) / total for k in range(4)]
        kept.append(merged + [total / len(group)])
    return kept


def load_model(path, channels_last):
    """A TorchScript model for inference; with channels_last its conv weights
    are stored NHWC, as the product stores them (torchscript_model.cpp)."""
    model = torch.jit.load(path).eval()
    if channels_last:
        for parameter in model.parameters():
            if parameter.dim() == 4:
                parameter.data = parameter.data.contiguous(memory_format=torch.channels_last)
    return model


class BlazeFace:
    """One BlazeFace TorchScript model with its anchors and thresholds."""

    def __init__(self, models_dir, name, catalogue, channels_last=False):
        entry = next(e for e in catalogue if e["name"] == name)
        self.model = load_model(os.path.join(models_dir, entry["torchscript"]), channels_last)
        self.anchors = self.model.anchors
        self.side = entry["input_size"][0]
        self.min_score = entry.get("min_score", 0.75)
        self.min_iou = entry.get("min_suppression_iou", 0.3)

    def detect(self, squares, batch):
        """Boxes per image; squares: N x 3 x BACK_SIDE x BACK_SIDE in [-1, 1]."""
        if self.side != BACK_SIDE:
            squares = F.interpolate(squares, size=(self.side, self.side), mode="area")
        out = []
        for part in torch.split(squares, batch or len(squares)):
            regressors, logits = self.model(part)
            out += [decode_boxes(regressors[i], logits[i], self.anchors, float(self.side), self.min_score, self.min_iou)
                    for i in range(len(part))]
        return out


def merge_faces(front, back):
    """Front-model faces plus the back model's that no front face overlaps."""
    return front + [b for b in back if all(iou(f, b) <= MERGE_IOU for f in front)]


def to_pixels(box, frame_side, width, height):
    """An (x, y, w, h) box in frame pixels, clipped to the frame (truncating
    like the product's int casts), or None when it is degenerate."""
    x0, y0 = max(0, int(box[0] * frame_side)), max(0, int(box[1] * frame_side))
    x1, y1 = min(width, int(box[2] * frame_side)), min(height, int(box[3] * frame_side))
    return (x0, y0, x1 - x0, y1 - y0) if x1 - x0 > 1 and y1 - y0 > 1 else None


# ---------------------------------------------------------------- crops and MesoNet

def square_with_margin(box, width, height):
    """face_crop.cpp's square around the box, shifted (not shrunk) into the frame."""
    x, y, w, h = box
    side = min(int(max(w, h) * (1.0 + 2.0 * FACE_MARGIN)), width, height)
    cx, cy = x + w // 2, y + h // 2
    left = min(max(cx - side // 2, 0), width - side)
    top = min(max(cy - side // 2, 0), height - side)
    return left, top, side


def face_crop(rgb, box):
    """3 x CROP_SIDE x CROP_SIDE float RGB in [0, 1]."""
    left, top, side = square_with_margin(box, rgb.shape[1], rgb.shape[0])
    patch = torch.from_numpy(rgb[top:top + side, left:left + side]).permute(2, 0, 1).unsqueeze(0).float()
    resized = F.interpolate(patch, size=(CROP_SIDE, CROP_SIDE), mode="bilinear", align_corners=False)
    return resized[0] / 255.0


def fake_scores(models, crops, batch):
    """Per detector, the fake probability of each crop (the models give p_real)."""
    if len(crops) == 0:
        return {name: [] for name in models}
    parts = torch.split(crops, batch or len(crops))
    return {name: torch.cat([1.0 - model(part).reshape(-1) for part in parts]).tolist()
            for name, model in models.items()}


def frame_scores(faces, scores):
    """Per frame, the detectors' scores of its most suspicious face (the one
    whose highest score is highest, as the report's frames list), or None."""
    out, crop = [], 0
    for boxes in faces:
        per_crop = [{n: s[i] for n, s in scores.items()} for i in range(crop, crop + len(boxes))]
        out.append(max(per_crop, key=lambda c: max(c.values())) if per_crop else None)
        crop += len(boxes)
    return out


# ---------------------------------------------------------------- the pipeline

class Reference:
    """The models, loaded once, and the per-clip analysis."""

    def __init__(self, models_dir, threads, frames=32, batches=(0, 0, 0), exact_frames=False, channels_last=False):
        torch.set_num_threads(threads)  # Debian's torch starts with 1 here; the product uses 2
        self.threads, self.frames, self.exact_frames = threads, frames, exact_frames
        self.front_batch, self.back_batch, self.crop_batch = batches  # 0: all at once
        with open(os.path.join(models_dir, "face_detectors.json")) as f:
            catalogue = json.load(f)["face_detectors"]
        self.channels_last = channels_last
        self.front = BlazeFace(models_dir, "blazeface_front", catalogue, channels_last)
        self.back = BlazeFace(models_dir, "blazeface_back", catalogue, channels_last)
        self.detectors = {n: load_model(os.path.join(models_dir, n + ".pt"), channels_last) for n in DETECTORS}

    def find_faces(self, sampled):
        """Per frame, its boxes in pixels, largest first, at most MAX_FACES_PER_FRAME."""
        boxed = [letterbox(frame) for _, frame in sampled]
        squares = torch.from_numpy(np.stack([s for s, _ in boxed])).permute(0, 3, 1, 2).float() / 127.5 - 1.0
        front = self.front.detect(squares, self.front_batch)
        back = self.back.detect(squares, self.back_batch)
        faces = []
        for (_, frame), (_, side), f, b in zip(sampled, boxed, front, back):
            boxes = [to_pixels(d, side, frame.width, frame.height) for d in merge_faces(f, b)]
            boxes = sorted((x for x in boxes if x), key=lambda x: -x[2] * x[3])
            faces.append(boxes[:MAX_FACES_PER_FRAME])
        return faces

    def analyze(self, path):
        """Per-clip result: wall time, stage times (ms) and what was found."""
        times = {}
        start = time.perf_counter()
        with torch.no_grad():
            sampled = sample_frames(path, self.frames, self.threads, self.exact_frames)
            times["decode"] = time.perf_counter() - start
            faces = self.find_faces(sampled)
            times["faces"] = time.perf_counter() - start - times["decode"]
            crops = [face_crop(frame.to_ndarray(format="rgb24"), box)
                     for (_, frame), boxes in zip(sampled, faces) if boxes for box in boxes]
            crops = torch.stack(crops) if crops else torch.empty(0, 3, CROP_SIDE, CROP_SIDE)
            if self.channels_last:
                crops = crops.contiguous(memory_format=torch.channels_last)
            times["crops"] = time.perf_counter() - start - times["decode"] - times["faces"]
            scores = fake_scores(self.detectors, crops, self.crop_batch)
        total = time.perf_counter() - start
        times["classify"] = total - sum(times.values())
        return {"clip": path, "ms": total * 1000, "stages_ms": {k: v * 1000 for k, v in times.items()},
                "frames": len(sampled), "frame_times": [round(t, 4) for t, _ in sampled],
                "faces_per_frame": [len(b) for b in faces], "crops": len(crops),
                "frame_scores": frame_scores(faces, scores)}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def summary_line(clip, runs):
    last = runs[-1]
    times = ", ".join(f"{r['ms']:.0f}" for r in runs)
    stages = ", ".join(f"{stage} {ms:.0f}" for stage, ms in last["stages_ms"].items())
    return (f"{os.path.basename(clip)}: median {statistics.median(r['ms'] for r in runs):.0f} ms (runs: {times}), "
            f"{last['frames']} frames, {last['crops']} crops, stages (last run) {stages}")


def serve(reference):
    """One clip path per stdin line, one JSON result per stdout line: lets a
    bench alternate with the product without reloading the models."""
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        result = reference.analyze(path)
        result["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(result), flush=True)


def parse_args():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("clips", nargs="*")
    parser.add_argument("--models", default=os.path.join(here, "..", "..", "build", "models"))
    parser.add_argument("--frames", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per clip (after one warm-up)")
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)),
                        help="torch and decoder threads (default: the cores this process may use)")
    parser.add_argument("--front-batch", type=int, default=0, help="frames per BlazeFace front pass (0: all)")
    parser.add_argument("--back-batch", type=int, default=0, help="frames per BlazeFace back pass (0: all)")
    parser.add_argument("--crop-batch", type=int, default=0, help="crops per MesoNet pass (0: all)")
    parser.add_argument("--exact-frames", action="store_true", help="decode non-reference frames too")
    parser.add_argument("--channels-last", action="store_true", help="NHWC weights and crops, as the product")
    parser.add_argument("--serve", action="store_true", help="read clip paths from stdin, write JSON lines")
    return parser.parse_args()


def main():
    args = parse_args()
    reference = Reference(args.models, args.threads, args.frames,
                          (args.front_batch, args.back_batch, args.crop_batch), args.exact_frames, args.channels_last)
    if args.serve:
        serve(reference)
        return 0
    if not args.clips:
        print("no clips given", file=sys.stderr)
        return 2
    for clip in args.clips:
        reference.analyze(clip)  # warm-up: TorchScript profiles its first calls
        runs = [reference.analyze(clip) for _ in range(args.runs)]
        print(summary_line(clip, runs))
    print(f"peak RSS {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
