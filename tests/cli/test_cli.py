"""The real `deeptrace` binary against a real deeptrace-api and worker
(real models, real SQLite store): submit and follow, JSON output, plain and
terminal progress, failures with their codes and exit codes, and the job
commands status/list/cancel/report."""
import errno
import fcntl
import json
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import termios
import time

import pytest

from support import paths
from support.processes import free_port, wait_for
from support.validate_json import assert_valid_report

RUN_TIMEOUT_S = 240
REPORT_SCHEMA = json.loads((paths.REPO_ROOT / "docs" / "report.schema.json").read_text())
# Exit codes, a documented contract (src/cli/exit_codes.hpp).
OK, JOB_FAILED, USAGE, REJECTED, CANCELLED, NETWORK, NOT_FINISHED = 0, 1, 2, 3, 4, 5, 6
INTERRUPTED = 130
ANSI_OR_CR = re.compile(r"[\r\x1b]")


def cli_env(api, key):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DEEPTRACE_")}
    env["DEEPTRACE_URL"] = api.base_url
    if key is not None:
        env["DEEPTRACE_API_KEY"] = key
    return env


def deeptrace(api, key, *args, env=None):
    exe = paths.binary("deeptrace")
    assert exe.exists(), f"{exe} not built"
    return subprocess.run([str(exe), *map(str, args)], capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                          env=env or cli_env(api, key), stdin=subprocess.DEVNULL)


