#!/usr/bin/env python3
"""Runs a labelled folder of media through a running DeepTrace API and
measures the verdicts (docs/evaluation.md).

    python3 bench/eval/eval.py DIR --labels DIR/labels.csv --url URL --key KEY
        [--frames N] [--json OUT.json] [--set-name NAME] [--timeout-s S]

labels.csv has the columns file,label,source (label real|fake). Clips are
sent one at a time, so each clip's time (upload to end of job) is its own and
not time spent queued behind the others. A job that FAILED, was CANCELLED,
was refused at upload or did not end in time is recorded with its error code
and counted in the "failed" column; it is never skipped. Python 3 standard
library only.
"""
import argparse
import csv
import json
import mimetypes
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Dict, List, Optional, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import metrics  # noqa: E402

TERMINAL_STATUSES = ("COMPLETED", "FAILED", "CANCELLED")
POLL_INTERVAL_S = 0.25
HTTP_TIMEOUT_S = 120.0


# ---------------------------------------------------------------- labels

def read_labels(path: Path) -> List[Dict[str, str]]:
    """The rows of labels.csv, each with file, label and source; refuses an
    unknown label or a duplicate file, so a typo cannot shift the figures."""
    rows, seen = [], set()
    with open(path, newline="", encoding="utf-8") as f:
        for line_no, row in enumerate(csv.DictReader(f), start=2):
            name, label = (row.get("file") or "").strip(), (row.get("label") or "").strip().lower()
            if not name:
                raise ValueError(f"{path}:{line_no}: empty file name")
            if label not in metrics.LABELS:
                raise ValueError(f"{path}:{line_no}: label {label!r} is not real or fake")
            if name in seen:
                raise ValueError(f"{path}:{line_no}: {name} is listed twice")
            seen.add(name)
            rows.append({"file": name, "label": label, "source": (row.get("source") or "").strip()})
    if not rows:
        raise ValueError(f"{path}: no clips listed")
    return rows


# ---------------------------------------------------------------- the API

class Api:
    """The few calls the harness makes: upload, read a job, cancel a job."""

    def __init__(self, url: str, key: str):
        self.url, self.key = url.rstrip("/"), key

    def _request(self, method: str, path: str, body: Optional[bytes] = None,
                 content_type: Optional[str] = None) -> Tuple[int, dict]:
        headers = {"Authorization": f"Bearer {self.key}", "Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=HTTP_TIMEOUT_S) as res:
                return res.status, json.loads(res.read() or b"{}")
        except urllib.error.HTTPError as err:
            # Error answers carry the API's JSON error shape; keep its code.
            raw = err.read()
            try:
                return err.code, json.loads(raw)
            except ValueError:
                return err.code, {"error": {"code": f"HTTP_{err.code}", "message": raw[:200].decode(errors="replace")}}

    def upload(self, path: Path, frames: Optional[int]) -> Tuple[int, dict]:
        fields = {} if frames is None else {"frames": str(frames)}
        body, content_type = encode_multipart(fields, path)
        return self._request("POST", "/api/v1/jobs", body, content_type)

    def job(self, job_id: str) -> Tuple[int, dict]:
        return self._request("GET", f"/api/v1/jobs/{job_id}")

    def cancel(self, job_id: str):
        self._request("POST", f"/api/v1/jobs/{job_id}/cancel", b"{}", "application/json")


def encode_multipart(fields: Dict[str, str], file_path: Path) -> Tuple[bytes, str]:
    boundary = "eval" + uuid.uuid4().hex
    out = bytearray()
    for name, value in fields.items():
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    content_type = mimetypes.guess_type(file_path.name)[0] or "application/octet-stream"
    filename = file_path.name.replace("\\", "\\\\").replace('"', '\\"')
    out += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n").encode()
    out += file_path.read_bytes() + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


# ---------------------------------------------------------------- one clip

def run_clip(api: Api, clip_dir: Path, row: Dict[str, str], frames: Optional[int], timeout_s: float) -> dict:
    """Uploads one clip, waits for its job to end (at most timeout_s) and
    returns its record."""
    record = {"file": row["file"], "label": row["label"], "source": row["source"], "job_id": None,
              "status": None, "verdict": None, "outcome": "failed", "fake_score": None, "reason": None,
              "error_code": None, "error_message": None, "time_s": None, "frames_used": None,
              "software_version": None, "fusion_version": None,
              "detectors": {}, "warnings": []}
    started = time.monotonic()
    path = clip_dir / row["file"]
    if not path.is_file():
        return _failed(record, "EVAL_FILE_MISSING", f"{path} does not exist", started)
    status, body = api.upload(path, frames)
    if status != 202:
        return _failed(record, _error_code(body, status), _error_message(body), started, status="REFUSED")
    record["job_id"] = body["job_id"]
    job = wait_for_end(api, record["job_id"], started + timeout_s)
    record["time_s"] = round(time.monotonic() - started, 3)
    if job is None:
        api.cancel(record["job_id"])  # do not leave it running into the next clip's time
        record.update(status="TIMED_OUT", error_code="EVAL_TIMEOUT",
                      error_message=f"the job did not end within {timeout_s:g} s")
        return record
    record["status"] = job["status"]
    if job["status"] != "COMPLETED":
        record.update(error_code=_error_code(job, None), error_message=_error_message(job))
        return record
    return _with_report(record, job["result"])


def wait_for_end(api: Api, job_id: str, deadline: float) -> Optional[dict]:
    """Polls the job until its status is terminal; None past the deadline."""
    while True:
        status, job = api.job(job_id)
        if status == 200 and job.get("status") in TERMINAL_STATUSES:
            return job
        if time.monotonic() >= deadline:
            return None
        time.sleep(POLL_INTERVAL_S)


def section_and_detector_scores(report: dict) -> Dict[str, Optional[float]]:
    """Every evidence section's score, as "[visual]", "[temporal]", "[audio]"
    (null when the section did not score), then every detector's, by name."""
    evidence = report.get("evidence") or {}
    scores: Dict[str, Optional[float]] = {}
    for name, section in evidence.items():
        scores[f"[{name}]"] = section.get("fake_score") if section.get("status") == "ok" else None
    for section in evidence.values():
        for d in section.get("detectors") or []:
            scores[d["name"]] = d.get("fake_score")
    return scores


def _with_report(record: dict, report: dict) -> dict:
    record.update(
        verdict=report["verdict"], outcome=report["verdict"], fake_score=report.get("fake_score"),
        reason=report.get("reason"), frames_used=(report.get("settings") or {}).get("frames_used"),
        software_version=(report.get("settings") or {}).get("software_version"),
        fusion_version=(report.get("fusion") or {}).get("version"),
        detectors=section_and_detector_scores(report),
        warnings=[w.get("code") for w in report.get("warnings") or []])
    return record


def _failed(record: dict, code: str, message: str, started: float, status: str = "NOT_SENT") -> dict:
    record.update(status=status, error_code=code, error_message=message,
                  time_s=round(time.monotonic() - started, 3))
    return record


def _error_code(body: dict, http_status: Optional[int]) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict) and error.get("code"):
        return error["code"]
    return f"HTTP_{http_status}" if http_status else "UNKNOWN"


