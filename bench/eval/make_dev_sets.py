#!/usr/bin/python3
"""Builds labelled development sets for bench/eval/eval.py from media Debian
ships (docs/evaluation.md). The output is never committed.

    /usr/bin/python3 bench/eval/make_dev_sets.py OUTDIR

OUTDIR/debian-real: real faces (skimage's astronaut.png and opencv-doc's
messi5.jpg made into short clips with a slow zoom and pan, and a cut of
opencv-doc's Megamind.avi), each re-encoded at several qualities and sizes;
all labelled real.

OUTDIR/synthetic-splice: a face from another picture blended into a clip's
face, frame by frame, with OpenCV's seamlessClone (labelled fake), next to
the same clips untouched (labelled real) so that each fake has its control.
The target face is found with OpenCV's Haar cascade; every fake is checked to
still hold a detectable face.

OUTDIR/voice: audio-only files for the audio section. Real: a human voice,
alsa-utils' channel announcements (/usr/share/sounds/alsa/Front_*.wav, Rear_*,
Side_*: one speaker saying "front left" ...), joined into clips of about 4 to
8 s and encoded as m4a, mp3 or wav. Fake: espeak-ng's formant synthesiser
reading sentences in several voices, encoded the same ways. A sanity check
only: espeak-ng is a 1990s-style synthesiser far from modern voice cloning,
and both sides are few and short.

Needs ffmpeg, espeak-ng, alsa-utils and Debian's python3-opencv (hence /usr/bin/python3: a pyenv or
venv Python does not see Debian's cv2).
"""
import argparse
import csv
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, List, Optional, Tuple

try:
    import cv2
    import numpy as np
except ImportError as err:
    sys.exit(f"make_dev_sets: {err}; install python3-opencv (scripts/setup) and run with /usr/bin/python3")

ASTRONAUT_PNG = Path("/usr/lib/python3/dist-packages/skimage/data/astronaut.png")
MESSI_JPG = Path("/usr/share/doc/opencv-doc/examples/data/messi5.jpg")
MEGAMIND_AVI = Path("/usr/share/doc/opencv-doc/examples/data/Megamind.avi")
HAAR_FACE = Path("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml")

FPS = 25
SECONDS = 4
# Megamind's faces are in view (and found by the Haar cascade) from ~1.2 s.
MEGAMIND_START_S = 1.3
# The masters are near-lossless so the quality variants below are what the
# detectors see.
MASTER_CRF = 10

Rect = Tuple[int, int, int, int]  # x, y, w, h


# ---------------------------------------------------------------- faces

_cascade = None


def find_faces(frame_bgr, min_size: int = 30) -> List[Rect]:
    global _cascade
    if _cascade is None:
        _cascade = cv2.CascadeClassifier(str(HAAR_FACE))
        if _cascade.empty():
            raise RuntimeError(f"cannot load {HAAR_FACE} (package opencv-data)")
    gray = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
    found = _cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(min_size, min_size))
    return [tuple(int(v) for v in r) for r in found]


def largest_face(frame_bgr, min_size: int = 30) -> Optional[Rect]:
    faces = find_faces(frame_bgr, min_size)
    return max(faces, key=lambda r: r[2] * r[3]) if faces else None


def donor_face(image_path: Path) -> np.ndarray:
    """The face of a still picture, cut a little wider than the Haar box so
    the blend has skin around the features to work with."""
    image = cv2.imread(str(image_path))
    rect = largest_face(image)
    if rect is None:
        raise RuntimeError(f"no face found in {image_path}")
    return crop(image, grow(rect, 1.15, image.shape))


def grow(rect: Rect, factor: float, shape) -> Rect:
    x, y, w, h = rect
    cx, cy = x + w / 2, y + h / 2
    nw, nh = w * factor, h * factor
    x0, y0 = max(0, int(cx - nw / 2)), max(0, int(cy - nh / 2))
    x1, y1 = min(shape[1], int(cx + nw / 2)), min(shape[0], int(cy + nh / 2))
    return x0, y0, x1 - x0, y1 - y0


def crop(image, rect: Rect):
    x, y, w, h = rect
    return image[y:y + h, x:x + w].copy()


# ---------------------------------------------------------------- clips

