#!/usr/bin/python3
"""The product's per-clip analysis time against the Python reference
(bench/reference/reference_pipeline.py), in one run on the same clips with
the same detectors (issue 16's target: product <= 0.5x the reference).

The product is the real worker: a deeptrace-api with a SQLite store in a
temp dir and one deeptrace-worker, each clip uploaded over HTTP; its time is
the report's timings_ms.total (the analysis alone, models loaded once, as
the reference's). The worker runs the visual section only (temporal and
audio sections off), the work the reference does; with --with-defaults a
second worker with the default settings (LRNet, AASIST on) adds a column.
The reference runs with OMP_WAIT_POLICY=PASSIVE, which the worker sets for
itself; --with-reference-spin adds it with OpenMP's default (spinning) wait,
--with-reference-tuned with the product's batch sizes instead of one
batch per model and NHWC (channels_last) weights, as the product has them.
Each clip goes through the product and the reference in turn, --runs times
(who goes first alternates), after one warm-up each. Then it runs
`detect_bench MODELS 32 RUNS clips` for total / decode-only and peak RSS.

Clips (ffmpeg, in a temp dir, never kept): Megamind.avi at 10 s 720p and
10 s 1080p (detect_bench's), astronaut.png moving over a 720p background
for 10 s, with --long the 2 min 1080p clip, and the eval-dev clips read in
place from ../shared/fixtures/eval-dev.

    /usr/bin/python3 bench/speed_vs_reference.py [--runs 3] [--with-defaults] [--with-reference-spin]
        [--with-reference-tuned] [--long] [--no-detect-bench] [--reference-args '--exact-frames']

On a shared machine only ratios measured within one run mean anything.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent / "tests"))
from support import paths  # noqa: E402
from support.processes import Admin, ApiServer, Worker, wait_for  # noqa: E402

REFERENCE = BENCH / "reference" / "reference_pipeline.py"
EVAL_DEV = Path(os.environ.get("DEEPTRACE_EVAL_DEV", BENCH.parent.parent / "shared" / "fixtures" / "eval-dev"))
VISUAL_ONLY = ["--temporal-windows", "0", "--audio-windows", "0"]
FRAMES = 32


# ---------------------------------------------------------------- clips

def ffmpeg(out: Path, args) -> Path:
    if not out.exists():
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args, str(out)], check=True, timeout=600)
    return out


def megamind(dir_: Path, height: int, seconds: int, start: float = 0) -> Path:
    """Megamind.avi looped and scaled, x264 with a 2 s GOP (as detect_bench makes them)."""
    return ffmpeg(dir_ / f"megamind-{height}p-{seconds}s-{start:g}.mp4", [
        "-ss", str(start), "-stream_loop", "-1", "-i", str(paths.MEGAMIND_AVI), "-t", str(seconds),
        "-vf", f"scale=-2:{height}", "-r", "24", "-g", "48", "-c:v", "libx264", "-preset", "veryfast",
        "-pix_fmt", "yuv420p", "-an"])


def moving_astronaut(dir_: Path, seconds: int = 10) -> Path:
    """A real face that moves: astronaut.png gliding over a 720p background."""
    return ffmpeg(dir_ / f"astronaut-moving-{seconds}s.mp4", [
        "-f", "lavfi", "-i", f"color=c=0x3a4a5a:s=1280x720:r=24:d={seconds}", "-loop", "1",
        "-i", str(paths.ASTRONAUT_PNG), "-filter_complex",
        "[1]scale=420:420[a];[0][a]overlay=x='430+300*sin(0.6*t)':y='150+100*sin(0.9*t)':shortest=1",
        "-t", str(seconds), "-g", "48", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"])


def eval_dev_clips():
    return sorted(EVAL_DEV.glob("*.mp4")) if EVAL_DEV.is_dir() else []


def make_clips(dir_: Path, long: bool):
    """[(label, path)]: generated clips first, then eval-dev's."""
    clips = [("megamind 10 s 720p", megamind(dir_, 720, 10)), ("megamind 10 s 1080p", megamind(dir_, 1080, 10)),
             ("astronaut moving 10 s 720p", moving_astronaut(dir_))]
    if long:
        clips.append(("megamind 2 min 1080p", megamind(dir_, 1080, 120)))
    return clips + [(f"eval-dev {p.name}", p) for p in eval_dev_clips()]