def _error_message(body: dict) -> Optional[str]:
    error = body.get("error") if isinstance(body, dict) else None
    return error.get("message") if isinstance(error, dict) else None


# ---------------------------------------------------------------- summary

def summarize(clips: List[dict]) -> dict:
    """Every figure the harness reports, from the clip records."""
    labels = [c["label"] for c in clips]
    counts = metrics.class_counts(labels)
    matrix = metrics.confusion_matrix(labels, [c["outcome"] for c in clips])
    times = [c["time_s"] for c in clips if c["time_s"] is not None]
    return {
        "clips_per_label": counts,
        "anecdotal": metrics.is_anecdotal(counts),
        "anecdotal_below": metrics.ANECDOTAL_BELOW,
        "fused": {
            "auc": metrics.roc_auc(labels, [metrics.score_or_coin_toss(c["fake_score"]) for c in clips]),
            "missing_score_counts_as": metrics.MISSING_SCORE,
            "missing_scores": sum(1 for c in clips if c["fake_score"] is None),
            "confusion": matrix,
            "confident_wrong": metrics.confident_wrong_count(matrix),
            "inconclusive_rate": metrics.outcome_rate(matrix, ["inconclusive"]),
            "not_applicable": sum(row["not_applicable"] for row in matrix.values()),
            "failed": sum(row["failed"] for row in matrix.values()),
        },
        "detectors": summarize_detectors(clips),
        "time_s": {"mean": round(sum(times) / len(times), 3) if times else None,
                   "max": max(times) if times else None, "total": round(sum(times), 3)},
    }


def summarize_detectors(clips: List[dict]) -> Dict[str, dict]:
    """Per detector: AUC over every clip (a clip it did not score counts as
    0.5, as for the fused score) and ECE over the clips it scored."""
    names: List[str] = []
    for c in clips:
        names += [n for n in c["detectors"] if n not in names]
    out = {}
    for name in names:
        scores = [c["detectors"].get(name) for c in clips]
        scored = [(c["label"], s) for c, s in zip(clips, scores) if s is not None]
        out[name] = {
            "auc": metrics.roc_auc([c["label"] for c in clips], [metrics.score_or_coin_toss(s) for s in scores]),
            "missing_scores": len(clips) - len(scored),
            "ece": metrics.expected_calibration_error([lab for lab, _ in scored], [s for _, s in scored]),
            "ece_bins": metrics.ECE_BINS,
            "scored": len(scored),
        }
    return out


# ---------------------------------------------------------------- text output

def fmt_auc(value) -> str:
    return "undefined (the set holds one class only)" if value is None else fmt(value)


