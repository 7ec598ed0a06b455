#!/usr/bin/python3
"""Jobs per minute on this machine with K workers of T inference threads
each, over a queue of --jobs (20) clips, as the test suite runs the product:
a deeptrace-api with a SQLite store in a temp dir and K deeptrace-worker
processes (tests/support/processes.py), the clips uploaded over HTTP.

For each setting (--configs, default 1x1,1x2,2x1,2x2: workers x
--inference-threads, which also sets the decoder's threads): start the API
and the workers, wait until every worker has loaded its models and finished
one warm-up job (TorchScript optimises its first calls), then upload the
whole queue at once and wait until every job is done. Jobs per minute is the
queue over the wall time from the first upload to the last job's finish.
Each setting runs --rounds (2) times, the order reversed every other round,
and the table gives medians and each round's figure, with how many cores
other processes kept busy meanwhile (/proc/stat less this bench's own
processes): on a shared machine a busy neighbour explains a slow round.
Workers keep their default sections (temporal and audio on) unless
--visual-only. A setting with ":after" (e.g. 1x2:after) runs the workers
with --sections-after-visual: the temporal and audio sections after the
visual one instead of beside it, for the smaller peak memory.

Clips (ffmpeg, in a temp dir, never kept): Megamind.avi at 10 s 480p, 720p
and 1080p, the moving astronaut at 720p and the eval-dev clips read in
place, cycled to fill the queue.

    /usr/bin/python3 bench/throughput.py [--jobs 20] [--configs 1x1,1x2,2x1,2x2,1x2:after] [--rounds 2] [--visual-only]

On a shared machine only ratios measured within one run mean anything.
"""
import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed_vs_reference as bench  # noqa: E402


def parse_time(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


def make_pool(dir_: Path):
    """The distinct clips the queue cycles through."""
    dir_.mkdir(parents=True, exist_ok=True)
    megamind = [bench.megamind(dir_, 480, 10, start=3), bench.megamind(dir_, 720, 10),
                bench.megamind(dir_, 1080, 10, start=5)]
    return megamind + [bench.moving_astronaut(dir_)] + bench.eval_dev_clips()


def parse_config(text: str):
    """WORKERSxTHREADS[:after]: (workers, threads, extra worker flags)."""
    shape, _, mode = text.lower().partition(":")
    if mode not in ("", "after"):
        raise SystemExit(f"unknown setting {text!r}: WORKERSxTHREADS or WORKERSxTHREADS:after")
    workers, threads = shape.split("x")
    return int(workers), int(threads), ["--sections-after-visual"] if mode == "after" else []


def warm_up(product: bench.Product, clip: Path):
    """Until every worker has completed a job: the first analyses of a
    process are slower (TorchScript profiles and optimises them)."""
    def all_warm():
        return all(any(line.get("msg") == "job completed" for line in w.log_lines()) for w in product.workers)
    while not all_warm():
        pending = [product.submit(clip) for _ in product.workers]
        for job_id in pending:
            product.wait(job_id)


def run_queue(product: bench.Product, clips):
    """Uploads every clip at once and waits for all: the finished job
    documents, the wall time, and the cores other processes kept busy
    meanwhile (the machine is shared: a busy neighbour explains a slow run)."""
    busy, ours = bench.machine_busy_s(), bench.own_cpu_s(product.pids())
    start = time.time()
    job_ids = [product.submit(clip) for clip in clips]
    jobs = [product.wait(job_id, timeout=1800) for job_id in job_ids]
    wall = max(parse_time(j["finished_at"]) for j in jobs) - start
    others = max(0.0, bench.machine_busy_s() - busy - (bench.own_cpu_s(product.pids()) - ours)) / max(wall, 1e-9)
    return jobs, wall, others


def measure(config: str, clips, tmp: Path, worker_args):
    """One queue through `config`'s workers: jobs/min and per-job figures."""
    workers, threads, extra = parse_config(config)
    product = bench.Product(tmp / f"run-{config.replace(':', '-')}-{time.monotonic_ns()}",
                            [*worker_args, *extra, "--inference-threads", str(threads)], workers)
    try:
        warm_up(product, clips[0])
        jobs, wall, others = run_queue(product, clips)
        return {"jobs_per_min": len(jobs) / wall * 60, "wall_s": wall, "others": others,
                "job_s": statistics.median(parse_time(j["finished_at"]) - parse_time(j["started_at"]) for j in jobs),
                "analysis_ms": statistics.median(j["result"]["timings_ms"]["total"] for j in jobs),
                "rss_mb": product.peak_rss_mb()}
    finally:
        product.stop()


def measure_all(configs, clips, tmp: Path, worker_args, rounds: int):
    """{config: [result per round]}, the order reversed every other round
    so that a change in the machine's load does not favour one setting."""
    results = {config: [] for config in configs}
    for r in range(rounds):
        for config in configs if r % 2 == 0 else configs[::-1]:
            results[config].append(measure(config, clips, tmp, worker_args))
            print(f"round {r + 1}: {config} done", file=sys.stderr, flush=True)
    return results


def per_round(runs, key: str, fmt: str) -> str:
    return " / ".join(format(r[key], fmt) for r in runs)


def print_table(results, jobs: int, rounds: int, visual_only: bool, worker_build: str):
    sections = "visual only" if visual_only else "defaults (visual, temporal K=1, audio)"
    print(f"{jobs} jobs queued at once, 32 frames each; {len(os.sched_getaffinity(0))} cores; medians of {rounds} "
          f"rounds; worker sections: {sections}; {worker_build}\n")
    print("| workers x inference threads | jobs/min | jobs/min per round | median job s (claimed to finished) "
          "| median analysis ms (timings_ms.total) | other processes' load per round, cores "
          "| peak RSS, largest worker MB |")
    print("|---|---|---|---|---|---|---|")
    for config, runs in results.items():
        jobs_per_min = statistics.median(r["jobs_per_min"] for r in runs)
        job_s = statistics.median(r["job_s"] for r in runs)
        analysis_ms = statistics.median(r["analysis_ms"] for r in runs)
        print(f"| {config} | {jobs_per_min:.1f} | {per_round(runs, 'jobs_per_min', '.1f')} | {job_s:.2f} "
              f"| {analysis_ms:,.0f} | {per_round(runs, 'others', '.2f')} | {max(r['rss_mb'] for r in runs):,.0f} |")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--configs", default="1x1,1x2,2x1,2x2", help="comma separated WORKERSxTHREADS, each with :after for --sections-after-visual")
    parser.add_argument("--rounds", type=int, default=2, help="queues per setting, in alternating order")
    parser.add_argument("--visual-only", action="store_true", help="workers without temporal and audio sections")
    bench.add_build_flag(parser)
    return parser.parse_args()


def main():
    args = parse_args()
    bench.use_build_dir(args)
    started = time.monotonic()
    worker_args = bench.VISUAL_ONLY if args.visual_only else []
    worker_build = bench.build_line("deeptrace-worker")
    with tempfile.TemporaryDirectory(prefix="deeptrace-throughput-") as tmp:
        tmp = Path(tmp)
        clips = list(itertools.islice(itertools.cycle(make_pool(tmp / "clips")), args.jobs))
        results = measure_all(args.configs.split(","), clips, tmp, worker_args, args.rounds)
    print_table(results, args.jobs, args.rounds, args.visual_only, worker_build)
    print(f"\n({time.monotonic() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