# ---------------------------------------------------------------- the product

def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine_busy_s() -> float:
    """CPU seconds all cores spent busy since boot (/proc/stat; steal excluded)."""
    user, nice, system, _idle, _iowait, irq, softirq = map(int, Path("/proc/stat").read_text().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """CPU seconds (user + system, all threads) of one running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu_s(pids) -> float:
    """CPU seconds of this bench and the processes it runs (`pids`)."""
    times = os.times()
    return sum(process_cpu_s(pid) for pid in pids) + times.user + times.system


class Product:
    """deeptrace-api with a SQLite store in `dir_` and `workers` deeptrace-worker processes."""

    def __init__(self, dir_: Path, worker_args=(), workers: int = 1):
        state = dir_ / "state"
        state.mkdir(parents=True)
        key = Admin(state).add_user("bench")
        # No upload quotas: a bench queues more than 60 uploads a minute.
        self.api = ApiServer(state, dir_ / "api.log", ["--limit-uploads-per-minute", "0"], log_level="warn")
        self.client = self.api.client(key)
        self.workers = [Worker(state, paths.models_dir(), f"bench-{i}", dir_ / f"worker-{i}.log",
                               [*worker_args, "--log-level", "info"]) for i in range(workers)]
        for w in self.workers:  # measure analyses, not model loading
            wait_for(lambda w=w: any(line.get("msg") == "worker started" for line in w.log_lines()), 300,
                     what="worker start")

    def submit(self, clip: Path) -> str:
        res = self.client.upload(clip.read_bytes(), filename=clip.name, fields={"frames": str(FRAMES)})
        if res.status not in (200, 201, 202):
            raise RuntimeError(f"upload of {clip} answered {res.status}: {res.body[:300]!r}")
        return res.json()["job_id"]

    def wait(self, job_id: str, timeout: float = 600) -> dict:
        def finished():
            job = self.client.get(f"/api/v1/jobs/{job_id}").json()
            return job if job["status"] in ("COMPLETED", "FAILED", "CANCELLED") else None
        job = wait_for(finished, timeout, interval=0.1, what=f"job {job_id}")
        if job["status"] != "COMPLETED":
            raise RuntimeError(f"job {job_id} ended {job['status']}: {job.get('error')}")
        return job

    def analyze(self, clip: Path) -> dict:
        report = self.wait(self.submit(clip))["result"]
        visual = report["evidence"]["visual"]
        return {"ms": report["timings_ms"]["total"], "stages_ms": report["timings_ms"],
                "frames": visual["frames_analyzed"], "crops": visual["faces_classified"],
                "frame_times": [f["t"] for f in visual["frames"]],
                "faces_per_frame": [f["faces"] for f in visual["frames"]],
                "frame_scores": [f.get("scores") for f in visual["frames"]]}

    def peak_rss_mb(self) -> float:
        return max(peak_rss_mb(w.proc.pid) for w in self.workers)

    def pids(self):
        return [self.api.proc.pid] + [w.proc.pid for w in self.workers]

    def stop(self):
        for w in self.workers:
            w.stop()
        self.api.stop()


# ---------------------------------------------------------------- the reference

class ReferenceProcess:
    """reference_pipeline.py --serve: models loaded once, one clip per request."""

    def __init__(self, extra_args=(), passive_wait=True):
        cmd = ["/usr/bin/python3", str(REFERENCE), "--serve", "--models", str(paths.models_dir()),
               "--frames", str(FRAMES), *extra_args]
        # The worker sets OMP_WAIT_POLICY=PASSIVE for itself (README): idle
        # OpenMP threads sleep instead of spinning on a core that decoding or
        # another process needs. The reference gets the same by default, so
        # that the comparison is about the code, not about this setting.
        env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        if passive_wait:
            env["OMP_WAIT_POLICY"] = "PASSIVE"
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    def analyze(self, clip: Path) -> dict:
        self.proc.stdin.write(f"{clip}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the reference exited ({self.proc.poll()}) on {clip}")
        return json.loads(line)

    def peak_rss_mb(self) -> float:
        return peak_rss_mb(self.proc.pid)

    def pids(self):
        return [self.proc.pid]

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


# ---------------------------------------------------------------- measuring

def measure(clips, runners, runs: int):
    """{runner: {label: [result per run]}}; every clip through every runner
    in turn, the order rotating each run so that drift in the machine's load
    does not favour one side."""
    results = {name: {label: [] for label, _ in clips} for name in runners}
    names = list(runners)
    pids = [pid for runner in runners.values() for pid in runner.pids()]
    busy, ours, start = machine_busy_s(), own_cpu_s(pids), time.monotonic()
    for name in names:  # warm-up: TorchScript optimises its first calls
        runners[name].analyze(clips[0][1])
    for run in range(runs):
        for label, clip in clips:
            shift = run % len(names)
            for name in names[shift:] + names[:shift]:
                results[name][label].append(runners[name].analyze(clip))
        print(f"run {run + 1}/{runs} done", file=sys.stderr, flush=True)
    others = max(0.0, machine_busy_s() - busy - (own_cpu_s(pids) - ours)) / (time.monotonic() - start)
    return results, others


def median_of(results, key="ms"):
    return statistics.median(r[key] for r in results)


def stage_median(results, stage):
    values = [r["stages_ms"].get(stage) for r in results]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def agreement(product: dict, reference: dict):
    """(frames at the same times, frames with the same face count, max and
    median |score difference| on those frames) between one product and one
    reference result on the same clip."""
    same_t = sum(abs(a - b) < 1e-3 for a, b in zip(product["frame_times"], reference["frame_times"]))
    same_faces = [i for i, (a, b) in enumerate(zip(product["faces_per_frame"], reference["faces_per_frame"])) if a == b]
    diffs = [abs(p[n] - r[n]) for i in same_faces
             if (p := product["frame_scores"][i]) and (r := reference["frame_scores"][i]) for n in r]
    return same_t, len(same_faces), max(diffs, default=0.0), statistics.median(diffs) if diffs else 0.0


# ---------------------------------------------------------------- tables

# Ratio columns: (numerator, denominator) runner names, where both ran.
RATIOS = [("product", "reference"), ("defaults", "reference"), ("product", "reference-spin"),
          ("product", "reference-tuned")]
TITLES = {"product": "product", "reference": "reference", "defaults": "product, worker defaults",
          "reference-spin": "reference, OpenMP default wait", "reference-tuned": "reference, product's batches + NHWC"}
# The product's two model-side tricks, in Python: its batch sizes (BlazeFace
# front 8 frames, back 2, MesoNet 4 crops) and NHWC (channels_last) weights.
PRODUCT_TRICKS = ["--front-batch", "8", "--back-batch", "2", "--crop-batch", "4", "--channels-last"]


def print_main_table(clips, results):
    names = list(results)
    ratios = [(a, b) for a, b in RATIOS if a in results and b in results]
    print("| clip | frames | crops product / reference | " + " | ".join(f"{TITLES[n]} ms" for n in names) + " | "
          + " | ".join(f"{TITLES[a]} / {TITLES[b]}" for a, b in ratios) + " |")
    print("|---|---|---|" + "---|" * (len(names) + len(ratios)))
    per_clip = {pair: [] for pair in ratios}
    for label, _ in clips:
        medians = {n: median_of(results[n][label]) for n in names}
        for a, b in ratios:
            per_clip[(a, b)].append(medians[a] / medians[b])
        prod, ref = results["product"][label][-1], results["reference"][label][-1]
        print(f"| {label} | {prod['frames']} | {prod['crops']} / {ref['crops']} | "
              + " | ".join(f"{medians[n]:,.0f}" for n in names) + " | "
              + " | ".join(f"{per_clip[pair][-1]:.2f}" for pair in ratios) + " |")
    print("\nmedian of the per-clip ratios: " + "; ".join(
        f"{TITLES[a]} / {TITLES[b]} {statistics.median(values):.2f}" for (a, b), values in per_clip.items())
        + " (target: product / reference <= 0.5)")


def print_stage_table(clips, results):
    print("\nWhere the time goes (medians, ms). Product: busy time per stage from its report (decoding runs on "
          "its own thread beside faces and classify); rest = total - faces - classify - saliency - identity: waiting "
          "for frames, dlib's HOG confirmation of tracks, tracks, thumbnails, the report. Reference: one stage after "
          "the other.\n")
    print("| clip | product decode | faces | classify | saliency | identity | rest | total "
          "| reference decode | faces | crops | classify | total |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, _ in clips:
        prod, ref = results["product"][label], results["reference"][label]
        stages = {s: stage_median(prod, s) for s in ("decode", "faces", "classify", "saliency", "identity")}
        rest = statistics.median(r["ms"] - sum(r["stages_ms"].get(s, 0) for s in list(stages)[1:]) for r in prod)
        cells = list(stages.values()) + [rest, median_of(prod)]
        cells += [stage_median(ref, s) for s in ("decode", "faces", "crops", "classify")] + [median_of(ref)]
        print(f"| {label} | " + " | ".join("-" if c is None else f"{c:,.0f}" for c in cells) + " |")


def print_agreement_table(clips, results):
    print("\nSame work? Last run of each: sampled frames at the same times, frames with the same number of "
          "faces, and on those the |difference| of the per-frame detector scores (the report's frames list).\n")
    print("| clip | frames same time | same face count | max score diff | median score diff |")
    print("|---|---|---|---|---|")
    for label, _ in clips:
        prod, ref = results["product"][label][-1], results["reference"][label][-1]
        same_t, same_faces, worst, typical = agreement(prod, ref)
        print(f"| {label} | {same_t}/{prod['frames']} | {same_faces}/{prod['frames']} | {worst:.3f} | {typical:.4f} |")


# ---------------------------------------------------------------- detect_bench

def detect_bench(runs: int):
    """detect_bench's clip table: (rows of (clip, total, decode-only, ratio), peak RSS line)."""
    exe = paths.binary("detect_bench")
    if not exe.exists():
        return None, "(detect_bench not built)"
    out = subprocess.run([str(exe), str(paths.models_dir()), str(FRAMES), str(runs), "clips"], capture_output=True,
                         text=True, check=True, timeout=1800).stdout
    rows = []
    for line in out.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 11 and re.match(r"\d", cells[1] or ""):
            rows.append((cells[0], cells[5], cells[7], cells[10]))
    rss = next((line for line in out.splitlines() if line.startswith("peak RSS")), "")
    return rows, rss


def print_detect_bench(runs: int):
    build = build_line("detect_bench")
    rows, rss = detect_bench(runs)
    print(f"\ndetect_bench {FRAMES} frames, median of {runs} (worker defaults: temporal K=1 and audio on), ms; "
          f"{build}\n")
    if rows is None:
        print(rss)
        return
    print("| clip | total | decode-only | total / decode-only |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\ndetect_bench {rss} (target: total / decode-only <= 1.3, peak RSS <= 500 MB)")


# ---------------------------------------------------------------- main

def build_line(name: str) -> str:
    """Which binary runs: the checkout's commit and the binary's build time,
    read when it starts (a shared build directory may be rebuilt meanwhile;
    running processes keep the binary they started with)."""
    head = subprocess.run(["git", "-C", str(BENCH.parent), "describe", "--always", "--dirty"],
                          check=False, capture_output=True, text=True).stdout.strip()
    exe = paths.binary(name)
    built = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(exe.stat().st_mtime)) if exe.exists() else "?"
    return f"{name} built {built}, checkout {head or '?'}"


