#!/usr/bin/env python3
"""Benchmarks of the core loop on this machine, printed as a table (no
assertions): upload-to-pickup latency with an idle worker, GET job throughput
(wrk), claim throughput with 8 workers (store_claim_bench) and the API's peak
RSS during a 1 GiB streamed upload.

    python3 bench/api_bench.py [--samples 40] [--build build]

With --store (repeatable; "sqlite" or mongodb://HOST:PORT without a
database) it instead compares backends: upload-to-pickup latency and claim
throughput per store, each measured --repeats times on a fresh database,
medians in one table:

    python3 bench/api_bench.py --store sqlite --store mongodb://127.0.0.1:27017 --repeats 3
"""
import argparse
import http.client
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support import paths  # noqa: E402
from support.media import MediaFactory  # noqa: E402
from support.processes import Admin, ApiServer, Worker, wait_for  # noqa: E402


def parse_time(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def pickup_latency(client, clip: Path, samples: int):
    """created_at -> started_at of each job, one job at a time (worker idle)."""
    latencies = []
    data = clip.read_bytes()
    for i in range(samples):
        time.sleep(0.25)  # let the worker go back to idle polling
        res = client.upload(data, filename=f"bench-{i}.mp4", fields={"frames": "1"},
                            headers={"Idempotency-Key": f"bench-{time.time_ns()}"})
        job_id = res.json()["job_id"]
        job = wait_for(lambda: (j := client.get(f"/api/v1/jobs/{job_id}").json())["status"]
                       in ("COMPLETED", "FAILED") and j, 120, interval=0.05, what="job")
        latencies.append((parse_time(job["started_at"]) - parse_time(job["created_at"])) * 1000)
    return latencies, job_id


def get_throughput(api, key: str, job_id: str):
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(["wrk", "-t2", "-c32", "-d8s", "-H", f"Authorization: Bearer {key}",
                          f"{api.base_url}/api/v1/jobs/{job_id}"], capture_output=True, text=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else None


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def big_upload(api, key: str, total_bytes: int):
    """Streams total_bytes of raw body; returns (peak RSS before, after, status, seconds)."""
    before = peak_rss_mb(api.proc.pid)
    conn = http.client.HTTPConnection(api.host, api.port, timeout=600)
    conn.putrequest("POST", "/api/v1/jobs")
    conn.putheader("Authorization", f"Bearer {key}")
    conn.putheader("Content-Type", "video/mp4")
    conn.putheader("Content-Length", str(total_bytes))
    conn.endheaders()
    chunk = os.urandom(1 << 20)
    start = time.monotonic()
    for _ in range(total_bytes // len(chunk)):
        conn.send(chunk)
    status = conn.getresponse().status
    seconds = time.monotonic() - start
    conn.close()
    return before, peak_rss_mb(api.proc.pid), status, seconds


def claim_bench(*args: str) -> str:
    exe = paths.binary("store_claim_bench")
    if not exe.exists():
        return "(store_claim_bench not built)"
    with tempfile.TemporaryDirectory() as d:
        return subprocess.run([str(exe), "--dir", d, *args], capture_output=True, text=True, check=True).stdout.strip()


def claim_rates(store: str, jobs: int, repeats: int) -> dict:
    """{workers: median claim+complete/s} from store_claim_bench's table."""
    out = claim_bench("--jobs", str(jobs), "--workers", "1,8", "--repeats", str(repeats),
                      *(["--store", store] if store != "sqlite" else []))
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in out.splitlines()[2:]]
    return {int(r[1]): float(r[5]) for r in rows}


def store_pickup(store: str, tmp: Path, clip: Path, samples: int) -> list:
    """Pickup latencies with a fresh API, idle worker and database (own directories, like separate machines)."""
    url = "" if store == "sqlite" else f"{store}/dt_bench_{secrets.token_hex(6)}"
    machine = (lambda name: tmp / name) if url else (lambda name: tmp / "state")
    key = Admin(machine("admin"), url).add_user("bench")
    api = ApiServer(machine("api"), tmp / "api.log", store_url=url, log_level="warn")
    worker = Worker(machine("worker"), paths.models_dir(), "bench-worker", tmp / "worker.log", store_url=url)
    try:
        wait_for(lambda: any(l.get("msg") == "worker started" for l in worker.log_lines()), 120, what="worker start")
        return pickup_latency(api.client(key), clip, samples)[0]
    finally:
        worker.stop()
        api.stop()


def compare_stores(stores, samples: int, repeats: int, jobs: int):
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        clip = MediaFactory(Path(tmp) / "media").face_mp4(seconds=1.0)
        for store in stores:
            runs = [store_pickup(store, Path(tempfile.mkdtemp(dir=tmp)), clip, samples) for _ in range(repeats)]
            p50 = statistics.median(statistics.median(r) for r in runs)
            p99 = statistics.median(percentile(r, 99) for r in runs)
            rates = claim_rates(store, jobs, repeats)
            rows.append((("SQLite" if store == "sqlite" else "MongoDB (FerretDB)"), p50, p99, rates[1], rates[8]))
    print(f"Medians of {repeats} runs; pickup: {samples} jobs per run; claim: {jobs} jobs per run")
    print("| backend | upload-to-pickup p50 | p99 | claim+complete/s, 1 worker | 8 workers |")
    print("|---|---|---|---|---|")
    for name, p50, p99, one, eight in rows:
        print(f"| {name} | {p50:.0f} ms | {p99:.0f} ms | {one:,.0f} | {eight:,.0f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--build")
    parser.add_argument("--store", action="append", help='"sqlite" or mongodb://HOST:PORT: compare backends')
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2000, help="jobs per claim-throughput run")
    args = parser.parse_args()
    if args.build:
        os.environ["DEEPTRACE_BUILD_DIR"] = str(Path(args.build).resolve())
    if args.store:
        return compare_stores(args.store, args.samples, args.repeats, args.jobs)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        state = tmp / "state"
        key = Admin(state).add_user("bench")
        api = ApiServer(state, tmp / "api.log", ["--max-upload-bytes", str(2 << 30)], log_level="warn")
        worker = Worker(state, paths.models_dir(), "bench-worker", tmp / "worker.log")
        try:
            clip = MediaFactory(tmp / "media").face_mp4(seconds=1.0)
            # Measure an idle worker, not one still loading its models.
            wait_for(lambda: any(l.get("msg") == "worker started" for l in worker.log_lines()), 120,
                     what="worker start")
            latencies, job_id = pickup_latency(api.client(key), clip, args.samples)
            worker.stop()
            rps = get_throughput(api, key, job_id)
            before, after, status, seconds = big_upload(api, key, 1 << 30)
        finally:
            api.stop()
    print("| benchmark | result |")
    print("|---|---|")
    print(f"| upload-to-pickup latency, idle worker ({len(latencies)} jobs) | "
          f"p50 {statistics.median(latencies):.0f} ms, p99 {percentile(latencies, 99):.0f} ms |")
    print(f"| GET /api/v1/jobs/{{id}} (wrk, 2 threads, 32 connections, 8 s) | "
          f"{rps:.0f} req/s |" if rps else "| GET throughput | wrk not installed |")
    print(f"| API peak RSS, 1 GiB streamed upload ({seconds:.1f} s, answer {status}) | "
          f"{before:.1f} MB before, {after:.1f} MB after |")
    print("\nclaim + complete throughput (SQLite, store_claim_bench):")
    print(claim_bench("--jobs", "2000", "--workers", "1,8"))


if __name__ == "__main__":
    main()