@dataclass
class StillMotion:
    """A slow zoom from a still picture toward its face: camera motion without
    any change to the face itself."""
    image_path: Path
    size: Tuple[int, int]  # output width, height
    upscale: float = 1.0  # small pictures (messi5.jpg) are enlarged first
    zoom_to: float = 1.3

    def frames(self) -> Iterator[np.ndarray]:
        image = cv2.imread(str(self.image_path))
        if self.upscale != 1.0:
            image = cv2.resize(image, None, fx=self.upscale, fy=self.upscale, interpolation=cv2.INTER_CUBIC)
        face = largest_face(image)
        if face is None:
            raise RuntimeError(f"no face found in {self.image_path}")
        fx, fy = face[0] + face[2] / 2, face[1] + face[3] / 2
        width, height = self.size
        count = FPS * SECONDS
        for i in range(count):
            t = i / (count - 1)
            scale = 1.0 + (self.zoom_to - 1.0) * t
            # Drift the view's centre from the picture's centre toward the face.
            cx = image.shape[1] / 2 + (fx - image.shape[1] / 2) * t
            cy = image.shape[0] / 2 + (fy - image.shape[0] / 2) * t
            base = max(width / image.shape[1], height / image.shape[0])  # fill the frame
            s = base * scale
            # Keep the view inside the picture: no invented border.
            cx = min(max(cx, width / 2 / s), image.shape[1] - width / 2 / s)
            cy = min(max(cy, height / 2 / s), image.shape[0] - height / 2 / s)
            matrix = np.float32([[s, 0, width / 2 - s * cx], [0, s, height / 2 - s * cy]])
            yield cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                 borderMode=cv2.BORDER_REFLECT)


@dataclass
class VideoCut:
    path: Path
    start_s: float

    def frames(self) -> Iterator[np.ndarray]:
        cap = cv2.VideoCapture(str(self.path))
        fps = cap.get(cv2.CAP_PROP_FPS) or FPS
        cap.set(cv2.CAP_PROP_POS_FRAMES, int(self.start_s * fps))
        for _ in range(int(SECONDS * fps)):
            ok, frame = cap.read()
            if not ok:
                break
            yield frame
        cap.release()


def encode(frames: Iterator[np.ndarray], out: Path, crf: int, width: Optional[int] = None):
    """H.264/MP4 at `crf` (optionally scaled to `width`) from BGR frames."""
    first = next(frames)
    height, in_width = first.shape[:2]
    scale = ["-vf", f"scale={width}:-2"] if width else []
    cmd = ["ffmpeg", "-nostdin", "-y", "-v", "error", "-f", "rawvideo", "-pix_fmt", "bgr24",
           "-s", f"{in_width}x{height}", "-r", str(FPS), "-i", "-", *scale, "-c:v", "libx264",
           "-preset", "medium", "-crf", str(crf), "-pix_fmt", "yuv420p", "-an", str(out)]
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    proc.stdin.write(first.tobytes())
    for frame in frames:
        proc.stdin.write(frame.tobytes())
    proc.stdin.close()
    if proc.wait(timeout=300) != 0:
        raise RuntimeError(f"ffmpeg failed writing {out}")


def reencode(master: Path, out: Path, crf: int, width: Optional[int]):
    scale = ["-vf", f"scale={width}:-2"] if width else []
    subprocess.run(["ffmpeg", "-nostdin", "-y", "-v", "error", "-i", str(master), *scale, "-c:v", "libx264",
                    "-preset", "medium", "-crf", str(crf), "-pix_fmt", "yuv420p", "-an", str(out)],
                   check=True, timeout=300)


def read_frames(path: Path) -> Iterator[np.ndarray]:
    cap = cv2.VideoCapture(str(path))
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        yield frame
    cap.release()


# ---------------------------------------------------------------- splicing

def splice_face(frames: Iterator[np.ndarray], donor: np.ndarray, mode: int) -> Iterator[np.ndarray]:
    """Blends `donor` into the largest face of each frame with seamlessClone.
    A frame where the cascade finds no face reuses the last box found (the
    faces move slowly); frames before the first box pass unchanged."""
    last: Optional[Rect] = None
    for frame in frames:
        rect = largest_face(frame, min_size=40) or last
        last = rect
        yield frame if rect is None else blend(frame, donor, rect, mode)