def add_build_flag(parser):
    parser.add_argument("--build", help="build directory (default: build, or $DEEPTRACE_BUILD_DIR)")


def use_build_dir(args):
    """--build, for tests/support's binary paths (read when a process starts)."""
    if args.build:
        os.environ["DEEPTRACE_BUILD_DIR"] = str(Path(args.build).resolve())


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs per clip and side (after one warm-up)")
    parser.add_argument("--with-defaults", action="store_true",
                        help="also time a worker with its default settings (temporal and audio sections on)")
    parser.add_argument("--with-reference-spin", action="store_true",
                        help="also time the reference with OpenMP's default wait policy (threads spin when idle)")
    parser.add_argument("--with-reference-tuned", action="store_true",
                        help="also time the reference with the product's batch sizes (8 / 2 / 4) and NHWC weights")
    parser.add_argument("--long", action="store_true", help="add the 2 min 1080p clip")
    parser.add_argument("--clip", action="append", help="only clips whose label contains this (repeatable)")
    parser.add_argument("--no-detect-bench", action="store_true", help="skip detect_bench's table")
    parser.add_argument("--detect-bench-runs", type=int, default=3)
    parser.add_argument("--reference-args", default="",
                        help="extra reference_pipeline.py flags, e.g. '--exact-frames'")
    add_build_flag(parser)
    return parser.parse_args()