def start_in_terminal(api, key, *args, columns=120):
    """Starts deeptrace with stdin/stdout/stderr on a pseudo-terminal; returns
    (process, the terminal's master end to read its output from)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    proc = subprocess.Popen([str(paths.binary("deeptrace")), *map(str, args)], stdin=slave, stdout=slave,
                            stderr=slave, env=cli_env(api, key), close_fds=True)
    os.close(slave)
    return proc, master


def run_in_terminal(api, key, *args, columns=120):
    """Runs deeptrace on a pseudo-terminal; returns (exit code, everything it wrote)."""
    proc, master = start_in_terminal(api, key, *args, columns=columns)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError as e:  # EIO: the child closed the terminal
            if e.errno != errno.EIO:
                raise
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    return proc.wait(timeout=RUN_TIMEOUT_S), b"".join(chunks).decode("utf-8", "replace")


def job_id_from_report_link(api, text):
    match = re.search(re.escape(api.base_url) + r"/jobs/(\S+)", text)
    assert match, text
    return match.group(1)


@pytest.fixture
def key(users):
    return users["alice"]


@pytest.fixture
def worker(api, start_worker):
    return start_worker()


def test_submit_wait_face_clip_prints_a_summary_and_exits_0(api, key, worker, media, alice):
    clip = media.face_mp4(seconds=2.0)
    proc = deeptrace(api, key, "submit", clip, "--frames", "4", "--wait")
    assert proc.returncode == OK, proc.stderr
    out = proc.stdout
    job_id = job_id_from_report_link(api, out)
    job = alice.get(f"/api/v1/jobs/{job_id}").json()
    assert job["status"] == "COMPLETED" and job["options"]["frames"] == 4
    assert job["media"]["size"] == clip.stat().st_size and job["media"]["filename"] == clip.name
    result = job["result"]
    assert_valid_report(result)
    visual = result["evidence"]["visual"]
    assert visual["faces_found"] > 0, "the astronaut's face is found"
    assert f"Job {job_id} COMPLETED ({clip.name})" in out
    # The schema's headline for each verdict ($defs.Verdict["x-wording"]), the words every client uses.
    wording = REPORT_SCHEMA["$defs"]["Verdict"]["x-wording"][result["verdict"]]["headline"]
    reason = f" ({result['reason']})" if result["verdict"] == "inconclusive" and result["reason"] else ""
    assert f"Verdict: {wording}{reason}." in out
    # Fusion v2: the one-sentence explanation follows the verdict line.
    verdict_line = next(line for line in out.splitlines() if line.startswith("Verdict: "))
    assert out.splitlines()[out.splitlines().index(verdict_line) + 1] == result["explanation"]
    assert f"Fake score: {result['fake_score']:.2f}" in out
    visual_words = REPORT_SCHEMA["$defs"]["Verdict"]["x-wording"][visual["verdict"]]["label"]
    assert f"  visual: ok, fake score {visual['fake_score']:.2f} ({visual_words})" in out
    assert f"Faces: {visual['faces_found']} found in {visual['frames_analyzed']} sampled frames" in out
    assert f"Face tracks: {len(visual['tracks'])}" in out
    assert all(d["name"] in out for d in visual["detectors"])


def test_report_renders_a_report_stored_before_report_version(api, key, worker, media, alice, state_dir):
    """A job completed before the report contract keeps its version-1 report
    in the store, served verbatim; `deeptrace report` still renders it."""
    proc = deeptrace(api, key, "submit", "--wait", "--json", "--frames", "2", media.face_mp4(seconds=1.0))
    assert proc.returncode == OK, proc.stderr
    job_id = json.loads(proc.stdout)["job_id"]
    old_result = json.loads((paths.REPO_ROOT / "tests/vectors/job_report_v1.json").read_text())["result"]
    with sqlite3.connect(state_dir / "deeptrace.db", timeout=30) as db:
        assert db.execute("UPDATE jobs SET result = ? WHERE id = ?", (json.dumps(old_result), job_id)).rowcount == 1
    assert alice.get(f"/api/v1/jobs/{job_id}").json()["result"] == old_result, "the API serves stored reports as stored"

    report = deeptrace(api, key, "report", job_id)
    assert report.returncode == OK, report.stdout + report.stderr
    out = report.stdout
    assert "Verdict: Inconclusive. The fake score 0.53 lies between 0.30 and 0.70" in out, out
    assert "  visual: ok, fake score 0.53 (Inconclusive)" in out, out
    assert "Faces: 13 found in 8 sampled frames, 13 scored" in out, out
    assert "Face tracks: 2" in out and "decides the verdict" in out, out
    status = deeptrace(api, key, "status", job_id)
    assert f"{job_id}  COMPLETED  Inconclusive 0.53" in status.stdout, status.stdout


def test_submit_json_is_the_job_document(api, key, worker, media, alice):
    proc = deeptrace(api, key, "submit", "--wait", "--json", "--frames", "2", media.face_mp4(seconds=1.0))
    assert proc.returncode == OK, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    job = json.loads(lines[0])
    assert job["status"] == "COMPLETED"
    assert job == alice.get(f"/api/v1/jobs/{job['job_id']}").json()


def test_non_terminal_run_prints_plain_progress_lines(api, key, worker, media):
    clip = media.face_mp4(seconds=2.0)
    proc = deeptrace(api, key, "submit", "--wait", "--frames", "4", clip)
    assert proc.returncode == OK, proc.stderr
    assert not ANSI_OR_CR.search(proc.stdout + proc.stderr), repr(proc.stderr)
    progress = proc.stderr.splitlines()
    assert f"upload {clip.name}: 0% (0 B of" in progress[0]
    assert any(line.startswith(f"upload {clip.name}: 100% (") and "/s)" in line for line in progress), progress
    job_id = job_id_from_report_link(api, proc.stdout)
    assert any(line.startswith(f"job {job_id}: COMPLETED") for line in progress), progress


def test_terminal_run_draws_progress_bars_in_place(api, key, worker, media):
    clip = media.face_mp4(seconds=2.0)
    code, text = run_in_terminal(api, key, "submit", "--wait", "--frames", "4", clip)
    assert code == OK, text
    assert f"\r{clip.name} [" in text and "100%" in text and "\x1b[K" in text, repr(text)
    assert re.search(r"\r(PENDING|PROCESSING|COMPLETED)  .*\[[#-]+\]", text), repr(text)
    assert "Verdict: " in text and f"{api.base_url}/jobs/" in text


# Issue 18: the clock sat at "00:00" while no event came. No worker runs
# here, so the job stays PENDING and the server sends nothing after its
# first event: only the CLI's own clock can move the line on.
def test_terminal_clock_ticks_between_events(api, key, media):
    proc, master = start_in_terminal(api, key, "submit", "--wait", media.face_mp4(seconds=1.0))
    chunks, deadline = [], None
    while True:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if deadline is None and b"following it" in b"".join(chunks):
                deadline = time.monotonic() + 2.6
        if deadline is not None and time.monotonic() > deadline and proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            deadline = float("inf")
        if proc.poll() is not None and not ready:
            break
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert proc.wait(timeout=30) == INTERRUPTED, text
    clocks = re.findall(r"\rPENDING  .*?(\d\d:\d\d)\x1b\[K", text)
    assert clocks[:1] == ["00:00"] and "00:02" in clocks, repr(text)
    assert clocks == sorted(clocks), clocks


def test_unsupported_file_and_bad_key_fail_with_their_codes(api, key, media):
    proc = deeptrace(api, key, "submit", "--wait", media.text_file())
    assert proc.returncode == REJECTED
    assert "error UNSUPPORTED_MEDIA" in proc.stderr, proc.stderr
    proc = deeptrace(api, "not-a-key", "submit", media.face_mp4(seconds=1.0))
    assert proc.returncode == REJECTED
    assert "error UNAUTHORIZED" in proc.stderr, proc.stderr
    assert proc.stdout == ""


def test_one_bad_file_among_several_does_not_stop_the_others(api, key, media, alice):
    proc = deeptrace(api, key, "submit", "--json", media.text_file(), media.face_mp4(seconds=1.0))
    assert proc.returncode == REJECTED
    assert "notes.txt: error UNSUPPORTED_MEDIA" in proc.stderr
    job = json.loads(proc.stdout)
    assert job["status"] == "PENDING"
    assert [j["job_id"] for j in alice.get("/api/v1/jobs").json()["jobs"]] == [job["job_id"]]


def test_job_failing_in_the_worker_reports_its_code(api, key, media, alice, state_dir, start_worker):
    proc = deeptrace(api, key, "submit", "--json", media.h264_mp4(seconds=2.0))
    assert proc.returncode == OK, proc.stderr
    job = json.loads(proc.stdout)
    stored = state_dir / "media" / job["media"]["sha256"][:2] / job["media"]["sha256"]
    os.chmod(stored, 0o644)
    stored.write_bytes(b"\x00" * stored.stat().st_size)  # the media rots before a worker runs it
    start_worker()
    wait_for(lambda: alice.get(f"/api/v1/jobs/{job['job_id']}").json()["status"] == "FAILED", RUN_TIMEOUT_S,
             what="the job to fail")
    report = deeptrace(api, key, "report", job["job_id"])
    assert report.returncode == JOB_FAILED
    assert f"Job {job['job_id']} FAILED: CORRUPT_MEDIA" in report.stdout


def test_status_list_cancel_and_report(api, key, media):
    clip = media.face_mp4(seconds=1.0)
    ids = [json.loads(deeptrace(api, key, "submit", "--json", clip).stdout)["job_id"] for _ in range(3)]

    status = deeptrace(api, key, "status", ids[0])
    assert status.returncode == OK
    assert status.stdout.startswith(f"{ids[0]}  PENDING") and clip.name in status.stdout

    table = deeptrace(api, key, "list").stdout.splitlines()
    assert table[0].split() == ["JOB", "ID", "STATUS", "RESULT", "CREATED", "FILE"]
    assert [row.split()[0] for row in table[1:]] == list(reversed(ids))  # newest first
    first_page = deeptrace(api, key, "list", "--limit", "2", "--json")
    assert len(json.loads(first_page.stdout)) == 2 and "--all" in first_page.stderr
    everything = json.loads(deeptrace(api, key, "list", "--limit", "2", "--all", "--json").stdout)
    assert [j["job_id"] for j in everything] == list(reversed(ids))

    pending = deeptrace(api, key, "report", ids[1])
    assert pending.returncode == NOT_FINISHED and "PENDING" in pending.stdout
    cancel = deeptrace(api, key, "cancel", ids[1])
    assert cancel.returncode == OK and f"Job {ids[1]} CANCELLED" in cancel.stdout
    again = deeptrace(api, key, "cancel", ids[1])
    assert again.returncode == REJECTED and "error JOB_NOT_CANCELLABLE" in again.stderr
    report = deeptrace(api, key, "report", ids[1], "--json")
    assert report.returncode == CANCELLED and json.loads(report.stdout)["status"] == "CANCELLED"
    missing = deeptrace(api, key, "status", "no-such-job")
    assert missing.returncode == REJECTED and "error JOB_NOT_FOUND" in missing.stderr


def test_list_filters_and_delete(api, key, media, state_dir):
    clip = media.face_mp4(seconds=1.0)
    submitted = [json.loads(deeptrace(api, key, "submit", "--json", clip).stdout)["job_id"] for _ in range(2)]
    assert deeptrace(api, key, "cancel", submitted[0]).returncode == OK

    def listed(*flags):
        proc = deeptrace(api, key, "list", "--json", *flags)
        assert proc.returncode == OK, proc.stderr
        return [j["job_id"] for j in json.loads(proc.stdout)]

    assert listed("--status", "cancelled") == [submitted[0]]
    assert listed("--search", clip.name.upper()) == list(reversed(submitted))
    assert listed("--search", "no such name") == []
    assert listed("--oldest-first") == submitted
    assert listed("--since", "2000-01-01", "--until", "2000-01-02") == []
    bad = deeptrace(api, key, "list", "--verdict", "fake")
    assert bad.returncode == REJECTED and "error INVALID_REQUEST" in bad.stderr and "'verdict'" in bad.stderr

    # One running job among those named: the others go, the exit code says one was refused.
    deleted = deeptrace(api, key, "delete", submitted[0], submitted[1])
    assert deleted.returncode == REJECTED, deleted.stderr
    assert f"Deleted job {submitted[0]}" in deleted.stdout
    assert f"job {submitted[1]}: error JOB_STILL_RUNNING" in deleted.stderr
    assert listed() == [submitted[1]]
    assert deeptrace(api, key, "cancel", submitted[1]).returncode == OK
    assert deeptrace(api, key, "rm", submitted[1]).returncode == OK
    assert listed() == []
    assert [p for p in (state_dir / "media").rglob("*") if p.is_file()] == []


def test_keys_add_list_and_rm(api, key):
    added = deeptrace(api, key, "keys", "add", "laptop", "--expires", "2099-01-01")
    assert added.returncode == REJECTED and "'expires_at'" in added.stderr  # more than 5 years away
    added = deeptrace(api, key, "keys", "add", "laptop")
    assert added.returncode == OK, added.stderr
    secret = added.stdout.strip()
    assert secret.startswith("dt_") and "shown only this once" in added.stderr
    assert deeptrace(api, secret, "list").returncode == OK

    table = deeptrace(api, key, "keys", "list").stdout.splitlines()
    assert table[0].split()[:2] == ["ID", "NAME"]
    assert "(this key)" in table[1] and "laptop" in table[2]
    listed = json.loads(deeptrace(api, key, "keys", "list", "--json").stdout)
    laptop = next(k for k in listed if k["name"] == "laptop")
    assert "key" not in laptop
    revoked = deeptrace(api, key, "keys", "rm", laptop["id"])
    assert revoked.returncode == OK and f"Revoked key {laptop['id']}" in revoked.stdout
    assert deeptrace(api, secret, "list").returncode == REJECTED
    again = deeptrace(api, key, "keys", "rm", laptop["id"])
    assert again.returncode == REJECTED and "error KEY_NOT_FOUND" in again.stderr
    assert deeptrace(api, key, "keys").returncode == USAGE


def test_usage_shows_each_quota_used_and_in_force(start_api, users, media):
    api = start_api("--limit-concurrent-jobs", "5", "--limit-bytes-per-day", "0")  # no worker: the job stays queued
    clip = media.h264_mp4()
    assert deeptrace(api, users["alice"], "submit", "-q", clip).returncode == OK
    table = deeptrace(api, users["alice"], "usage").stdout.splitlines()
    assert table[0].split() == ["QUOTA", "USED", "LIMIT"]
    rows = {line[:line.index("  ")]: line.split()[-2:] for line in table[1:]}
    assert rows["uploads in the last minute"] == ["1", "60"]
    assert rows["jobs queued or running"] == ["1", "5"]
    assert rows["bytes uploaded in the last 24 h"][-1] == "limit"  # "no limit"
    answer = json.loads(deeptrace(api, users["alice"], "usage", "--json").stdout)
    assert answer["usage"] == {"uploads_last_minute": 1, "bytes_last_24h": clip.stat().st_size, "active_jobs": 1}
    assert json.loads(deeptrace(api, users["bob"], "usage", "--json").stdout)["usage"]["active_jobs"] == 0


def interrupt_submit_wait(api, key, clip, *flags):
    """Starts `submit --wait` (no worker runs, so the job stays PENDING),
    waits for it to print the job id, sends Ctrl-C (SIGINT); returns (exit
    code, stderr, job id)."""
    proc = subprocess.Popen([str(paths.binary("deeptrace")), "submit", "--wait", "-q", *flags, str(clip)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=cli_env(api, key))
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if line.startswith("deeptrace: following"):
            break
    created = re.search(r"job (\S+) created for " + re.escape(clip.name), "".join(lines))
    assert created, lines
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    return proc.wait(timeout=30), "".join(lines) + rest, created.group(1)


# Issue 18: Ctrl-C during `submit --wait` left the job running with no trace.
def test_ctrl_c_while_waiting_says_how_to_follow_the_job_and_leaves_it_running(api, key, media):
    code, err, job_id = interrupt_submit_wait(api, key, media.face_mp4(seconds=1.0))
    assert code == INTERRUPTED, err
    assert "interrupted; stopped following" in err
    assert f"`deeptrace status {job_id}`" in err and f"`deeptrace cancel {job_id}`" in err
    status = deeptrace(api, key, "status", job_id)
    assert status.stdout.startswith(f"{job_id}  PENDING"), status.stdout


def test_ctrl_c_with_cancel_on_interrupt_cancels_the_job(api, key, media):
    code, err, job_id = interrupt_submit_wait(api, key, media.face_mp4(seconds=1.0), "--cancel-on-interrupt")
    assert code == INTERRUPTED, err
    assert f"job {job_id} CANCELLED" in err
    assert deeptrace(api, key, "status", job_id).stdout.startswith(f"{job_id}  CANCELLED")


def test_server_down_is_a_network_error(api, key, media):
    env = cli_env(api, key)
    env["DEEPTRACE_URL"] = f"http://127.0.0.1:{free_port()}"
    for args in (["list"], ["submit", str(media.face_mp4(seconds=1.0))]):
        proc = deeptrace(api, key, *args, env=env)
        assert proc.returncode == NETWORK, proc.stderr
        assert "cannot talk to http://127.0.0.1:" in proc.stderr and "running" in proc.stderr


def test_flags_override_the_environment_and_usage_errors(api, key, media):
    env = cli_env(api, "wrong-key")
    env["DEEPTRACE_URL"] = "http://127.0.0.1:1"
    proc = deeptrace(api, key, "list", "--url", api.base_url, "--key", key, env=env)
    assert proc.returncode == OK, proc.stderr
    no_key = deeptrace(api, None, "list")
    assert no_key.returncode == USAGE and "DEEPTRACE_API_KEY" in no_key.stderr
    missing_file = deeptrace(api, key, "submit", "/nonexistent/clip.mp4")
    assert missing_file.returncode == USAGE and "/nonexistent/clip.mp4" in missing_file.stderr
    assert deeptrace(api, key, "submit", "--frames", "0", media.face_mp4()).returncode == USAGE
    assert deeptrace(api, key, "frobnicate").returncode == USAGE
    assert deeptrace(api, key, "list", "--url", "https://x").returncode == USAGE


@pytest.mark.parametrize("command", [[], ["submit"], ["status"], ["list"], ["cancel"], ["delete"], ["keys"], ["keys", "add"], ["usage"], ["report"]])
def test_every_command_has_help(api, command):
    proc = deeptrace(api, None, *command, "--help")
    assert proc.returncode == OK, proc.stderr
    assert "Usage:" in proc.stdout or "usage:" in proc.stdout.lower()
    assert "DEEPTRACE_URL" in proc.stdout and "DEEPTRACE_API_KEY" in proc.stdout
    if not command:
        assert "Exit codes:" in proc.stdout