def blend(frame: np.ndarray, donor: np.ndarray, rect: Rect, mode: int) -> np.ndarray:
    x, y, w, h = rect
    # seamlessClone needs the patch wholly inside the frame, with a margin.
    w = min(w, frame.shape[1] - 4)
    h = min(h, frame.shape[0] - 4)
    patch = cv2.resize(donor, (w, h), interpolation=cv2.INTER_AREA)
    mask = np.zeros((h, w), np.uint8)
    cv2.ellipse(mask, (w // 2, h // 2), (int(w * 0.42), int(h * 0.48)), 0, 0, 360, 255, -1)
    cx = min(max(x + w // 2, w // 2 + 2), frame.shape[1] - (w - w // 2) - 2)
    cy = min(max(y + h // 2, h // 2 + 2), frame.shape[0] - (h - h // 2) - 2)
    return cv2.seamlessClone(patch, frame, mask, (cx, cy), mode)


def fraction_of_frames_with_face(path: Path, every: int = 10) -> float:
    frames = list(read_frames(path))[::every]
    return sum(1 for f in frames if find_faces(f, min_size=30)) / max(1, len(frames))


# ---------------------------------------------------------------- sets

def sources():
    return {
        "astronaut": StillMotion(ASTRONAUT_PNG, (512, 512)),
        "messi": StillMotion(MESSI_JPG, (640, 400), upscale=2.0, zoom_to=1.5),
        "megamind": VideoCut(MEGAMIND_AVI, MEGAMIND_START_S),
    }


SOURCE_DESCRIPTIONS = {
    "astronaut": "skimage astronaut.png, slow zoom toward the face",
    "messi": "opencv-doc messi5.jpg enlarged 2x, slow zoom toward the face",
    "megamind": f"opencv-doc Megamind.avi (animated), {SECONDS} s from {MEGAMIND_START_S} s",
}


def make_masters(work: Path) -> dict:
    masters = {}
    for name, source in sources().items():
        out = work / f"master-{name}.mp4"
        if not out.exists():
            encode(source.frames(), out, MASTER_CRF)
        masters[name] = out
    return masters


# (crf, width or None for the master's own width): three qualities at full
# size, and a mid quality at a smaller size.
REAL_VARIANTS = [(18, None), (28, None), (38, None), (28, 320)]


def make_debian_real(out_dir: Path, masters: dict) -> List[dict]:
    rows = []
    for name, master in masters.items():
        for crf, width in REAL_VARIANTS:
            file = f"{name}-crf{crf}" + (f"-w{width}" if width else "") + ".mp4"
            reencode(master, out_dir / file, crf, width)
            rows.append({"file": file, "label": "real",
                         "source": f"{SOURCE_DESCRIPTIONS[name]}, re-encoded at CRF {crf}"
                                   + (f", {width} px wide" if width else ", full size")})
    return rows


SPLICE_CRF = 23
# (target clip, donor picture, seamlessClone mode)
SPLICES = [
    ("astronaut", MESSI_JPG, cv2.NORMAL_CLONE),
    ("astronaut", MESSI_JPG, cv2.MIXED_CLONE),
    ("messi", ASTRONAUT_PNG, cv2.NORMAL_CLONE),
    ("messi", ASTRONAUT_PNG, cv2.MIXED_CLONE),
    ("megamind", ASTRONAUT_PNG, cv2.NORMAL_CLONE),
    ("megamind", MESSI_JPG, cv2.NORMAL_CLONE),
]
MODE_NAMES = {cv2.NORMAL_CLONE: "normal", cv2.MIXED_CLONE: "mixed"}


def make_synthetic_splice(out_dir: Path, masters: dict) -> List[dict]:
    rows = []
    for name, master in masters.items():
        file = f"{name}-original.mp4"
        reencode(master, out_dir / file, SPLICE_CRF, None)
        rows.append({"file": file, "label": "real",
                     "source": f"control, no splice: {SOURCE_DESCRIPTIONS[name]}, CRF {SPLICE_CRF}"})
    for target, donor_path, mode in SPLICES:
        donor_name = donor_path.stem.rstrip("0123456789")
        file = f"{target}-face-of-{donor_name}-{MODE_NAMES[mode]}.mp4"
        encode(splice_face(read_frames(masters[target]), donor_face(donor_path), mode), out_dir / file, SPLICE_CRF)
        with_face = fraction_of_frames_with_face(out_dir / file)
        if with_face < 0.5:
            raise RuntimeError(f"{file}: a face is found in only {with_face:.0%} of sampled frames")
        rows.append({"file": file, "label": "fake",
                     "source": f"synthetic: {donor_path.name}'s face seamlessClone'd ({MODE_NAMES[mode]}) "
                               f"into the {target} clip, CRF {SPLICE_CRF}"})
    return rows


ALSA_SOUNDS = Path("/usr/share/sounds/alsa")
# Groups of alsa-utils announcements joined into one real-voice clip each.
ALSA_GROUPS = [
    ["Front_Left", "Front_Right", "Front_Center", "Side_Left"],
    ["Rear_Left", "Rear_Right", "Rear_Center", "Side_Right"],
    ["Side_Left", "Side_Right", "Front_Center", "Rear_Center", "Front_Left"],
    ["Front_Center", "Rear_Left", "Side_Right", "Front_Left", "Rear_Right", "Side_Left"],
]
# (espeak-ng voice, sentence) for the synthetic-voice clips.
ESPEAK_LINES = [
    ("en", "Please confirm the transfer to the new account before the end of the day. Thank you."),
    ("en-us", "I am calling about your order, it will arrive on Thursday morning, please be at home."),
    ("en+f3", "The meeting has moved to three o'clock, see you in the small room on the second floor."),
    ("en-gb+m3", "Good evening, this is a message from the front desk about your booking for tomorrow night."),
]
# Container and codec per clip, in turn: the section must read each.
VOICE_ENCODINGS = [("m4a", ["-c:a", "aac", "-b:a", "96k"]), ("mp3", ["-c:a", "libmp3lame", "-b:a", "128k"]),
                   ("wav", ["-c:a", "pcm_s16le"]), ("m4a", ["-c:a", "aac", "-b:a", "64k"])]


def encode_audio(inputs: List[Path], out: Path, codec_args: List[str]):
    """Joins the inputs (each resampled to 44.1 kHz mono) and encodes them."""
    args = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
    for path in inputs:
        args += ["-i", str(path)]
    joined = "".join(f"[{i}:a]aresample=44100,aformat=channel_layouts=mono[a{i}];" for i in range(len(inputs)))
    joined += "".join(f"[a{i}]" for i in range(len(inputs))) + f"concat=n={len(inputs)}:v=0:a=1[out]"
    subprocess.run(args + ["-filter_complex", joined, "-map", "[out]", *codec_args, str(out)], check=True)


def make_voice(out_dir: Path) -> List[dict]:
    rows = []
    for i, group in enumerate(ALSA_GROUPS):
        ext, codec = VOICE_ENCODINGS[i % len(VOICE_ENCODINGS)]
        file = f"human-{i + 1}.{ext}"
        encode_audio([ALSA_SOUNDS / f"{name}.wav" for name in group], out_dir / file, codec)
        rows.append({"file": file, "label": "real",
                     "source": f"alsa-utils human voice: {', '.join(group)} joined, {ext}"})
    for i, (voice, text) in enumerate(ESPEAK_LINES):
        ext, codec = VOICE_ENCODINGS[i % len(VOICE_ENCODINGS)]
        wav = out_dir / f"espeak-{i + 1}.tmp.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-w", str(wav), text], check=True)
        file = f"espeak-{i + 1}.{ext}"
        encode_audio([wav], out_dir / file, codec)
        wav.unlink()
        rows.append({"file": file, "label": "fake", "source": f"espeak-ng synthetic voice ({voice}), {ext}"})
    return rows


def write_set(out_dir: Path, build: Callable[[Path], List[dict]]):
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = build(out_dir)
    with open(out_dir / "labels.csv", "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "label", "source"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{out_dir}: {len(rows)} clips ({sum(r['label'] == 'fake' for r in rows)} fake)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Builds labelled development sets from Debian's media.")
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    work = args.outdir / "masters"
    work.mkdir(parents=True, exist_ok=True)
    masters = make_masters(work)
    write_set(args.outdir / "debian-real", lambda d: make_debian_real(d, masters))
    write_set(args.outdir / "synthetic-splice", lambda d: make_synthetic_splice(d, masters))
    write_set(args.outdir / "voice", make_voice)
    return 0


if __name__ == "__main__":
    sys.exit(main())