def main():
    args = parse_args()
    use_build_dir(args)
    started = time.monotonic()
    worker_build = build_line("deeptrace-worker")
    with tempfile.TemporaryDirectory(prefix="deeptrace-speed-") as tmp:
        tmp = Path(tmp)
        (tmp / "clips").mkdir()
        clips = [c for c in make_clips(tmp / "clips", args.long) if not args.clip or any(k in c[0] for k in args.clip)]
        runners = {"product": Product(tmp / "product", VISUAL_ONLY),
                   "reference": ReferenceProcess(args.reference_args.split())}
        if args.with_defaults:
            runners["defaults"] = Product(tmp / "defaults")
        if args.with_reference_spin:
            runners["reference-spin"] = ReferenceProcess(args.reference_args.split(), passive_wait=False)
        if args.with_reference_tuned:
            runners["reference-tuned"] = ReferenceProcess([*args.reference_args.split(), *PRODUCT_TRICKS])
        try:
            results, others = measure(clips, runners, args.runs)
            rss = {name: runner.peak_rss_mb() for name, runner in runners.items()}
        finally:
            for runner in runners.values():
                runner.stop()
    print(f"{FRAMES} frames per clip, BlazeFace (front + back) and 4 MesoNet detectors; median of {args.runs} runs "
          f"per clip and side, in turn, after a warm-up; product = deeptrace-worker, visual section only, "
          f"its report's timings_ms.total; reference = reference_pipeline.py {args.reference_args} "
          f"(OMP_WAIT_POLICY=PASSIVE, as the worker sets for itself); {worker_build}\n")
    print_main_table(clips, results)
    print_stage_table(clips, results)
    print_agreement_table(clips, results)
    print(f"\nother processes kept {others:.2f} of the {len(os.sched_getaffinity(0))} cores busy on average "
          "while this ran (/proc/stat less this bench's processes)")
    print("\npeak RSS over all clips: " + ", ".join(f"{name} {mb:,.0f} MB" for name, mb in rss.items()))
    if not args.no_detect_bench:
        print_detect_bench(args.detect_bench_runs)
    print(f"\n({time.monotonic() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