def fmt(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def render_text(result: dict) -> str:
    s, lines = result["summary"], []
    frames = result["frames"] if result["frames"] is not None else "server default"
    lines.append(f"DeepTrace evaluation: set {result['set_name']}, {len(result['clips'])} clips "
                 f"({s['clips_per_label']['real']} real, {s['clips_per_label']['fake']} fake), "
                 f"frames {frames}, {result['url']}")
    lines.append(f"Software {versions(result['clips'], 'software_version')}, "
                 f"fusion {versions(result['clips'], 'fusion_version')}")
    if s["anecdotal"]:
        lines.append(f"NOTE: fewer than {s['anecdotal_below']} clips of a class: these figures are anecdotal; "
                     "they can show that something is badly wrong, not that a detector is good.")
    lines += ["", "Per clip:"]
    names = list(s["detectors"])
    header = ["file", "label", "status", "verdict", "score", "time_s", *names]
    rows = [[c["file"], c["label"], c["status"] + (f" {c['error_code']}" if c["error_code"] else ""),
             c["verdict"] or "-", fmt(c["fake_score"]), fmt(c["time_s"], 1),
             *[fmt(c["detectors"].get(n)) for n in names]] for c in result["clips"]]
    lines += table(header, rows)
    f = s["fused"]
    lines += ["", f"Fused score AUC: {fmt_auc(f['auc'])}  ({f['missing_scores']} clip(s) without a score "
                  f"counted as {f['missing_score_counts_as']})",
              f"Confident wrong verdicts: {f['confident_wrong']}  (fake called likely_real + real called likely_fake)",
              f"Inconclusive rate: {fmt(f['inconclusive_rate'])}  (inconclusive / all clips)",
              f"Not applicable: {f['not_applicable']}   Failed (FAILED, CANCELLED, refused or timed out): {f['failed']}",
              "", "Verdict confusion matrix (rows: label, columns: outcome):"]
    lines += table(["label", *metrics.OUTCOMES],
                   [[label, *[str(f["confusion"][label][o]) for o in metrics.OUTCOMES]] for label in metrics.LABELS])
    lines += ["", f"Per detector (AUC: unscored clips count as {metrics.MISSING_SCORE}; "
                  f"ECE: {metrics.ECE_BINS} equal-width bins, scored clips only; '-': undefined):"]
    lines += table(["detector", "auc", "ece", "scored", "missing"],
                   [[n, fmt(d["auc"]), fmt(d["ece"]), str(d["scored"]), str(d["missing_scores"])]
                    for n, d in s["detectors"].items()])
    t = s["time_s"]
    lines += ["", f"Time per clip (upload to end of job): mean {fmt(t['mean'], 1)} s, max {fmt(t['max'], 1)} s, "
                  f"total {fmt(t['total'], 1)} s"]
    return "\n".join(lines)


def versions(clips: List[dict], field: str) -> str:
    """The distinct versions the completed jobs reported, in first-seen order."""
    seen = []
    for c in clips:
        if c[field] is not None and c[field] not in seen:
            seen.append(c[field])
    return ", ".join(seen) if seen else "unknown"


def table(header: List[str], rows: List[List[str]]) -> List[str]:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    render = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [render(header), render(["-" * w for w in widths]), *[render(r) for r in rows]]


# ---------------------------------------------------------------- main

def evaluate(clip_dir: Path, labels_path: Path, url: str, key: str, frames: Optional[int], set_name: str,
             timeout_s: float, progress=None) -> dict:
    api = Api(url, key)
    clips = []
    for row in read_labels(labels_path):
        clips.append(run_clip(api, clip_dir, row, frames, timeout_s))
        if progress:
            c = clips[-1]
            progress(f"{c['file']}: {c['status']} {c['verdict'] or c['error_code']} in {fmt(c['time_s'], 1)} s")
    return {"set_name": set_name, "url": url, "frames": frames, "timeout_s": timeout_s,
            "clips": clips, "summary": summarize(clips)}


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir", type=Path, help="folder holding the clips")
    p.add_argument("--labels", type=Path, help="labels.csv (default DIR/labels.csv)")
    p.add_argument("--url", required=True, help="API base URL, e.g. http://127.0.0.1:8080")
    p.add_argument("--key", required=True, help="API key")
    p.add_argument("--frames", type=int, help="frames to sample per clip (default: the server's)")
    p.add_argument("--json", type=Path, help="also write the full result as JSON here")
    p.add_argument("--set-name", help="name printed for the set (default: DIR's name)")
    p.add_argument("--timeout-s", type=float, default=600.0, help="longest wait for one job (default 600)")
    return p.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    result = evaluate(args.dir, args.labels or args.dir / "labels.csv", args.url, args.key, args.frames,
                      args.set_name or args.dir.resolve().name, args.timeout_s,
                      progress=lambda line: print(line, file=sys.stderr, flush=True))
    print(render_text(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
